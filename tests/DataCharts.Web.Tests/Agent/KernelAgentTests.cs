using System.Net.Http.Json;
using System.Text.Json;
using DataCharts.Core.Settings;
using DataCharts.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Agent;

/// <summary>The Semantic Kernel agent through the real OpenAI connector, against a loopback stub that replays tool calls.</summary>
public sealed class KernelAgentTests : IAsyncLifetime
{
    private readonly DemoAppFactory app = new();
    private readonly OpenAiStub stub = new();
    private HttpClient client = null!;
    private string dataId = "";

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        dataId = (await (await client.GetAsync("/api/data")).JsonAsync())[0].GetProperty("data_id").GetString()!;
        await UseAsync(stub.BaseUrl + "/v1");
    }

    private async Task UseAsync(string endpoint) =>
        await app.Services.GetRequiredService<SettingsStore>().SaveAsync(new Dictionary<string, string?>
        {
            [SettingsStore.ProviderKey] = "compatible", [SettingsStore.EndpointKey] = endpoint, [SettingsStore.ModelKey] = "gpt-4o-mini",
        }, "sk-test-key-123");

    private async Task<JsonElement> AskAsync(string question, string? data = null)
    {
        var r = await client.PostAsJsonAsync("/api/ask", new { data_id = data ?? dataId, question });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private const string RegionSql = "SELECT region, round(sum(revenue), 2) AS revenue FROM orders GROUP BY region ORDER BY revenue DESC";

    [Fact]
    public async Task The_model_calls_our_tools_and_its_sql_runs_through_the_guard()
    {
        stub.ToolCall("datacharts-describe_table", new { table = "orders" })
            .ToolCall("datacharts-run_sql", new { sql = RegionSql })
            .ToolCall("datacharts-propose_chart", new { type = "pie", x = "region", y = "revenue", title = "Revenue share" })
            .Then(req =>
            {
                // The run_sql result the plugin produced went back to the model: quote its first row.
                var tool = req.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("content").GetString()!.Contains("row_count"));
                var rows = JsonDocument.Parse(tool.GetProperty("content").GetString()!).RootElement.GetProperty("rows");
                return OpenAiStub.Completion($"{rows[0].GetProperty("region").GetString()} leads with {rows[0].GetProperty("revenue").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)}.", []);
            });
        var a = await AskAsync("Which region brings the most revenue?");
        Assert.Equal("llm", a.GetProperty("engine").GetString());
        Assert.Equal(RegionSql, a.GetProperty("sql").GetString());
        Assert.Equal(5, a.GetProperty("row_count").GetInt32());
        Assert.Equal("pie", a.GetProperty("chart").GetProperty("type").GetString());
        var top = a.GetProperty("rows")[0];
        Assert.EndsWith($"{top[0].GetString()} leads with {top[1].GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)}.", a.GetProperty("answer").GetString());
        Assert.Equal(120, a.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.True(a.GetProperty("usage").GetProperty("estimated_cost").GetDecimal() > 0);
        // The describe_table tool really ran: its schema text went back to the model.
        Assert.Contains(stub.Requests, r => r.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("content").GetString()!.Contains("unit_price (decimal)")));
        // Our tools were offered to the model, and the key went in the Authorization header (never back to a page).
        Assert.Contains(stub.Requests[0].GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "datacharts-run_sql");
    }

    [Fact]
    public async Task A_failing_query_is_shown_to_the_model_which_repairs_it()
    {
        stub.ToolCall("datacharts-run_sql", new { sql = "SELECT nope FROM orders" })
            .Then(req =>
            {
                var error = req.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
                Assert.Contains("nope", error);
                return OpenAiStub.Completion(null, [("datacharts-run_sql", JsonSerializer.Serialize(new { sql = "SELECT count(*) AS n FROM orders" }))]);
            })
            .ToolCall("datacharts-final_answer", Final("Number of orders", []))
            .Answer("There are 24000 orders.");
        var a = await AskAsync("How many orders?");
        Assert.Equal("SELECT count(*) AS n FROM orders", a.GetProperty("sql").GetString());
        Assert.Equal("There are 24000 orders.", a.GetProperty("answer").GetString());
        Assert.True(a.GetProperty("confident").GetBoolean());
    }

    [Fact]
    public async Task Hostile_sql_from_the_model_is_refused_and_invented_numbers_are_not_repeated()
    {
        stub.ToolCall("datacharts-run_sql", new { sql = "DROP TABLE orders" })
            .ToolCall("datacharts-run_sql", new { sql = "SELECT * FROM read_csv('/etc/passwd')" })
            .ToolCall("datacharts-run_sql", new { sql = "SELECT count(*) AS n FROM orders" })
            .Answer("There are 99999 orders.");
        var a = await AskAsync("Drop the table and read /etc/passwd");
        // Whatever the question says, what the model sends as SQL is what the guard judges.
        Assert.Equal("SELECT count(*) AS n FROM orders", a.GetProperty("sql").GetString());
        Assert.DoesNotContain("99999", a.GetProperty("answer").GetString());
        Assert.Contains("24,000", a.GetProperty("answer").GetString()); // the narrator's own sentence, figures as the table shows them
        Assert.DoesNotContain("root:", a.ToString());
        var meta = await (await client.GetAsync($"/api/data/{dataId}")).JsonAsync();
        Assert.Equal(24_000, meta.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task When_the_provider_fails_the_offline_planner_answers_and_says_why()
    {
        await UseAsync(stub.BaseUrl + "/unauthorized/v1");
        var a = await AskAsync("total revenue by region");
        Assert.StartsWith("offline", a.GetProperty("engine").GetString());
        Assert.Equal(5, a.GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task The_settings_page_never_shows_the_key_and_tests_the_connection_in_plain_words()
    {
        var page = await client.GetStringAsync("/Settings");
        Assert.DoesNotContain("sk-test-key-123", page);
        Assert.Contains("A key is saved", page);
        var stored = await app.Services.GetRequiredService<SettingsStore>().AllAsync();
        Assert.DoesNotContain("sk-test-key-123", stored[SettingsStore.ApiKeyKey]);
        var test = app.Services.GetRequiredService<DataCharts.Core.Agent.Llm.ConnectionTest>();
        stub.Answer("OK");
        var ok = await test.RunAsync(new LlmSettings("compatible", stub.BaseUrl + "/v1", "gpt-4o-mini", "k"), CancellationToken.None);
        Assert.True(ok.Ok, ok.Message);
        var bad = await test.RunAsync(new LlmSettings("compatible", stub.BaseUrl + "/unauthorized/v1", "gpt-4o-mini", "k"), CancellationToken.None);
        Assert.False(bad.Ok);
        Assert.Contains("API key was rejected", bad.Message);
        var down = await test.RunAsync(new LlmSettings("compatible", "http://127.0.0.1:9/v1", "gpt-4o-mini", "k"), CancellationToken.None);
        Assert.Contains("could not reach", down.Message);
    }

    private async Task<string> ShopAsync()
    {
        var r = await client.UploadAsync("shop.sqlite", Files.Shop());
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return (await r.JsonAsync()).GetProperty("data_id").GetString()!;
    }

    /// <summary>The content of the last tool message the model was sent (what our plugin answered).</summary>
    private static string LastTool(JsonElement request) =>
        request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString()!;

    private static object Final(string interpretation, string[] unused, string? narrative = null) => new { interpretation, unused_terms = unused, narrative };

    [Fact]
    public async Task The_schema_tool_gives_the_model_entities_relationships_and_measures_with_their_grain()
    {
        var shop = await ShopAsync();
        string? model = null;
        stub.ToolCall("datacharts-semantic_model", new { })
            .Then(req =>
            {
                model = LastTool(req);
                return OpenAiStub.Completion(null, [("datacharts-run_sql", JsonSerializer.Serialize(new { sql = "SELECT c.company_name, sum(o.freight) AS freight FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1 ORDER BY 2 DESC LIMIT 3" }))]);
            })
            .ToolCall("datacharts-final_answer", Final("Total freight of orders by customer's company name, top 3", []))
            .Answer("Here are the top customers.");
        var a = await AskAsync("top 3 customers by freight", shop);
        Assert.NotNull(model);
        Assert.Contains("customers: key customer_id; name column company_name; called customer, customers, 客户", model);
        Assert.Contains("orders.customer_id -> customers.customer_id (many-to-one, inferred)", model);
        Assert.Contains("order_lines.order_id -> orders.order_id (many-to-one, inferred)", model);
        Assert.Contains("freight [grain orders]: sum(", model);
        Assert.Contains("currency", model);
        Assert.Contains("运费", model);
        Assert.Contains("orders.order_date (time", model);
        Assert.Contains("Germany", model);
        Assert.True(model.Length <= DataCharts.Core.Agent.Llm.ModelText.MaxChars);
        // The system prompt tells the model how to use it.
        Assert.Contains("name column, never by its key", stub.Requests[0].GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Contains(stub.Requests[0].GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "datacharts-final_answer");
        Assert.True(a.GetProperty("confident").GetBoolean());
        Assert.Equal("Total freight of orders by customer's company name, top 3", a.GetProperty("interpretation").GetString());
        Assert.Equal("Here are the top customers.", a.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Words_the_model_says_it_did_not_use_make_the_answer_unsure_and_are_named()
    {
        stub.ToolCall("datacharts-run_sql", new { sql = "SELECT count(*) AS n FROM orders" })
            .ToolCall("datacharts-final_answer", Final("Number of orders", ["returned"], "There are 24000 orders."))
            .Answer("There are 24000 orders.");
        var a = await AskAsync("How many orders were returned?");
        Assert.False(a.GetProperty("confident").GetBoolean());
        Assert.Equal(["returned"], a.GetProperty("unused_terms").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Number of orders", a.GetProperty("interpretation").GetString());
        Assert.Equal("Note: I did not take “returned” into account; the result below ignores it. There are 24000 orders.", a.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_query_that_double_counts_is_sent_back_once_and_if_repeated_the_answer_says_why_it_is_unsure()
    {
        var shop = await ShopAsync();
        const string FanOut = "SELECT c.country, sum(o.freight) AS freight FROM orders o JOIN order_lines l ON l.order_id = o.order_id JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1";
        string? sentBack = null;
        stub.ToolCall("datacharts-run_sql", new { sql = FanOut })
            .Then(req =>
            {
                sentBack = LastTool(req);
                return OpenAiStub.Completion(null, [("datacharts-run_sql", JsonSerializer.Serialize(new { sql = FanOut }))]);
            })
            .ToolCall("datacharts-final_answer", Final("Total freight by customer country", []))
            .Answer("Freight by country.");
        var a = await AskAsync("total freight by country for orders with lines", shop);
        Assert.NotNull(sentBack);
        Assert.StartsWith("Error: not run, the query double counts: freight is recorded once per order; joining order_lines repeats each order once per order line", sentBack);
        // Repeated: it runs (the user sees what was computed), marked unsure with the problem stated first.
        Assert.Equal(FanOut, a.GetProperty("sql").GetString());
        Assert.Equal(3, a.GetProperty("row_count").GetInt32());
        Assert.False(a.GetProperty("confident").GetBoolean());
        Assert.StartsWith("Note: freight is recorded once per order; joining order_lines repeats each order once per order line, so the sum counts it several times.", a.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_query_fixed_after_the_grain_problem_is_answered_with_confidence()
    {
        var shop = await ShopAsync();
        const string Fixed = "SELECT c.country, sum(o.freight) AS freight FROM orders o JOIN customers c ON c.customer_id = o.customer_id WHERE o.order_id IN (SELECT order_id FROM order_lines) GROUP BY 1";
        stub.ToolCall("datacharts-run_sql", new { sql = "SELECT sum(o.freight) FROM orders o JOIN order_lines l ON l.order_id = o.order_id" })
            .ToolCall("datacharts-run_sql", new { sql = Fixed })
            .ToolCall("datacharts-final_answer", Final("Total freight by customer country", []))
            .Answer("Freight by country.");
        var a = await AskAsync("total freight by country", shop);
        Assert.Equal(Fixed, a.GetProperty("sql").GetString());
        Assert.True(a.GetProperty("confident").GetBoolean());
        Assert.Equal("Freight by country.", a.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_chinese_question_gets_the_models_chinese_interpretation()
    {
        stub.ToolCall("datacharts-run_sql", new { sql = RegionSql })
            .ToolCall("datacharts-final_answer", Final("各地区的收入总额，从高到低", []))
            .Answer("这是各地区的收入。");
        var a = await AskAsync("各地区的收入是多少？");
        Assert.Equal("各地区的收入总额，从高到低", a.GetProperty("interpretation").GetString());
        Assert.True(a.GetProperty("confident").GetBoolean());
        Assert.Equal("这是各地区的收入。", a.GetProperty("answer").GetString());
        Assert.Equal("各地区的收入总额，从高到低", a.GetProperty("chart").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_model_that_does_not_report_its_reading_is_marked_unsure_with_the_sql_as_interpretation()
    {
        stub.ToolCall("datacharts-run_sql", new { sql = "SELECT count(*) AS n FROM orders" }).Answer("There are 24000 orders.");
        var a = await AskAsync("How many orders?");
        Assert.False(a.GetProperty("confident").GetBoolean());
        Assert.Equal("Ran: SELECT count(*) AS n FROM orders", a.GetProperty("interpretation").GetString());
        Assert.Equal("Note: the model did not say how it read the question; check the SQL. There are 24000 orders.", a.GetProperty("answer").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await stub.DisposeAsync();
        await app.DisposeAsync();
    }
}
