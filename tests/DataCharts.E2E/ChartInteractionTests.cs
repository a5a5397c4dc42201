using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// Server-drawn charts a person can touch: hover and arrow keys show values (with no request to the server), a drag zooms
/// a line and Reset restores it, a click on a bar asks the filtered follow-up, "Show as table" lists the rows.
/// </summary>
public sealed class ChartInteractionTests(E2EFixture app)
{
    private const string RevenueByRegion = "What is the total revenue by region?";
    private const string RevenueByMonth = "total revenue by month as a line chart";

    private static ILocator Stage(AnswerCard card) => card.Figure.Locator(".chart-stage");
    private static ILocator Tip(AnswerCard card) => card.Figure.Locator(".chart-tip");

    /// <summary>The marks the overlay carries: shape, x, y, label, value, series, drill question…</summary>
    private static async Task<List<JsonElement>> MarksAsync(AnswerCard card)
    {
        var json = await card.Figure.Locator("svg.chart-marks").GetAttributeAsync("data-marks") ?? "[]";
        return JsonSerializer.Deserialize<List<JsonElement>>(json)!;
    }

    /// <summary>Requests the page sends from now on (images, htmx, anything).</summary>
    private static List<string> Record(IPage page)
    {
        var seen = new List<string>();
        page.Request += (_, r) => { lock (seen) seen.Add(r.Method + " " + r.Url); };
        return seen;
    }

