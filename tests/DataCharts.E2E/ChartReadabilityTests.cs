using System.Text.Json;
using DataCharts.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// Charts that read well, checked on the page as a person sees them: a line sorted by value still runs left to right, a
/// region keeps its colour from one chart of a conversation to the next, long labels lie down on horizontal bars.
/// </summary>
public sealed class ChartReadabilityTests(E2EFixture app)
{
    /// <summary>The marks the overlay carries ([shape, x, y, label, value, series index, drill, w, h]) and its series names.</summary>
    private static async Task<(List<JsonElement> Marks, List<string> Series)> MarksAsync(AnswerCard card)
    {
        var svg = card.Figure.Locator("svg.chart-marks");
        var marks = JsonSerializer.Deserialize<List<JsonElement>>(await svg.GetAttributeAsync("data-marks") ?? "[]")!;
        var series = JsonSerializer.Deserialize<List<string>>(await svg.GetAttributeAsync("data-series") ?? "[]")!;
        return (marks, series);
    }

    /// <summary>The colour the chart image has at a pixel (image coordinates), read through a canvas in the page.</summary>
    private static Task<string> PixelAsync(AnswerCard card, double x, double y) =>
        card.ChartImage.EvaluateAsync<string>("""
            (img, p) => {
              const c = document.createElement('canvas');
              c.width = img.naturalWidth; c.height = img.naturalHeight;
              const g = c.getContext('2d');
              g.drawImage(img, 0, 0);
              const d = g.getImageData(Math.round(p[0]), Math.round(p[1]), 1, 1).data;
              return `${d[0]},${d[1]},${d[2]}`;
            }
            """, new[] { x, y });

    private static async Task<AnswerCard> EditedAsync(ChatPage chat, AnswerCard from, string sql)
    {
        var before = await chat.Answers.CountAsync();
        await chat.RunEditedSqlAsync(from, sql);
        await Expect(chat.Answers).ToHaveCountAsync(before + 1);
        var card = chat.Answer(before);
        await card.ExpectChartLoadedAsync();
        return card;
    }

    [Fact]
    public async Task A_line_whose_rows_are_sorted_by_value_still_runs_left_to_right()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var first = await chat.AskAsync("What is the total revenue by region?");
        var line = await EditedAsync(chat, first,
            "SELECT date_trunc('month', order_date) AS month, SUM(revenue) AS revenue FROM orders GROUP BY 1 ORDER BY 2 DESC");

        var (marks, _) = await MarksAsync(line);
        var points = marks.Where(m => m[0].GetString() == "p").ToList();
        Assert.Equal(60, points.Count); // five years of months, each a vertex
        var xs = points.Select(m => m[1].GetDouble()).ToList();
        Assert.Equal(xs.Order(), xs);
        // The first vertex is the first month, though the first row is the best month.
        Assert.Contains("2021", points[0][3].GetString());
        await ui.ScreenshotAsync("chart-line-in-x-order");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_region_keeps_its_colour_from_one_chart_of_a_conversation_to_the_next()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var first = await chat.AskAsync("What is the total revenue by region?");
        // Regions first seen in reverse order, then in alphabetical order: drawing order alone would swap their colours.
        var a = await EditedAsync(chat, first, "SELECT channel, region, SUM(revenue) AS revenue FROM orders GROUP BY 1, 2 ORDER BY region DESC, channel");
        var b = await EditedAsync(chat, a, "SELECT customer_segment, region, SUM(units) AS units FROM orders GROUP BY 1, 2 ORDER BY region, customer_segment");

        async Task<Dictionary<string, string>> ColoursAsync(AnswerCard card)
        {
            var (marks, series) = await MarksAsync(card);
            var colours = new Dictionary<string, string>();
            foreach (var m in marks.Where(m => m[0].GetString() == "r"))
            {
                var name = series[m[5].GetInt32()];
                if (colours.ContainsKey(name)) continue;
                double x = m[1].GetDouble(), y = m[2].GetDouble(), w = m[7].GetDouble(), h = m[8].GetDouble();
                if (w < 4 || h < 4) continue;
                colours[name] = await PixelAsync(card, x + w / 2, y + h / 2);
            }
            return colours;
        }
        var ca = await ColoursAsync(a);
        var cb = await ColoursAsync(b);
        Assert.True(ca.Count >= 4, string.Join(", ", ca.Keys));
        foreach (var region in ca.Keys.Intersect(cb.Keys)) Assert.Equal(ca[region], cb[region]);
        Assert.Equal(ca.Count, ca.Values.Distinct().Count()); // and different regions stay different
        await ui.ScreenshotAsync("chart-colours-across-a-conversation");

        await chat.Page.Locator("#theme-toggle").ClickAsync();
        await b.ExpectChartLoadedAsync();
        await ui.ScreenshotAsync("chart-colours-across-a-conversation-dark");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Long_category_labels_lie_down_on_horizontal_bars_with_the_whole_label_in_the_tooltip()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var first = await chat.AskAsync("What is the total revenue by region?");
        var card = await EditedAsync(chat, first,
            "SELECT 'Customers of the ' || region || ' sales region and its branch offices' AS territory, SUM(revenue) AS revenue FROM orders GROUP BY 1 ORDER BY 2 DESC");

        var (marks, _) = await MarksAsync(card);
        var bars = marks.Where(m => m[0].GetString() == "r").ToList();
        Assert.Equal(5, bars.Count);
        Assert.All(bars, m => Assert.True(m[7].GetDouble() > m[8].GetDouble(), "a horizontal bar is wider than tall"));
        Assert.All(bars, m => Assert.EndsWith("sales region and its branch offices", m[3].GetString()));
        await ui.ScreenshotAsync("chart-long-labels-horizontal");
        ui.AssertNoErrors();
    }
}
