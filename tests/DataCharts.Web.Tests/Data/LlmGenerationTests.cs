using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Settings;
using DataCharts.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Data;

/// <summary>
/// llm_based generation through the real Semantic Kernel OpenAI connector, pointed at a loopback stub that replays the
/// model's JSON replies.
/// </summary>
public sealed partial class LlmGenerationTests : IAsyncLifetime
{
    private readonly AppFactory app = new();
    private readonly OpenAiStub stub = new();
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        await UseAsync("compatible");
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await stub.DisposeAsync();
        await app.DisposeAsync();
    }

    private Task UseAsync(string provider) =>
        app.Services.GetRequiredService<SettingsStore>().SaveAsync(new Dictionary<string, string?>
        {
            [SettingsStore.ProviderKey] = provider, [SettingsStore.EndpointKey] = stub.BaseUrl + "/v1", [SettingsStore.ModelKey] = "gpt-4o-mini",
        }, "sk-test-key-123");

    private static object Reply(params object[] rows) => OpenAiStub.Completion(JsonSerializer.Serialize(new { rows }), []);

    private static string Prompt(JsonElement request) =>
        request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString()!;

    private static int Asked(JsonElement request) => int.Parse(AskedRows().Match(Prompt(request)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Return exactly (\d+) rows")]
    private static partial Regex AskedRows();

    private async Task<JsonElement> GenerateAsync(object body)
    {
        var r = await client.PostJsonAsync("/api/data/generate", body);
        var json = await r.JsonAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    private async Task<JsonElement> RowsAsync(string id) =>
        (await (await client.GetAsync($"/api/data/{id}/tables/generated/rows?limit=100")).JsonAsync()).GetProperty("rows");

    [Fact]
    public async Task The_models_rows_become_a_new_dataset_with_each_value_in_its_column_type()
    {
        stub.Then(_ => Reply(
            new { qty = "4", price = 12.346, sku = "AB-12", shipped = "2024-03-01", member = "true" },
            new { qty = 7.0, price = 99, sku = "AB-99", shipped = "2023-12-31", member = false }));
        var before = await client.DatasetCountAsync();
        var body = await GenerateAsync(new
        {
            generation_method = "llm_based",
            count = 2,
            random_seed = 1234,
            name = "Model orders",
            template = new
            {
                qty = new { type = "integer", min = 1, max = 9 },
                price = new { type = "float", min = 0, max = 100, decimals = 2 },
                sku = new { type = "string", pattern = "AB-##" },
                shipped = new { type = "date", start = "2023-01-01", end = "2024-12-31" },
                member = new { type = "boolean" },
            },
        });
        Assert.Equal(("Model orders", 2, "llm_based", 1234), (body.GetProperty("name").GetString(), body.GetProperty("count").GetInt32(),
            body.GetProperty("generation_method").GetString(), body.GetProperty("seed_used").GetInt32()));
        Assert.Equal(before + 1, await client.DatasetCountAsync());
        var columns = body.GetProperty("stats").GetProperty("columns");
        Assert.Equal(["integer", "decimal", "text", "date", "boolean"], columns.EnumerateObject().Select(c => c.Value.GetProperty("type").GetString()));
        Assert.Equal(0, body.GetProperty("stats").GetProperty("schema_violations").GetInt32());

        // "4" became the number 4, 7.0 the integer 7, 12.346 was rounded to its two decimals, "true" the boolean true.
        var rows = await RowsAsync(body.GetProperty("data_id").GetString()!);
        Assert.Equal("""[[4,12.35,"AB-12","2024-03-01",true],[7,99,"AB-99","2023-12-31",false]]""", rows.ToString().Replace(" ", "").Replace("\n", "").Replace("\r", ""));

        // The seed went to the provider, with temperature 0; the model was offered no tools and was told to answer in JSON only.
        var sent = Assert.Single(stub.Requests);
        Assert.Equal(1234, sent.GetProperty("seed").GetInt64());
        Assert.Equal(0, sent.GetProperty("temperature").GetDouble());
        Assert.False(sent.TryGetProperty("tools", out _));
        Assert.Contains("Reply with only one JSON object", sent.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_large_count_is_asked_for_in_batches_of_fifty_with_the_column_rules_in_every_prompt()
    {
        var next = 0;
        for (var i = 0; i < 3; i++)
            stub.Then(req => Reply(Enumerable.Range(0, Asked(req)).Select(_ => (object)new { id = ++next, tier = next % 2 == 0 ? "gold" : "silver" }).ToArray()));
        var body = await GenerateAsync(new
        {
            generation_method = "llm_based",
            count = 120,
            template = new { id = new { type = "integer", min = 1, max = 1000, unique = true } },
            field_constraints = new { tier = new { allowed_values = new[] { "gold", "silver" } } },
        });
        Assert.Equal(120, body.GetProperty("count").GetInt32());
        Assert.Equal(120, body.GetProperty("stats").GetProperty("columns").GetProperty("id").GetProperty("distinct").GetInt32());
        Assert.Equal([50, 50, 20], stub.Requests.Select(Asked));
        Assert.All(stub.Requests, r =>
        {
            Assert.Contains("- \"id\": integer from 1 to 1000; unique: no two rows share a value; never null", Prompt(r));
            Assert.Contains("- \"tier\": string, one of \"gold\", \"silver\"; never null", Prompt(r));
        });
        // Later batches are told which unique values are taken, and asked with another seed.
        Assert.Contains("already used (do not repeat them): 1, 2, 3", Prompt(stub.Requests[1]));
        Assert.NotEqual(stub.Requests[0].GetProperty("seed").GetInt64(), stub.Requests[1].GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Seed_rows_give_the_columns_and_the_prompt_shows_twenty_of_them_as_examples()
    {
        var seed = Enumerable.Range(1, 25).Select(i => new { city = $"City{i:00}", amount = i * 10, day = $"2024-01-{i:00}" }).ToArray();
        stub.Then(_ => Reply(new { city = "Lyon", amount = "35", day = "2024-02-03" }, new { city = "Bergen", amount = 80, day = (string?)null }));
        var body = await GenerateAsync(new { generation_method = "llm_based", count = 2, seed_data = seed });
        var rows = await RowsAsync(body.GetProperty("data_id").GetString()!);
        Assert.Equal("""[["Lyon",35,"2024-02-03"],["Bergen",80,null]]""", rows.ToString().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        var prompt = Prompt(stub.Requests[0]);
        Assert.Contains("- \"amount\": integer; may be null", prompt);
        Assert.Contains("- \"day\": date written yyyy-MM-dd; may be null", prompt);
        Assert.Contains("Here are 20 example rows", prompt);
        Assert.Contains("""{"city":"City20","amount":200,"day":"2024-01-20"}""", prompt);
        Assert.DoesNotContain("City21", prompt);
    }

    [Fact]
    public async Task Values_that_break_a_rule_are_counted_in_the_stats_and_their_rows_replaced_by_new_ones()
    {
        stub.Then(_ => Reply(
                new { qty = 3, email = "ann@example.com", tier = "gold" },
                new { qty = 50, email = "bob@example.com", tier = "gold" },
                new { qty = 2, email = "not an email", tier = "silver" },
                new { qty = "many", email = "cy@example.com", tier = "bronze" },
                "just a string"))
            .Then(req => Reply(Enumerable.Range(0, Asked(req)).Select(i => (object)new { qty = i + 1, email = $"u{i}@example.com", tier = "silver" }).ToArray()));
        var body = await GenerateAsync(new
        {
            generation_method = "llm_based",
            count = 4,
            field_constraints = new
            {
                qty = new { type = "integer", min = 1, max = 9 },
                email = new { type = "string", format = "email" },
                tier = new { allowed_values = new[] { "gold", "silver" } },
            },
        });
        Assert.Equal(4, body.GetProperty("count").GetInt32());
        var stats = body.GetProperty("stats");
        Assert.Equal(5, stats.GetProperty("schema_violations").GetInt32());
        var broken = stats.GetProperty("violations").EnumerateArray()
            .Select(v => $"{v.GetProperty("field").GetString()}:{v.GetProperty("rule").GetString()}:{v.GetProperty("count").GetInt32()}").Order().ToList();
        Assert.Equal(["(row):object:1", "email:format:1", "qty:max:1", "qty:type:1", "tier:allowed_values:1"], broken);
        // One row of the first reply was kept, so the second call asked for the three that were missing.
        Assert.Equal([4, 3], stub.Requests.Select(Asked));
        var rows = await RowsAsync(body.GetProperty("data_id").GetString()!);
        Assert.DoesNotContain("not an email", rows.ToString());
        Assert.Contains("ann@example.com", rows.ToString());
    }

    [Fact]
    public async Task A_reply_that_is_not_json_is_asked_for_again_and_a_fenced_json_answer_is_accepted()
    {
        stub.Answer("Sure! Here are some rows you might like.")
            .Answer("```json\n{\"rows\": [{\"n\": 1}, {\"n\": 2}]}\n```");
        var body = await GenerateAsync(new { generation_method = "llm_based", count = 2, template = new { n = new { type = "integer", min = 0, max = 5 } } });
        Assert.Equal(2, body.GetProperty("count").GetInt32());
        Assert.Equal(2, stub.Requests.Count);
        Assert.Contains("not the JSON object asked for", Prompt(stub.Requests[1]));
    }

    [Fact]
    public async Task Two_replies_that_are_not_json_fail_the_generation_with_a_message_naming_the_provider_and_keep_nothing()
    {
        stub.Answer("I am sorry, I cannot help with that.").Answer("Still no JSON here.");
        var before = await client.DatasetCountAsync();
        var r = await client.PostJsonAsync("/api/data/generate", new { generation_method = "llm_based", count = 5, template = new { n = new { type = "integer" } } });
        var host = new Uri(stub.BaseUrl).Authority;
        await r.AssertProblemAsync(502, $"The model gpt-4o-mini at the OpenAI-compatible endpoint {host} did not answer with JSON rows", "Still no JSON here.");
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(before, await client.DatasetCountAsync());
    }

    [Fact]
    public async Task Requests_the_model_cannot_serve_are_refused_before_it_is_asked()
    {
        var tooMany = await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "llm_based", count = 1001, template = new { n = new { type = "integer" } } }))
            .AssertProblemAsync(400, "count must be at most 1,000 for llm_based generation");
        Assert.Equal("count", tooMany.GetProperty("field").GetString());
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "llm_based", count = 5 }))
            .AssertProblemAsync(400, "template, field_constraints, seed_data or data_id");
        await UseAsync(LlmSettings.Offline);
        await (await client.PostJsonAsync("/api/data/generate", new { generation_method = "llm_based", count = 5, template = new { n = new { type = "integer" } } }))
            .AssertProblemAsync(422, "needs an LLM provider; configure one in Settings");
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task The_tokens_generation_used_are_counted_in_the_metrics()
    {
        static double Tokens(string metrics, string direction) => Regex.Matches(metrics,
                $"^datacharts_llm_tokens_total\\{{provider=\"compatible\",model=\"gpt-4o-mini\",direction=\"{direction}\"\\}} (\\S+)$", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var before = await client.GetStringAsync("/metrics");
        stub.Then(req => Reply(Enumerable.Range(0, Asked(req)).Select(i => (object)new { n = i }).ToArray()));
        stub.Then(req => Reply(Enumerable.Range(0, Asked(req)).Select(i => (object)new { n = i }).ToArray()));
        await GenerateAsync(new { generation_method = "llm_based", count = 60, template = new { n = new { type = "integer", min = 0, max = 100 } } });
        var after = await client.GetStringAsync("/metrics");
        // The stub reports 120 prompt and 30 completion tokens per call; two calls were made.
        Assert.True(Tokens(after, "input") >= Tokens(before, "input") + 240, after);
        Assert.True(Tokens(after, "output") >= Tokens(before, "output") + 60, after);
    }

    [Fact]
    public async Task The_generate_form_fills_the_template_columns_through_the_model_and_shows_a_failure_in_place()
    {
        stub.Then(req => Reply(Enumerable.Range(0, Asked(req)).Select(i => (object)new { n = i % 6, region = "North" }).ToArray()))
            .Answer("no").Answer("still no");
        var token = await client.TokenAsync("/Data");
        async Task<string> RunAsync()
        {
            var r = await client.HtmxPostAsync("/Data/Generate?handler=Start", token, new Dictionary<string, string>
            {
                ["method"] = "llm_based",
                ["count"] = "12",
                ["name"] = "Model made",
                ["template"] = """{"n": {"type": "integer", "min": 0, "max": 5}, "region": {"type": "choice", "values": ["North", "South"], "weights": [3, 1]}}""",
            });
            var html = await r.Content.ReadAsStringAsync();
            var jobId = JobId().Match(html).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(jobId), html);
            using (await client.GetAsync($"/api/tasks/{jobId}/events")) { }
            return await client.GetStringAsync($"/Data/Generate?handler=Result&jobId={jobId}");
        }
        var done = await RunAsync();
        Assert.Contains("Model made", done);
        Assert.Contains("12 rows", done);
        Assert.Contains("\"region\": string, one of \"North\", \"South\" (roughly in the proportions 3 : 1)", Prompt(stub.Requests[0]));

        var failed = await RunAsync();
        Assert.Contains("did not answer with JSON rows", failed);
        Assert.Contains("gpt-4o-mini", failed);
    }

    [GeneratedRegex("data-job=\"(job_[0-9a-f]+)\"")]
    private static partial Regex JobId();
}
