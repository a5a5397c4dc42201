using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataCharts.Bench;

/// <summary>
/// The real app as a child process: the Release build of DataCharts.Web on a loopback Kestrel port, with its own data
/// directory, its output in a log file. What the benchmarks that measure the server as users reach it start.
/// </summary>
public sealed class AppServer : IDisposable
{
    private readonly Process process;

    private AppServer(Process process, string baseUrl, string log)
    {
        this.process = process;
        BaseUrl = baseUrl;
        Log = log;
    }

    public string BaseUrl { get; }
    public string Log { get; }
    public int ProcessId => process.Id;

    /// <summary>Why the app is gone when it exited on its own (its exit code and the end of its log), else null.</summary>
    public string? ExitReport()
    {
        if (!process.HasExited) return null;
        var tail = File.Exists(Log) ? string.Join("\n", File.ReadLines(Log).TakeLast(30)) : "(no log)";
        return $"The app exited with code {process.ExitCode}; the end of its log ({Log}):\n{tail}";
    }

    /// <summary>The repository root (the folder holding DataCharts.Web.sln and pages/), from the working or the program folder.</summary>
    public static string? FindRepo()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln")) && Directory.Exists(Path.Combine(dir.FullName, "pages")))
                    return dir.FullName;
        return null;
    }

    /// <summary>Builds the app in Release unless <paramref name="build"/> is false, and returns its DLL.</summary>
    public static async Task<string> BuildAsync(string repo, bool build)
    {
        var project = Path.Combine(repo, "src", "DataCharts.Web", "DataCharts.Web.csproj");
        var dll = Path.Combine(repo, "src", "DataCharts.Web", "bin", "Release", "net10.0", "DataCharts.Web.dll");
        if (build)
        {
            Console.WriteLine("building src/DataCharts.Web (Release) ...");
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, UseShellExecute = false };
            foreach (var a in new[] { "build", "-c", "Release", project, "-nologo", "-v", "q" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet build.");
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException("The build failed.");
        }
        return File.Exists(dll) ? dll : throw new ArgumentException($"{dll} not found (build it, or drop --no-build).");
    }

    /// <summary>Starts the app with its data under <paramref name="root"/>/data and the given settings (environment variables).</summary>
    public static AppServer Start(string dll, string repo, string root, IReadOnlyDictionary<string, string>? settings = null)
    {
        Directory.CreateDirectory(root);
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var log = Path.Combine(root, "app.log");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.Environment["ASPNETCORE_URLS"] = baseUrl;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DataCharts__DataDir"] = Path.Combine(root, "data");
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the app.");
        var writer = new StreamWriter(log) { AutoFlush = true };
        var gate = new object();
        void Write(string? line) { if (line is not null) lock (gate) writer.WriteLine(line); }
        p.OutputDataReceived += (_, e) => Write(e.Data);
        p.ErrorDataReceived += (_, e) => Write(e.Data);
        p.Exited += (_, _) => { lock (gate) writer.Dispose(); };
        p.EnableRaisingEvents = true;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new AppServer(p, baseUrl, log);
    }

    /// <summary>Waits until <paramref name="path"/> answers 200 (three minutes at most).</summary>
    public async Task WaitReadyAsync(HttpClient http, string path)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} before it listened; see {Log}.");
            try
            {
                using var resp = await http.GetAsync(path);
                if (resp.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not serve {path} within 180 s; see {Log}.");
    }

    /// <summary>The most resident memory the process has had (VmHWM), and what it has now (VmRSS), in bytes.</summary>
    public (long Peak, long Now) Memory()
    {
        long peak = 0, now = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) now = Kb(line);
        }
        return (peak, now);

        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException) { /* gone */ }
        process.Dispose();
    }
}
