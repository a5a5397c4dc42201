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
try
{
    app.Run();
    return 0;
}
catch (Exception ex) when (StartupChecks.Report(app, ex))
{
    // Start-up failed (logged above with the reason): a plain non-zero exit, not an abort with a core dump.
    return StartupChecks.StartFailedExitCode;
}

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
