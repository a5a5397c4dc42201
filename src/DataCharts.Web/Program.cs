using DataCharts.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
builder.AddDataCharts();

var app = builder.Build();
// A damaged app.db or key file: say which and what to do, and exit cleanly rather than abort on an unhandled exception.
if (!StartupChecks.Pass(app))
{
    await app.DisposeAsync();
    return StartupChecks.DataErrorExitCode;
}
app.UseDataCharts();
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
