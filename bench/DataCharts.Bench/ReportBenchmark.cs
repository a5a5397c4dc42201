using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace DataCharts.Bench;

/// <summary>
/// Report re-rendering over HTTP, in the same run: the full page of <c>pages/sales-overview.md</c> (what a browser gets
/// without htmx) against the fragment htmx asks for after the year changes (<c>?handler=Blocks&amp;_changed=year</c>,
/// only the dependent blocks, out of band). The real app runs as a Kestrel server on loopback, in a child process with a
/// temporary data directory (the demo dataset is created at its first start); HttpClient drives it.
/// </summary>
public static partial class ReportBenchmark
{
    private const string Slug = "sales-overview";
    private const double TargetByteRatio = 0.10;

    private static readonly string[][] ChannelSets =
    [
        ["Online", "Retail", "Partner"], ["Online"], ["Retail"], ["Partner"], ["Online", "Retail"], ["Online", "Partner"], ["Retail", "Partner"],
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "50", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Stats.Arg(args, "--warmup") ?? "10", CultureInfo.InvariantCulture);
        var build = !args.Contains("--no-build");
        var keep = args.Contains("--keep");
        if (repeat < 1 || warmup < 0) throw new ArgumentException("--repeat must be at least 1 and --warmup at least 0.");

        var repo = FindRepo() ?? throw new ArgumentException("Run from inside the repository (no folder above holds DataCharts.Web.sln).");
        var project = Path.Combine(repo, "src", "DataCharts.Web", "DataCharts.Web.csproj");
        var dll = Path.Combine(repo, "src", "DataCharts.Web", "bin", "Release", "net10.0", "DataCharts.Web.dll");
        if (build)
        {
            Console.WriteLine("building src/DataCharts.Web (Release) ...");
            var rc = await RunToEndAsync("dotnet", ["build", "-c", "Release", project, "-nologo", "-v", "q"], repo);
            if (rc != 0) { Console.Error.WriteLine("build failed"); return 1; }
        }
        if (!File.Exists(dll)) throw new ArgumentException($"{dll} not found (build it, or drop --no-build).");

        var root = Path.Combine(Path.GetTempPath(), "datacharts-reportbench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var log = Path.Combine(root, "app.log");
        using var app = StartApp(dll, repo, root, baseUrl, log);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
            {
                BaseAddress = new Uri(baseUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var startup = Stopwatch.StartNew();
            await WaitReadyAsync(http, app, log);
            Console.WriteLine($"# Report re-render benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
            Console.WriteLine($"app: {dll}");
            Console.WriteLine($"     Kestrel on {baseUrl}, data dir {root}, pages {Path.Combine(repo, "pages")}; up with the demo dataset in {startup.Elapsed.TotalSeconds:0.0} s");

            // Check what the two requests return before timing them.
            var page0 = await FetchAsync(http, PageUrl(0), htmx: false);
            var frag0 = await FetchAsync(http, FragmentUrl(0), htmx: true);
            Check(page0, frag0);

            for (var i = 0; i < warmup; i++)
            {
                await FetchAsync(http, PageUrl(i), htmx: false);
                await FetchAsync(http, FragmentUrl(i), htmx: true);
            }

            var page = new List<Sample>(repeat);
            var frag = new List<Sample>(repeat);
            for (var i = 0; i < repeat; i++)
            {
                // Alternate which goes first: both use the same inputs, so the second one finds its queries cached.
                if (i % 2 == 0)
                {
                    page.Add(await FetchAsync(http, PageUrl(i), htmx: false));
                    frag.Add(await FetchAsync(http, FragmentUrl(i), htmx: true));
                }
                else
                {
                    frag.Add(await FetchAsync(http, FragmentUrl(i), htmx: true));
                    page.Add(await FetchAsync(http, PageUrl(i), htmx: false));
                }
            }

            Print(page, frag, repeat);
            Breakdown(page0, frag0);
            var ratio = frag.Average(s => (double)s.Bytes) / page.Average(s => (double)s.Bytes);
            Console.WriteLine();
            Console.WriteLine($"target fragment <= {TargetByteRatio:P0} of the page's bytes: {(ratio <= TargetByteRatio ? "PASS" : "FAIL")} ({ratio:P1})");
            return 0;
        }
        finally
        {
            try { if (!app.HasExited) { app.Kill(entireProcessTree: true); await app.WaitForExitAsync(); } } catch (InvalidOperationException) { /* gone */ }
            if (keep) Console.WriteLine($"kept {root} (app log: {log})");
            else try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    private sealed record Sample(string Url, int Status, long Bytes, long GzipBytes, string? ContentEncoding, double Ms, string Body, string? PushUrl);

    private static (int Year, string[] Channels) Inputs(int i) => (2021 + i % 5, ChannelSets[i / 5 % ChannelSets.Length]);

    private static string Channels(string[] channels) => string.Concat(channels.Select(c => "&channels=" + Uri.EscapeDataString(c)));

    private static string PageUrl(int i)
    {
        var (year, channels) = Inputs(i);
        return $"/reports/{Slug}?year={year}{Channels(channels)}";
    }

    private static string FragmentUrl(int i)
    {
        var (year, channels) = Inputs(i);
        return $"/reports/{Slug}?handler=Blocks&_changed=year&year={year}{Channels(channels)}";
    }

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

    private static void Print(List<Sample> page, List<Sample> frag, int repeat)
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
        Console.WriteLine($"## {Slug}: full page vs fragment after a year change, {repeat} each (years 2021–2025 × 7 channel sets, alternating order)");
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
        var fragIds = BlockStart().Matches(frag.Body).Select(m => m.Groups["id"].Value).ToHashSet();
        var inFrag = blocks.Where(b => fragIds.Contains(b.Id)).Sum(b => Len(b.Html));
        var other = blocks.Where(b => !fragIds.Contains(b.Id)).Sum(b => Len(b.Html));
        var scripts = ScriptOrStyle().Matches(body).Sum(m => Len(m.Value));
        var svgs = Svg().Matches(body).Sum(m => Len(m.Value));

        Console.WriteLine();
        Console.WriteLine($"where the page's {total:N0} bytes are (first request, year {Inputs(0).Year}):");
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

    [GeneratedRegex("[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex TagName();

    [GeneratedRegex(@"<(script|style)\b[\s\S]*?</\1>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<svg\b[\s\S]*?</svg>", RegexOptions.IgnoreCase)]
    private static partial Regex Svg();

    private static Process StartApp(string dll, string repo, string root, string baseUrl, string log)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.Environment["ASPNETCORE_URLS"] = baseUrl;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DataCharts__DataDir"] = Path.Combine(root, "data");
        psi.Environment["DataCharts__PagesDir"] = Path.Combine(repo, "pages");
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
        return p;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process app, string log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (app.HasExited) throw new InvalidOperationException($"The app exited with {app.ExitCode} before it listened; see {log}.");
            try
            {
                using var resp = await http.GetAsync($"/reports/{Slug}");
                if (resp.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not serve /reports/{Slug} within 180 s; see {log}.");
    }

    private static async Task<int> RunToEndAsync(string file, string[] args, string dir)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        await p.WaitForExitAsync();
        return p.ExitCode;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string? FindRepo()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln")) && Directory.Exists(Path.Combine(dir.FullName, "pages")))
                    return dir.FullName;
        return null;
    }

}
