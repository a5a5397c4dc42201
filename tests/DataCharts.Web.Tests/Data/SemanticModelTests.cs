using System.Net;
using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>The semantic model over HTTP (read, export, import with errors naming the entry) and its section on the Data page.</summary>
public sealed class SemanticModelTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Lines = "line_id,unit_price,quantity,discount,country\n1,10,2,0,Germany\n2,20,1,0.1,France\n3,5,4,0,USA\n4,8,3,0.05,Germany\n";

    private async Task<(HttpClient Client, string Id, string Table)> OpenAsync(string file)
    {
        var client = app.CreateClient();
        var id = (await client.ImportAsync(file, Files.Utf8(Lines))).GetProperty("data_id").GetString()!;
        var model = await (await client.GetAsync($"/api/data/{id}/model")).JsonAsync();
        return (client, id, model.GetProperty("entities")[0].GetProperty("table").GetString()!);
    }

    [Fact]
    public async Task The_model_lists_entities_measures_and_dimensions_in_snake_case()
    {
        var (client, id, table) = await OpenAsync("sm_get.csv");
        using var _c = client;
        var r = await client.GetAsync($"/api/data/{id}/model");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var m = await r.JsonAsync();
        Assert.Equal("line_id", m.GetProperty("entities")[0].GetProperty("key").GetString());
        var revenue = m.GetProperty("measures").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "revenue");
        Assert.Equal("unit_price * quantity * (1 - discount)", revenue.GetProperty("expression").GetString());
        Assert.Equal("currency", revenue.GetProperty("unit").GetString());
        var country = m.GetProperty("dimensions").EnumerateArray().Single(x => x.GetProperty("column").GetString() == "country");
        Assert.Equal("Germany", country.GetProperty("value_aliases").GetProperty("German")[0].GetString());
        Assert.Equal(table, country.GetProperty("table").GetString());
    }

    [Fact]
    public async Task Export_is_a_download_and_importing_it_back_changes_nothing()
    {
        var (client, id, _) = await OpenAsync("sm_export.csv");
        using var _c = client;
        var r = await client.GetAsync($"/api/data/{id}/model/export");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("attachment", r.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".model.json", r.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var file = await r.Content.ReadAsStringAsync();
        Assert.Contains("\"value_aliases\"", file, StringComparison.Ordinal);
        var before = await client.GetStringAsync($"/api/data/{id}/model");
        var put = await client.PutAsync($"/api/data/{id}/model", new StringContent(file, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(before.Replace("\"user_defined\":true", "\"user_defined\":false", StringComparison.Ordinal), (await client.GetStringAsync($"/api/data/{id}/model")).Replace("\"user_defined\":true", "\"user_defined\":false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Importing_edits_applies_them_and_a_bad_entry_is_a_400_naming_it()
    {
        var (client, id, table) = await OpenAsync("sm_put.csv");
        using var _c = client;
        var good = $$"""{"columns":[{"table":"{{table}}","column":"country","label":"Ship country","synonyms":["destination"]}],"measures":[{"name":"gross","table":"{{table}}","expression":"unit_price * quantity","agg":"sum","unit":"currency"}]}""";
        var ok = await client.PutAsync($"/api/data/{id}/model", new StringContent(good, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var m = await ok.JsonAsync();
        Assert.Contains(m.GetProperty("dimensions").EnumerateArray(), x => x.GetProperty("label").GetString() == "Ship country");
        Assert.Contains(m.GetProperty("measures").EnumerateArray(), x => x.GetProperty("name").GetString() == "gross" && x.GetProperty("user_defined").GetBoolean());

        var bad = $$"""{"measures":[{"name":"margin","table":"{{table}}","expression":"unit_price * nope","agg":"sum"}]}""";
        var p = await (await client.PutAsync($"/api/data/{id}/model", new StringContent(bad, Encoding.UTF8, "application/json"))).AssertProblemAsync(400, "measures[0] 'margin'", "nope");
        Assert.Equal("measures[0] 'margin'", p.GetProperty("errors")[0].GetProperty("entry").GetString());
        await (await client.PutAsync($"/api/data/{id}/model", new StringContent("{\"measures\": [", Encoding.UTF8, "application/json"))).AssertProblemAsync(400, "Not a valid model file");
        // The failed imports left the good edits in place.
        Assert.Contains("Ship country", await client.GetStringAsync($"/api/data/{id}/model"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_dataset_is_404()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/data/ds_000000000000/model")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/data/ds_000000000000/model/export")).StatusCode);
    }

    [Fact]
    public async Task The_data_page_section_defines_a_measure_and_shows_an_expression_error_inline()
    {
        var (client, id, table) = await OpenAsync("sm_page.csv");
        using var _c = client;
        var detail = await client.GetStringAsync($"/Data?id={id}");
        Assert.Contains("Semantic model", detail, StringComparison.Ordinal);
        var token = await client.TokenAsync($"/Data?id={id}");
        var section = await client.GetStringAsync($"/Data/SemanticModel?id={id}");
        Assert.Contains($"<code>{table}.country</code>", section, StringComparison.Ordinal);
        Assert.Contains("Define a measure", section, StringComparison.Ordinal);

        var bad = await client.HtmxPostAsync($"/Data/SemanticModel?id={id}&handler=Measure", token,
            new Dictionary<string, string> { ["table"] = table, ["name"] = "<b>odd</b>", ["expression"] = "unit_price * (quantity", ["agg"] = "Sum", ["unit"] = "Currency" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>odd</b>", html, StringComparison.Ordinal);

        var good = await client.HtmxPostAsync($"/Data/SemanticModel?id={id}&handler=Measure", token,
            new Dictionary<string, string> { ["table"] = table, ["name"] = "gross <i>sales</i>", ["expression"] = "unit_price * quantity", ["agg"] = "Sum", ["unit"] = "Currency" });
        html = await good.Content.ReadAsStringAsync();
        Assert.Contains("Gross &lt;i&gt;sales&lt;/i&gt; (yours)", html, StringComparison.Ordinal);
        Assert.Contains("sum of unit_price * quantity", html, StringComparison.Ordinal);

        var renamed = await client.HtmxPostAsync($"/Data/SemanticModel?id={id}&handler=Label", token,
            new Dictionary<string, string> { ["target"] = $"{table}.country", ["label"] = "Destination" });
        Assert.Contains("<td>Destination</td>", await renamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
