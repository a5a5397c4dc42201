using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataCharts.Bench;

/// <summary>
/// A question over a 10-million-row PostgreSQL table, asked of the real app on loopback (<c>POST /api/ask</c>, end to end:
/// plan, guard, the server's query, chart choice, narrative, the answer saved), against <c>psql</c> running the SQL the app
/// answered with, as the same read-only user, in the same run. Sides alternate; the app's result cache is off so every
/// ask runs its query. Target: the median over the questions of app p50 / psql p50 ≤ 1.3.
/// </summary>
public static class LiveBenchmark
{
    private const double TargetRatio = 1.3;

    private static readonly string[] Questions =
    [
        "total amount by region", "average amount by channel", "number of orders by month", "top 5 customers by total amount",
        "how many orders per status in 2024",
    ];

    /// <summary>One timed run of one side, with how many cores other processes used meanwhile.</summary>
    private sealed record Sample(double Ms, double OtherCores, double ServerMs = 0);

    private sealed record QuestionResult(string Question, string Sql, int Rows, List<Sample> App, List<Sample> Psql)
    {
        public double AppP50 => Stats.Percentile(App.Select(s => s.Ms).ToList(), 50);
        public double PsqlP50 => Stats.Percentile(Psql.Select(s => s.Ms).ToList(), 50);
        public double Ratio => AppP50 / PsqlP50;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = long.Parse(Stats.Arg(args, "--rows") ?? "10000000", NumberStyles.AllowThousands | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "7", CultureInfo.InvariantCulture);
        var quietWait = int.Parse(Stats.Arg(args, "--quiet-wait") ?? "20", CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        if (rows < 1000 || repeat < 1 || quietWait < 0) throw new ArgumentException("--rows must be at least 1,000, --repeat at least 1 and --quiet-wait at least 0.");
        var repo = AppServer.FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var dll = await AppServer.BuildAsync(repo, !args.Contains("--no-build"));
        var server = await BenchPostgres.StartAsync(repo);
        var root = Path.Combine(Path.GetTempPath(), "datacharts-livebench-" + Environment.ProcessId);
        var created = false;
        try
        {
            created = await server.EnsureTablesAsync(rows);
            var postmaster = await server.PostmasterAsync();
            // Every ask runs its SQL on the server: with a result cache of 0 bytes nothing is kept (a result larger than a
            // quarter of the budget never is), while the schema the planner reads stays cached as it does for users.
            using var app = AppServer.Start(dll, repo, root, new Dictionary<string, string>
            {
                ["DataCharts__DemoData"] = "false",
                ["DataCharts__ResultCacheBytes"] = "0",
            });
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
            await app.WaitReadyAsync(http, "/health");
            var dataId = await ConnectAsync(http, server);
            double Own() => MachineLoad.ProcessTreeCpuSeconds(Environment.ProcessId) + MachineLoad.ProcessTreeCpuSeconds(app.ProcessId)
                            + (postmaster is { } pm ? MachineLoad.ProcessTreeCpuSeconds(pm, children: true) : 0);

            var results = new List<QuestionResult>();
            try
            {
                await MeasureAllAsync(http, server, dataId, repeat, quietWait, Own, results);
            }
            catch (Exception ex) when (app.ExitReport() is { } report)
            {
                throw new InvalidOperationException(report, ex);
            }
            return Report(results, rows, repeat, await server.VersionAsync(), await server.OrdersBytesAsync(), app.BaseUrl, server.StartedHere);
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"kept the app's data in {root} and the tables in {BenchPostgres.Schema}");
                if (server.StartedHere) Console.WriteLine($"kept the server running; its settings: {server.EnvFile}; stop it with tests/servers/stop.sh {server.ServersDir}");
            }
            else
            {
                try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
                if (created && !server.StartedHere) await server.DropAsync();
                server.Dispose();
            }
        }
    }

    /// <summary>Each question: a warm-up that checks psql's rows against the app's, then the rounds, sides alternating.</summary>
    private static async Task MeasureAllAsync(HttpClient http, BenchPostgres server, string dataId, int repeat, int quietWait, Func<double> own,
        List<QuestionResult> results)
    {
        foreach (var q in Questions)
        {
            // The warm-up: the app reads the schema once (cached per version), both sides meet a warm page cache, and the
            // rows psql prints are checked against the app's.
            var (sql, appRows, _) = await AskAsync(http, dataId, q);
            var (_, psqlRows) = await server.RunPsqlAsync(sql, capture: true);
            if (psqlRows != appRows) throw new InvalidOperationException($"\"{q}\": the app answered {appRows} row(s), psql printed {psqlRows} for the same SQL:\n{sql}");
            Console.WriteLine($"-- {q}: {appRows} row(s)");
            var result = new QuestionResult(q, sql, appRows, [], []);
            for (var round = 0; round < repeat; round++)
                foreach (var appFirst in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    await MachineLoad.WaitForQuietAsync(quietWait);
                    if (appFirst)
                        result.App.Add(await MeasureAsync(own, async () =>
                        {
                            var (again, n, serverMs) = await AskAsync(http, dataId, q);
                            if (again != sql || n != appRows) throw new InvalidOperationException($"\"{q}\" was answered differently from its warm-up: {n} row(s), {again}");
                            return serverMs;
                        }));
                    else result.Psql.Add(await MeasureAsync(own, async () => { await server.RunPsqlAsync(sql, capture: false); return 0; }));
                }
            results.Add(result);
        }
    }

    /// <summary>Saves the connection as the read-only user, the benchmark's schema alone, and returns its data id.</summary>
    private static async Task<string> ConnectAsync(HttpClient http, BenchPostgres server)
    {
        var resp = await http.PostAsJsonAsync("/api/connections", new
        {
            kind = "postgresql", host = server.Host, port = server.Port, database = server.Database, username = server.Reader,
            password = server.ReaderPassword, ssl_mode = "disable", schemas = new[] { BenchPostgres.Schema }, name = "bench orders",
        });
        var body = await resp.Content.ReadAsStringAsync();
        if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/connections: HTTP {(int)resp.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var tables = json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        if (!tables.Contains("bench_orders") || !tables.Contains("bench_customers"))
            throw new InvalidOperationException($"The connection shows {string.Join(", ", tables)}, not bench_orders and bench_customers.");
        return json.GetProperty("data_id").GetString()!;
    }

    /// <summary>A new conversation's first question: the SQL answered with, its row count, and the app's own elapsed time.</summary>
    private static async Task<(string Sql, int Rows, double ServerMs)> AskAsync(HttpClient http, string dataId, string question)
    {
        var resp = await http.PostAsJsonAsync("/api/ask", new { data_id = dataId, question });
        var body = await resp.Content.ReadAsStringAsync();
        if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"\"{question}\": HTTP {(int)resp.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        if (json.GetProperty("sql").GetString() is not { Length: > 0 } sql || json.GetProperty("rows").GetArrayLength() == 0)
            throw new InvalidOperationException($"\"{question}\" got no rows: {json.GetProperty("answer").GetString()}");
        return (sql, json.GetProperty("row_count").GetInt32(), json.GetProperty("elapsed_ms").GetDouble());
    }

    /// <summary>Times <paramref name="run"/> and how many cores processes other than ours (bench, app, server) used meanwhile.</summary>
    private static async Task<Sample> MeasureAsync(Func<double> own, Func<Task<double>> run)
    {
        var busy = MachineLoad.BusyCpuSeconds();
        var mine = own();
        var sw = Stopwatch.StartNew();
        var serverMs = await run();
        var ms = sw.Elapsed.TotalMilliseconds;
        var other = Math.Max(0, MachineLoad.BusyCpuSeconds() - busy - (own() - mine)) / (ms / 1000);
        return new Sample(ms, other, serverMs);
    }

    private static int Report(List<QuestionResult> results, long rows, int repeat, string version, long bytes, string baseUrl, bool startedHere)
    {
        Console.WriteLine();
        Console.WriteLine($"# Live PostgreSQL benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, PostgreSQL {version}, .NET {Environment.Version})");
        Console.WriteLine($"bench_orders: {rows:N0} rows ({bytes / (double)(1L << 20):N0} MiB with its index), bench_customers: {BenchPostgres.Customers(rows):N0} rows; " +
                          $"server {(startedHere ? "started by tests/servers/start.sh" : "from DATACHARTS_TEST_PG_*")}; app on {baseUrl}, result cache off");
        Console.WriteLine($"{repeat} rounds per question after a warm-up, sides alternating; app = POST /api/ask end to end (new conversation), psql = -X -q -A -t -c of the app's SQL as the read-only user, process start to exit");
        Console.WriteLine();
        Console.WriteLine("| question | rows | app p50 ms | psql p50 ms | ratio app/psql | app p95 ms | psql p95 ms | app's own elapsed_ms p50 | other load (cores) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            Console.WriteLine(I($"| {r.Question} | {r.Rows} | {r.AppP50:0} | {r.PsqlP50:0} | {r.Ratio:0.00} | {Stats.Percentile(r.App.Select(s => s.Ms).ToList(), 95):0} | ") +
                              I($"{Stats.Percentile(r.Psql.Select(s => s.Ms).ToList(), 95):0} | {Stats.Percentile(r.App.Select(s => s.ServerMs).ToList(), 50):0} | ") +
                              I($"{r.App.Concat(r.Psql).Average(s => s.OtherCores):0.00} |"));
        var ratios = results.Select(r => r.Ratio).ToList();
        var median = Median(ratios);
        var all = results.SelectMany(r => r.App.Concat(r.Psql)).ToList();
        Console.WriteLine();
        Console.WriteLine(I($"overall: median ratio app/psql {median:0.00} (worst question {ratios.Max():0.00}); ") +
                          I($"sum of p50s: app {results.Sum(r => r.AppP50):0} ms, psql {results.Sum(r => r.PsqlP50):0} ms"));
        Console.WriteLine(I($"noise: other processes used {all.Average(s => s.OtherCores):0.00} cores on average during the measurements ") +
                          I($"({all.Count(s => s.OtherCores < MachineLoad.QuietCores)} of {all.Count} under {MachineLoad.QuietCores}); ") +
                          I($"1-minute load average at the end: {MachineLoad.LoadAverage()} on {Environment.ProcessorCount} cores"));
        // The same ratio over the samples no other process disturbed, for the questions that have some on both sides.
        var quiet = results.Select(r => (App: r.App.Where(s => s.OtherCores < MachineLoad.QuietCores).Select(s => s.Ms).ToList(),
                                         Psql: r.Psql.Where(s => s.OtherCores < MachineLoad.QuietCores).Select(s => s.Ms).ToList()))
            .Where(q => q.App.Count >= 2 && q.Psql.Count >= 2).Select(q => Stats.Percentile(q.App, 50) / Stats.Percentile(q.Psql, 50)).ToList();
        Console.WriteLine(quiet.Count > 0
            ? I($"quiet samples only (other load < {MachineLoad.QuietCores} cores): median ratio {Median(quiet):0.00} over the {quiet.Count} question(s) with at least 2 on each side")
            : I($"quiet samples only (other load < {MachineLoad.QuietCores} cores): too few to compare; other processes were busy"));
        var met = median <= TargetRatio;
        Console.WriteLine(I($"target median ratio <= {TargetRatio}: {(met ? "PASS" : "FAIL")} ({median:0.00})"));
        Console.WriteLine();
        foreach (var r in results) Console.WriteLine($"- {r.Question}: `{r.Sql.ReplaceLineEndings(" ")}`");
        return met ? 0 : 1;
    }

    private static string I(FormattableString s) => FormattableString.Invariant(s);

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
