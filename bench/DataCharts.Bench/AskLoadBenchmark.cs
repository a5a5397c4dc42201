using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataCharts.Bench;

/// <summary>
/// <c>POST /api/ask</c> under many concurrent connections against the real app (Kestrel on loopback, a temporary data
/// directory with the demo dataset): each connection asks, waits for the answer and asks again (no pause, a 503 included),
/// for a fixed time. Printed: answers by status (200, 503, client timeouts, other), latency percentiles, and — measured in
/// the same run — the same questions over a single connection and <c>GET /health</c> beside the load, as references.
/// </summary>
public static class AskLoadBenchmark
{
    private static readonly string[] Questions =
    [
        "What is the total revenue by region?", "How many orders per channel?", "average units by product", "total revenue by category",
        "monthly revenue trend", "average discount by customer segment", "How many orders were returned?", "top 5 products by revenue",
    ];

    private sealed record Sample(int Status, double Ms, bool TimedOut, TimeSpan? RetryAfter = null);

    public static async Task<int> RunAsync(string[] args)
    {
        var connections = int.Parse(Stats.Arg(args, "--connections") ?? "64", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Stats.Arg(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var timeout = double.Parse(Stats.Arg(args, "--timeout") ?? "10", CultureInfo.InvariantCulture);
        var build = !args.Contains("--no-build");
        var honor = args.Contains("--honor-retry-after");
        var settings = new Dictionary<string, string>();
        if (Stats.Arg(args, "--ask-concurrency") is { } c) settings["DataCharts__AskConcurrency"] = c;
        if (Stats.Arg(args, "--ask-queue") is { } q) settings["DataCharts__AskQueue"] = q;

        var repo = AppServer.FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var dll = await AppServer.BuildAsync(repo, build);

        var root = Path.Combine(Path.GetTempPath(), "datacharts-askload-" + Environment.ProcessId);
        var app = AppServer.Start(dll, repo, root, settings);
        var baseUrl = app.BaseUrl;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections + 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(baseUrl),
                Timeout = Timeout.InfiniteTimeSpan, // per request below, so a timeout is counted rather than thrown
            };
            var dataId = await WaitForDemoAsync(http, app);
            Console.WriteLine($"# Ask under load ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version})");
            Console.WriteLine($"app: Kestrel on {baseUrl} (Release), demo dataset, data dir {root}; settings: " +
                              (settings.Count == 0 ? "defaults (AskConcurrency 2, AskQueue 32)" : string.Join(", ", settings.Select(kv => $"{kv.Key}={kv.Value}"))));
            Console.WriteLine($"{Questions.Length} questions in turn; client timeout {timeout:0} s; " +
                              (honor ? "after a 503 a connection waits the Retry-After it was given" : "no pause between a connection's requests (a 503 included)"));

            for (var i = 0; i < 2 * Questions.Length; i++) await AskAsync(http, dataId, Questions[i % Questions.Length], timeout); // warm-up

            var single = await LoadAsync(http, dataId, 1, Math.Min(seconds, 10), timeout, health: false, honor);
            var loaded = await LoadAsync(http, dataId, connections, seconds, timeout, health: true, honor);

            Console.WriteLine();
            Console.WriteLine("| run | requests | 200 | 503 | timeouts | other | p50 ms | p95 ms | p99 ms | max ms | answers/s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Row("1 connection (reference)", single.asks, single.elapsed);
            Row($"{connections} connections, all", loaded.asks, loaded.elapsed);
            Row($"{connections} connections, 200 only", loaded.asks.Where(s => s.Status == 200).ToList(), loaded.elapsed);
            Row($"{connections} connections, 503 only", loaded.asks.Where(s => s.Status == 503).ToList(), loaded.elapsed);
            Row($"GET /health beside the {connections}", loaded.health, loaded.elapsed);
            Console.WriteLine();
            var ok = loaded.asks.Where(s => s.Status == 200).Select(s => s.Ms).ToList();
            var refP99 = Stats.Percentile(single.asks.Select(s => s.Ms).ToList(), 99);
            if (ok.Count > 0)
                Console.WriteLine($"p99 of answered asks under {connections} connections / p99 over 1 connection: {Stats.Percentile(ok, 99) / refP99:0.0}x " +
                                  $"({Stats.Percentile(ok, 99):0} / {refP99:0} ms)");
            Console.WriteLine($"p99 of all asks (503s included) under {connections} connections / p99 over 1 connection: " +
                              $"{Stats.Percentile(loaded.asks.Select(s => s.Ms).ToList(), 99) / refP99:0.0}x");
            if (loaded.health.Count > 0)
                Console.WriteLine($"GET /health p99 under load: {Stats.Percentile(loaded.health.Select(s => s.Ms).ToList(), 99):0.0} ms");
            var timeouts = loaded.asks.Count(s => s.TimedOut);
            Console.WriteLine($"target: no client timeouts under {connections} connections: {(timeouts == 0 ? "MET" : $"NOT MET ({timeouts})")}");
            return 0;
        }
        finally
        {
            app.Dispose();
            try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    private static void Row(string name, List<Sample> xs, TimeSpan elapsed)
    {
        var ms = xs.Select(s => s.Ms).ToList();
        string P(int p) => ms.Count == 0 ? "–" : Stats.Percentile(ms, p).ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine($"| {name} | {xs.Count} | {xs.Count(s => s.Status == 200)} | {xs.Count(s => s.Status == 503)} | {xs.Count(s => s.TimedOut)} | " +
                          $"{xs.Count(s => !s.TimedOut && s.Status is not (200 or 503))} | {P(50)} | {P(95)} | {P(99)} | {(ms.Count == 0 ? "–" : ms.Max().ToString("0", CultureInfo.InvariantCulture))} | " +
                          $"{xs.Count(s => s.Status == 200) / elapsed.TotalSeconds:0.0} |");
    }

    /// <summary><paramref name="connections"/> loops asking for <paramref name="seconds"/>; optionally one more polling /health.</summary>
    private static async Task<(List<Sample> asks, List<Sample> health, TimeSpan elapsed)> LoadAsync(HttpClient http, string dataId, int connections,
        double seconds, double timeout, bool health, bool honorRetryAfter)
    {
        var asks = new List<Sample>();
        var checks = new List<Sample>();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var loops = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            for (var n = i; clock.Elapsed < end; n++)
            {
                var s = await AskAsync(http, dataId, Questions[n % Questions.Length], timeout);
                lock (asks) asks.Add(s);
                if (honorRetryAfter && s.RetryAfter is { } wait) await Task.Delay(wait);
            }
        })).ToList();
        if (health)
            loops.Add(Task.Run(async () =>
            {
                while (clock.Elapsed < end)
                {
                    var s = await TimedAsync(ct => http.GetAsync("/health", ct), timeout);
                    lock (checks) checks.Add(s);
                    await Task.Delay(100);
                }
            }));
        await Task.WhenAll(loops);
        return (asks, checks, clock.Elapsed);
    }

