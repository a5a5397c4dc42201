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

    private async Task<JsonElement> AskAsync(string question)
    {
        var r = await client.PostAsJsonAsync("/api/ask", new { data_id = dataId, question });
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
        Assert.Equal($"{top[0].GetString()} leads with {top[1].GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)}.", a.GetProperty("answer").GetString());
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
            .Answer("There are 24000 orders.");
        var a = await AskAsync("How many orders?");
        Assert.Equal("SELECT count(*) AS n FROM orders", a.GetProperty("sql").GetString());
        Assert.Equal("There are 24000 orders.", a.GetProperty("answer").GetString());
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
        Assert.Contains("24000", a.GetProperty("answer").GetString());
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

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await stub.DisposeAsync();
        await app.DisposeAsync();
    }
}
