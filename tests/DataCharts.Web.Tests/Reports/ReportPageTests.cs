using System.Net;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using MiniExcelLibs;

namespace DataCharts.Web.Tests.Reports;

/// <summary>/reports/{slug}: a Markdown file in the report folder becomes a live page whose inputs live in the URL.</summary>
public sealed class ReportPageTests(ReportApp app) : IClassFixture<ReportApp>
{
    /// <summary>
    /// Blocks: 0 Markdown, 1 input year, 2 input channels, 3 sql by_region, 4 chart, 5 sql customers, 6 Markdown.
    /// Year 2024, every channel: East 75 (1 order), North 300.5 (2), South 50 (1). Year 2023: East 25, South 400.
    /// </summary>
    private string ShopReport(string title = "Shop <b>report</b>") => $$"""
        ---
        title: {{title}}
        data: {{app.Shop}}
        ---
        # Revenue by region

        Some *intro* text. <script>alert('md')</script> and <img src=x onerror=alert(2)>
        [a trap](javascript:alert(3))

        ```input year
        type: slider
        min: 2023
        max: 2024
        default: 2024
        ```

        ```input channels
        type: multiselect
        options: Online, Retail, Partner
        ```

        ```sql by_region
        SELECT region, SUM(revenue) AS revenue, COUNT(*) AS orders
        FROM orders
        WHERE YEAR(order_date) = $year AND list_contains($channels, channel)
        GROUP BY region ORDER BY region
        ```

        ```chart
        data: by_region
        type: bar
        x: region
        y: revenue
        title: Revenue by region
        ```

        ```sql customers
        SELECT customer, revenue FROM orders ORDER BY order_id
        ```

        That is all.
        """;

    private HttpClient Client() => app.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<string> PageAsync(string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var c = Client();
        var r = await c.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{url}: {(int)r.StatusCode}\n{body}");
        return body;
    }

    private static List<string[]> Table(string html, int block) => Html.Rows(Html.Element(html, "block-" + block));

    [Fact]
    public async Task A_report_renders_its_title_markdown_table_and_chart_image()
    {
        app.Write("shop.md", ShopReport());
        var html = await PageAsync("/reports/shop");
        Assert.Contains("<title>Shop &lt;b&gt;report&lt;/b&gt; &#xB7; DataCharts</title>", html);
        Assert.Contains("<h1>Shop &lt;b&gt;report&lt;/b&gt;</h1>", html);
        Assert.Contains("<h1>Revenue by region</h1>", Html.Element(html, "block-0"));
        Assert.Contains("<em>intro</em>", html);
        Assert.Contains("That is all.", Html.Element(html, "block-6"));

        Assert.Equal([["East", "$75.00", "1"], ["North", "$300.50", "2"], ["South", "$50.00", "1"]], Table(html, 3));
        Assert.Equal(6, Table(html, 5).Count);

        var chart = Html.Element(html, "block-4");
        var img = System.Text.RegularExpressions.Regex.Match(chart, "<img class=\"chart-img\" src=\"([^\"]+)\"");
        Assert.True(img.Success, chart);
        var src = WebUtility.HtmlDecode(img.Groups[1].Value);
        Assert.StartsWith("/reports/shop?handler=Chart&block=4&_format=png&", src);
        Assert.Contains("year=2024", src);
        using var c = Client();
        var png = await c.GetAsync(src);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);