    private static Task<Sample> AskAsync(HttpClient http, string dataId, string question, double timeout) =>
        TimedAsync(ct => http.PostAsJsonAsync("/api/ask", new { data_id = dataId, question }, ct), timeout);

    /// <summary>One request, given up (and counted as a timeout) after <paramref name="timeout"/> seconds, as a client would.</summary>
    private static async Task<Sample> TimedAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, double timeout)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeout));
        var watch = Stopwatch.StartNew();
        try
        {
            using var resp = await send(cts.Token);
            await resp.Content.ReadAsByteArrayAsync(cts.Token);
            return new Sample((int)resp.StatusCode, watch.Elapsed.TotalMilliseconds, false, resp.Headers.RetryAfter?.Delta);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return new Sample(0, watch.Elapsed.TotalMilliseconds, true);
        }
        catch (HttpRequestException)
        {
            return new Sample(-1, watch.Elapsed.TotalMilliseconds, false);
        }
    }

    private static async Task<string> WaitForDemoAsync(HttpClient http, AppServer app)
    {
        await app.WaitReadyAsync(http, "/api/data");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/data"));
            foreach (var d in doc.RootElement.EnumerateArray())
                if (d.GetProperty("name").GetString() == "Demo sales") return d.GetProperty("data_id").GetString()!;
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not list the demo dataset within 180 s; see {app.Log}.");
    }
}
