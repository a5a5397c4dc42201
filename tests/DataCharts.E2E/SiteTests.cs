using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The shell every page shares: navigation, theme, keyboard access.</summary>
public sealed class SiteTests(E2EFixture app)
{
    private static readonly string[] Sections = ["Chat", "Analysis", "Data", "Reports", "Settings"];

    [Fact]
    public async Task Every_page_loads_from_the_nav_marked_current_without_console_errors()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        var nav = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" });
        await ui.GotoAsync("/");

        foreach (var section in Sections)
        {
            var link = nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = section, Exact = true });
            await ui.FollowAsync(link, $"The {section} nav link");
            await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/{section}");
            await Expect(page).ToHaveTitleAsync($"{section} · DataCharts");
            await Expect(page.Locator("main h1")).ToHaveTextAsync(section);
            await Expect(link).ToHaveAttributeAsync("aria-current", "page");
            await Expect(nav.Locator("a[aria-current='page']")).ToHaveCountAsync(1);
            await ui.ScreenshotAsync("page-" + section.ToLowerInvariant());
        }

        await ui.FollowAsync(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "DataCharts", Exact = true }), "The home link");
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Welcome to DataCharts");
        await Expect(nav.Locator("a[aria-current='page']")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("page-home");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task The_api_reference_renders_under_the_content_security_policy()
    {
        // Scalar's one inline script runs by the nonce of its response's policy; a policy that blocked it would leave the
        // page empty and log a CSP violation as a console error.
        await using var ui = await app.NewPageAsync();
        await ui.GotoAsync("/docs/");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "DataCharts API" })).ToBeVisibleAsync();
        await Expect(ui.Page.GetByText("/api/ask").First).ToBeVisibleAsync();
        await ui.ScreenshotAsync("page-docs");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Dark_mode_toggles_and_persists_across_reloads_and_pages()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        var html = page.Locator("html");
        var toggle = page.Locator("#theme-toggle");
        await ui.GotoAsync("/Settings");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await toggle.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        await ui.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await ui.GotoAsync("/Data");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await ui.ScreenshotAsync("page-data-dark");

        await toggle.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await ui.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Tab_reaches_the_skip_link_first_and_enter_moves_focus_to_main()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/Data");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync(); // it shows itself when focused

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/Data#main");
        ui.AssertNoErrors();
    }
}
