using System.Diagnostics;
using System.Globalization;

namespace DataCharts.Bench;

/// <summary>
/// The parent: generates the CSV, then measures DuckDB's <c>read_csv</c> and DataCharts' import of it, each side in a
/// fresh child process, alternating sides, and prints the best times, their ratio and the peak RSS of each side.
/// </summary>
public static class ImportBenchmark
{
    public const double TargetRatio = 0.8;
    public const long TargetPeakRssKib = 1536L * 1024; // 1.5 GiB

    private sealed record Measurement(string Side, int Run, double Seconds, double CpuSeconds, double ProcessSeconds, double OtherCores,
        long PeakRssKib, long Rows, string CodeType);

    public static async Task<int> RunParentAsync(BenchOptions o)
    {
        var root = Path.Combine(Path.GetTempPath(), $"datacharts-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var ownCsv = o.Csv is null;
        var csv = o.Csv ?? Path.Combine(root, "sales.csv");
        try
        {
            Console.WriteLine($"DataCharts import benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                              $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine($"DuckDB settings for both sides: memory_limit={o.Memory}, threads={o.EffectiveThreads}, " +
                              $"preserve_insertion_order={(o.InsertionOrder is { } io ? (io ? "true" : "false") : "true (DuckDbEngine default)")}");
            if (ownCsv)
            {
                var sw = Stopwatch.StartNew();
                var bytes = CsvGenerator.Write(csv, o.Rows, o.Seed);
                Console.WriteLine($"Generated {o.Rows:N0} rows, {bytes / (double)(1L << 20):N0} MiB ({bytes:N0} bytes) in {sw.Elapsed.TotalSeconds:0.0} s: {csv}");
            }
            else
            {
                if (!File.Exists(csv)) throw new ArgumentException($"--csv {csv} does not exist.");
                Console.WriteLine($"Using {csv} ({new FileInfo(csv).Length / (double)(1L << 20):N0} MiB), expecting {o.Rows:N0} rows");
            }

            var results = new List<Measurement>();
            for (var run = 1; run <= o.Runs; run++)
            {
                string[] order = run % 2 == 1 ? ["duckdb", "datacharts"] : ["datacharts", "duckdb"];
                foreach (var side in order)
                {
                    var work = Path.Combine(root, $"{side}-{run}");
                    Console.WriteLine($"-- run {run}, {side}");
                    await MachineLoad.WaitForQuietAsync(o.QuietWaitSeconds);
                    var m = await RunChildAsync(o, side, run, csv, work);
                    results.Add(m);
                    if (!o.Keep) Directory.Delete(work, recursive: true);
                    if (m.Rows != o.Rows) throw new InvalidOperationException($"{side} loaded {m.Rows:N0} rows, expected {o.Rows:N0}.");
                }
            }
            return Report(o, results);
        }
        finally
        {
            if (o.Keep) Console.WriteLine($"Kept {root}");
            else
            {
                if (ownCsv) File.Delete(csv);
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<Measurement> RunChildAsync(BenchOptions o, string side, int run, string csv, string work)
    {
        var psi = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started as "dotnet DataCharts.Bench.dll": pass the assembly; started through the apphost: nothing to add.
        if (Path.GetFileNameWithoutExtension(psi.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(ImportBenchmark).Assembly.Location);
        foreach (var a in o.ChildArgs(side, csv, work)) psi.ArgumentList.Add(a);

        var busy0 = MachineLoad.BusyCpuSeconds();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the child process.");
        string? result = null;
        var stderr = p.StandardError.ReadToEndAsync();
        while (await p.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) result = line;
            else Console.WriteLine("   " + line);
        }
        await p.WaitForExitAsync();
        var processSeconds = sw.Elapsed.TotalSeconds;
        var busy = MachineLoad.BusyCpuSeconds() - busy0;
        var err = await stderr;
        if (err.Length > 0) Console.Error.Write(err);
        if (p.ExitCode != 0 || result is null)
            throw new InvalidOperationException($"The {side} phase failed (exit code {p.ExitCode}).");

        var kv = result["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('=', 2)).ToDictionary(s => s[0], s => s[1]);
        var m = new Measurement(side, run,
            double.Parse(kv["seconds"], CultureInfo.InvariantCulture), double.Parse(kv["cpu_s"], CultureInfo.InvariantCulture), processSeconds,
            Math.Max(0, busy - double.Parse(kv["proc_cpu_s"], CultureInfo.InvariantCulture)) / processSeconds,
            long.Parse(kv["hwm_kib"], CultureInfo.InvariantCulture), long.Parse(kv["rows"], CultureInfo.InvariantCulture), kv["code_type"]);
        Console.WriteLine($"   => {m.Seconds:0.00} s (CPU {m.CpuSeconds:0.00} s, process {m.ProcessSeconds:0.00} s), peak RSS {Mib(m.PeakRssKib)}, " +
                          $"other processes used {m.OtherCores:0.00} of {Environment.ProcessorCount} cores meanwhile");
        return m;
    }

    private static int Report(BenchOptions o, List<Measurement> results)
    {
        Console.WriteLine();
        Console.WriteLine("| side | run | import s | CPU s | process s | other load (cores) | peak RSS MiB | rows | zip type |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var m in results.OrderBy(m => m.Side).ThenBy(m => m.Run))
            Console.WriteLine(FormattableString.Invariant(
                $"| {m.Side} | {m.Run} | {m.Seconds:0.00} | {m.CpuSeconds:0.00} | {m.ProcessSeconds:0.00} | {m.OtherCores:0.00} | {m.PeakRssKib / 1024.0:0} | {m.Rows:N0} | {m.CodeType} |"));

        var duck = results.Where(m => m.Side == "duckdb").ToList();
        var dc = results.Where(m => m.Side == "datacharts").ToList();
        var bestDuck = duck.Min(m => m.Seconds);
        var bestDc = dc.Min(m => m.Seconds);
        var ratio = bestDuck / bestDc;
        var cpuRatio = duck.Min(m => m.CpuSeconds) / dc.Min(m => m.CpuSeconds);
        var peakDc = dc.Max(m => m.PeakRssKib);
        var peakDuck = duck.Max(m => m.PeakRssKib);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"best duckdb read_csv          {bestDuck,8:0.00} s  ({o.Rows / bestDuck / 1e6:0.00} M rows/s)"));
        Console.WriteLine(FormattableString.Invariant($"best datacharts import        {bestDc,8:0.00} s  ({o.Rows / bestDc / 1e6:0.00} M rows/s)"));
        Console.WriteLine(FormattableString.Invariant($"ratio (duckdb/datacharts speed) {ratio,6:0.00}   target >= {TargetRatio:0.0}: {(ratio >= TargetRatio ? "MET" : "NOT MET")}"));
        var quietDuck = duck.Where(m => m.OtherCores < MachineLoad.QuietCores).ToList();
        var quietDc = dc.Where(m => m.OtherCores < MachineLoad.QuietCores).ToList();
        Console.WriteLine(quietDuck.Count > 0 && quietDc.Count > 0
            ? FormattableString.Invariant($"quiet runs only (other load < {MachineLoad.QuietCores} cores): duckdb {quietDuck.Min(m => m.Seconds):0.00} s, datacharts {quietDc.Min(m => m.Seconds):0.00} s, ratio {quietDuck.Min(m => m.Seconds) / quietDc.Min(m => m.Seconds):0.00}")
            : FormattableString.Invariant($"quiet runs only (other load < {MachineLoad.QuietCores} cores): duckdb {quietDuck.Count}, datacharts {quietDc.Count} — too few to compare; other processes were busy, try more --runs"));
        Console.WriteLine(FormattableString.Invariant($"CPU-time ratio (duckdb/datacharts) {cpuRatio,4:0.00}   (user+sys of the measured section; less sensitive to a busy machine)"));
        Console.WriteLine(FormattableString.Invariant($"peak RSS duckdb               {Mib(peakDuck)}"));
        Console.WriteLine(FormattableString.Invariant($"peak RSS datacharts           {Mib(peakDc)}  target <= 1536 MiB: {(peakDc <= TargetPeakRssKib ? "MET" : "NOT MET")}"));
        return 0;
    }

    private static string Mib(long kib) => string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0,8:0} MiB");
}
