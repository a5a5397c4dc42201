using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Notebooks;

/// <summary>/api/notebooks as scripts use it (PRODUCT.md §4), on the demo dataset.</summary>
public sealed partial class NotebookApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static async Task<string> DemoIdAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/data")).JsonAsync()).EnumerateArray().First(d => d.GetProperty("name").GetString() == "Demo sales").GetProperty("data_id").GetString()!;

    private static async Task<JsonElement> CreateAsync(HttpClient c, string title, object[]? cells = null)
    {
        var r = await c.PostJsonAsync("/api/notebooks", new { title, data_id = await DemoIdAsync(c), cells });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> RunAsync(HttpClient c, string id, object body) => c.PostJsonAsync($"/api/notebooks/{id}/run", body).ContinueWith(t => OkAsync(t.Result)).Unwrap();

    private static JsonElement CellResult(JsonElement run, string id) => run.GetProperty("cells").EnumerateArray().Single(x => x.GetProperty("cell_id").GetString() == id);

    private static string[] Names(JsonElement o) => o.EnumerateObject().Select(p => p.Name).ToArray();

    private static void AssertSnakeCase(JsonElement o, params string[] required)
    {
        var names = Names(o);
        foreach (var n in names) Assert.Matches(SnakeCase(), n);
        foreach (var r in required) Assert.Contains(r, names);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    [Fact]
    public async Task Create_list_get_and_delete_speak_snake_case()
    {
        using var c = app.CreateClient();
        var dataId = await DemoIdAsync(c);
        var r = await c.PostJsonAsync("/api/notebooks", new { title = "Api basics", data_id = dataId });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var nb = await r.JsonAsync();
        var id = nb.GetProperty("notebook_id").GetString()!;
        Assert.StartsWith("nb_", id);
        Assert.Equal($"/api/notebooks/{id}", r.Headers.Location?.OriginalString);
        AssertSnakeCase(nb, "notebook_id", "title", "data_id", "published", "version", "created_at", "updated_at", "cells");
        Assert.Equal("Api basics", nb.GetProperty("title").GetString());
        Assert.Equal(dataId, nb.GetProperty("data_id").GetString());
        Assert.False(nb.GetProperty("published").GetBoolean());
        Assert.Equal(1, nb.GetProperty("version").GetInt64());
        var cell = Assert.Single(nb.GetProperty("cells").EnumerateArray());
        AssertSnakeCase(cell, "cell_id", "kind", "source", "stale");
        Assert.Equal("markdown", cell.GetProperty("kind").GetString());

        var list = await OkAsync(await c.GetAsync("/api/notebooks"));
        var summary = list.EnumerateArray().Single(x => x.GetProperty("notebook_id").GetString() == id);
        AssertSnakeCase(summary, "notebook_id", "title", "data_id", "published", "version", "cell_count", "created_at", "updated_at");
        Assert.Equal(1, summary.GetProperty("cell_count").GetInt32());

        var got = await OkAsync(await c.GetAsync($"/api/notebooks/{id}"));
        Assert.Equal(cell.GetProperty("cell_id").GetString(), got.GetProperty("cells")[0].GetProperty("cell_id").GetString());

        // The data may be named instead of given by id.
        var byName = await c.PostJsonAsync("/api/notebooks", new { title = "By name", data_id = "Demo sales" });
        Assert.Equal(HttpStatusCode.Created, byName.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/notebooks/{id}")).StatusCode);
        await (await c.GetAsync($"/api/notebooks/{id}")).AssertProblemAsync(404, id);
        Assert.DoesNotContain((await OkAsync(await c.GetAsync("/api/notebooks"))).EnumerateArray(), x => x.GetProperty("notebook_id").GetString() == id);
    }

    [Fact]
    public async Task A_put_with_an_old_version_is_a_409_and_overwrites_nothing()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Versions");
        var id = nb.GetProperty("notebook_id").GetString()!;
        var v = nb.GetProperty("version").GetInt64();
        var put = await OkAsync(await c.PutAsJsonAsync($"/api/notebooks/{id}/cells", new
        {
            version = v,
            cells = new object[] { new { kind = "markdown", source = "first text" }, new { kind = "sql", source = "SELECT 1 AS x", name = "q" } },
        }));
        var v2 = put.GetProperty("version").GetInt64();
        Assert.True(v2 > v);
        Assert.Equal(["markdown", "sql"], put.GetProperty("cells").EnumerateArray().Select(x => x.GetProperty("kind").GetString()));
        var kept = put.GetProperty("cells")[0].GetProperty("cell_id").GetString()!;

        // Keeping a cell id keeps the cell.
        var again = await OkAsync(await c.PutAsJsonAsync($"/api/notebooks/{id}/cells", new
        {
            version = v2,
            cells = new object[] { new { cell_id = kept, kind = "markdown", source = "first text, edited" }, new { kind = "sql", source = "SELECT 1 AS x", name = "q" } },
        }));
        Assert.Equal(kept, again.GetProperty("cells")[0].GetProperty("cell_id").GetString());

        var stale = await c.PutAsJsonAsync($"/api/notebooks/{id}/cells", new { version = v2, cells = new object[] { new { kind = "markdown", source = "lost update" } } });
        await stale.AssertProblemAsync(409, "version", "load it again");
        var after = await OkAsync(await c.GetAsync($"/api/notebooks/{id}"));
        Assert.Equal(again.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(["first text, edited", "SELECT 1 AS x"], after.GetProperty("cells").EnumerateArray().Select(x => x.GetProperty("source").GetString()));

        // Without a version there is no blind overwrite either.
        await (await c.PutAsJsonAsync($"/api/notebooks/{id}/cells", new { cells = new object[] { new { kind = "markdown", source = "x" } } })).AssertProblemAsync(400, "version");
    }

    [Fact]
    public async Task Inputs_are_values_bound_to_the_sql_never_sql_text()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Inputs",
        [
            new { kind = "input", name = "region", source = "type: select\noptions: North, South\ndefault: North" },
            new { kind = "sql", name = "by_region", source = "SELECT COUNT(*) AS n FROM orders WHERE region = $region" },
            new { kind = "input", name = "who", source = "type: text\ndefault: North" },
            new { kind = "sql", name = "by_text", source = "SELECT region FROM orders WHERE region = $who" },
        ]);
        var id = nb.GetProperty("notebook_id").GetString()!;
        var sqlId = nb.GetProperty("cells")[1].GetProperty("cell_id").GetString()!;
        var textId = nb.GetProperty("cells")[3].GetProperty("cell_id").GetString()!;

        var north = CellResult(await RunAsync(c, id, new { inputs = new { region = "North" } }), sqlId);
        var south = CellResult(await RunAsync(c, id, new { inputs = new { region = new[] { "South" } } }), sqlId);
        Assert.Null(north.GetProperty("error").GetString());
        Assert.Equal(["n"], north.GetProperty("columns").EnumerateArray().Select(x => x.GetString()));
        var n = north.GetProperty("rows")[0][0].GetInt64();
        var s = south.GetProperty("rows")[0][0].GetInt64();
        Assert.True(n > 0 && s > 0 && n != s, $"North {n}, South {s}");

        var text = CellResult(await RunAsync(c, id, new { cell_id = textId, inputs = new { who = "South" } }), textId);
        Assert.Null(text.GetProperty("error").GetString());
        Assert.Equal(s, text.GetProperty("row_count").GetInt64());
        Assert.All(text.GetProperty("rows").EnumerateArray(), r => Assert.Equal("South", r[0].GetString()));

        var hostile = CellResult(await RunAsync(c, id, new { cell_id = textId, inputs = new { who = "x' OR 1=1 --" } }), textId);
        Assert.Null(hostile.GetProperty("error").GetString());
        Assert.Equal(0, hostile.GetProperty("row_count").GetInt64());

        // Only the cell asked for comes back, and its snapshot is recorded.
        var one = await RunAsync(c, id, new { cell_id = sqlId, inputs = new { region = "South" } });
        Assert.Equal(sqlId, Assert.Single(one.GetProperty("cells").EnumerateArray()).GetProperty("cell_id").GetString());
        var got = await OkAsync(await c.GetAsync($"/api/notebooks/{id}"));
        var snap = got.GetProperty("cells")[1];
        Assert.False(snap.GetProperty("stale").GetBoolean());
        Assert.Equal(1, snap.GetProperty("snapshot").GetProperty("row_count").GetInt64());

        await (await c.PostJsonAsync($"/api/notebooks/{id}/run", new { cell_id = "c_nope" })).AssertProblemAsync(404, "c_nope");
    }

    [Fact]
    public async Task A_cell_reading_a_file_gets_an_error_not_a_500()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Guard", [new { kind = "sql", name = "leak", source = "SELECT * FROM read_csv('/etc/passwd')" }]);
        var id = nb.GetProperty("notebook_id").GetString()!;
        var cell = CellResult(await RunAsync(c, id, new { }), nb.GetProperty("cells")[0].GetProperty("cell_id").GetString()!);
        Assert.False(string.IsNullOrWhiteSpace(cell.GetProperty("error").GetString()));
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("rows").ValueKind);
        Assert.DoesNotContain("root:", cell.GetRawText());
    }

    private static readonly object[] ReportCells =
    [
        new { kind = "markdown", source = "# Regions\n\nRevenue **by region**." },
        new { kind = "input", name = "region", source = "type: select\noptions: North, South\ndefault: North" },
        new { kind = "sql", name = "by_channel", source = "SELECT channel, ROUND(SUM(revenue), 2) AS revenue\nFROM orders\nWHERE region = $region\nGROUP BY channel\nORDER BY channel" },
        new { kind = "chart", source = "data: by_channel\ntype: bar\nx: channel\ny: revenue" },
    ];

    [Fact]
    public async Task Markdown_export_is_a_report_file_that_reads_back_as_the_same_cells()
    {
        using var c = app.CreateClient();
        var nb = await CreateAsync(c, "Round trip", ReportCells);
        var id = nb.GetProperty("notebook_id").GetString()!;
        var r = await c.GetAsync($"/api/notebooks/{id}/export?format=md");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/markdown", r.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".md", r.Content.Headers.ContentDisposition?.FileNameStar ?? r.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var md = await r.Content.ReadAsStringAsync();
        var doc = ReportParser.Parse(md, "fallback");
        Assert.Equal("Round trip", doc.Title);
        Assert.DoesNotContain(doc.Blocks, b => b is ErrorBlock);
        var back = NotebookDocument.FromReport(doc);
        var original = nb.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(original.Count, back.Count);
        for (var i = 0; i < back.Count; i++)
        {
            Assert.Equal(original[i].GetProperty("kind").GetString(), back[i].Kind.ToString().ToLowerInvariant());
            Assert.Equal(original[i].GetProperty("name").GetString(), back[i].Name);
            Assert.Equal(original[i].GetProperty("source").GetString()!.Trim(), back[i].Source.Trim());
        }
    }

    [Fact]
    public async Task Html_export_is_standalone_with_values_and_inline_png_and_no_script()
    {
        using var c = app.CreateClient();
        var cells = ReportCells.Append(new { kind = "markdown", source = "Careful: <script>alert('x')</script> <img src=x onerror=alert(1)>" }).ToArray();
        var nb = await CreateAsync(c, "Html export", cells);
        var id = nb.GetProperty("notebook_id").GetString()!;
        var r = await c.GetAsync($"/api/notebooks/{id}/export?format=html");
        var html = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Security-Policy", html);
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
        // The table holds the rows for the default input (North).
        foreach (var channel in new[] { "Online", "Retail", "Partner" }) Assert.Contains($">{channel}<", html);
        var run = CellResult(await RunAsync(c, id, new { inputs = new { region = "North" } }), nb.GetProperty("cells")[2].GetProperty("cell_id").GetString()!);
        var revenue = run.GetProperty("rows")[0][1].GetDouble();
        Assert.True(html.Contains(revenue.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)) || html.Contains(revenue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            $"{revenue} not in the export");
        // Default format is html; unknown formats are refused.
        Assert.Equal("text/html", (await c.GetAsync($"/api/notebooks/{id}/export")).Content.Headers.ContentType?.MediaType);
        await (await c.GetAsync($"/api/notebooks/{id}/export?format=docx")).AssertProblemAsync(400, "format");
    }

    [Fact]
    public async Task Pinning_an_ask_answer_adds_a_question_cell_with_its_sql()
    {
        using var c = app.CreateClient();
        var dataId = await DemoIdAsync(c);
        const string question = "What is the total revenue by region?";
        var answer = await OkAsync(await c.PostJsonAsync("/api/ask", new { data_id = dataId, question }));
        var nb = await CreateAsync(c, "Pinned");
        var id = nb.GetProperty("notebook_id").GetString()!;
        var pinned = await OkAsync(await c.PostJsonAsync($"/api/notebooks/{id}/pin", new { message_id = answer.GetProperty("message_id").GetString() }));
        var cell = pinned.GetProperty("cells").EnumerateArray().Last();
        Assert.Equal("question", cell.GetProperty("kind").GetString());
        Assert.Equal(question, cell.GetProperty("source").GetString());
        Assert.Equal(answer.GetProperty("sql").GetString(), cell.GetProperty("sql").GetString());
        Assert.Equal(answer.GetProperty("row_count").GetInt64(), cell.GetProperty("snapshot").GetProperty("row_count").GetInt64());
        Assert.False(cell.GetProperty("stale").GetBoolean());
        Assert.Contains("type: bar", cell.GetProperty("chart").GetString());

        // Running it again gives the same rows; pinning an unknown message is a 404.
        var run = CellResult(await RunAsync(c, id, new { cell_id = cell.GetProperty("cell_id").GetString() }), cell.GetProperty("cell_id").GetString()!);
        Assert.Equal(answer.GetProperty("row_count").GetInt64(), run.GetProperty("row_count").GetInt64());
        await (await c.PostJsonAsync($"/api/notebooks/{id}/pin", new { message_id = "msg_nope" })).AssertProblemAsync(404);
        await (await c.PostJsonAsync($"/api/notebooks/{id}/pin", new { })).AssertProblemAsync(400, "message_id");
    }

    [Fact]
    public async Task Unknown_notebooks_are_404_and_bad_cells_are_4xx()
    {
        using var c = app.CreateClient();
        const string missing = "nb_doesnotexist";
        await (await c.GetAsync($"/api/notebooks/{missing}")).AssertProblemAsync(404, missing);
        await (await c.DeleteAsync($"/api/notebooks/{missing}")).AssertProblemAsync(404, missing);
        await (await c.GetAsync($"/api/notebooks/{missing}/export?format=md")).AssertProblemAsync(404, missing);
        await (await c.PostJsonAsync($"/api/notebooks/{missing}/run", new { })).AssertProblemAsync(404, missing);
        await (await c.PutAsJsonAsync($"/api/notebooks/{missing}/cells", new { version = 1, cells = Array.Empty<object>() })).AssertProblemAsync(404, missing);

        var nb = await CreateAsync(c, "Bad cells");
        var id = nb.GetProperty("notebook_id").GetString()!;
        var bad = await c.PutAsJsonAsync($"/api/notebooks/{id}/cells", new { version = nb.GetProperty("version").GetInt64(), cells = new object[] { new { kind = "python", source = "print(1)" } } });
        Assert.InRange((int)bad.StatusCode, 400, 499);
        await bad.AssertProblemAsync((int)bad.StatusCode, "kind", "python");
        var badCreate = await c.PostJsonAsync("/api/notebooks", new { title = "x", data_id = nb.GetProperty("data_id").GetString(), cells = new object[] { new { kind = "7", source = "" } } });
        Assert.InRange((int)badCreate.StatusCode, 400, 499);
        await (await c.PostJsonAsync("/api/notebooks", new { title = "x", data_id = "no such data" })).AssertProblemAsync(404);
        await (await c.PostJsonAsync("/api/notebooks", new { title = " ", data_id = nb.GetProperty("data_id").GetString() })).AssertProblemAsync(422, "title");
        Assert.Equal(1, (await OkAsync(await c.GetAsync($"/api/notebooks/{id}"))).GetProperty("cells").GetArrayLength());
    }
}
