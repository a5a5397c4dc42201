using System.Net;
using System.Text.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Functions;

/// <summary>/api/function/parse, /apply and /library as scripts call them, and charts of the datasets apply makes.</summary>
public sealed class FunctionApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly byte[] Csv = Files.Utf8("id,x,y,city\n1,2,0,Oslo\n2,4,2,Rome\n3,6,,Lima\n4,8,4,Oslo\n");

    private async Task<string> UploadAsync(HttpClient c) => (await c.ImportAsync("points.csv", Csv)).GetProperty("data_id").GetString()!;

    private static void AssertFields(JsonElement e, params string[] names) =>
        Assert.Equal(names.Order(), e.EnumerateObject().Select(p => p.Name).Order());

    [Fact]
    public async Task Parse_lists_variables_and_functions_of_a_valid_expression()
    {
        using var c = app.CreateClient();
        var r = await c.PostJsonAsync("/api/function/parse", new { expression = "z = round(x * 2, 1) + coalesce(y, 0)" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.JsonAsync();
        AssertFields(json, "is_valid", "error", "variables", "functions", "kind", "target");
        Assert.True(json.GetProperty("is_valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(["x", "y"], json.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["round", "coalesce"], json.GetProperty("functions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("column", json.GetProperty("kind").GetString());
        Assert.Equal("z", json.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("x * (1 + 2", 4, "Missing ')'")]
    [InlineData("mean(x) +", 8, "after '+'")]
    [InlineData("foo(x)", 0, "Unknown function 'foo'")]
    [InlineData("", 0, "empty")]
    public async Task An_invalid_expression_is_200_with_is_valid_false_and_the_position(string expression, int position, string message)
    {
        using var c = app.CreateClient();
        var r = await c.PostJsonAsync("/api/function/parse", new { expression });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.JsonAsync();
        Assert.False(json.GetProperty("is_valid").GetBoolean());
        var error = json.GetProperty("error");
        AssertFields(error, "message", "position", "line", "column");
        Assert.Equal(position, error.GetProperty("position").GetInt32());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal(position + 1, error.GetProperty("column").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Parse_with_a_dataset_also_checks_the_columns()
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var json = await (await c.PostJsonAsync("/api/function/parse", new { expression = "x + wat", data_id = id })).JsonAsync();
        Assert.False(json.GetProperty("is_valid").GetBoolean());
        Assert.Equal(4, json.GetProperty("error").GetProperty("position").GetInt32());
        Assert.Contains("id, x, y, city", json.GetProperty("error").GetProperty("message").GetString());
        await (await c.PostJsonAsync("/api/function/parse", new { expression = "x", data_id = "ds_000000000000" })).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_library_describes_every_function_with_signature_and_example()
    {
        using var c = app.CreateClient();
        var json = await (await c.GetAsync("/api/function/library")).JsonAsync();
        var functions = json.GetProperty("functions").EnumerateArray().ToList();
        foreach (var f in functions)
            foreach (var field in new[] { "name", "category", "signature", "description", "example" })
                Assert.False(string.IsNullOrWhiteSpace(f.GetProperty(field).GetString()), field);
        var names = functions.Select(f => f.GetProperty("name").GetString()).ToList();
        foreach (var expected in new[] { "if", "coalesce", "abs", "round", "sqrt", "log", "exp", "pow", "mean", "sum", "min", "max", "count", "median", "std", "year", "month", "lower", "concat", "substr" })
            Assert.Contains(expected, names);
        // Every example in the library parses.
        foreach (var f in functions)
        {
            var parsed = await (await c.PostJsonAsync("/api/function/parse", new { expression = f.GetProperty("example").GetString() })).JsonAsync();
            Assert.True(parsed.GetProperty("is_valid").GetBoolean(), f.GetProperty("example").GetString());
        }
    }

    [Fact]
    public async Task Apply_adds_a_column_as_a_new_dataset_with_a_preview()
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var r = await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "z = x * 2 + 1" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.JsonAsync();
        var resultId = json.GetProperty("result_id").GetString();
        Assert.NotEqual(id, resultId);
        Assert.Equal(resultId, json.GetProperty("data_id").GetString());
        Assert.Equal("column", json.GetProperty("kind").GetString());
        Assert.Equal("z", json.GetProperty("column").GetString());
        Assert.Equal("z = x * 2 + 1", json.GetProperty("expression").GetString());
        Assert.Equal(4, json.GetProperty("row_count").GetInt32());
        Assert.Equal(["id", "x", "y", "city", "z"], json.GetProperty("columns").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        var preview = json.GetProperty("preview").EnumerateArray().ToList();
        Assert.Equal([5.0, 9.0, 13.0, 17.0], preview.Select(p => p.GetProperty("z").GetDouble()));
        Assert.Equal("Oslo", preview[0].GetProperty("city").GetString());
        // The new dataset is a dataset like any other.
        var meta = await (await c.GetAsync($"/api/data/{resultId}")).JsonAsync();
        Assert.Equal(resultId, meta.GetProperty("data_id").GetString());
    }

    [Fact]
    public async Task Apply_errors_are_problems_that_name_the_column_or_the_position()
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var unknown = await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "z = x * wieght" })).AssertProblemAsync(400, "wieght", "id, x, y, city");
        Assert.Equal(8, unknown.GetProperty("position").GetInt32());
        Assert.Equal("expression", unknown.GetProperty("field").GetString());
        var function = await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "x + nope(y)" })).AssertProblemAsync(400, "Unknown function 'nope'");
        Assert.Equal(4, function.GetProperty("position").GetInt32());
        await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "mean(x) - x" })).AssertProblemAsync(400, "value per row");
        await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "city * 2" })).AssertProblemAsync(400, "'city' is text");
        await (await c.PostJsonAsync("/api/function/apply", new { data_id = "ds_000000000000", expression = "mean(x)" })).AssertProblemAsync(404);
        await (await c.PostJsonAsync("/api/function/apply", new { expression = "mean(x)" })).AssertProblemAsync(400, "data_id");
    }

    [Fact]
    public async Task Upload_then_mean_then_a_line_chart_exports_as_png_and_svg()
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var applied = await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "mean(x)" });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var result = await applied.JsonAsync();
        Assert.Equal("aggregate", result.GetProperty("kind").GetString());
        Assert.Equal(1, result.GetProperty("row_count").GetInt32());
        Assert.Equal(5.0, result.GetProperty("preview")[0].GetProperty("mean_x").GetDouble());
        var resultId = result.GetProperty("result_id").GetString();

        var created = await c.PostJsonAsync("/api/chart/create", new { data_id = resultId, chart_type = "line", config = new { title = "Mean of x", x_axis = "Result", y_axis = "Mean" } });
        Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var chart = await created.JsonAsync();
        Assert.Equal(["mean_x"], chart.GetProperty("y").EnumerateArray().Select(y => y.GetString()));
        var chartId = chart.GetProperty("chart_id").GetString();

        var png = await c.GetAsync($"/api/chart/{chartId}/export?format=png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var svg = await c.GetAsync($"/api/chart/{chartId}/export?format=svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("line", null, null)]
    [InlineData("bar", null, "mean_x")]
    [InlineData("line", "mean_x", "mean_x")]
    [InlineData("pie", null, null)]
    public async Task Charts_of_a_one_row_result_are_created_with_or_without_x_and_y(string type, string? x, string? y)
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var resultId = (await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "mean(x)" })).JsonAsync()).GetProperty("result_id").GetString();
        var created = await c.PostJsonAsync("/api/chart/create", new { data_id = resultId, chart_type = type, config = new { x, y } });
        Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var chartId = (await created.JsonAsync()).GetProperty("chart_id").GetString();
        var png = await c.GetAsync($"/api/chart/{chartId}/export?format=png");
        Assert.Equal(0x89, (await png.Content.ReadAsByteArrayAsync())[0]);
    }

    [Fact]
    public async Task A_derived_column_dataset_charts_like_an_upload()
    {
        using var c = app.CreateClient();
        var id = await UploadAsync(c);
        var resultId = (await (await c.PostJsonAsync("/api/function/apply", new { data_id = id, expression = "ratio = x / y" })).JsonAsync()).GetProperty("result_id").GetString();
        var created = await c.PostJsonAsync("/api/chart/create", new { data_id = resultId, chart_type = "bar", config = new { x = "city", y = "ratio", aggregation = "sum" } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var chartId = (await created.JsonAsync()).GetProperty("chart_id").GetString();
        var svg = await (await c.GetAsync($"/api/chart/{chartId}/export?format=svg")).Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
    }
}
