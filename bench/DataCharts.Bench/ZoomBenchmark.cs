using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DataCharts.Bench;

/// <summary>
/// Drag-zoom on a 100k-point line chart over HTTP, against the real app on loopback: what the browser does after a drag
/// (the htmx fragment with the overlay for the range, <c>/Chat?handler=ChartZoom</c>, then the PNG for the range,
/// <c>/api/chart/{id}/export?x0&amp;x1</c>), timed per request and as the pair, against the same pair for the whole chart
/// (the unzoomed render) in the same run. Target: the zoom pair's p50 ≤ 150 ms.
/// </summary>
public static class ZoomBenchmark
{
    private const double TargetMs = 150;

    public static async Task<int> RunAsync(string[] args)
    {
        var points = int.Parse(Stats.Arg(args, "--points") ?? "100000", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "40", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Stats.Arg(args, "--warmup") ?? "5", CultureInfo.InvariantCulture);
        if (points < 1000 || points > 2_000_000 || repeat < 1 || warmup < 0)
            throw new ArgumentException("--points must be 1,000 to 2,000,000, --repeat at least 1 and --warmup at least 0.");
        var repo = AppServer.FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var dll = await AppServer.BuildAsync(repo, !args.Contains("--no-build"));
        var root = Path.Combine(Path.GetTempPath(), "datacharts-zoombench-" + Environment.ProcessId);
        try
        {
            // The row cap rises to hold the whole series: the chart draws every row it is given.
            using var app = AppServer.Start(dll, repo, root, new Dictionary<string, string>
            {
                ["DataCharts__DemoData"] = "false",
                ["DataCharts__RowCap"] = (points + 1).ToString(CultureInfo.InvariantCulture),
            });
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
            await app.WaitReadyAsync(http, "/health");

            // A minute-by-minute random walk: a timestamp x axis, the common long-series case.
            var rng = new Random(42);
            var csv = new StringBuilder("t,value\n");
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var v = 1000.0;
            for (var i = 0; i < points; i++)
            {
                v += rng.NextDouble() * 10 - 5;
                csv.Append(start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                   .Append(v.ToString("0.00", CultureInfo.InvariantCulture)).Append('\n');
            }
            using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "walk.csv" } };
            var upload = await http.PostAsync("/api/data/upload", form);
            upload.EnsureSuccessStatusCode();
            var dataId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data_id").GetString()!;
            var created = await http.PostAsJsonAsync("/api/chart/create", new { data_id = dataId, chart_type = "line", config = new { x = "t", y = "value", title = "Random walk" } });
            created.EnsureSuccessStatusCode();
            var chartId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chart_id").GetString()!;

            // x in the chart's units (OLE dates); each zoom is a different tenth of the series, so nothing repeats.
            var x0 = start.ToOADate();
            var span = start.AddMinutes(points - 1).ToOADate() - x0;
            (string From, string To) Range(int i)
            {
                var from = x0 + span * (i * 0.37 % 0.9);
                return (from.ToString("R", CultureInfo.InvariantCulture), (from + span * 0.1).ToString("R", CultureInfo.InvariantCulture));
            }

            // Check both pairs answer as a browser needs before timing them.
            var check = await PairAsync(http, chartId, Range(0));
            var whole = await PairAsync(http, chartId, null);
            if (!check.Fragment.Body.Contains("data-zoomed", StringComparison.Ordinal) || check.Image.Bytes < 5_000 || whole.Fragment.Body.Contains("data-zoomed", StringComparison.Ordinal))
                throw new InvalidOperationException("The zoom fragment or image is not what a browser gets after a drag.");
            var marks = CountMarks(whole.Fragment.Body);
            for (var i = 0; i < warmup; i++)
            {
                await PairAsync(http, chartId, Range(i + 1));
                await PairAsync(http, chartId, null);
            }

            // Blocks of five zooms, then five whole redraws, so each side's server CPU time (user + system, /proc) is its own
            // while both meet the same moments of a busy machine.
            var zoom = new List<Pair>();
            var full = new List<Pair>();
            double zoomCpu = 0, fullCpu = 0;
            for (var block = 0; block * 5 < repeat; block++)
            {
                var before = Cpu(app.ProcessId);
                for (var i = block * 5; i < Math.Min(repeat, block * 5 + 5); i++) zoom.Add(await PairAsync(http, chartId, Range(i + 7)));
                var middle = Cpu(app.ProcessId);
                for (var i = block * 5; i < Math.Min(repeat, block * 5 + 5); i++) full.Add(await PairAsync(http, chartId, null));
                zoomCpu += middle - before;
                fullCpu += Cpu(app.ProcessId) - middle;
            }
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];

