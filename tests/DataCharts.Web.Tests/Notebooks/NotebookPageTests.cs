using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Notebooks;

/// <summary>The demo data with a report folder of its own, so "save as report" writes into a temp directory.</summary>
public sealed class NotebookAppFactory : AppFactory
{
    public string PagesDir { get; } = Path.Combine(Path.GetTempPath(), "dc-pages-" + Guid.NewGuid().ToString("N")[..10]);
    protected override bool DemoData => true;
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            Directory.CreateDirectory(PagesDir);
            return new Dictionary<string, string?> { ["DataCharts:PagesDir"] = PagesDir };
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(PagesDir, true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>The notebook page: autosave with per-cell revisions across tabs, run snapshots and stale marks, save as report.</summary>
public sealed partial class NotebookPageTests(NotebookAppFactory app) : IClassFixture<NotebookAppFactory>
{
    /// <summary>One open tab: the page as loaded, its antiforgery token, and the revisions it shows.</summary>
    private sealed class Tab(HttpClient client, string url, string html)
    {
        public string Html { get; private set; } = html;
        public string Token => TokenRx().Match(Html).Groups[1].Value;
        public int Rev(string cellId) => int.Parse(Regex.Match(Html, $"id=\"cell-{cellId}-rev\" name=\"rev\" value=\"(\\d+)\"").Groups[1].Value);

        public static async Task<Tab> OpenAsync(HttpClient client, string url)
        {
            var r = await client.GetAsync(url);
            var html = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, html);
            return new Tab(client, url, html);
        }

        public async Task<string> PostAsync(string handler, IDictionary<string, string>? form = null)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler={handler}") { Content = new FormUrlEncodedContent(form ?? new Dictionary<string, string>()) };
            req.Headers.Add("RequestVerificationToken", Token);
            req.Headers.Add("HX-Request", "true");
            var r = await client.SendAsync(req);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{handler}: {(int)r.StatusCode} {body}");
            return body;
        }

        public Task<string> SaveAsync(string cellId, string source, int rev) =>
            PostAsync($"SaveCell&cell={cellId}", new Dictionary<string, string> { ["source"] = source, ["rev"] = rev.ToString() });
    }

    [GeneratedRegex("\"requestToken\":\"([^\"]+)\"")]
    private static partial Regex TokenRx();

    private static async Task<JsonElement> CreateAsync(HttpClient c, string title, params object[] cells)
    {
        var r = await c.PostJsonAsync("/api/notebooks", new { title, data_id = "Demo sales", cells });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string CellId(JsonElement nb, int i) => nb.GetProperty("cells")[i].GetProperty("cell_id").GetString()!;

    [Fact]
    public async Task Two_tabs_editing_different_cells_both_save_and_a_stale_edit_of_the_same_cell_is_refused()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Two tabs", new { kind = "markdown", source = "cell A" }, new { kind = "markdown", source = "cell B" });
        var id = nb.GetProperty("notebook_id").GetString()!;
        var (a, b) = (CellId(nb, 0), CellId(nb, 1));
        var tab1 = await Tab.OpenAsync(c, $"/Analysis/{id}");
        var tab2 = await Tab.OpenAsync(c, $"/Analysis/{id}");
        Assert.Equal(0, tab1.Rev(a));
        Assert.Equal(0, tab2.Rev(b));

        var saved1 = await tab1.SaveAsync(a, "A from tab 1", tab1.Rev(a));
        Assert.Contains("Saved", saved1);
        Assert.Contains($"id=\"cell-{a}-rev\" name=\"rev\" value=\"1\"", saved1);
        var saved2 = await tab2.SaveAsync(b, "B from tab 2", tab2.Rev(b));
        Assert.Contains("Saved", saved2);
        Assert.DoesNotContain("conflict", saved2);

        var conflict = await tab2.SaveAsync(a, "A from tab 2", tab2.Rev(a));
        Assert.Contains("class=\"conflict\"", conflict);
        Assert.Contains("changed in another tab", conflict);
        var stored = await (await c.GetAsync($"/api/notebooks/{id}")).JsonAsync();
        Assert.Equal(["A from tab 1", "B from tab 2"], stored.GetProperty("cells").EnumerateArray().Select(x => x.GetProperty("source").GetString()));

        // After a reload tab 2 has the new revision and can save.
        tab2 = await Tab.OpenAsync(c, $"/Analysis/{id}");
        Assert.Contains("A from tab 1", tab2.Html);
        Assert.Contains("Saved", await tab2.SaveAsync(a, "A from tab 2, after reload", tab2.Rev(a)));
    }

