using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Web.Api;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Ask;

/// <summary>
/// What the SQL editor gets from the server: the dataset's schema as bounded JSON, and a refused edit in Chat that
/// names its line, column and editor for the page to mark.
/// </summary>
public sealed class SqlEditorServerTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static async Task<string> DemoIdAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/data")).JsonAsync()).EnumerateArray().First(d => d.GetProperty("name").GetString() == "Demo sales").GetProperty("data_id").GetString()!;

    [Fact]
    public async Task The_schema_lists_tables_columns_and_types_without_rows()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var r = await c.GetAsync($"/api/data/{id}/schema");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var s = await r.JsonAsync();
        Assert.Equal(id, s.GetProperty("data_id").GetString());
        Assert.False(s.GetProperty("truncated").GetBoolean());
        var orders = Assert.Single(s.GetProperty("tables").EnumerateArray());
        Assert.Equal("orders", orders.GetProperty("name").GetString());
        Assert.Equal(24_000, orders.GetProperty("row_count").GetInt64());
        var columns = orders.GetProperty("columns").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!, x => x.GetProperty("type").GetString());
        Assert.Equal("text", columns["region"]);
        Assert.Equal("integer", columns["units"]);
        Assert.Equal("date", columns["order_date"]);
        Assert.Equal("decimal", columns["revenue"]);
        Assert.False(s.TryGetProperty("preview", out _));
    }

    [Fact]
    public async Task An_unknown_dataset_has_no_schema()
    {
        using var c = app.CreateClient();
        var r = await c.GetAsync("/api/data/ds_nope/schema");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void A_schema_past_the_bounds_is_cut_and_says_so()
    {
        var d = new DatasetRecord { Id = "ds_big", Name = "big" };
        for (var t = 0; t < SchemaEndpoints.MaxTables + 50; t++)
        {
            var table = new DatasetTableRecord { Name = $"t{t}", Ordinal = t };
            for (var k = 0; k < 40; k++) table.Columns.Add(new DatasetColumnRecord { Name = $"c{k}", Ordinal = k, Type = ColumnType.Integer });
            d.Tables.Add(table);
        }
        var s = SchemaEndpoints.Of(d);
        Assert.True(s.Truncated);
        Assert.True(s.Tables.Count <= SchemaEndpoints.MaxTables);
        Assert.Equal(SchemaEndpoints.MaxColumns, s.Tables.Sum(t => t.Columns.Count));
        Assert.Equal("t0", s.Tables[0].Name);

        var small = new DatasetRecord { Id = "ds_small", Name = "small" };
        small.Tables.Add(new DatasetTableRecord { Name = "a", Columns = [new DatasetColumnRecord { Name = "x", Type = ColumnType.Text }] });
        Assert.False(SchemaEndpoints.Of(small).Truncated);
    }

    [Theory]
    [InlineData("SELECT region,\n  regoin\nFROM orders", "2", "3", "regoin")]
    [InlineData("SELECT region,\r\n  getenv('HOME') AS home\r\nFROM orders", "2", "3", "getenv")]
    public async Task A_refused_edit_in_chat_names_its_line_column_and_editor(string sql, string line, string column, string word)
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var ask = await c.PostJsonAsync("/api/ask", new { data_id = id, question = "How many orders are there?" });
        var conversation = JsonDocument.Parse(await ask.Content.ReadAsStringAsync()).RootElement.GetProperty("conversation_id").GetString()!;
        var token = await c.TokenAsync($"/Chat?c={conversation}");

        var r = await c.HtmxPostAsync("/Chat?handler=RunSql", token,
            new Dictionary<string, string> { ["c"] = conversation, ["sql"] = sql, ["editor"] = "sql-msg_0123456789abcdef" });
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains($"data-error-line=\"{line}\"", html);
        Assert.Contains($"data-error-column=\"{column}\"", html);
        Assert.Contains("data-error-for=\"sql-msg_0123456789abcdef\"", html);
        Assert.Contains($"Line {line}, column {column}: ", html);
        Assert.Contains(word, html);
    }

    [Fact]
    public async Task An_editor_id_that_is_not_one_the_app_writes_is_dropped()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var ask = await c.PostJsonAsync("/api/ask", new { data_id = id, question = "How many orders are there?" });
        var conversation = JsonDocument.Parse(await ask.Content.ReadAsStringAsync()).RootElement.GetProperty("conversation_id").GetString()!;
        var token = await c.TokenAsync($"/Chat?c={conversation}");

        var r = await c.HtmxPostAsync("/Chat?handler=RunSql", token,
            new Dictionary<string, string> { ["c"] = conversation, ["sql"] = "SELECT nope FROM orders", ["editor"] = "x\" onmouseover=\"alert(1)" });
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("data-error-for=\"\"", html);
        Assert.DoesNotContain("onmouseover", html);
        Assert.Contains("Line 1, column 8: ", html);
    }
}
