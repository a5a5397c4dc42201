using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>Report pages as a viewer uses them: inputs that update numbers, chart and URL in place; files that appear and refresh.</summary>
public sealed class ReportPageTests(E2EFixture app)
{
    // Blocks of pages/sales-overview.md: 0 text, 1 year slider, 2 channels, 3 sql by_region, 4 its chart, 5 hidden by_month, 6 its chart.
    private static ILocator Slider(IPage page) => page.Locator("#in-year");
    private static ILocator Channel(IPage page, string name) => page.Locator("#block-2").GetByLabel(name, new() { Exact = true });
    private static ILocator FirstRevenue(IPage page) => page.Locator("#block-3 tbody tr").First.Locator("td").Nth(1);
    private static ILocator RegionRows(IPage page) => page.Locator("#block-3 tbody tr");
    private static ILocator Chart(IPage page) => page.Locator("#block-4 img.chart-img");

    [Fact]
    public async Task Moving_the_slider_and_unticking_a_channel_update_numbers_chart_and_url_and_a_reload_keeps_them()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/reports/sales-overview");
        await Expect(page.Locator(".report-head h1")).ToHaveTextAsync("Sales overview");
        await Expect(Slider(page)).ToHaveValueAsync("2025");
        await Expect(RegionRows(page)).ToHaveCountAsync(5);
        await Expect(Chart(page)).ToHaveAttributeAsync("src", new Regex("year=2025"));
        await UiPage.ExpectImageLoadedAsync(Chart(page));
        var revenue2025 = await FirstRevenue(page).InnerTextAsync();
        var chart2025 = await Chart(page).GetAttributeAsync("src");
        await ui.ScreenshotAsync("report-sales-overview");

        await Slider(page).FillAsync("2023");
        await Expect(page).ToHaveURLAsync(new Regex(@"/reports/sales-overview\?year=2023&channels=Online&channels=Retail&channels=Partner$"));
        await Expect(page.Locator("#in-year-value")).ToHaveTextAsync("2023");
        await Expect(FirstRevenue(page)).Not.ToHaveTextAsync(revenue2025);
        await Expect(Chart(page)).ToHaveAttributeAsync("src", new Regex("year=2023"));
        Assert.NotEqual(chart2025, await Chart(page).GetAttributeAsync("src"));
        await UiPage.ExpectImageLoadedAsync(Chart(page));
        var revenue2023 = await FirstRevenue(page).InnerTextAsync();
        // The downloads and the share link follow the inputs (the fragment does not resend them).
        await Expect(page.Locator("#block-3 a[href*='_format=csv']")).ToHaveAttributeAsync("href", new Regex(@"handler=Export&block=3&_format=csv&year=2023&channels=Online&channels=Retail&channels=Partner$"));
        await Expect(page.Locator("#block-4 a[href*='_format=png']")).ToHaveAttributeAsync("href", new Regex(@"_download=true&year=2023&"));
        await Expect(page.Locator("#share-link")).ToHaveAttributeAsync("href", "/reports/sales-overview?year=2023&channels=Online&channels=Retail&channels=Partner");

        await Channel(page, "Partner").UncheckAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?year=2023&channels=Online&channels=Retail$"));
        await Expect(FirstRevenue(page)).Not.ToHaveTextAsync(revenue2023);
        await Expect(Chart(page)).Not.ToHaveAttributeAsync("src", new Regex("Partner"));
        var revenueNoPartner = await FirstRevenue(page).InnerTextAsync();
        Assert.True(Number(revenueNoPartner) < Number(revenue2023), $"without Partner sales the top region earns less ({revenueNoPartner} vs {revenue2023})");
        await ui.ScreenshotAsync("report-sales-overview-2023-no-partner");

        await ui.ReloadAsync();
        await Expect(Slider(page)).ToHaveValueAsync("2023");
        await Expect(Channel(page, "Online")).ToBeCheckedAsync();
        await Expect(Channel(page, "Retail")).ToBeCheckedAsync();
        await Expect(Channel(page, "Partner")).Not.ToBeCheckedAsync();
        await Expect(FirstRevenue(page)).ToHaveTextAsync(revenueNoPartner);
        await Expect(page.Locator("#share-link")).ToHaveAttributeAsync("href", "/reports/sales-overview?year=2023&channels=Online&channels=Retail");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_new_report_file_appears_in_the_list_and_navigation_without_a_restart()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/Reports");
        var list = page.Locator("#report-index");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "Sales overview" })).ToBeVisibleAsync();
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "Regional check" })).ToHaveCountAsync(0);

        await app.WritePageAsync("regional-check.md", """
            ---
            title: Regional check
            data: Demo sales
            ---
            Orders per region, written while the app was running.

            ```sql per_region
            SELECT region, COUNT(*) AS orders FROM orders GROUP BY region ORDER BY region
            ```
            """);
        await ui.ReloadAsync();
        var link = list.GetByRole(AriaRole.Link, new() { Name = "Regional check" });
        await Expect(link).ToBeVisibleAsync();
        await ui.FollowAsync(link, "The new report's link");
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/reports/regional-check");
        await Expect(page.Locator(".report-head h1")).ToHaveTextAsync("Regional check");
        await Expect(page.Locator("#block-0")).ToContainTextAsync("written while the app was running");
        await Expect(page.Locator("#block-1 tbody tr")).ToHaveCountAsync(5);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Report pages" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Regional check") })).ToHaveAttributeAsync("aria-current", "true");
        await Expect(nav.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Sales overview") })).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task An_open_report_refreshes_itself_when_its_file_changes_and_keeps_its_inputs()
    {
        const string before = """
            ---
            title: Live edit
            data: Demo sales
            ---
            First draft.

            ```input region
            type: select
            options: North, South, East, West, Central
            ```

            ```sql n
            SELECT COUNT(*) AS orders FROM orders WHERE region = $region
            ```
            """;
        await app.WritePageAsync("live-edit.md", before);
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await page.AddInitScriptAsync("document.addEventListener('htmx:sseOpen', () => { window.__sseOpen = (window.__sseOpen || 0) + 1; })");
        await ui.GotoAsync("/reports/live-edit?region=South");
        await Expect(page.Locator("#block-0")).ToHaveTextAsync("First draft.");
        await Expect(page.Locator("#in-region")).ToHaveValueAsync("South");
        var southOrders = await page.Locator("#block-2 tbody td").First.InnerTextAsync();
        // The page's event stream must be open before the file changes, or there is nothing to hear the change.
        await page.WaitForFunctionAsync("() => window.__sseOpen >= 1");

        await app.WritePageAsync("live-edit.md", before.Replace("First draft.", "Second draft, saved while the page was open.")
            .Replace("SELECT COUNT(*) AS orders", "SELECT COUNT(*) AS orders, ROUND(SUM(revenue), 2) AS revenue"));

        await Expect(page.Locator("#block-0")).ToHaveTextAsync("Second draft, saved while the page was open.", new() { Timeout = 15_000 });
        await Expect(page.Locator("#block-2 thead th")).ToHaveTextAsync(["Orders", "Revenue"]);
        await Expect(page.Locator("#block-2 tbody td").First).ToHaveTextAsync(southOrders);
        await Expect(page.Locator("#in-region")).ToHaveValueAsync("South");
        Assert.EndsWith("/reports/live-edit?region=South", page.Url);
        ui.AssertNoErrors();
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "").Replace("$", ""), System.Globalization.CultureInfo.InvariantCulture);
}
