using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace DataCharts.Bench;

/// <summary>
/// Report re-rendering over HTTP, in the same run: a report's full page (what a browser gets without htmx) against the
/// fragment htmx asks for after one input changes (<c>?handler=Blocks&amp;_changed=…</c>: the live parts of the dependent
/// blocks, out of band), for two reports: the demo <c>pages/sales-overview.md</c>, where the year drives every table and
/// chart, and <c>bench/…/reports/store-dashboard.md</c>, a dashboard where the region drives one section of five. The
/// real app runs as a Kestrel server on loopback, in a child process with a temporary data directory (the demo dataset
/// is created at its first start) and a scratch report folder holding both; HttpClient drives it.
/// </summary>
public static partial class ReportBenchmark
{
    private const double TargetByteRatio = 0.10;

    /// <summary>A report, the input changed, and the query string of the i-th request (the page and the fragment share it).</summary>
    private sealed record Scenario(string Slug, string Changed, string Describe, Func<int, string> Query);

    private static readonly string[][] ChannelSets =
    [
        ["Online", "Retail", "Partner"], ["Online"], ["Retail"], ["Partner"], ["Online", "Retail"], ["Online", "Partner"], ["Retail", "Partner"],
    ];

    private static readonly string[] Regions = ["North", "South", "East", "West", "Central"];

    private static readonly Scenario[] Scenarios =
    [
        new("sales-overview", "year", "years 2021–2025 × 7 channel sets; the year drives both tables and both charts",
            i => $"year={2021 + i % 5}{string.Concat(ChannelSets[i / 5 % ChannelSets.Length].Select(c => "&channels=" + Uri.EscapeDataString(c)))}"),
        new("store-dashboard", "region", "5 regions; the region drives one table and one chart of five sections",
            i => "region=" + Regions[i % Regions.Length]),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "50", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Stats.Arg(args, "--warmup") ?? "10", CultureInfo.InvariantCulture);
        var build = !args.Contains("--no-build");
        var keep = args.Contains("--keep");
        if (repeat < 1 || warmup < 0) throw new ArgumentException("--repeat must be at least 1 and --warmup at least 0.");

        var repo = AppServer.FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var dll = await AppServer.BuildAsync(repo, build);