        // The report appears in the side navigation and the share link carries the inputs.
        Assert.Contains("href=\"/reports/shop\" aria-current=\"true\"", html);
        Assert.Contains("id=\"share-link\"", html);
        Assert.Contains("/reports/shop?year=2024&amp;channels=Online&amp;channels=Retail&amp;channels=Partner", html);
    }

    [Fact]
    public async Task Inputs_in_the_query_string_change_the_numbers_shown()
    {
        app.Write("inputs.md", ShopReport());
        var y2023 = await PageAsync("/reports/inputs?year=2023");
        Assert.Equal([["East", "$25.00", "1"], ["South", "$400.00", "1"]], Table(y2023, 3));
        Assert.Contains("value=\"2023\"", Html.Element(y2023, "block-1"));

        var online = await PageAsync("/reports/inputs?year=2024&channels=Online");
        Assert.Equal([["North", "$100.50", "1"], ["South", "$50.00", "1"]], Table(online, 3));
        var boxes = Html.Element(online, "block-2");
        Assert.Matches("value=\"Online\" checked=\"checked\"", boxes);
        Assert.DoesNotMatch("value=\"Retail\" checked", boxes);

        // Every box unticked: the form sends only the empty companion value, and nothing matches.
        var none = await PageAsync("/reports/inputs?year=2024&channels=");
        Assert.Contains("No rows.", Html.Element(none, "block-3"));
        Assert.Contains("No rows to draw", Html.Element(none, "block-4"));
        // The share link keeps "nothing chosen" apart from "not given" (which would mean every channel).
        Assert.Contains("href=\"/reports/inputs?year=2024&amp;channels=\" id=\"share-link\"", none);
    }

    [Fact]
    public async Task An_invalid_input_value_shows_an_inline_message_and_the_default()
    {
        app.Write("invalid.md", ShopReport());
        var html = await PageAsync("/reports/invalid?year=1999&channels=Mail%20order");
        var year = Html.Element(html, "block-1");
        Assert.Contains("role=\"alert\"", year);
        Assert.Contains("line 10", year);
        Assert.Contains("year must be between 2023 and 2024; 1999 is not. Showing the default instead.", year);
        Assert.Contains("value=\"2024\"", year);
        Assert.Contains("&quot;Mail order&quot; is not an option of channels", Html.Element(html, "block-2"));
        Assert.Equal([["East", "$75.00", "1"], ["North", "$300.50", "2"], ["South", "$50.00", "1"]], Table(html, 3));
        Assert.Contains("/reports/invalid?year=2024&amp;channels=Online", html);
    }

    [Fact]
    public async Task Raw_html_in_markdown_data_titles_and_inputs_is_escaped()
    {
        app.Write("escape.md", ShopReport());
        var html = await PageAsync("/reports/escape?year=%3Cscript%3Ealert(9)%3C/script%3E");
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>report", html);
        Assert.DoesNotContain("javascript:", html);
        var md = Html.Element(html, "block-0");
        Assert.Contains("&lt;script&gt;alert(", md);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", md);
        var customers = Table(html, 5);
        Assert.Equal("<script>alert('data')</script>", customers[4][0]);
        Assert.Equal("<img src=x onerror=alert(1)>", customers[5][0]);
        Assert.Contains("&lt;script&gt;alert(", Html.Element(html, "block-1"));
    }

    [Fact]
    public async Task Errors_show_inline_with_their_line_and_the_rest_of_the_page_renders()
    {
        app.Write("broken.md", $"""
            ---
            title: Broken bits
            data: {app.Shop}
            ---
            Before the errors.

            ```sql bad
            SELECT nope FROM orders
            ```

            ```chart
            data: bad
            x: a
            y: b
            type: donut
            ```

            ```chart
            data: bad
            x: a
            y: b
            ```

            ```sql fine
            SELECT COUNT(*) AS n FROM orders
            ```

            ```sql files
            SELECT * FROM read_csv('/etc/passwd')
            ```
            After the errors.
            """);
        var html = await PageAsync("/reports/broken");
        Assert.Contains("Before the errors.", Html.Element(html, "block-0"));
        var bad = Html.Element(html, "block-1");
        Assert.Contains("role=\"alert\"", bad);
        Assert.Contains("Line 8, column 8: Query failed.", bad);
        Assert.Contains("data-error-line=\"8\" data-error-column=\"8\"", bad);
        Assert.Contains("nope", bad);
        var donut = Html.Element(html, "block-2");
        Assert.Contains("chart block, line 11", donut);
        Assert.Contains("Line 15: &quot;donut&quot; is not a chart type", donut);
        Assert.Contains("Line 19: the chart has no rows because the sql block &quot;bad&quot; (line 7) failed", Html.Element(html, "block-3"));
        Assert.Equal([["6"]], Table(html, 4));
        var files = Html.Element(html, "block-5");
        Assert.Contains("Line 29, column 15: SQL refused by the guard", files);
        Assert.Contains("read_csv", files);
        Assert.DoesNotContain("root:", html);
        Assert.Contains("After the errors.", Html.Element(html, "block-6"));
    }

    [Fact]
    public async Task A_report_naming_an_unknown_dataset_says_so_at_the_front_matter()
    {
        app.Write("nodata.md", "---\ntitle: No data\ndata: Nothing here\n---\n```sql q\nSELECT 1\n```\nStill here.");
        var html = await PageAsync("/reports/nodata");
        Assert.Contains("front matter", html);
        Assert.Contains("Line 3: there is no dataset &quot;Nothing here&quot;", html);
        Assert.Contains("Still here.", html);
    }

    [Fact]
    public async Task Files_added_changed_and_deleted_while_running_show_without_a_restart()
    {
        await PageAsync("/reports/fresh", HttpStatusCode.NotFound);
        Assert.DoesNotContain("Fresh numbers", await PageAsync("/Reports"));

        app.Write("fresh.md", $"---\ntitle: Fresh numbers\ndata: {app.Shop}\n---\nFirst version.\n\n```sql n\nSELECT COUNT(*) AS n FROM orders\n```\n");
        var list = await PageAsync("/Reports");
        Assert.Contains("<a href=\"/reports/fresh\">Fresh numbers", list);
        var first = await PageAsync("/reports/fresh");
        Assert.Contains("First version.", first);
        Assert.Equal([["6"]], Table(first, 1));

        app.Write("fresh.md", $"---\ntitle: Fresh numbers, again\ndata: {app.Shop}\n---\nSecond version, longer.\n\n```sql n\nSELECT COUNT(*) AS n FROM orders WHERE region = 'North'\n```\n");
        var second = await PageAsync("/reports/fresh");
        Assert.Contains("Second version, longer.", second);
        Assert.DoesNotContain("First version.", second);
        Assert.Contains("<h1>Fresh numbers, again</h1>", second);
        Assert.Equal([["2"]], Table(second, 1));

        app.Delete("fresh.md");
        await PageAsync("/reports/fresh", HttpStatusCode.NotFound);
        Assert.DoesNotContain("/reports/fresh", await PageAsync("/Reports"));
    }

    [Fact]
    public async Task Changing_an_input_returns_only_the_affected_blocks_out_of_band_and_pushes_the_url()
    {
        app.Write("blocks.md", ShopReport());
        using var c = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/blocks?handler=Blocks&_changed=year&year=2023&channels=&channels=Online&channels=Partner");
        request.Headers.Add("HX-Request", "true");
        var r = await c.SendAsync(request);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("/reports/blocks?year=2023&channels=Online&channels=Partner", Assert.Single(r.Headers.GetValues("HX-Push-Url")));

        var ids = System.Text.RegularExpressions.Regex.Matches(html, "id=\"(block-[\\w-]+)\" hx-swap-oob=\"outerHTML\"").Select(m => m.Groups[1].Value);
        // Only what the inputs change: the rows of the query and the image of its chart. The input itself is not sent
        // back (the browser shows it already) unless its value was refused; nor are the SQL text and the download links.
        Assert.Equal(["block-3-live", "block-4-live"], ids);
        Assert.DoesNotContain("list_contains", html);
        Assert.DoesNotContain("_format=csv", html);
        Assert.DoesNotContain("Revenue by region</h1>", html);
        Assert.DoesNotContain("id=\"block-2\"", html);
        Assert.DoesNotContain("id=\"block-5\"", html);
        Assert.DoesNotContain("<html", html);
        Assert.Equal([["East", "$25.00", "1"], ["South", "$400.00", "1"]], Html.Rows(Html.Element(html, "block-3-live")));
        Assert.Contains("year=2023", Html.Element(html, "block-4-live"));

        // Changing the channels re-runs the same query; the text of a block that does not use it stays out.
        using var r2 = new HttpRequestMessage(HttpMethod.Get, "/reports/blocks?handler=Blocks&_changed=channels&year=2024&channels=&channels=Retail");
        r2.Headers.Add("HX-Request", "true");
        var html2 = await (await c.SendAsync(r2)).Content.ReadAsStringAsync();
        Assert.Equal(["block-3-live", "block-4-live"], System.Text.RegularExpressions.Regex.Matches(html2, "id=\"(block-[\\w-]+)\" hx-swap-oob").Select(m => m.Groups[1].Value));
        Assert.Equal([["East", "$75.00", "1"], ["North", "$200.00", "1"]], Html.Rows(Html.Element(html2, "block-3-live")));
    }

    [Fact]
    public async Task The_chart_handler_draws_a_real_png_and_svg_for_the_inputs_given()
    {
        app.Write("chart.md", ShopReport());
        using var c = Client();
        var png = await c.GetAsync("/reports/chart?handler=Chart&block=4&_format=png&year=2024");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 2000, $"a {bytes.Length}-byte PNG is too small to hold a chart");
        Assert.Null(png.Content.Headers.ContentDisposition);
        var other = await c.GetByteArrayAsync("/reports/chart?handler=Chart&block=4&_format=png&year=2023");
        Assert.NotEqual(bytes, other);

        var svg = await c.GetAsync("/reports/chart?handler=Chart&block=4&_format=svg&year=2024");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var text = await svg.Content.ReadAsStringAsync();
        Assert.Contains("<svg", text);
        Assert.Contains("Revenue by region", text);
        Assert.Contains("North", text);

        var download = await c.GetAsync("/reports/chart?handler=Chart&block=4&_format=svg&_download=true");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("chart-revenue-by-region.svg", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);

        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/reports/chart?handler=Chart&block=3&_format=png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/reports/chart?handler=Chart&block=99&_format=png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/reports/nope?handler=Chart&block=4&_format=png")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/reports/chart?handler=Chart&block=4&_format=gif")).StatusCode);
    }

    [Fact]
    public async Task The_export_handler_gives_the_rows_as_csv_xlsx_json_and_parquet()
    {
        app.Write("export.md", ShopReport());
        using var c = Client();
        const string query = "&year=2023";
        string[][] expected = [["East", "25", "1"], ["South", "400", "1"]];

        async Task<HttpResponseMessage> Get(string format)
        {
            var r = await c.GetAsync($"/reports/export?handler=Export&block=3&_format={format}{query}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("attachment", r.Content.Headers.ContentDisposition?.DispositionType);
            var name = r.Content.Headers.ContentDisposition?.FileNameStar ?? r.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            Assert.Equal($"export-by_region.{format}", name);
            return r;
        }

        var csv = await Get("csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["region,revenue,orders", "East,25,1", "South,400,1"], lines);

        var xlsx = await Get("xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using (var ms = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        {
            var rows = ms.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(expected, rows.Select(r => new[] { $"{r["region"]}", Convert.ToDouble(r["revenue"]).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{r["orders"]}" }));
        }

        var json = await Get("json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["region", "revenue", "orders"], doc.GetProperty("columns").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        Assert.Equal(expected, doc.GetProperty("rows").EnumerateArray().Select(r => new[] { r.GetProperty("region").GetString()!, r.GetProperty("revenue").GetRawText(), r.GetProperty("orders").GetRawText() }));

        var parquet = await Get("parquet");
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(Path.GetTempPath(), "dc-report-" + Guid.NewGuid().ToString("N")[..8] + ".parquet");
        try
        {
            await File.WriteAllBytesAsync(file, await parquet.Content.ReadAsByteArrayAsync());
            using var duck = new DuckDBConnection("Data Source=:memory:");
            duck.Open();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"SELECT region, CAST(revenue AS VARCHAR), CAST(orders AS VARCHAR) FROM read_parquet('{file}') ORDER BY region";
            using var reader = cmd.ExecuteReader();
            var rows = new List<string[]>();
            while (reader.Read()) rows.Add([reader.GetString(0), reader.GetString(1).Replace(".0", ""), reader.GetString(2)]);
            Assert.Equal(expected, rows);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/reports/export?handler=Export&block=3&_format=docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/reports/export?handler=Export&block=4&_format=csv")).StatusCode);
    }

    [Fact]
    public async Task A_download_holds_every_row_even_past_the_row_cap_with_the_inputs_applied()
    {
        // The page shows at most the row cap (10,000); the CSV streams all 25,000 rows at or above the input's value.
        app.Write("big.md", $"---\ndata: {app.Shop}\n---\n```input from\ntype: slider\nmin: 0\nmax: 100\ndefault: 0\n```\n```sql big\nSELECT range AS i FROM range(25000 + $from) WHERE range >= $from\n```\n");
        var page = await PageAsync("/reports/big?from=7");
        Assert.Contains("10,000", page);
        using var c = Client();
        var csv = await c.GetStringAsync("/reports/big?handler=Export&block=1&_format=csv&from=7");
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(25001, lines.Length);
        Assert.Equal("7", lines[1].TrimEnd('\r'));
        Assert.Equal("25006", lines[^1].TrimEnd('\r'));
    }

    [Fact]
    public async Task The_rows_handler_pages_a_long_table()
    {
        app.Write("long.md", $"---\ndata: {app.Shop}\n---\n```sql many\nSELECT range AS i FROM range(120)\n```\n");
        var page = await PageAsync("/reports/long");
        Assert.Contains("Page 1 of", page);
        var second = await PageAsync("/reports/long?handler=Rows&block=0&_page=1");
        Assert.Contains("Page 2 of", second);
        Assert.DoesNotContain("<html", second);
        Assert.NotEqual(Html.Rows(page)[0][0], Html.Rows(second)[0][0]);
    }

    [Fact]
    public async Task An_unknown_report_is_404()
    {
        await PageAsync("/reports/does-not-exist", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_event_stream_says_changed_with_the_slug_after_its_file_is_written()
    {
        app.Write("live.md", "---\ntitle: Live\n---\nOne.");
        using var c = app.CreateClient();
        c.Timeout = TimeSpan.FromSeconds(30);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await c.GetAsync("/api/reports/events?slug=live", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        async Task<(string Event, string Data)> NextAsync()
        {
            string? ev = null, data = null;
            while (true)
            {
                var line = await reader.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("the stream ended");
                if (line.StartsWith("event: ", StringComparison.Ordinal)) ev = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                else if (line.Length == 0 && (ev ?? data) is not null) return (ev ?? "message", data ?? "");
            }
        }

        Assert.Equal("ready", (await NextAsync()).Event);
        // Another file's change is not this page's business; this file's change is.
        app.Write("other-live.md", "---\ntitle: Other\n---\nTwo.");
        await Task.Delay(400, cts.Token);
        app.Write("live.md", "---\ntitle: Live\n---\nOne, changed.");
        var next = await NextAsync();
        while (next.Event == "ping") next = await NextAsync();
        Assert.Equal(("changed", "live"), next);
    }
}
