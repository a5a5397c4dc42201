using System.Net;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary><c>POST /api/data/filter</c> as existing clients call it: snake_case in and out, problems that name the condition.</summary>
public sealed class FilterApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Sales =
        "id,region,amount,day\n" +
        "1,North,10,2024-01-01\n" +
        "2,north,250,2024-01-02\n" +
        "3,South,75,2024-01-03\n" +
        "4,East,,2024-01-04\n" +
        "5,North,40,2024-01-05\n";

    private static async Task<string> ImportAsync(HttpClient client, string name) =>
        (await client.ImportAsync(name, Files.Utf8(Sales))).GetProperty("data_id").GetString()!;

    [Fact]
    public async Task A_filter_answers_with_the_documented_snake_case_fields()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "filter_fields.csv");
        var r = await client.PostJsonAsync("/api/data/filter", new
        {
            data_id = id,
            filter_conditions = new object[]
            {
                new { field = "region", operation = "equals", value = "NORTH" },
                new { field = "amount", operation = "in_range", value = new[] { 20, 300 }, case_sensitive = false },
            },
            combine_operation = "AND",
            limit = 1,
            offset = 0,
            order_by = "amount",
            order_direction = "desc",
        });
        var json = await r.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(["data_id", "table", "columns", "filtered_data", "total_count", "filtered_count", "filter_summary", "page_info", "result_id", "result"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, json.GetProperty("total_count").GetInt32());
        Assert.Equal(2, json.GetProperty("filtered_count").GetInt32());
        var row = Assert.Single(json.GetProperty("filtered_data").EnumerateArray());
        Assert.Equal(250, row.GetProperty("amount").GetInt32());
        Assert.Equal("2024-01-02", row.GetProperty("day").GetString());
        var page = json.GetProperty("page_info");
        Assert.Equal(["total", "offset", "limit", "has_more"], page.EnumerateObject().Select(p => p.Name));
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var summary = json.GetProperty("filter_summary");
        Assert.Equal(["conditions", "combine_operation", "total_count", "filtered_count", "rejected_count", "rejection_rate"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal([3, 3], summary.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("matched_count").GetInt32()));
        Assert.Equal(["index", "field", "operation", "matched_count"], summary.GetProperty("conditions")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.6, summary.GetProperty("rejection_rate").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("result_id").ValueKind);
    }

    [Theory]
    [InlineData("amount", "in_range", "[10]", "filter_conditions[1].value", "needs two values")]
    [InlineData("amout", "equals", "1", "filter_conditions[1].field", "unknown field 'amout'")]
    [InlineData("amount", "greater_than", "\"abc\"", "filter_conditions[1].value", "'abc' is not a number")]
    [InlineData("region", "regex_match", "\"(unclosed\"", "filter_conditions[1].value", "not a valid regular expression")]
    [InlineData("region", "like", "\"N%\"", "filter_conditions[1].operation", "unknown operation 'like'")]
    public async Task A_wrong_condition_is_a_400_problem_naming_it(string field, string op, string valueJson, string path, string reason)
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, $"filter_bad_{op}_{field}.csv");
        var body = $$"""
            {"data_id":"{{id}}","filter_conditions":[{"field":"region","operation":"is_not_null"},{"field":"{{field}}","operation":"{{op}}","value":{{valueJson}}}]}
            """;
        var r = await client.PostAsync("/api/data/filter", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await r.AssertProblemAsync(400, "filter_conditions[1]", reason);
        Assert.Equal(path, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_combine_operation_is_a_400_and_an_unknown_dataset_a_404()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "filter_combine.csv");
        var combine = await (await client.PostJsonAsync("/api/data/filter", new { data_id = id, combine_operation = "XOR" })).AssertProblemAsync(400, "combine_operation");
        Assert.Equal("combine_operation", combine.GetProperty("field").GetString());
        await (await client.PostJsonAsync("/api/data/filter", new { data_id = "ds_0123456789ab", filter_conditions = Array.Empty<object>() })).AssertProblemAsync(404);
        await (await client.PostJsonAsync("/api/data/filter", new { filter_conditions = Array.Empty<object>() })).AssertProblemAsync(400, "data_id");
    }

    [Fact]
    public async Task Save_as_creates_a_dataset_listed_in_the_api_with_every_filtered_row()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "filter_save.csv");
        var r = await (await client.PostJsonAsync("/api/data/filter", new
        {
            data_id = id,
            limit = 1,
            save_as = "Northern sales",
            filter_conditions = new[] { new { field = "region", operation = "starts_with", value = "n" } },
        })).JsonAsync();
        var resultId = r.GetProperty("result_id").GetString();
        Assert.StartsWith("ds_", resultId);
        Assert.Single(r.GetProperty("filtered_data").EnumerateArray());
        var list = await (await client.GetAsync("/api/data")).JsonAsync();
        var saved = Assert.Single(list.EnumerateArray(), d => d.GetProperty("data_id").GetString() == resultId);
        Assert.Equal("Northern sales", saved.GetProperty("name").GetString());
        Assert.Equal(3, saved.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }
}
