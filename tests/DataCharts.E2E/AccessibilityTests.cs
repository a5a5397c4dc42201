using System.Text;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// axe-core on every main page in light and dark (no serious or critical violations), and the keyboard: Tab reaches
/// every action of a page and each focused element shows a visible outline.
/// </summary>
public sealed class AccessibilityTests(E2EFixture app, SignInServer signIn) : IClassFixture<SignInServer>
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Every_main_page_has_no_serious_or_critical_axe_violations(string theme)
    {
        var pages = await MainPages.EnsureAsync(app);
        await using var ui = await app.NewPageAsync();
        await ui.GotoAsync("/");
        await MainPages.UseThemeAsync(ui, theme);
        var report = new StringBuilder();
        foreach (var page in pages)
        {
            await MainPages.OpenAsync(ui, page);
            await CheckAsync(ui.Page, $"{page.Name} ({page.Path})", report);
        }

        // Sign-in renders only on an app with sign-in on: the second app of this class.
        await using var anonymous = await app.NewPageAsync(signIn.BaseUrl);
        await anonymous.GotoAsync("/Account/SignIn");
        await MainPages.UseThemeAsync(anonymous, theme);
        await Expect(anonymous.Page.GetByLabel("User name")).ToBeVisibleAsync();
        await CheckAsync(anonymous.Page, "sign-in (/Account/SignIn)", report);

        Assert.True(report.Length == 0, $"axe found serious or critical violations in the {theme} theme:\n{report}");
        ui.AssertNoErrors();
        anonymous.AssertNoErrors();
    }

    /// <summary>Runs axe on the page as it is and adds its serious and critical violations to <paramref name="report"/>; prints the rest.</summary>
    private static async Task CheckAsync(IPage page, string name, StringBuilder report)
    {
        var violations = await Axe.RunAsync(page);
        foreach (var v in violations)
        {
            if (Axe.Failing.Contains(v.Impact)) report.Append("- ").Append(name).Append(": ").AppendLine(v.ToString());
            else TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}");
        }
    }
}
