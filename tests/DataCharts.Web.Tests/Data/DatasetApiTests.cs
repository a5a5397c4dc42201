using System.Net;
using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>Reading, paging, profiling, renaming, describing and deleting datasets through the API.</summary>
public sealed class DatasetApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static byte[] Numbers(int n)
    {
        var sb = new StringBuilder("id,score,grp,day\n");
        for (var i = 1; i <= n; i++) sb.Append(i).Append(',').Append(i % 10 == 0 ? "" : (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(',').Append("g" + (i % 3)).Append(',').Append(new DateOnly(2024, 1, 1).AddDays(i % 60).ToString("yyyy-MM-dd")).Append('\n');
        return Files.Utf8(sb.ToString());
    }

    [Fact]
    public async Task Preview_and_rows_page_on_the_server()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("nums.csv", Numbers(250))).GetProperty("data_id").GetString();
        var meta = await (await client.GetAsync($"/api/data/{id}")).JsonAsync();
        Assert.Equal(100, meta.GetProperty("preview").GetProperty("rows").GetArrayLength());
        Assert.True(meta.GetProperty("preview").GetProperty("has_more").GetBoolean());
        var page = await (await client.GetAsync($"/api/data/{id}/tables/nums/rows?offset=240&limit=20")).JsonAsync();
        Assert.Equal(10, page.GetProperty("rows").GetArrayLength());
        Assert.Equal(241, page.GetProperty("rows")[0][0].GetInt32());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(250, page.GetProperty("total").GetInt32());
        Assert.Equal(["id", "score", "grp", "day"], page.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Profiles_count_nulls_and_distinct_values_and_draw_a_histogram()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("prof.csv", Numbers(100))).GetProperty("data_id").GetString();
        var p = await (await client.GetAsync($"/api/data/{id}/tables/prof/columns/score/profile")).JsonAsync();
        Assert.Equal(100, p.GetProperty("rows").GetInt32());
        Assert.Equal(10, p.GetProperty("nulls").GetInt32());
        Assert.Equal(90, p.GetProperty("distinct").GetInt32());
        Assert.Equal(1.5, p.GetProperty("min").GetDouble());
        Assert.Equal(148.5, p.GetProperty("max").GetDouble());
        Assert.Equal("bins", p.GetProperty("histogram_kind").GetString());
        Assert.Equal(90, p.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        var grp = await (await client.GetAsync($"/api/data/{id}/tables/prof/columns/grp/profile")).JsonAsync();
        Assert.Equal("top_values", grp.GetProperty("histogram_kind").GetString());
        Assert.Equal(3, grp.GetProperty("histogram").GetArrayLength());
        var day = await (await client.GetAsync($"/api/data/{id}/tables/prof/columns/day/profile")).JsonAsync();
        Assert.Equal("2024-01-01", day.GetProperty("min").GetString());
        var png = await client.GetAsync(p.GetProperty("histogram_png_url").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task Rename_describe_and_delete()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("ren.csv", Files.Utf8("Unit Price\n1.5\n"))).GetProperty("data_id").GetString();
        var renamed = await (await client.PatchAsync($"/api/data/{id}", JsonContent("{\"name\":\"Prices 2024\"}"))).JsonAsync();
        Assert.Equal("Prices 2024", renamed.GetProperty("name").GetString());
        var col = await (await client.PatchAsync($"/api/data/{id}/tables/ren/columns/Unit_Price", JsonContent("{\"label\":\"Price (EUR)\",\"description\":\"List price before discount\"}"))).JsonAsync();
        Assert.Equal("Price (EUR)", col.GetProperty("label").GetString());
        var meta = await (await client.GetAsync($"/api/data/{id}")).JsonAsync();
        var c0 = meta.GetProperty("tables")[0].GetProperty("columns")[0];
        Assert.Equal("Unit_Price", c0.GetProperty("name").GetString());
        Assert.Equal("List price before discount", c0.GetProperty("description").GetString());
        Assert.True(meta.GetProperty("version").GetInt32() > 1);
        await (await client.PatchAsync($"/api/data/{id}", JsonContent("{\"name\":\"  \"}"))).AssertProblemAsync(400, "name");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/data/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/data/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_second_dataset_cannot_take_a_used_name()
    {
        using var client = app.CreateClient();
        var a = (await client.ImportAsync("x1.csv", Files.Utf8("a\n1\n"))).GetProperty("data_id").GetString();
        await client.ImportAsync("x2.csv", Files.Utf8("a\n1\n"));
        await (await client.PatchAsync($"/api/data/{a}", JsonContent("{\"name\":\"x2\"}"))).AssertProblemAsync(409, "already");
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
