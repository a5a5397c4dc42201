using System.Net;
using System.Text.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Quality;

/// <summary><c>/api/quality…</c> as clients call it, and the Quality report of the Data page.</summary>
public sealed class QualityApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>4 rows × 3 columns, 2 empty cells; one name is a script tag that every report must show as text.</summary>
    private const string Customers =
        "id,name,email\n" +
        "1,<script>alert(1)</script>,ann@example.com\n" +
        "2,Bob,\n" +
        "3,,cy@example.com\n" +
        "4,Dee,dee@example.com\n";

    private static readonly string[] Documented =
        ["assessment_id", "data_id", "table", "row_count", "overall_score", "dimension_scores", "passed_threshold", "dimension_results", "summary",
         "issues", "recommendations", "improvement_priority"];

    private static async Task<string> ImportAsync(HttpClient client, string name) =>
        (await client.ImportAsync(name, Files.Utf8(Customers))).GetProperty("data_id").GetString()!;

    private static void AssertShape(JsonElement json)
    {
        var names = json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(Documented, n => Assert.Contains(n, names));
        var completeness = json.GetProperty("dimension_results").GetProperty("completeness");
        Assert.Equal(["score", "passed", "threshold", "weight", "assessed", "checked", "failed", "details", "issues"], completeness.EnumerateObject().Select(p => p.Name));
        var issue = completeness.GetProperty("issues")[0];
        Assert.Equal(["dimension", "column", "description", "count", "share", "severity", "sample_rows"], issue.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["dimension", "score", "weight", "impact"], json.GetProperty("improvement_priority")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Assess_answers_with_the_documented_snake_case_fields_and_hand_computed_scores()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "qa_fields.csv");
        var r = await client.PostJsonAsync("/api/quality/assess", new
        {
            data_id = id,
            dimensions = new[] { "completeness", "uniqueness", "validity" },
            weights = new { completeness = 2, uniqueness = 1, validity = 1 },
            threshold_scores = new { overall = 0.9 },
            rules = new { email = new { format = "email", not_null = true } },
            key_columns = new[] { "id" },
        });
        var json = await r.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        AssertShape(json);
        Assert.Equal(id, json.GetProperty("data_id").GetString());
        Assert.Equal(4, json.GetProperty("row_count").GetInt32());
        // dimension_scores is the predecessor's list of {dimension, score, weight, issues, details}, in the order asked.
        var scores = json.GetProperty("dimension_scores").EnumerateArray().ToDictionary(d => d.GetProperty("dimension").GetString()!);
        Assert.Equal(["completeness", "uniqueness", "validity"], scores.Keys);
        Assert.Equal(0.8333, scores["completeness"].GetProperty("score").GetDouble()); // 10 of 12 cells
        Assert.Equal(0.5, scores["completeness"].GetProperty("weight").GetDouble());
        Assert.Equal(2, scores["completeness"].GetProperty("issues").GetArrayLength());
        Assert.Equal(1, scores["uniqueness"].GetProperty("score").GetDouble());
        Assert.Empty(scores["uniqueness"].GetProperty("issues").EnumerateArray());
        // email must not be empty: 3 of its 4 cells; id's 4 integers and name's 3 texts are of their inferred type → 10 of 11.
        Assert.Equal(0.9091, scores["validity"].GetProperty("score").GetDouble());
        Assert.Contains("must not be empty", scores["validity"].GetProperty("issues")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(11, scores["validity"].GetProperty("details").GetProperty("checked").GetInt32());
        Assert.Equal(0.8939, json.GetProperty("overall_score").GetDouble()); // 0.5 × 10/12 + 0.25 × 1 + 0.25 × 10/11
        Assert.False(json.GetProperty("passed_threshold").GetBoolean());
        Assert.Equal("completeness", json.GetProperty("improvement_priority")[0].GetProperty("dimension").GetString());
        var sample = json.GetProperty("dimension_results").GetProperty("completeness").GetProperty("issues").EnumerateArray()
            .Single(i => i.GetProperty("column").GetString() == "email").GetProperty("sample_rows")[0];
        Assert.Equal("Bob", sample.GetProperty("name").GetString());
        Assert.Contains(json.GetProperty("recommendations").EnumerateArray(), s => s.GetString()!.Contains("'email'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"dimensions":["completeness","speed"]}""", "dimensions", "speed")]
    [InlineData("""{"dimensions":["completeness","validity"],"weights":{"completeness":1}}""", "weights.validity", "validity")]
    [InlineData("""{"threshold_scores":{"overall":2}}""", "threshold_scores.overall", "between 0 and 1")]
    [InlineData("""{"rules":{"phone":{"not_null":true}}}""", "rules.phone", "phone")]
    [InlineData("""{"key_columns":["sku"]}""", "key_columns", "sku")]
    [InlineData("""{"timeliness_column":"when"}""", "timeliness_column", "when")]
    public async Task Bad_requests_are_400_problems_naming_the_field(string body, string field, string mention)
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, $"qa_bad_{field.Replace('.', '_')}.csv");
        var json = body.Insert(1, $"\"data_id\":\"{id}\",");
        var r = await client.PostAsync("/api/quality/assess", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await r.AssertProblemAsync(400, mention);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_datasets_and_assessments_are_404()
    {
        using var client = app.CreateClient();
        await (await client.PostJsonAsync("/api/quality/assess", new { data_id = "ds_000000000000" })).AssertProblemAsync(404, "ds_000000000000");
        await (await client.GetAsync("/api/quality/qa_0123456789abcdef")).AssertProblemAsync(404, "qa_0123456789abcdef");
    }

    [Fact]
    public async Task An_async_assessment_is_a_task_whose_result_has_the_same_shape()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "qa_async.csv");
        var r = await client.PostJsonAsync("/api/quality/assess", new { data_id = id, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var accepted = await r.JsonAsync();
        var taskId = accepted.GetProperty("task_id").GetString()!;
        Assert.Equal($"/api/tasks/{taskId}", accepted.GetProperty("status_url").GetString());
        Assert.Equal($"/api/tasks/{taskId}/events", accepted.GetProperty("events_url").GetString());

        using var sse = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, accepted.GetProperty("events_url").GetString()), HttpCompletionOption.ResponseHeadersRead);
        var events = await sse.Content.ReadAsStringAsync();
        Assert.Contains("event: end", events);
        var task = await (await client.GetAsync(accepted.GetProperty("status_url").GetString())).JsonAsync();
        Assert.Equal("completed", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        AssertShape(result);
        Assert.Equal(0.8333, result.GetProperty("dimension_scores").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "completeness").GetProperty("score").GetDouble());
        // Every default dimension that has something to check is scored, validity included (its table is typed and text).
        Assert.Contains(result.GetProperty("dimension_scores").EnumerateArray(), d => d.GetProperty("dimension").GetString() == "validity");

        var kept = await (await client.GetAsync($"/api/quality/{result.GetProperty("assessment_id").GetString()}")).JsonAsync();
        Assert.Equal(result.GetRawText(), kept.GetRawText());
    }

    [Fact]
    public async Task A_kept_assessment_downloads_as_json_and_as_standalone_html_with_the_data_escaped()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "qa_export.csv");
        var made = await (await client.PostJsonAsync("/api/quality/assess", new { data_id = id, dimensions = new[] { "completeness", "consistency" } })).JsonAsync();
        var qa = made.GetProperty("assessment_id").GetString()!;

        var got = await client.GetAsync($"/api/quality/{qa}");
        Assert.Equal(made.GetRawText(), (await got.JsonAsync()).GetRawText());

        var json = await client.GetAsync($"/api/quality/{qa}/export?format=json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(made.GetProperty("overall_score").GetDouble(), (await json.JsonAsync()).GetProperty("overall_score").GetDouble());

        var html = await client.GetAsync($"/api/quality/{qa}/export?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".html", html.Content.Headers.ContentDisposition?.FileNameStar ?? html.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var page = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page.TrimStart());
        Assert.Contains("data:image/png;base64,iVBORw0KGgo", page); // the bar chart, inline
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page); // a sample row of 'name' (not capitalised like the others), escaped
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.Contains("Fill or drop the 1 empty value in &#x27;email&#x27;", page);

        await (await client.GetAsync($"/api/quality/{qa}/export?format=pdf")).AssertProblemAsync(400, "pdf");
    }

    [Fact]
    public async Task The_data_page_assesses_quality_and_renders_the_report()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "qa_page.csv");
        var detail = await client.GetStringAsync($"/Data?id={id}");
        Assert.Contains("hx-post=\"/Data/Quality?handler=Assess\"", detail);
        var token = await client.TokenAsync($"/Data?id={id}");

        var r = await client.HtmxPostAsync("/Data/Quality?handler=Assess", token, new Dictionary<string, string> { ["id"] = id });
        var html = await r.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Overall score", html);
        Assert.Contains("Passed", html); // no rules, no dates: what is assessable is good enough
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        var qa = System.Text.RegularExpressions.Regex.Match(html, "data-assessment=\"(qa_[0-9a-f]+)\"").Groups[1].Value;
        Assert.Contains($"/api/quality/{qa}/export?format=html", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/quality/{qa}")).StatusCode);
    }
}
