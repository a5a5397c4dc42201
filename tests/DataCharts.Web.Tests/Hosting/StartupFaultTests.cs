using System.Diagnostics;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Tests.Hosting;

/// <summary>
/// A damaged app.db or key file, as the real process meets it: the built app started as a child process on a data
/// directory with the damage. It must exit by itself with a non-zero code that is not an abort (134), naming the file.
/// </summary>
public sealed class StartupFaultTests
{
    [Fact]
    public async Task A_corrupt_app_db_stops_the_start_with_a_message_naming_the_file()
    {
        var dir = NewDataDir();
        var file = Path.Combine(dir, "app.db");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 8192).Select(i => (byte)(i * 37 % 251)).ToArray());

        var (code, output) = await RunAppAsync(dir);

        Assert.Equal(StartupChecks.DataErrorExitCode, code);
        Assert.Contains(file, output);
        Assert.Contains("damaged", output);
        Assert.Contains("Restore it from a backup, or move it aside", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_corrupt_key_file_stops_the_start_with_a_message_naming_the_file()
    {
        var dir = NewDataDir();
        Directory.CreateDirectory(Path.Combine(dir, "keys"));
        var file = Path.Combine(dir, "keys", "key-0b7e1c2d-0000-0000-0000-000000000000.xml");
        await File.WriteAllTextAsync(file, "<?xml version=\"1.0\"?><key id=");

        var (code, output) = await RunAppAsync(dir);

        Assert.Equal(StartupChecks.DataErrorExitCode, code);
        Assert.Contains(file, output);
        Assert.Contains("not readable XML", output);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_file_in_place_of_the_engine_database_that_is_not_duckdb_stops_the_start_naming_it()
    {
        var dir = NewDataDir();
        var file = Path.Combine(dir, "datasets.duckdb");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 50_000).Select(i => (byte)(i * 13 % 253)).ToArray());

        var (code, output) = await RunAppAsync(dir);

        Assert.Equal(StartupChecks.DataErrorExitCode, code);
        Assert.Contains(file, output);
        Assert.Contains("not a DuckDB database file", output);
        Directory.Delete(dir, true);
    }

    private static string NewDataDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dc-fault-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs the built DataCharts.Web.dll on the data directory; returns its exit code and everything it wrote.</summary>
    private static async Task<(int Code, string Output)> RunAppAsync(string dataDir)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["DataCharts__DataDir"] = dataDir;
        start.Environment["DataCharts__DemoData"] = "false";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the app kept running on a damaged data directory instead of stopping");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