        var root = Path.Combine(Path.GetTempPath(), "datacharts-reportbench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        // A scratch report folder: the repository's reports and the benchmark's dashboard.
        var pages = Path.Combine(root, "pages");
        Directory.CreateDirectory(pages);
        foreach (var f in Directory.GetFiles(Path.Combine(repo, "pages"), "*.md").Concat(Directory.GetFiles(Path.Combine(repo, "bench", "DataCharts.Bench", "reports"), "*.md")))
            File.Copy(f, Path.Combine(pages, Path.GetFileName(f)), overwrite: true);
        var app = AppServer.Start(dll, repo, root, new Dictionary<string, string> { ["DataCharts__PagesDir"] = pages });
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
            {
                BaseAddress = new Uri(app.BaseUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var startup = Stopwatch.StartNew();
            await app.WaitReadyAsync(http, $"/reports/{Scenarios[0].Slug}");
            Console.WriteLine($"# Report re-render benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
            Console.WriteLine($"app: {dll}");
            Console.WriteLine($"     Kestrel on {app.BaseUrl}, data dir {root}, pages {pages}; up with the demo dataset in {startup.Elapsed.TotalSeconds:0.0} s");

            var failed = 0;
            foreach (var scenario in Scenarios)
            {
                // Check what the two requests return before timing them.
                var page0 = await FetchAsync(http, PageUrl(scenario, 0), htmx: false);
                var frag0 = await FetchAsync(http, FragmentUrl(scenario, 0), htmx: true);
                Check(page0, frag0);

                for (var i = 0; i < warmup; i++)
                {
                    await FetchAsync(http, PageUrl(scenario, i), htmx: false);
                    await FetchAsync(http, FragmentUrl(scenario, i), htmx: true);
                }

                var page = new List<Sample>(repeat);
                var frag = new List<Sample>(repeat);
                for (var i = 0; i < repeat; i++)
                {
                    // Alternate which goes first: both use the same inputs, so the second one finds its queries cached.
                    if (i % 2 == 0)
                    {
                        page.Add(await FetchAsync(http, PageUrl(scenario, i), htmx: false));
                        frag.Add(await FetchAsync(http, FragmentUrl(scenario, i), htmx: true));
                    }
                    else
                    {
                        frag.Add(await FetchAsync(http, FragmentUrl(scenario, i), htmx: true));
                        page.Add(await FetchAsync(http, PageUrl(scenario, i), htmx: false));
                    }
                }

                Print(scenario, page, frag, repeat);
                Breakdown(page0, frag0);
                var ratio = frag.Average(s => (double)s.Bytes) / page.Average(s => (double)s.Bytes);
                Console.WriteLine();
                Console.WriteLine($"{scenario.Slug}: target fragment <= {TargetByteRatio:P0} of the page's bytes: {(ratio <= TargetByteRatio ? "PASS" : "FAIL")} ({ratio:P1})");
                if (ratio > TargetByteRatio) failed++;
            }
            Console.WriteLine();
            Console.WriteLine($"{Scenarios.Length - failed} of {Scenarios.Length} reports meet the target.");
            return 0;
        }
        finally
        {
            app.Dispose();
            if (keep) Console.WriteLine($"kept {root} (app log: {app.Log})");
            else try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    private sealed record Sample(string Url, int Status, long Bytes, long GzipBytes, string? ContentEncoding, double Ms, string Body, string? PushUrl);

    private static string PageUrl(Scenario s, int i) => $"/reports/{s.Slug}?{s.Query(i)}";

    private static string FragmentUrl(Scenario s, int i) => $"/reports/{s.Slug}?handler=Blocks&_changed={s.Changed}&{s.Query(i)}";

    private static async Task<Sample> FetchAsync(HttpClient http, string url, bool htmx)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        // What a browser sends: the server may compress if it wants to (the body is then counted as sent).
        req.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        req.Headers.TryAddWithoutValidation("Accept", "text/html");
        if (htmx)
        {
            req.Headers.Add("HX-Request", "true");
            req.Headers.Add("HX-Current-URL", http.BaseAddress + url.TrimStart('/'));
        }
        var sw = Stopwatch.StartNew();
        using var resp = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
        var body = await resp.Content.ReadAsByteArrayAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        var encoding = resp.Content.Headers.ContentEncoding.FirstOrDefault();
        var text = encoding is null ? Encoding.UTF8.GetString(body) : "";
        var push = resp.Headers.TryGetValues("HX-Push-Url", out var v) ? v.FirstOrDefault() : null;
        return new Sample(url, (int)resp.StatusCode, body.LongLength, encoding is null ? GzipLength(body) : body.LongLength, encoding, ms, text, push);
    }

    private static long GzipLength(byte[] body)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(body);
        return ms.Length;
    }

    private static void Check(Sample page, Sample frag)
    {
        if (page.Status != 200) throw new InvalidOperationException($"GET {page.Url} answered {page.Status}.");
        if (frag.Status != 200) throw new InvalidOperationException($"GET {frag.Url} answered {frag.Status}.");
        if (!page.Body.Contains("<html", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("The page is not a whole HTML document.");
        if (frag.Body.Contains("<html", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("The fragment came back as a whole page (layout not skipped).");
        if (!frag.Body.Contains("hx-swap-oob", StringComparison.Ordinal)) throw new InvalidOperationException("The fragment has no out-of-band blocks.");
        if (page.Body.Contains("alert error", StringComparison.Ordinal) || frag.Body.Contains("alert error", StringComparison.Ordinal))
            throw new InvalidOperationException("A block reported an error (is the demo dataset there?).");
    }

    private static void Print(Scenario scenario, List<Sample> page, List<Sample> frag, int repeat)
    {
        static double P(List<Sample> xs, int p) => Stats.Percentile(xs.Select(s => s.Ms).ToList(), p);
        static string Bytes(List<Sample> xs, Func<Sample, long> f)
        {
            var min = xs.Min(f);
            var max = xs.Max(f);
            return min == max ? min.ToString("N0", CultureInfo.InvariantCulture) : $"{min:N0}–{max:N0}";
        }
        var encodings = page.Concat(frag).Select(s => s.ContentEncoding ?? "none").Distinct().ToList();
        Console.WriteLine();
        Console.WriteLine($"## {scenario.Slug}: full page vs fragment after a {scenario.Changed} change, {repeat} each ({scenario.Describe}; alternating order)");
        Console.WriteLine($"response Content-Encoding: {string.Join(", ", encodings)}{(encodings is ["none"] ? " (the app does not compress; the gzip column is computed here, for reference)" : "")}");
        Console.WriteLine();
        Console.WriteLine("| | full page | fragment (handler=Blocks) | fragment / page |");
        Console.WriteLine("|---|---:|---:|---:|");
        var pb = page.Average(s => (double)s.Bytes);
        var fb = frag.Average(s => (double)s.Bytes);
        var pg = page.Average(s => (double)s.GzipBytes);
        var fg = frag.Average(s => (double)s.GzipBytes);
        Console.WriteLine($"| body bytes | {Bytes(page, s => s.Bytes)} | {Bytes(frag, s => s.Bytes)} | {fb / pb:P1} |");
        Console.WriteLine($"| gzip bytes | {Bytes(page, s => s.GzipBytes)} | {Bytes(frag, s => s.GzipBytes)} | {fg / pg:P1} |");
        Console.WriteLine($"| p50 ms | {P(page, 50):0.00} | {P(frag, 50):0.00} | {P(frag, 50) / P(page, 50):P0} |");
        Console.WriteLine($"| p95 ms | {P(page, 95):0.00} | {P(frag, 95):0.00} | {P(frag, 95) / P(page, 95):P0} |");
        var pushes = frag.Count(s => s.PushUrl is not null);
        Console.WriteLine();
        Console.WriteLine($"fragment responses with HX-Push-Url: {pushes}/{frag.Count}; statuses page {string.Join(",", page.Select(s => s.Status).Distinct())}, fragment {string.Join(",", frag.Select(s => s.Status).Distinct())}");
    }

    /// <summary>Where the page's bytes are: the head, the layout around the report, the report's blocks (those in the fragment and the others).</summary>
    private static void Breakdown(Sample page, Sample frag)
    {
        var html = page.Body;
        int Len(string s) => Encoding.UTF8.GetByteCount(s);
        var total = Len(html);
        var headEnd = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        var head = headEnd < 0 ? 0 : Len(html[..(headEnd + 7)]);
        var body = headEnd < 0 ? html : html[(headEnd + 7)..];

        // Top-level blocks of the report, by id, as the page shows them (each is one element: find its end by nesting).
        var blocks = new List<(string Id, string Html)>();
        foreach (Match m in BlockStart().Matches(html))
        {
            var end = ElementEnd(html, m.Index);
            if (end > m.Index) blocks.Add((m.Groups["id"].Value, html[m.Index..end]));
        }
        var fragIds = FragmentPart().Matches(frag.Body).Select(m => m.Groups["id"].Value).ToHashSet();
        var inFrag = blocks.Where(b => fragIds.Contains(b.Id)).Sum(b => Len(b.Html));
        var other = blocks.Where(b => !fragIds.Contains(b.Id)).Sum(b => Len(b.Html));
        var scripts = ScriptOrStyle().Matches(body).Sum(m => Len(m.Value));
        var svgs = Svg().Matches(body).Sum(m => Len(m.Value));

        Console.WriteLine();
        Console.WriteLine($"where the page's {total:N0} bytes are (first request, {page.Url}):");
        Console.WriteLine($"  <head> (styles, scripts, meta)               {head,8:N0}  {head / (double)total,6:P1}");
        Console.WriteLine($"  report blocks also in the fragment ({fragIds.Count,2})     {inFrag,8:N0}  {inFrag / (double)total,6:P1}   [{string.Join(" ", blocks.Where(b => fragIds.Contains(b.Id)).Select(b => $"{b.Id}={Len(b.Html):N0}"))}]");
        Console.WriteLine($"  other report blocks ({blocks.Count - blocks.Count(b => fragIds.Contains(b.Id)),2})                     {other,8:N0}  {other / (double)total,6:P1}   [{string.Join(" ", blocks.Where(b => !fragIds.Contains(b.Id)).Select(b => $"{b.Id}={Len(b.Html):N0}"))}]");
        var rest = total - head - inFrag - other;
        Console.WriteLine($"  rest of <body> (navigation, header, layout) {rest,8:N0}  {rest / (double)total,6:P1}   (of the body: inline <script>/<style> {scripts:N0}, inline <svg> {svgs:N0})");
        Console.WriteLine($"fragment {Len(frag.Body):N0} bytes: {fragIds.Count} blocks ({string.Join(" ", fragIds)}); the same blocks in the page are {inFrag:N0} bytes, so the fragment alone is {Len(frag.Body) / (double)total:P1} of the page");
        Console.WriteLine("(chart images are separate requests, ?handler=Chart, the same for both and not counted)");
    }

    /// <summary>The index just past the element that starts at <paramref name="start"/>, by counting tags of the same name.</summary>
    private static int ElementEnd(string html, int start)
    {
        var name = TagName().Match(html, start + 1).Value;
        var depth = 0;
        var open = new Regex($"<(/?){Regex.Escape(name)}\\b[^>]*>", RegexOptions.IgnoreCase);
        for (var m = open.Match(html, start); m.Success; m = m.NextMatch())
        {
            depth += m.Groups[1].Value.Length == 0 ? 1 : -1;
            if (depth == 0) return m.Index + m.Length;
        }
        return -1;
    }

    [GeneratedRegex("""<(?:div|section|figure|form|fieldset)\b[^>]*\bid="(?<id>block-\d+)"[^>]*>""")]
    private static partial Regex BlockStart();

    /// <summary>A block or its live part (what a fragment swaps), named by the block's id.</summary>
    [GeneratedRegex("""<(?:div|section|figure|form|fieldset)\b[^>]*\bid="(?<id>block-\d+)(?:-live)?"[^>]*>""")]
    private static partial Regex FragmentPart();

    [GeneratedRegex("[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex TagName();

    [GeneratedRegex(@"<(script|style)\b[\s\S]*?</\1>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<svg\b[\s\S]*?</svg>", RegexOptions.IgnoreCase)]
    private static partial Regex Svg();
}
