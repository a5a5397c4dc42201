using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E.Infrastructure;

/// <summary>One main page of the app, with content in it: a name for screenshots and messages, and its path.</summary>
public sealed record MainPage(string Name, string Path);

/// <summary>
/// The main pages of the app with something on them (a Chat answer, a notebook, a dataset open, a report page), made
/// once per app through the UI as a person would, for the tests that visit every page (screenshots, axe, phone width).
/// </summary>
public static class MainPages
{
    public const string ReportSlug = "sales-overview";
    private const string Question = "What is the total revenue by region?";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, IReadOnlyList<MainPage>> Made = [];

    /// <summary>Every main page, made once for <paramref name="app"/>: Home, Chat with an answer, Analysis, a notebook, Data with the demo dataset open, Reports, a report page, Settings, Monitoring.</summary>
    public static async Task<IReadOnlyList<MainPage>> EnsureAsync(E2EFixture app)
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (Made.TryGetValue(app.BaseUrl, out var pages)) return pages;
            await using var ui = await app.NewPageAsync();
            var chat = await ChatPage.OpenAsync(ui);
            var demo = await ui.Page.Locator("#dataset-picker").InputValueAsync();
            await chat.AskAsync(Question);
            await Expect(ui.Page).ToHaveURLAsync(new Regex(@"/Chat\?c=cv_"));
            var conversation = new Uri(ui.Page.Url).PathAndQuery;

            // A notebook with every kind of cell a report has (inputs, SQL, a chart, Markdown).
            await ui.GotoAsync("/Analysis");
            var row = ui.Page.Locator("li", new PageLocatorOptions { Has = ui.Page.Locator($"input[name='slug'][value='{ReportSlug}']") });
            await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Open as notebook" }).ClickAsync(); // posts, then redirects
            await Expect(ui.Page).ToHaveURLAsync(new Regex(@"/Analysis/nb_"));
            await Expect(ui.Page.Locator("#cells section.cell").First).ToBeVisibleAsync();
            var notebook = new Uri(ui.Page.Url).AbsolutePath;
            ui.AssertNoErrors();

            pages =
            [
                new("home", "/"),
                new("chat", conversation),
                new("analysis", "/Analysis"),
                new("notebook", notebook),
                new("data", $"/Data?id={Uri.EscapeDataString(demo)}"),
                new("reports", "/Reports"),
                new("report", $"/reports/{ReportSlug}"),
                new("settings", "/Settings"),
                new("monitoring", "/Settings/Monitoring"),
            ];
            Made[app.BaseUrl] = pages;
            return pages;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Opens <paramref name="page"/> and waits until it is drawn: htmx settled, every image (lazy ones too) loaded.</summary>
    public static async Task OpenAsync(UiPage ui, MainPage page)
    {
        await ui.GotoAsync(page.Path);
        await ui.ExpectSettledAsync();
        await WaitForImagesAsync(ui.Page);
    }

    /// <summary>Scrolls through the page so lazy images load, and waits until every image has loaded.</summary>
    public static async Task WaitForImagesAsync(IPage page)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await page.EvaluateAsync("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')");
        await page.WaitForFunctionAsync("() => Array.from(document.images).every(i => i.complete)");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
    }

    /// <summary>Switches the app's theme the way the toggle stores it, and reloads so the page starts in it.</summary>
    public static async Task UseThemeAsync(UiPage ui, string theme)
    {
        await ui.Page.EvaluateAsync("t => localStorage.setItem('dc-theme', t)", theme);
        await ui.ReloadAsync();
        await Expect(ui.Page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
    }

    /// <summary>At phone width the navigation sits behind the Menu button: opens it when it is folded.</summary>
    public static async Task OpenNavAsync(IPage page)
    {
        var button = page.Locator("#nav-toggle");
        if (await button.IsVisibleAsync() && await button.GetAttributeAsync("aria-expanded") != "true") await button.ClickAsync();
    }
}
