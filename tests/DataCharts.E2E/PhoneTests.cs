using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// A 390 px wide phone: no page scrolls sideways (tables and charts fit or scroll inside their cards), the navigation
/// folds behind a Menu button that works by mouse and keyboard, and without script the navigation is simply there.
/// </summary>
public sealed class PhoneTests(E2EFixture app, SignInServer signIn) : IClassFixture<SignInServer>
{
    private const int Width = PageScreenshotTests.PhoneWidth, Height = PageScreenshotTests.PhoneHeight;

    [Fact]
    public async Task No_page_scrolls_sideways_and_every_chart_and_table_stays_inside_the_screen()
    {
        var pages = await MainPages.EnsureAsync(app);
        await using var ui = await app.NewPageAsync();
        await ui.Page.SetViewportSizeAsync(Width, Height);
        var problems = new List<string>();
        foreach (var page in pages)
        {
            await MainPages.OpenAsync(ui, page);
            await CheckAsync(ui.Page, page.Name, problems);
        }

        // The Jobs menu, open inside the unfolded menu.
        await MainPages.OpenNavAsync(ui.Page);
        await ui.Page.Locator("#jobs-menu summary").ClickAsync();
        await Expect(ui.Page.Locator("#jobs-panel")).Not.ToContainTextAsync("Loading…");
        await CheckAsync(ui.Page, "jobs menu", problems);

        await using var anonymous = await app.NewPageAsync(signIn.BaseUrl);
        await anonymous.Page.SetViewportSizeAsync(Width, Height);
        await anonymous.GotoAsync("/Account/SignIn");
        await CheckAsync(anonymous.Page, "sign-in", problems);

        Assert.True(problems.Count == 0, "At 390 px:\n" + string.Join("\n", problems));
        ui.AssertNoErrors();
        anonymous.AssertNoErrors();
    }

    /// <summary>The document must not be wider than the screen, and no chart image or table box may reach past it.</summary>
    private static async Task CheckAsync(IPage page, string name, List<string> problems)
    {
        var overflow = await RoughEdgeTests.DocumentOverflowAsync(page);
        if (overflow > 0) problems.Add($"{name}: the page is {overflow} px wider than the screen");
        var outside = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll("main img, main .table-wrap, main .panel, main .cell"))
              .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > document.documentElement.clientWidth + 1 || r.left < -1); })
              .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "") + " " + Math.round(el.getBoundingClientRect().right) + " px")
            """);
        problems.AddRange(outside.Select(o => $"{name}: {o} reaches past the screen"));
    }

    [Fact]
    public async Task The_menu_button_unfolds_the_navigation_by_mouse_and_keyboard_and_escape_folds_it()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await page.SetViewportSizeAsync(Width, Height);
        await ui.GotoAsync("/Reports");
        var nav = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" });
        var button = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Menu" });
        await Expect(button).ToBeVisibleAsync();
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(nav).ToBeHiddenAsync();
        await ui.ScreenshotAsync("phone-menu-folded");

        // Keyboard: Tab past the skip link and the brand to the button, Enter unfolds, Tab goes into the navigation.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(button).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(nav).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Chat", Exact = true })).ToBeFocusedAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Reports", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await ui.ScreenshotAsync("phone-menu-open");
        await page.Keyboard.PressAsync("Escape");
        await Expect(nav).ToBeHiddenAsync();
        await Expect(button).ToBeFocusedAsync();
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");

        // Escape closes an open drop-down inside first (the Jobs menu, opened from the keyboard), then the menu.
        await page.Keyboard.PressAsync("Enter");
        var jobs = page.Locator("#jobs-menu");
        await jobs.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(jobs).ToHaveJSPropertyAsync("open", true);
        await Expect(page.Locator("#jobs-panel")).Not.ToContainTextAsync("Loading…");
        await page.Keyboard.PressAsync("Escape");
        await Expect(jobs).ToHaveJSPropertyAsync("open", false);
        await Expect(jobs.Locator("summary")).ToBeFocusedAsync();
        await Expect(nav).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(nav).ToBeHiddenAsync();
        await Expect(button).ToBeFocusedAsync();

        // Mouse: open it and follow a link.
        await button.ClickAsync();
        await ui.FollowAsync(nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Data", Exact = true }), "Data from the phone menu");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Data");
        await Expect(nav).ToBeHiddenAsync(); // a new page starts folded

        // On a wide screen there is no Menu button: the navigation is in the bar.
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(button).ToBeHiddenAsync();
        await Expect(nav).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Without_script_the_navigation_is_shown_unfolded_on_a_phone()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = Width, Height = Height },
        });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/Analysis");
        Assert.Equal(200, response!.Status);
        var nav = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" });
        await Expect(nav).ToBeVisibleAsync();
        await Expect(page.Locator("#nav-toggle")).ToBeHiddenAsync(); // a button that cannot work is not offered
        Assert.True(await RoughEdgeTests.DocumentOverflowAsync(page) <= 0, "The page scrolls sideways without script.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, "phone-no-script.png"), FullPage = true });
        await nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Reports", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/Reports");
    }
}
