using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Notebooks;

/// <summary>Notebook cells reading an earlier cell's result by its name, through the API, the export and the page; and
/// question cells, which are asked without becoming Chat conversations.</summary>
public sealed class CellByNameTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static async Task<JsonElement> OkAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<(string Id, string[] Cells)> CreateAsync(HttpClient c, string title, object[] cells)
    {
        var nb = await OkAsync(await c.PostJsonAsync("/api/notebooks", new { title, data_id = "Demo sales", cells }));
        return (nb.GetProperty("notebook_id").GetString()!, nb.GetProperty("cells").EnumerateArray().Select(x => x.GetProperty("cell_id").GetString()!).ToArray());
    }

    private static JsonElement Cell(JsonElement run, string id) => run.GetProperty("cells").EnumerateArray().Single(x => x.GetProperty("cell_id").GetString() == id);

    [Fact]
    public async Task A_cell_reads_an_earlier_cell_by_name_with_its_input_in_the_run_and_the_html_export()
    {
        using var c = app.CreateClient();
        var (id, cells) = await CreateAsync(c, "By name",
        [
            new { kind = "input", name = "region", source = "type: select\noptions: North, South\ndefault: North" },
            new { kind = "sql", name = "by_channel", source = "SELECT channel, COUNT(*) AS orders FROM orders WHERE region = $region GROUP BY channel" },
            new { kind = "sql", name = "busiest", source = "SELECT channel AS busiest_channel, orders FROM by_channel\nORDER BY orders DESC, channel\nLIMIT 1" },
        ]);
        var direct = await OkAsync(await c.PostJsonAsync("/api/notebooks/" + id + "/run", new { inputs = new { region = "South" } }));
        var byChannel = Cell(direct, cells[1]);
        var expected = byChannel.GetProperty("rows").EnumerateArray().OrderByDescending(r => r[1].GetInt64()).ThenBy(r => r[0].GetString(), StringComparer.Ordinal).First();
        var busiest = Cell(direct, cells[2]);
        Assert.Equal(JsonValueKind.Null, busiest.GetProperty("error").ValueKind);
        var row = Assert.Single(busiest.GetProperty("rows").EnumerateArray());
        Assert.Equal(expected[0].GetString(), row[0].GetString());
        Assert.Equal(expected[1].GetInt64(), row[1].GetInt64());

        var html = await (await c.GetAsync($"/api/notebooks/{id}/export?format=html&region=South")).Content.ReadAsStringAsync();
        Assert.Contains(">busiest_channel<", html);
        Assert.Contains($">{expected[0].GetString()}<", html);
        Assert.DoesNotContain("class=\"error\"", html);
    }

    [Fact]
    public async Task A_name_below_is_an_inline_error_and_a_write_through_a_name_is_still_refused()
    {
        using var c = app.CreateClient();
        var before = (await OkAsync(await c.PostJsonAsync("/api/notebooks/" + (await CreateAsync(c, "Count", [new { kind = "sql", name = "n", source = "SELECT COUNT(*) FROM orders" }])).Id + "/run", new { })))
            .GetProperty("cells")[0].GetProperty("rows")[0][0].GetInt64();
        var (id, cells) = await CreateAsync(c, "Bad names",
        [
            new { kind = "sql", name = "early", source = "SELECT *\nFROM late" },
            new { kind = "sql", name = "late", source = "SELECT * FROM orders" },
            new { kind = "sql", name = "wipe", source = "DELETE FROM orders WHERE order_id IN (SELECT order_id FROM late)" },
        ]);
        var run = await OkAsync(await c.PostJsonAsync("/api/notebooks/" + id + "/run", new { }));
        Assert.Equal("Line 2: \"late\" is below this one; a query can read only the results above it.", Cell(run, cells[0]).GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, Cell(run, cells[1]).GetProperty("error").ValueKind);
        Assert.Contains("refused", Cell(run, cells[2]).GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var after = (await OkAsync(await c.PostJsonAsync("/api/notebooks/" + (await CreateAsync(c, "Count again", [new { kind = "sql", name = "n", source = "SELECT COUNT(*) FROM orders" }])).Id + "/run", new { })))
            .GetProperty("cells")[0].GetProperty("rows")[0][0].GetInt64();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Asking_a_question_cell_keeps_the_answer_in_the_cell_and_starts_no_conversation()
    {
        using var c = app.CreateClient();
        var conversations = (await OkAsync(await c.GetAsync("/api/conversations"))).GetArrayLength();
        const string question = "How many orders are there by channel?";
        var (id, cells) = await CreateAsync(c, "Asked", [new { kind = "question", source = question }]);
        var run = await OkAsync(await c.PostJsonAsync("/api/notebooks/" + id + "/run", new { cell_id = cells[0], ask = true }));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
        Assert.True(Cell(run, cells[0]).GetProperty("row_count").GetInt64() > 0);
        var nb = await OkAsync(await c.GetAsync("/api/notebooks/" + id));
        var cell = nb.GetProperty("cells")[0];
        Assert.Contains("channel", cell.GetProperty("sql").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(cell.GetProperty("answer").GetString()));
        var after = await OkAsync(await c.GetAsync("/api/conversations"));
        Assert.Equal(conversations, after.GetArrayLength());
        Assert.DoesNotContain(after.EnumerateArray(), x => x.GetProperty("title").GetString() == question);
    }
}
