using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>Synthetic data through <c>POST /api/data/generate</c> and the Generate data form of the Data page.</summary>
public sealed partial class GenerationApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly object Template = new
    {
        qty = new { type = "integer", min = 1, max = 9 },
        code = new { type = "string", pattern = "AB-##" },
    };

    [Fact]
    public async Task Generate_answers_200_with_the_new_dataset_its_stats_and_the_seed_used()
    {
        using var client = app.CreateClient();
        var before = await client.DatasetCountAsync();
        var r = await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 40, template = Template, name = "Fake orders" });
        var body = await r.JsonAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(["data_id", "name", "count", "stats", "seed_used", "generation_method"], body.EnumerateObject().Select(p => p.Name));
        var id = body.GetProperty("data_id").GetString()!;
        Assert.Equal($"/api/data/{id}", r.Content.Headers.ContentLocation?.OriginalString);
        Assert.Equal(("Fake orders", 40, "template"), (body.GetProperty("name").GetString(), body.GetProperty("count").GetInt32(), body.GetProperty("generation_method").GetString()));
        Assert.Equal(before + 1, await client.DatasetCountAsync());
        var stats = body.GetProperty("stats");
        Assert.Equal(["columns", "schema_violations", "violations"], stats.EnumerateObject().Select(p => p.Name));
        var qty = stats.GetProperty("columns").GetProperty("qty");
        Assert.Equal("integer", qty.GetProperty("type").GetString());
        Assert.InRange(qty.GetProperty("min").GetInt64(), 1, 9);
        Assert.True(qty.TryGetProperty("mean", out _));
        Assert.Equal(0, qty.GetProperty("nulls").GetInt32());
        Assert.Equal(0, stats.GetProperty("schema_violations").GetInt32());

        // The seed it picked reproduces the same rows.
        var seed = body.GetProperty("seed_used").GetInt32();
        var again = await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 40, template = Template, random_seed = seed })).JsonAsync();
        Assert.Equal(seed, again.GetProperty("seed_used").GetInt32());
        Assert.Equal(await RowsAsync(client, id), await RowsAsync(client, again.GetProperty("data_id").GetString()!));
    }

    [Fact]
    public async Task Async_generation_answers_202_and_the_task_result_is_the_same_json()
    {
        using var client = app.CreateClient();
        var r = await client.PostJsonAsync("/api/data/generate", new
        {
            generation_method = "rule_based",
            count = 25,
            random_seed = 5,
            @async = true,
            field_constraints = new { email = new { type = "string", format = "email", unique = true } }
        });
        var task = await r.JsonAsync();
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var taskId = task.GetProperty("task_id").GetString()!;
        Assert.Equal($"/api/tasks/{taskId}", task.GetProperty("status_url").GetString());
        Assert.Equal($"/api/tasks/{taskId}/events", task.GetProperty("events_url").GetString());
        using (await client.GetAsync($"/api/tasks/{taskId}/events")) { } // the stream ends with the task
        var done = await (await client.GetAsync($"/api/tasks/{taskId}")).JsonAsync();
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var result = done.GetProperty("result");
        Assert.Equal(["data_id", "name", "count", "stats", "seed_used", "generation_method"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal((25, 5, "rule_based"), (result.GetProperty("count").GetInt32(), result.GetProperty("seed_used").GetInt32(), result.GetProperty("generation_method").GetString()));
        Assert.Equal(25, result.GetProperty("stats").GetProperty("columns").GetProperty("email").GetProperty("distinct").GetInt32());
    }

    [Fact]
    public async Task Variation_of_a_dataset_by_id_keeps_its_columns()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("gen_seed.csv", Files.Utf8("city,amount\nOslo,10\nRome,20\nOslo,30\n"))).GetProperty("data_id").GetString()!;
        var r = await client.PostJsonAsync("/api/data/generate", new { generation_method = "variation", data_id = id, count = 30, variation_factor = 0.1 });
        var body = await r.JsonAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToString());
        var city = body.GetProperty("stats").GetProperty("columns").GetProperty("city");
        Assert.All(city.GetProperty("top_values").EnumerateArray(), v => Assert.Contains(v.GetProperty("value").GetString(), new[] { "Oslo", "Rome" }));
    }

    [Fact]
    public async Task A_choice_field_takes_its_values_from_the_predecessors_choices_key()
    {
        using var client = app.CreateClient();
        var r = await client.PostJsonAsync("/api/data/generate", new
        {
            generation_method = "template",
            count = 60,
            random_seed = 3,
            template = new
            {
                tier = new { type = "choice", choices = new[] { "gold", "silver", "bronze" } },
                size = new { type = "choice", choices = new[] { 1, 2 }, weights = new[] { 0, 1 } },
            },
        });
        var body = await r.JsonAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToString());
        var columns = body.GetProperty("stats").GetProperty("columns");
        var tiers = columns.GetProperty("tier").GetProperty("top_values").EnumerateArray().Select(v => v.GetProperty("value").GetString()).ToList();
        Assert.Equal(["bronze", "gold", "silver"], tiers.Order());
        Assert.Equal("integer", columns.GetProperty("size").GetProperty("type").GetString());
        Assert.Equal((2, 2), (columns.GetProperty("size").GetProperty("min").GetInt32(), columns.GetProperty("size").GetProperty("max").GetInt32()));
        Assert.Equal(0, body.GetProperty("stats").GetProperty("schema_violations").GetInt32());

        // Rules take it too; two lists for one field are refused rather than one silently winning.
        var rules = await client.PostJsonAsync("/api/data/generate", new { generation_method = "rule_based", count = 5, field_constraints = new { tier = new { type = "choice", choices = new[] { "a" } } } });
        Assert.True(rules.StatusCode == HttpStatusCode.OK, await rules.Content.ReadAsStringAsync());
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 5, template = new { tier = new { type = "choice", values = new[] { "a" }, choices = new[] { "b" } } } }))
            .AssertProblemAsync(400, "template.tier", "values", "choices");
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 5, template = new { tier = new { type = "choice", choices = Array.Empty<string>() } } }))
            .AssertProblemAsync(400, "template.tier.choices");
    }

    [Fact]
    public async Task Bad_requests_are_problems_that_name_the_field()
    {
        using var client = app.CreateClient();
        var p = await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 10, template = new { age = new { type = "integer", min = 5, max = 1 } } }))
            .AssertProblemAsync(400, "template.age.min");
        Assert.Equal("template.age.min", p.GetProperty("field").GetString());
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "guess" })).AssertProblemAsync(400, "generation_method");
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "template", count = 5_000_000, template = Template })).AssertProblemAsync(400, "count");
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "rule_based", field_constraints = new { n = new { type = "integer", min = 1, max = 3, unique = true } } }))
            .AssertProblemAsync(400, "field_constraints.n");
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "variation", data_id = "ds_missing" })).AssertProblemAsync(404);
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "llm_based", count = 3 }))
            .AssertProblemAsync(422, "needs an LLM provider; configure one in Settings");
    }

    [Fact]
    public async Task The_generate_form_starts_a_job_and_its_result_links_to_the_new_dataset_with_stats()
    {
        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/Data");
        Assert.Contains("hx-post=\"/Data/Generate?handler=Start\"", page);
        var token = await client.TokenAsync("/Data");
        var r = await client.HtmxPostAsync("/Data/Generate?handler=Start", token, new Dictionary<string, string>
        {
            ["method"] = "template",
            ["count"] = "12",
            ["seed"] = "3",
            ["name"] = "Form made",
            ["template"] = """{"n": {"type": "integer", "min": 0, "max": 5}}""",
        });
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var jobId = JobId().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(jobId), html);
        Assert.Contains($"sse-connect=\"/api/tasks/{jobId}/events\"", html);
        using (await client.GetAsync($"/api/tasks/{jobId}/events")) { }
        var done = await client.GetStringAsync($"/Data/Generate?handler=Result&jobId={jobId}");
        Assert.Contains("Form made", done);
        Assert.Contains("12 rows", done);
        Assert.Matches("href=\"/Data\\?id=ds_", done);

        var bad = await client.HtmxPostAsync("/Data/Generate?handler=Start", token, new Dictionary<string, string> { ["method"] = "template", ["template"] = "{not json" });
        Assert.Contains("template is not valid JSON", await bad.Content.ReadAsStringAsync());
    }

    private static async Task<string> RowsAsync(HttpClient client, string id) =>
        (await (await client.GetAsync($"/api/data/{id}/tables/generated/rows?limit=100")).JsonAsync()).GetProperty("rows").ToString();

    [GeneratedRegex("data-job=\"(job_[0-9a-f]+)\"")]
    private static partial Regex JobId();
}
