using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DataCharts.Bench;

/// <summary>
/// Peak memory of the server under concurrent requests whose results hold huge cells: 20 clients at once run a notebook
/// SQL cell that returns 100 cells of 10 MB (1 GB if kept whole) and read previews of a table whose cells are 1 MB.
/// The reference, measured in the same run, is a second app process taking the same requests with cells of 10 bytes.
/// Target: a peak RSS of 1.5 GB or less on 2 cores.
/// </summary>
public static class MemoryBenchmark
{
    private const long TargetPeakBytes = 1536L << 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = int.Parse(Stats.Arg(args, "--clients") ?? "20", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Stats.Arg(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var only = Stats.Arg(args, "--only");
        if (only is not null and not ("runs" or "previews")) throw new ArgumentException("--only takes runs or previews.");
        var repo = AppServer.FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var dll = await AppServer.BuildAsync(repo, !args.Contains("--no-build"));
        var root = Path.Combine(Path.GetTempPath(), "datacharts-membench-" + Environment.ProcessId);
        try
        {
            Console.WriteLine($"# Memory under large results ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}): {clients} clients × {rounds} rounds");
            var reference = await MeasureAsync(dll, repo, Path.Combine(root, "small"), clients, rounds, only, cellChars: 10, wideCellChars: 10);
            var large = await MeasureAsync(dll, repo, Path.Combine(root, "large"), clients, rounds, only, cellChars: 10_000_000, wideCellChars: 1_000_000);
            Console.WriteLine();
            Console.WriteLine("| run | requests | failed | bytes received | p50 ms | p99 ms | peak RSS | RSS after |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, m) in new[] { ("reference: 10-byte cells", reference), ("100 × 10 MB cells, previews of 1 MB cells", large) })
                Console.WriteLine($"| {name} | {m.Requests} | {m.Failed} | {Mb(m.Received)} | {m.P50:0} | {m.P99:0} | {Mb(m.Peak)} | {Mb(m.After)} |");
            var ratio = large.Peak / (double)reference.Peak;
            Console.WriteLine();
            Console.WriteLine($"peak RSS ratio large / reference: {ratio:0.00}×; large peak {Mb(large.Peak)} against the target of {Mb(TargetPeakBytes)}: " +
                              (large.Peak <= TargetPeakBytes ? "met" : "NOT met"));
            return large.Failed == 0 && reference.Failed == 0 ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    private sealed record Measurement(int Requests, int Failed, long Received, double P50, double P99, long Peak, long After);

    private static async Task<Measurement> MeasureAsync(string dll, string repo, string root, int clients, int rounds, string? only, int cellChars, int wideCellChars)
    {
        using var app = AppServer.Start(dll, repo, root, new Dictionary<string, string> { ["DataCharts__DemoData"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        await app.WaitReadyAsync(http, "/health");

        // A table whose 50 rows each hold one cell of wideCellChars characters.
        var csv = new StringBuilder("n,text\n");
        for (var i = 0; i < 50; i++) csv.Append(i).Append(',').Append('w', wideCellChars).Append('\n');
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "wide.csv" } };
        var upload = await http.PostAsync("/api/data/upload", form);
        var dataId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data_id").GetString()!;

        // One notebook per client, so runs do not wait on each other's saves; $k varies per round, so no run is a cache hit.
        var notebooks = new List<string>();
        for (var c = 0; c < clients; c++)
        {
            var created = await http.PostAsJsonAsync("/api/notebooks", new
            {
                title = $"client {c}",
                data_id = dataId,
                cells = new object[]
                {
                    new { kind = "input", name = "k", source = "type: text\ndefault: 100" },
                    new { kind = "sql", name = "big", source = $"SELECT range AS n, repeat('x', {cellChars}) AS big FROM range(CAST($k AS BIGINT))" },
                },
            });
            notebooks.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notebook_id").GetString()!);
        }

        var times = new List<double>();
        var failed = 0;
        long received = 0;
        var gate = new Lock();
        var before = app.Memory();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var r = 0; r < rounds; r++)
            {
                var requests = new List<Func<Task<HttpResponseMessage>>>();
                if (only is null or "runs")
                    requests.Add(() => http.PostAsJsonAsync($"/api/notebooks/{notebooks[c]}/run", new { inputs = new Dictionary<string, object> { ["k"] = 100 + c * rounds + r } }));
                if (only is null or "previews")
                    requests.Add(() => http.GetAsync($"/api/data/{dataId}?limit=50&offset={r}"));
                foreach (var request in requests)
                {
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        using var resp = await request();
                        var body = await resp.Content.ReadAsByteArrayAsync();
                        lock (gate)
                        {
                            times.Add(watch.Elapsed.TotalMilliseconds);
                            received += body.Length;
                            if (!resp.IsSuccessStatusCode) failed++;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        lock (gate) failed++;
                    }
                }
            }
        })));
        var after = app.Memory();
        Console.WriteLine($"  {(cellChars > 100 ? "large" : "reference")}: RSS {Mb(before.Now)} before the load, peak {Mb(after.Peak)}, {Mb(after.Now)} after");
        return new Measurement(clients * rounds * (only is null ? 2 : 1), failed, received, Stats.Percentile(times, 50), Stats.Percentile(times, 99), after.Peak, after.Now);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):N0} MB";
}