    [Fact]
    public async Task Hovering_a_bar_shows_its_region_and_value_without_a_request()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);
        await card.ExpectChartLoadedAsync();

        var marks = await MarksAsync(card);
        Assert.Equal(5, marks.Count);
        var east = marks.FindIndex(m => m[3].GetString() == "East");
        // The value in the tooltip is the table's number as the table writes it: currency, thousands separators.
        var regions = await card.ColumnAsync(0);
        var totals = await card.ColumnAsync(1);
        var expected = totals[regions.ToList().IndexOf("East")];
        Assert.StartsWith("$", expected);

        var requests = Record(chat.Page);
        var bar = card.Figure.Locator($"svg.chart-marks [data-i='{east}']");
        await bar.HoverAsync();
        await Expect(Tip(card)).ToBeVisibleAsync();
        await Expect(Tip(card)).ToContainTextAsync("East");
        await Expect(Tip(card)).ToContainTextAsync(expected);
        await Expect(Tip(card)).ToContainTextAsync("Click or press Enter to ask: only where region is East");
        // Another bar, then away: the tooltip follows and hides, all in the page.
        await card.Figure.Locator($"svg.chart-marks [data-i='{(east + 1) % 5}']").HoverAsync();
        await Expect(Tip(card)).Not.ToContainTextAsync("East");
        await bar.HoverAsync();
        await Expect(Tip(card)).ToContainTextAsync("East");
        await ui.ScreenshotAsync("chart-tooltip-light");
        lock (requests) Assert.Empty(requests);

        await chat.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(card.ChartImage).ToHaveAttributeAsync("src", new Regex("[?&]dark=true"));
        await card.ExpectChartLoadedAsync();
        await chat.Page.Mouse.MoveAsync(0, 0);
        await bar.HoverAsync();
        await Expect(Tip(card)).ToContainTextAsync(expected);
        await ui.ScreenshotAsync("chart-tooltip-dark");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Arrow_keys_walk_the_bars_with_the_focus_visible()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);
        await card.ExpectChartLoadedAsync();
        var regions = await card.ColumnAsync(0); // the bars stand in the table's order

        await card.Figure.Locator(".chart-stage").FocusAsync();
        await chat.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Tip(card)).ToBeVisibleAsync();
        await Expect(Tip(card).Locator("strong")).ToHaveTextAsync(regions[0]);
        await chat.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Tip(card).Locator("strong")).ToHaveTextAsync(regions[1]);
        await chat.Page.Keyboard.PressAsync("End");
        await Expect(Tip(card).Locator("strong")).ToHaveTextAsync(regions[^1]);
        await chat.Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Tip(card).Locator("strong")).ToHaveTextAsync(regions[^2]);
        await Expect(card.Figure.Locator("svg.chart-marks .chart-mark.active")).ToHaveCountAsync(1);
        Assert.True(await Stage(card).EvaluateAsync<bool>("el => el === document.activeElement"));
        var outline = await Stage(card).EvaluateAsync<string>("el => getComputedStyle(el).outlineStyle");
        Assert.NotEqual("none", outline);
        await ui.ScreenshotAsync("chart-keyboard");
        await chat.Page.Keyboard.PressAsync("Escape");
        await Expect(Tip(card)).ToBeHiddenAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Dragging_across_a_line_zooms_into_that_range_and_reset_restores_it()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByMonth);
        await card.ExpectChartLoadedAsync();
        await Expect(card.ChartType).ToHaveValueAsync("line");
        var before = await MarksAsync(card);
        Assert.True(before.Count > 24, $"{before.Count} months");
        var summaryBefore = await card.Figure.Locator("[data-chart-summary]").InnerTextAsync();
        var firstMonth = before[0][3].GetString()!;

        // Drag from 40% to 70% across the plot area.
        var svg = card.Figure.Locator("svg.chart-marks");
        var area = (await svg.GetAttributeAsync("data-area"))!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var box = (await svg.BoundingBoxAsync())!;
        var scale = box.Width / 900;
        double X(double fraction) => box.X + (area[0] + (area[2] - area[0]) * fraction) * scale;
        var y = box.Y + (area[1] + area[3]) / 2 * scale;
        await chat.Page.Mouse.MoveAsync((float)X(0.4), (float)y);
        await chat.Page.Mouse.DownAsync();
        await chat.Page.Mouse.MoveAsync((float)X(0.55), (float)y, new MouseMoveOptions { Steps = 4 });
        await Expect(card.Figure.Locator(".chart-zoom-band")).ToHaveCountAsync(1);
        await chat.Page.Mouse.MoveAsync((float)X(0.7), (float)y, new MouseMoveOptions { Steps = 4 });
        await chat.Page.Mouse.UpAsync();

        var zoomed = card.Figure.Locator("[data-zoomed]");
        await Expect(zoomed).ToBeVisibleAsync();
        await Expect(zoomed).ToContainTextAsync(new Regex(@"Zoomed to \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}"));
        await Expect(card.ChartImage).ToHaveAttributeAsync("src", new Regex("[?&]x0=[0-9.]+&x1=[0-9.]+"));
        await card.ExpectChartLoadedAsync();
        var after = await MarksAsync(card);
        Assert.InRange(after.Count, 2, before.Count - 10);
        Assert.True(string.CompareOrdinal(after[0][3].GetString(), firstMonth) > 0, $"zoomed first month {after[0][3]} is not after {firstMonth}");
        await Expect(card.Figure.Locator("[data-chart-summary]")).Not.ToHaveTextAsync(summaryBefore);
        await ui.ScreenshotAsync("chart-zoomed");

        await card.Figure.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Reset zoom" }).ClickAsync();
        await Expect(zoomed).ToHaveCountAsync(0);
        await Expect(card.ChartImage).Not.ToHaveAttributeAsync("src", new Regex("x0="));
        await Expect(card.Figure.Locator("[data-chart-summary]")).ToHaveTextAsync(summaryBefore);
        Assert.Equal(before.Count, (await MarksAsync(card)).Count);
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_bad_zoom_range_is_a_clear_400()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByMonth);
        var chartId = (await card.Figure.GetAttributeAsync("id"))!["chart-".Length..];

        var fragment = await chat.Page.APIRequest.GetAsync($"/Chat?handler=ChartZoom&chart={chartId}&x0=abc&x1=2");
        Assert.Equal(400, fragment.Status);
        Assert.Contains("The zoom bound x0 must be a number", await fragment.TextAsync());
        var image = await chat.Page.APIRequest.GetAsync($"/api/chart/{chartId}/export?format=png&x0=5&x1=1");
        Assert.Equal(400, image.Status);
        Assert.Contains("must run from a smaller x to a larger one", await image.TextAsync());
        Assert.StartsWith("application/problem+json", image.Headers["content-type"]);
    }

    [Fact]
    public async Task Clicking_a_bar_asks_the_follow_up_filtered_to_it()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);
        await card.ExpectChartLoadedAsync();
        var marks = await MarksAsync(card);
        var west = marks.FindIndex(m => m[3].GetString() == "West");
        var regions = await card.ColumnAsync(0);
        var westTotal = (await card.ColumnAsync(1))[regions.ToList().IndexOf("West")];

        await card.Figure.Locator($"svg.chart-marks [data-i='{west}']").ClickAsync();
        await Expect(chat.Answers).ToHaveCountAsync(2);
        await Expect(chat.Pending).ToHaveCountAsync(0);
        var drilled = chat.Answer(1);
        await Expect(drilled.QuestionText).ToHaveTextAsync("only where region is West");
        await Expect(drilled.Rows).ToHaveCountAsync(1);
        Assert.Equal(["West"], await drilled.ColumnAsync(0));
        Assert.Equal([westTotal], await drilled.ColumnAsync(1));
        await Expect(drilled.UnsureNote).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("chart-drilled");

        // Enter on a focused bar drills too.
        await drilled.ExpectChartLoadedAsync();
        await Stage(card).FocusAsync();
        await chat.Page.Keyboard.PressAsync("Home");
        await Expect(Tip(card).Locator("strong")).ToHaveTextAsync(regions[0]);
        await chat.Page.Keyboard.PressAsync("Enter");
        await Expect(chat.Answers).ToHaveCountAsync(3);
        await Expect(chat.Answer(2).QuestionText).ToHaveTextAsync($"only where region is {regions[0]}");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Show_as_table_lists_the_charts_rows_under_a_summary()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);
        var summary = card.Figure.Locator("[data-chart-summary]");
        await Expect(summary).ToHaveTextAsync(new Regex(@"^5 categories; highest \w+ \$[\d,.]+; lowest \w+ \$[\d,.]+\.$"));
        await Expect(card.ChartImage).ToHaveAttributeAsync("alt", new Regex("bar chart of total revenue by region"));

        var table = card.Figure.Locator("details.chart-table table");
        await Expect(table).ToBeHiddenAsync();
        await card.Figure.GetByText("Show as table").ClickAsync();
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.Locator("thead th")).ToHaveTextAsync(["Region", "Total revenue"]);
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(5);
        var regions = await table.Locator("tbody td:first-child").AllInnerTextsAsync();
        Assert.Equal(await card.ColumnAsync(0), regions);
        // Its numbers read as the answer's table writes them.
        Assert.Equal(await card.ColumnAsync(1), await table.Locator("tbody td:nth-child(2)").AllInnerTextsAsync());
        await ui.ScreenshotAsync("chart-as-table");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Report_charts_show_tooltips_and_zoom_too()
    {
        await using var ui = await app.NewPageAsync();
        await ui.GotoAsync("/reports/sales-overview");
        var page = ui.Page;
        var line = page.Locator("figure.block-chart", new PageLocatorOptions { Has = page.Locator("[data-zoom-url^='/reports']") });
        await Expect(line).ToHaveCountAsync(1);
        await UiPage.ExpectImageLoadedAsync(line.Locator("img.chart-img"));

        var requests = Record(page);
        await line.Locator(".chart-stage").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        var tip = line.Locator(".chart-tip");
        await Expect(tip).ToBeVisibleAsync();
        // The month reads as the report's table writes it ("Jan 2025"), not as the engine's ISO date.
        await Expect(tip.Locator("strong")).ToHaveTextAsync(new Regex(@"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (1, )?\d{4}$"));
        await Expect(tip).ToContainTextAsync(new Regex(@"revenue: \$[\d,]+(\.\d+)?"));
        await Expect(tip).Not.ToContainTextAsync("ask");
        lock (requests) Assert.Empty(requests);

        var svg = line.Locator("svg.chart-marks");
        var area = (await svg.GetAttributeAsync("data-area"))!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var box = (await svg.BoundingBoxAsync())!;
        var scale = box.Width / 900;
        var y = (float)(box.Y + (area[1] + area[3]) / 2 * scale);
        await page.Mouse.MoveAsync((float)(box.X + (area[0] + (area[2] - area[0]) * 0.2) * scale), y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(box.X + (area[0] + (area[2] - area[0]) * 0.6) * scale), y, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await Expect(line.Locator("[data-zoomed]")).ToBeVisibleAsync();
        await Expect(line.Locator("img.chart-img")).ToHaveAttributeAsync("src", new Regex("_x0=[0-9.]+&_x1=[0-9.]+"));
        await UiPage.ExpectImageLoadedAsync(line.Locator("img.chart-img"));
        await ui.ScreenshotAsync("report-chart-zoomed");
        await line.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Reset zoom" }).ClickAsync();
        await Expect(line.Locator("[data-zoomed]")).ToHaveCountAsync(0);
        ui.AssertNoErrors();
    }
}
