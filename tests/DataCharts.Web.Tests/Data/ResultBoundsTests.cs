using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>A host whose answers hold at most 64 KiB, so the byte limit shows with small data.</summary>
public sealed class SmallResultsAppFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:MaxResultBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>What a user sees of results with huge cells: small responses, cut cells with a marker and a reason, whole values in downloads.</summary>
public sealed class ResultBoundsTests(SmallResultsAppFactory app) : IClassFixture<SmallResultsAppFactory>
{
    private static byte[] LongCells(int rows, int chars)
    {
        var sb = new StringBuilder("id,note\n");
        for (var i = 0; i < rows; i++) sb.Append(i).Append(',').Append('n', chars).Append('\n');
        return Files.Utf8(sb.ToString());
    }

    [Fact]
    public async Task A_sql_cell_of_ten_megabyte_cells_answers_in_kilobytes_with_cut_cells_and_a_reason()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("small.csv", Files.Utf8("a\n1\n"))).GetProperty("data_id").GetString();
        var nb = await (await client.PostJsonAsync("/api/notebooks", new
        {
            title = "Big cells",
            data_id = id,
            cells = new object[] { new { kind = "sql", name = "big", source = "SELECT range AS n, repeat('x', 10000000) AS big FROM range(100)" } },
        })).JsonAsync();
        var run = await client.PostJsonAsync($"/api/notebooks/{nb.GetProperty("notebook_id").GetString()}/run", new { });
        var body = await run.Content.ReadAsStringAsync();
        Assert.True(body.Length < 200_000, $"{body.Length} bytes");
        var cell = (await run.JsonAsync()).GetProperty("cells")[0];
        Assert.True(cell.GetProperty("truncated").GetBoolean());
        Assert.Contains("limit", cell.GetProperty("truncated_reason").GetString());
        var first = cell.GetProperty("rows")[0][1].GetString()!;
        Assert.Equal(2001, first.Length);
        Assert.EndsWith("…", first);
    }

    [Fact]
    public async Task A_preview_of_megabyte_cells_is_small_and_the_page_says_where_the_whole_values_are()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("wide.csv", LongCells(20, 1_000_000))).GetProperty("data_id").GetString();
        var response = await client.GetAsync($"/api/data/{id}?limit=20");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 100_000, $"{text.Length} bytes");
        var preview = (await response.JsonAsync()).GetProperty("preview");
        Assert.EndsWith("…", preview.GetProperty("rows")[0][1].GetString());

        var html = await client.GetStringAsync($"/Data?handler=Preview&id={id}&table=wide&page=0");
        Assert.Contains("data-shortened", html);
        Assert.Contains($"/api/data/{id}/export?format=csv&table=wide", html);

        var csv = await client.GetStringAsync($"/api/data/{id}/export?format=csv&table=wide");
        Assert.Contains(new string('n', 1_000_000), csv);
    }
}
