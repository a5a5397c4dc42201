using DataCharts.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
builder.AddDataCharts();

var app = builder.Build();
app.UseDataCharts();
app.Run();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
