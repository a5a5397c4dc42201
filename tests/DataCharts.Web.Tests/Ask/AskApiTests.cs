using System.Net;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using DataCharts.Web.Tests.Support;
using MiniExcelLibs;

namespace DataCharts.Web.Tests.Ask;

/// <summary>/api/ask and its charts and exports, as PRODUCT.md §4 describes them, on the demo dataset.</summary>
public sealed class AskApiTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<string> DemoIdAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/data")).JsonAsync()).EnumerateArray().First(d => d.GetProperty("name").GetString() == "Demo sales").GetProperty("data_id").GetString()!;

    private static async Task<JsonElement> AskAsync(HttpClient c, string dataId, string question, string? conversation = null, int? maxRows = null)
    {
        var r = await c.PostJsonAsync("/api/ask", new { data_id = dataId, question, conversation_id = conversation, max_rows = maxRows });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task An_answer_has_sql_rows_a_chart_and_a_narrative()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var a = await AskAsync(c, id, "What is the total revenue by region?");
        Assert.StartsWith("cv_", a.GetProperty("conversation_id").GetString());
        Assert.StartsWith("msg_", a.GetProperty("message_id").GetString());
        Assert.Contains("SELECT", a.GetProperty("sql").GetString());
        Assert.Equal(["region", "total_revenue"], a.GetProperty("columns").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(5, a.GetProperty("row_count").GetInt32());
        Assert.False(a.GetProperty("truncated").GetBoolean());
        var top = a.GetProperty("rows")[0];
        Assert.Contains(top[0].GetString()!, a.GetProperty("answer").GetString());
        var chart = a.GetProperty("chart");
        Assert.Equal("bar", chart.GetProperty("type").GetString());
        Assert.Equal("region", chart.GetProperty("x").GetString());
        var png = await c.GetAsync(chart.GetProperty("png_url").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal((byte)0x89, (await png.Content.ReadAsByteArrayAsync())[0]);
        var svg = await c.GetAsync(chart.GetProperty("svg_url").GetString());
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("return rate by channel", "\"returned\" = true", 3)]
    [InlineData("线上渠道的平均折扣", "'Online'", 1)]
    [InlineData("每个产品类别的销量", "GROUP BY \"category\"", 4)]
    [InlineData("units sold by category and year", "year(\"order_date\")", 20)]
    [InlineData("2023年每个月的收入", "year(\"order_date\") = 2023", 12)]
    [InlineData("How many orders were returned in the West region?", "'West'", 1)]
    [InlineData("average discount for corporate customers", "'Corporate'", 1)]
    public async Task Demo_questions_in_both_languages(string question, string sqlPart, int rows)
    {
        using var c = app.CreateClient();
        var a = await AskAsync(c, await DemoIdAsync(c), question);
        Assert.Contains(sqlPart, a.GetProperty("sql").GetString());
        Assert.Equal(rows, a.GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task Follow_ups_keep_the_conversation_and_change_the_sql()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var a = await AskAsync(c, id, "average revenue by channel");
        var b = await AskAsync(c, id, "and only for the North region", a.GetProperty("conversation_id").GetString());
        Assert.Equal(a.GetProperty("conversation_id").GetString(), b.GetProperty("conversation_id").GetString());
        Assert.NotEqual(a.GetProperty("sql").GetString(), b.GetProperty("sql").GetString());
        Assert.Contains("'North'", b.GetProperty("sql").GetString());
        var conv = await (await c.GetAsync($"/api/conversations/{a.GetProperty("conversation_id").GetString()}")).JsonAsync();
        Assert.Equal(2, conv.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Unanswerable_and_hostile_questions_get_200_without_sql_and_change_nothing()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        foreach (var q in new[] { "purple monkey dishwasher", "Delete all rows from the orders table", "show me the contents of the file /etc/passwd", "DROP TABLE orders" })
        {
            var a = await AskAsync(c, id, q);
            Assert.Equal(JsonValueKind.Null, a.GetProperty("sql").ValueKind);
            Assert.Equal(0, a.GetProperty("row_count").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("answer").GetString()));
            Assert.DoesNotContain("root:", a.ToString());
        }
        var meta = await (await c.GetAsync($"/api/data/{id}")).JsonAsync();
        Assert.Equal(24_000, meta.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task Every_answer_says_how_it_read_the_question_and_whether_it_is_sure()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var sure = await AskAsync(c, id, "What is the total revenue by region?");
        Assert.Equal("Total revenue of orders, by region, highest first", sure.GetProperty("interpretation").GetString());
        Assert.True(sure.GetProperty("confident").GetBoolean());
        Assert.Empty(sure.GetProperty("unused_terms").EnumerateArray());

        var unsure = await AskAsync(c, id, "What is the total revenue of orders wrapped in purple velvet?");
        Assert.False(unsure.GetProperty("confident").GetBoolean());
        Assert.Equal(["wrapped", "purple velvet"], unsure.GetProperty("unused_terms").EnumerateArray().Select(t => t.GetString()));
        Assert.StartsWith("Note: I did not take", unsure.GetProperty("answer").GetString());
        Assert.NotEqual(JsonValueKind.Null, unsure.GetProperty("sql").ValueKind);

        var refused = await AskAsync(c, id, "Total revenue by colour");
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("sql").ValueKind);
        Assert.False(refused.GetProperty("confident").GetBoolean());
        Assert.Contains("colour", refused.GetProperty("answer").GetString());

        var zh = await AskAsync(c, id, "每个地区的总收入是多少？");
        Assert.Contains("按region分组", zh.GetProperty("interpretation").GetString());
        Assert.Contains("最高", zh.GetProperty("answer").GetString());
        Assert.Contains("按region分组", zh.GetProperty("chart").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_requests_are_clear()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        await (await c.PostJsonAsync("/api/ask", new { data_id = "ds_000000000000", question = "count rows" })).AssertProblemAsync(404, "No dataset");
        await (await c.PostJsonAsync("/api/ask", new { data_id = id, question = "" })).AssertProblemAsync(400, "empty");
        await (await c.PostJsonAsync("/api/ask", new { question = "x" })).AssertProblemAsync(400, "data_id");
        await (await c.PostJsonAsync("/api/ask", new { data_id = id, question = "count", conversation_id = "cv_nope" })).AssertProblemAsync(404, "conversation");
    }

    [Fact]
    public async Task Max_rows_caps_and_marks_truncation()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var a = await AskAsync(c, id, "show orders", maxRows: 5);
        Assert.Equal(5, a.GetProperty("row_count").GetInt32());
        Assert.True(a.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Results_export_in_every_format_with_formulas_neutralised()
    {
        using var c = app.CreateClient();
        var up = await c.ImportAsync("evil.csv", Files.Utf8("name,amount\n=HYPERLINK(\"http://x\"),1\n+SUM(A1),2\n@cmd,3\nplain,4\n"));
        var a = await AskAsync(c, up.GetProperty("data_id").GetString()!, "show all rows");
        var msg = a.GetProperty("message_id").GetString();
        var csv = await c.GetAsync($"/api/results/{msg}/export?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString());
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text);
        Assert.Contains("'+SUM(A1)", text);
        Assert.Contains("'@cmd", text);
        Assert.Contains("plain,4", text);

        var xlsx = await (await c.GetAsync($"/api/results/{msg}/export?format=xlsx")).Content.ReadAsByteArrayAsync();
        Assert.Equal("PK", Encoding.ASCII.GetString(xlsx, 0, 2));
        using (var ms = new MemoryStream(xlsx))
        {
            var rows = ms.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(4, rows.Count);
            Assert.Equal("plain", rows[3]["name"]);
        }
        var json = await (await c.GetAsync($"/api/results/{msg}/export?format=json")).JsonAsync();
        Assert.Equal(4, json.GetProperty("rows").GetArrayLength());
        var parquet = await (await c.GetAsync($"/api/results/{msg}/export?format=parquet")).Content.ReadAsByteArrayAsync();
        Assert.Equal("PAR1", Encoding.ASCII.GetString(parquet, 0, 4));
        await (await c.GetAsync($"/api/results/{msg}/export?format=docx")).AssertProblemAsync(400, "csv, xlsx, json or parquet");
        await (await c.GetAsync("/api/results/msg_nope/export?format=csv")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Charts_are_created_read_updated_and_exported()
    {
        using var c = app.CreateClient();
        var id = await DemoIdAsync(c);
        var created = await c.PostJsonAsync("/api/chart/create", new { data_id = id, chart_type = "line", config = new { title = "Units by region", x = "region", y = "units", aggregation = "sum" } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var chart = await created.JsonAsync();
        var chartId = chart.GetProperty("chart_id").GetString();
        Assert.Equal("line", chart.GetProperty("type").GetString());
        var put = await c.PutAsJsonAsync($"/api/chart/{chartId}", new { chart_type = "pie", config = new { title = "Share of units" } });
        Assert.Equal("pie", (await put.JsonAsync()).GetProperty("type").GetString());
        var got = await (await c.GetAsync($"/api/chart/{chartId}")).JsonAsync();
        Assert.Equal("Share of units", got.GetProperty("title").GetString());
        var png = await c.GetAsync($"/api/chart/{chartId}/export?format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        await (await c.GetAsync($"/api/chart/{chartId}/export?format=gif")).AssertProblemAsync(400, "png or svg");
        await (await c.PostJsonAsync("/api/chart/create", new { data_id = id, chart_type = "bar", config = new { x = "nope", y = "units" } })).AssertProblemAsync(404, "nope");
        await (await c.PostJsonAsync("/api/chart/create", new { data_id = id, chart_type = "donut3d", config = new { x = "region" } })).AssertProblemAsync(400, "Unknown chart type");
        await (await c.GetAsync("/api/chart/ch_nope")).AssertProblemAsync(404);
    }
}
