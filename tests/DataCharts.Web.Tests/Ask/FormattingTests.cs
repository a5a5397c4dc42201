using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Ask;

/// <summary>Numbers and names for people in answers (issue 12 §3), while downloads and the API keep raw names and values.</summary>
public sealed partial class FormattingTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static async Task<string> DemoIdAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/data")).JsonAsync()).EnumerateArray().First(d => d.GetProperty("name").GetString() == "Demo sales").GetProperty("data_id").GetString()!;

    private static async Task<JsonElement> AskAsync(HttpClient c, string question)
    {
        var r = await c.PostJsonAsync("/api/ask", new { data_id = await DemoIdAsync(c), question });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> ChatAsync(HttpClient c, JsonElement answer, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Chat?c=" + answer.GetProperty("conversation_id").GetString());
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var r = await c.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_table_shows_labels_and_formatted_money_the_csv_keeps_names_and_raw_values()
    {
        using var c = app.CreateClient();
        var a = await AskAsync(c, "What is the total revenue by region?");
        var top = a.GetProperty("rows")[0];
        var raw = top[1].GetDouble();
        var html = await ChatAsync(c, a);

        // The header reads as a label; the SQL's name stays on hover and in data-column.
        Assert.Matches(@"<th scope=""col"" title=""total_revenue"" data-column=""total_revenue""[^>]*>Total revenue</th>", html);
        Assert.Matches(@"<th scope=""col"" title=""region"" data-column=""region""[^>]*>Region</th>", html);
        Assert.Contains($">{raw.ToString("C2", CultureInfo.GetCultureInfo("en-US"))}</td>", html);
        Assert.DoesNotContain(">total_revenue</th>", html);

        var csv = await c.GetStringAsync($"/api/results/{a.GetProperty("message_id").GetString()}/export?format=csv");
        var lines = csv.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("region,total_revenue", lines[0]);
        Assert.Equal($"{top[0].GetString()},{raw.ToString(CultureInfo.InvariantCulture)}", lines[1]);
        Assert.DoesNotContain("$", csv);
    }

    [Fact]
    public async Task The_browsers_language_sets_number_and_date_formats_the_api_rows_stay_raw()
    {
        using var c = app.CreateClient();
        var a = await AskAsync(c, "monthly revenue trend");
        var first = a.GetProperty("rows")[0];
        var month = DateOnly.ParseExact(first[0].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Matches(@"^\d{4}-\d{2}-01$", first[0].GetString()!);

        var en = await ChatAsync(c, a);
        Assert.Contains($">{month.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en-US"))}</td>", en);
        var zh = await ChatAsync(c, a, "zh-CN,zh;q=0.9");
        Assert.Contains($">{month.Year}年{month.Month}月</td>", zh);
        var de = await ChatAsync(c, a, "de-DE");
        var revenue = first[1].GetDouble();
        Assert.Contains(">" + revenue.ToString("C2", CultureInfo.GetCultureInfo("de-DE")).Replace("€", "$") + "</td>", de);
    }

    [Fact]
    public async Task The_narrative_follows_accept_language_and_a_chinese_question_gets_chinese_formats()
    {
        using var c = app.CreateClient();
        var dataId = await DemoIdAsync(c);
        using var german = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = System.Net.Http.Json.JsonContent.Create(new { data_id = dataId, question = "average unit price" }) };
        german.Headers.AcceptLanguage.ParseAdd("de-DE");
        var de = await (await c.SendAsync(german)).JsonAsync();
        var price = de.GetProperty("rows")[0][0].GetDouble();
        // The sentence quotes the figure as the table shows it, with a decimal comma; the row is the raw number.
        Assert.Contains(price.ToString("N2", CultureInfo.GetCultureInfo("de-DE")), de.GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Number, de.GetProperty("rows")[0][0].ValueKind);

        var zh = await AskAsync(c, "2023年每个月的收入");
        var month = DateOnly.ParseExact(zh.GetProperty("rows")[0][0].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains($"{month.Year}年{month.Month}月", zh.GetProperty("answer").GetString());
        // The page shows it in Chinese formats too, though this browser asks for English.
        Assert.Contains($">{month.Year}年{month.Month}月</td>", await ChatAsync(c, zh, "en-US"));
    }

    [Fact]
    public async Task A_single_value_for_a_year_shows_a_card_compared_with_the_year_before()
    {
        using var c = app.CreateClient();
        var a = await AskAsync(c, "total revenue in 2025");
        Assert.Equal(1, a.GetProperty("row_count").GetInt32());
        var now = a.GetProperty("rows")[0][0].GetDouble();
        var before = (await AskAsync(c, "total revenue in 2024")).GetProperty("rows")[0][0].GetDouble();
        var html = await ChatAsync(c, a);

        var en = CultureInfo.GetCultureInfo("en-US");
        Assert.Contains("data-kpi", html);
        Assert.Matches($@"data-kpi-value>{Regex.Escape(now.ToString("C2", en))}<", html);
        Assert.Matches($@"data-kpi-previous>{Regex.Escape(before.ToString("C2", en))}<", html);
        var direction = now > before ? "up" : "down";
        Assert.Contains($"data-kpi-change=\"{direction}\"", html);
        Assert.Matches($@"data-kpi-percent>\({Regex.Escape((now > before ? "+" : "-") + Math.Abs((now - before) / before).ToString("P1", en))}\)<", html);
        Assert.Contains("year(\"order_date\") = 2024", html);

        // Without a period there is a card but nothing to compare with.
        var all = await ChatAsync(c, await AskAsync(c, "How many orders are there?"));
        Assert.Contains("data-kpi-value>24,000<", all);
        Assert.DoesNotContain("data-kpi-change", all);
    }
}
