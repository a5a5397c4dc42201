using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// Screenshots of every main page in light, dark and at a 390 px phone width, full page, for people to look at (nothing
/// asserts on pixels). They land in bin/…/screenshots/pages/ and ./test.sh copies them to ./artifacts/screenshots.
/// </summary>
public sealed class PageScreenshotTests(E2EFixture app, SignInServer signIn) : IClassFixture<SignInServer>
{
    public const int PhoneWidth = 390, PhoneHeight = 844;

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    [InlineData("phone")]
    public async Task Every_main_page_is_photographed(string mode)
    {
        var pages = await MainPages.EnsureAsync(app);
        Directory.CreateDirectory(Path.Combine(app.ScreenshotDir, "pages"));
        await using var ui = await app.NewPageAsync();
        if (mode == "phone") await ui.Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await ui.GotoAsync("/");
        await MainPages.UseThemeAsync(ui, mode == "dark" ? "dark" : "light");

        foreach (var page in pages)
        {
            await MainPages.OpenAsync(ui, page);
            await Expect(ui.Page.Locator("main h1")).ToHaveCountAsync(1); // every page has its one heading
            await ui.ScreenshotAsync($"pages/{mode}-{page.Name}");
        }

        // The Jobs menu, open (its list loads when opened).
        var jobs = ui.Page.Locator("#jobs-menu");
        if (mode == "phone") await MainPages.OpenNavAsync(ui.Page);
        await jobs.Locator("summary").ClickAsync();
        await Expect(jobs.Locator("#jobs-panel")).Not.ToContainTextAsync("Loading…");
        await ui.ScreenshotAsync($"pages/{mode}-jobs-menu");
        ui.AssertNoErrors();

        // Sign-in, on the app with sign-in on.
        await using var anonymous = await app.NewPageAsync(signIn.BaseUrl);
        if (mode == "phone") await anonymous.Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await anonymous.GotoAsync("/Account/SignIn");
        await MainPages.UseThemeAsync(anonymous, mode == "dark" ? "dark" : "light");
        await Expect(anonymous.Page.GetByLabel("User name")).ToBeVisibleAsync();
        await anonymous.ScreenshotAsync($"pages/{mode}-sign-in");
        anonymous.AssertNoErrors();
    }
}