    [Fact]
    public async Task Save_as_report_writes_a_file_that_renders_as_a_report_page()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Channel notes",
            new { kind = "markdown", source = "Revenue by **channel** in the North." },
            new { kind = "sql", name = "by_channel", source = "SELECT channel, COUNT(*) AS orders FROM orders WHERE region = 'North' GROUP BY channel ORDER BY channel" });
        var id = nb.GetProperty("notebook_id").GetString()!;
        var tab = await Tab.OpenAsync(c, $"/Analysis/{id}");
        var saved = await tab.PostAsync("SaveAsReport");
        var url = Regex.Match(saved, "href=\"(/reports/[^\"]+)\"").Groups[1].Value;
        Assert.Equal("/reports/channel-notes", url);
        var file = Path.Combine(app.PagesDir, "channel-notes.md");
        Assert.True(File.Exists(file), saved);
        Assert.Contains("```sql by_channel", await File.ReadAllTextAsync(file));

        var page = await c.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Channel notes", html);
        Assert.Contains("<strong>channel</strong>", html);
        Assert.Contains("Online", html);

        // Saving again does not overwrite silently.
        var again = await tab.PostAsync("SaveAsReport");
        Assert.Contains("already exists", again);
        Assert.Contains("overwrite=true", again);
    }

    [Fact]
    public async Task Adding_a_cell_of_an_unknown_kind_is_refused_with_the_kinds_and_adds_nothing()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Kinds", new { kind = "markdown", source = "only cell" });
        var id = nb.GetProperty("notebook_id").GetString()!;
        var tab = await Tab.OpenAsync(c, $"/Analysis/{id}");

        using var req = new HttpRequestMessage(HttpMethod.Post, $"/Analysis/{id}?handler=Add&kind=Bogus") { Content = new FormUrlEncodedContent([]) };
        req.Headers.Add("RequestVerificationToken", tab.Token);
        req.Headers.Add("HX-Request", "true");
        var r = await c.SendAsync(req);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.StartsWith("\"Bogus\" is not a cell kind", problem.GetProperty("detail").GetString());
        Assert.Contains("Question", body);

        var after = JsonDocument.Parse(await c.GetStringAsync($"/api/notebooks/{id}")).RootElement;
        Assert.Equal(1, after.GetProperty("cells").GetArrayLength());
        Assert.Contains("Sql", await tab.PostAsync("Add&kind=sql")); // a known kind, in any case, still adds
    }

    [Fact]
    public async Task A_run_records_the_row_count_and_a_later_edit_marks_the_cell_stale()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Snapshots", new { kind = "sql", name = "regions", source = "SELECT DISTINCT region FROM orders ORDER BY region" });
        var id = nb.GetProperty("notebook_id").GetString()!;
        var cell = CellId(nb, 0);
        var tab = await Tab.OpenAsync(c, $"/Analysis/{id}");
        Assert.Contains("not run yet", tab.Html);

        var ran = await tab.PostAsync($"Run&cell={cell}");
        Assert.Contains("5 rows", ran);
        Assert.Contains("Central", ran);
        Assert.DoesNotContain("stale-badge", ran);
        tab = await Tab.OpenAsync(c, $"/Analysis/{id}");
        Assert.Contains("5 rows", tab.Html);
        Assert.DoesNotContain($"class=\"cell cell-sql stale\" id=\"cell-{cell}\"", tab.Html);

        var saved = await tab.SaveAsync(cell, "SELECT DISTINCT region FROM orders WHERE region <> 'North' ORDER BY region", tab.Rev(cell));
        Assert.Contains("Edited since the last run", saved);
        tab = await Tab.OpenAsync(c, $"/Analysis/{id}");
        Assert.Contains($"class=\"cell cell-sql stale\" id=\"cell-{cell}\"", tab.Html);
        Assert.Contains("stale: edited since the last run", tab.Html);
        Assert.Contains("5 rows", tab.Html);
        Assert.True((await (await c.GetAsync($"/api/notebooks/{id}")).JsonAsync()).GetProperty("cells")[0].GetProperty("stale").GetBoolean());

        // Running again clears the mark with the new count.
        var again = await tab.PostAsync($"Run&cell={cell}");
        Assert.Contains("4 rows", again);
        Assert.DoesNotContain("stale-badge", again);
    }

    [Fact]
    public async Task A_select_input_syncs_its_requests_on_itself_since_no_form_surrounds_it()
    {
        // Regression: hx-sync="closest form:replace" found no form, so htmx threw and a changed select re-ran nothing.
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Select sync", new { kind = "input", name = "region", source = "type: select\noptions: North, South" });
        var html = (await Tab.OpenAsync(c, $"/Analysis/{nb.GetProperty("notebook_id").GetString()}")).Html;
        var select = Regex.Match(html, "<select id=\"in-region\"[^>]*>").Value;
        Assert.Contains("_changed=region", select);
        Assert.Contains("hx-sync=\"this:replace\"", select);
        Assert.DoesNotContain("closest form", select);
    }
}