            Console.WriteLine($"# Zoom redraw benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
            Console.WriteLine($"{points:N0}-point line (timestamp x), {repeat} zooms to a different tenth each, Kestrel on {app.BaseUrl}; overlay marks sent for the whole chart: {marks:N0}");
            Console.WriteLine();
            Console.WriteLine("| request | p50 ms | p95 ms | bytes (avg) |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            Row("zoom: fragment (overlay for the range)", zoom.Select(p => p.Fragment).ToList());
            Row("zoom: PNG for the range", zoom.Select(p => p.Image).ToList());
            Row("whole: fragment (reference)", full.Select(p => p.Fragment).ToList());
            Row("whole: PNG (reference)", full.Select(p => p.Image).ToList());
            var zoomPair = Stats.Percentile(zoom.Select(p => p.Ms).ToList(), 50);
            var fullPair = Stats.Percentile(full.Select(p => p.Ms).ToList(), 50);
            Console.WriteLine($"| **zoom redraw (fragment + PNG)** | **{zoomPair:0.0}** | {Stats.Percentile(zoom.Select(p => p.Ms).ToList(), 95):0.0} | |");
            Console.WriteLine($"| whole redraw (fragment + PNG, reference) | {fullPair:0.0} | {Stats.Percentile(full.Select(p => p.Ms).ToList(), 95):0.0} | |");
            Console.WriteLine();
            Console.WriteLine($"| zoom redraw: server CPU (user + system) per redraw | {zoomCpu / zoom.Count:0.0} | | |");
            Console.WriteLine($"| whole redraw: server CPU per redraw (reference) | {fullCpu / full.Count:0.0} | | |");
            Console.WriteLine();
            Console.WriteLine($"ratio zoom / whole (p50): {zoomPair / fullPair:0.00}; server CPU ratio: {zoomCpu / fullCpu:0.00}; 1-minute load average at the end: {load} on {Environment.ProcessorCount} cores");
            var met = zoomPair <= TargetMs;
            Console.WriteLine($"target zoom redraw p50 <= {TargetMs:0} ms: {(met ? "PASS" : "FAIL")} ({zoomPair:0.0} ms)");
            return met ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    /// <summary>CPU milliseconds (user + system) a process has used, from /proc/&lt;pid&gt;/stat (clock ticks of 10 ms).</summary>
    private static double Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private sealed record Sample(double Ms, long Bytes, string Body);

    private sealed record Pair(Sample Fragment, Sample Image)
    {
        public double Ms => Fragment.Ms + Image.Ms;
    }

    private static async Task<Pair> PairAsync(HttpClient http, string chartId, (string From, string To)? range)
    {
        var q = range is { } r ? $"&x0={Uri.EscapeDataString(r.From)}&x1={Uri.EscapeDataString(r.To)}" : "";
        var fragment = await GetAsync(http, $"/Chat?handler=ChartZoom&chart={chartId}{q}", htmx: true);
        var image = await GetAsync(http, $"/api/chart/{chartId}/export?format=png{q}", htmx: false);
        return new Pair(fragment, image);
    }

    private static async Task<Sample> GetAsync(HttpClient http, string url, bool htmx)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx) req.Headers.Add("HX-Request", "true");
        var sw = Stopwatch.StartNew();
        using var resp = await http.SendAsync(req);
        var body = await resp.Content.ReadAsByteArrayAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: HTTP {(int)resp.StatusCode} {Encoding.UTF8.GetString(body)}");
        return new Sample(ms, body.LongLength, htmx ? Encoding.UTF8.GetString(body) : "");
    }

    private static int CountMarks(string fragment)
    {
        var start = fragment.IndexOf("data-marks=\"", StringComparison.Ordinal);
        if (start < 0) return 0;
        var json = System.Net.WebUtility.HtmlDecode(fragment[(start + 12)..fragment.IndexOf('"', start + 12)]);
        return JsonDocument.Parse(json).RootElement.GetArrayLength();
    }

    private static void Row(string name, List<Sample> samples) =>
        Console.WriteLine($"| {name} | {Stats.Percentile(samples.Select(s => s.Ms).ToList(), 50):0.0} | {Stats.Percentile(samples.Select(s => s.Ms).ToList(), 95):0.0} | {samples.Average(s => (double)s.Bytes):N0} |");
}
