using System.Net;
using System.Net.Http.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Contract;

/// <summary>
/// The predecessor's (seed 000) clients check for 200 on its paths, including those that make something; paths new to
/// DataCharts answer 201 Created (PRODUCT.md §4, issue 10 §5). One walk through every path of both kinds.
/// </summary>
public sealed class PredecessorStatusTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_predecessors_paths_answer_200_and_new_paths_201()
    {
        using var c = app.CreateClient();
        async Task<System.Text.Json.JsonElement> Ok(HttpResponseMessage r, string what)
        {
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{what}: expected 200, got {(int)r.StatusCode}: {body}");
            return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
        }

        var uploaded = await Ok(await c.UploadAsync("contract.csv", Files.Utf8("region,amount\nnorth,10\nsouth,20\nnorth,5\n")), "POST /api/data/upload");
        var id = uploaded.GetProperty("data_id").GetString()!;
        await Ok(await c.PostJsonAsync("/api/data/manual", new { content = "a,b\n1,2\n", format = "csv" }), "POST /api/data/manual");
        await Ok(await c.GetAsync($"/api/data/{id}"), "GET /api/data/{id}");
        await Ok(await c.PostJsonAsync("/api/data/process", new { data_id = id, preprocess_options = new { trim_whitespace = true } }), "POST /api/data/process");
        await Ok(await c.PostJsonAsync("/api/data/filter", new { data_id = id, filter_conditions = new[] { new { field = "region", operation = "equals", value = "north" } } }), "POST /api/data/filter");
        await Ok(await c.PostJsonAsync("/api/function/parse", new { expression = "z = amount * 2" }), "POST /api/function/parse");
        await Ok(await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "z = amount * 2" }), "POST /api/function/apply");
        await Ok(await c.GetAsync("/api/function/library"), "GET /api/function/library");
        var chart = await Ok(await c.PostJsonAsync("/api/chart/create", new { data_id = id, chart_type = "bar", config = new { x = "region", y = "amount" } }), "POST /api/chart/create");
        var chartId = chart.GetProperty("chart_id").GetString()!;
        await Ok(await c.GetAsync($"/api/chart/{chartId}"), "GET /api/chart/{id}");
        await Ok(await c.PutAsJsonAsync($"/api/chart/{chartId}", new { chart_type = "line" }), "PUT /api/chart/{id}");
        await Ok(await c.PostJsonAsync("/api/ask", new { data_id = id, question = "total amount by region" }), "POST /api/ask");
        await Ok(await c.PostJsonAsync("/api/quality/assess", new { data_id = id }), "POST /api/quality/assess");
        await Ok(await c.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 5, template = new { n = new { type = "integer", min = 1, max = 3 } } }), "POST /api/data/generate");

        // New to DataCharts: creating a notebook is 201 Created with its address.
        var notebook = await c.PostJsonAsync("/api/notebooks", new { title = "Contract", data_id = id });
        Assert.True(notebook.StatusCode == HttpStatusCode.Created, await notebook.Content.ReadAsStringAsync());
        Assert.StartsWith("/api/notebooks/", notebook.Headers.Location?.OriginalString);
    }
}
