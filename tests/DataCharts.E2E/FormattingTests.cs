using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>Numbers and names for people (issue 12 §3): labelled headers, formatted figures in the reader's language, KPI cards.</summary>
public sealed class FormattingTests(E2EFixture app)
{
    private static readonly Regex Dollars = new(@"^\$\d{1,3}(,\d{3})*\.\d{2}$");
    private static readonly Regex ChineseMonth = new(@"^\d{4}年\d{1,2}月$");

    private static ILocator Kpi(AnswerCard card) => card.Root.Locator("[data-kpi]");

    private async Task ShotAsync(ILocator element, string name) =>
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, name + ".png") });

    [Fact]
    public async Task A_chat_answer_shows_labelled_headers_and_formatted_money()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync("What is the total revenue by region?");

        await Expect(card.HeaderCells).ToHaveTextAsync(["Region", "Total revenue"]);
        // The SQL's name is there on hover, to write SQL against.
        await Expect(card.HeaderCells.Nth(1)).ToHaveAttributeAsync("title", "total_revenue");
        var revenue = await card.ColumnAsync(1);
        Assert.Equal(5, revenue.Count);
        Assert.All(revenue, r => Assert.Matches(Dollars, r));
        // The narrative quotes the leader's figure exactly as the table shows it.
        await Expect(card.Narrative).ToContainTextAsync(revenue[0]);
        // The SQL keeps the names.
        await card.OpenSqlAsync();
        await Expect(card.SqlBox).ToHaveValueAsync(new Regex("\"total_revenue\""));
        await Expect(Kpi(card)).ToHaveCountAsync(0);
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_browser_in_chinese_shows_chinese_dates()
    {
        await using var ui = await app.NewPageAsync(app.BaseUrl, "zh-CN");
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync("monthly revenue trend");

        var months = await card.ColumnAsync(0);
        Assert.All(months, m => Assert.Matches(ChineseMonth, m));
        Assert.All(await card.ColumnAsync(1), r => Assert.Matches(Dollars, r));
        await Expect(card.Narrative).ToContainTextAsync(months[0]);
        await ui.ScreenshotAsync("format-chat-zh-browser");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_chinese_question_gets_chinese_formats_in_an_english_browser()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync("2023年每个月的收入");

        var months = await card.ColumnAsync(0);
        Assert.Equal(12, months.Count);
        Assert.All(months, m => Assert.Matches(ChineseMonth, m));
        Assert.StartsWith("2023年", months[0], StringComparison.Ordinal);
        await Expect(card.Narrative).ToContainTextAsync(new Regex(@"2023年\d{1,2}月"));
        // An English question in the same browser reads English dates.
        var english = await chat.AskAsync("monthly revenue trend");
        Assert.All(await english.ColumnAsync(0), m => Assert.Matches(new Regex(@"^[A-Z][a-z]{2} \d{4}$"), m));
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_single_number_shows_as_a_card()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync("How many orders are there?");

        var kpi = Kpi(card);
        await Expect(kpi).ToBeVisibleAsync();
        await Expect(kpi.Locator("[data-kpi-value]")).ToHaveTextAsync("24,000");
        await Expect(kpi.Locator(".kpi-label")).ToHaveTextAsync("Number of orders");
        // No period in the question: nothing to compare with.
        await Expect(kpi.Locator("[data-kpi-change]")).ToHaveCountAsync(0);
        await ShotAsync(card.Root, "format-kpi-single-light");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_period_question_compares_with_the_period_before()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var earlier = await chat.AskAsync("total revenue in 2024");
        var before = await Kpi(earlier).Locator("[data-kpi-value]").InnerTextAsync();
        var card = await chat.AskAsync("total revenue in 2025");

        var kpi = Kpi(card);
        await Expect(kpi).ToBeVisibleAsync();
        await Expect(kpi.Locator(".kpi-label")).ToHaveTextAsync("Total revenue");
        var now = await kpi.Locator("[data-kpi-value]").InnerTextAsync();
        Assert.Matches(Dollars, now);
        // The previous period's figure is 2024's own answer, not an estimate.
        await Expect(kpi.Locator("[data-kpi-previous]")).ToHaveTextAsync(before);
        await Expect(kpi.Locator(".kpi-previous")).ToContainTextAsync("vs 2024");
        var change = kpi.Locator("[data-kpi-change]");
        var up = Money(now) > Money(before);
        await Expect(change).ToHaveAttributeAsync("data-kpi-change", up ? "up" : "down");
        await Expect(change.Locator("[data-kpi-delta]")).ToHaveTextAsync(new Regex(up ? @"^\+\$[\d,]+\.\d{2}$" : @"^-\$[\d,]+\.\d{2}$"));
        await Expect(change.Locator("[data-kpi-percent]")).ToHaveTextAsync(new Regex(up ? @"^\(\+\d+\.\d%\)$" : @"^\(-\d+\.\d%\)$"));
        // The colour says the direction (green up, red down), in both themes.
        var colour = await change.EvaluateAsync<string>("e => getComputedStyle(e).color");
        var ok = await chat.Page.EvaluateAsync<string>("() => { const s = document.createElement('span'); s.style.color = 'var(--ok)'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; }");
        var danger = await chat.Page.EvaluateAsync<string>("() => { const s = document.createElement('span'); s.style.color = 'var(--danger)'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; }");
        Assert.Equal(up ? ok : danger, colour);
        // The comparison's SQL is there to check.
        await kpi.Locator("details.kpi-sql summary").ClickAsync();
        await Expect(kpi.Locator("details.kpi-sql code")).ToContainTextAsync("= 2024");

        await ShotAsync(card.Root, "format-kpi-card-light");
        await chat.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(chat.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await ShotAsync(card.Root, "format-kpi-card-dark");
        await chat.Page.SetViewportSizeAsync(390, 844);
        await ShotAsync(kpi, "format-kpi-card-phone-dark");
        var width = await kpi.EvaluateAsync<double>("e => e.getBoundingClientRect().right");
        Assert.True(width <= 390, $"The card ends at {width}px on a 390px screen.");
        // Back to a wide screen, where the theme button is in the bar (a phone folds it behind Menu).
        await chat.Page.SetViewportSizeAsync(1280, 800);
        await chat.Page.Locator("#theme-toggle").ClickAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_report_block_of_one_value_shows_a_card_that_follows_its_input()
    {
        await app.WritePageAsync("format-kpi.md", """
            ---
            title: Revenue card
            data: Demo sales
            ---
            ```input region
            type: select
            options: North, South, East, West, Central
            ```

            ```sql total
            SELECT ROUND(SUM(revenue), 2) AS total_revenue, COUNT(*) AS orders FROM orders WHERE region = $region
            ```
            """);
        await using var ui = await app.NewPageAsync();
        await ui.GotoAsync("/reports/format-kpi?region=North");
        var kpi = ui.Page.Locator("#block-1 [data-kpi]");
        await Expect(kpi.Locator(".kpi-label")).ToHaveTextAsync(["Total revenue", "Orders"]);
        var north = await kpi.Locator("[data-kpi-value]").First.InnerTextAsync();
        Assert.Matches(Dollars, north);
        // The table under it shows the same figure, under the same label.
        await Expect(ui.Page.Locator("#block-1 thead th")).ToHaveTextAsync(["Total revenue", "Orders"]);
        await Expect(ui.Page.Locator("#block-1 tbody td").First).ToHaveTextAsync(north);
        await ShotAsync(ui.Page.Locator("#block-1"), "format-report-kpi-light");

        await ui.Page.Locator("#in-region").SelectOptionAsync("South");
        await Expect(kpi.Locator("[data-kpi-value]").First).Not.ToHaveTextAsync(north);
        Assert.Matches(Dollars, await kpi.Locator("[data-kpi-value]").First.InnerTextAsync());
        ui.AssertNoErrors();
    }

    private static double Money(string text) => double.Parse(text.Replace("$", "").Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
}
