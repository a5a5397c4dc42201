using System.Text;
using System.Text.Json;
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

    /// <summary>Marks every visible element a keyboard can reach with Tab (data-kb) and returns how many there are.</summary>
    private const string MarkTabbables = """
        () => {
          const selector = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), " +
            "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1']), [contenteditable='true']";
          const seenRadio = new Set();
          const all = Array.from(document.querySelectorAll(selector)).filter(el => {
            if (el.closest("[inert], [hidden]") || el.tabIndex < 0) return false;
            // Not rendered (display: none, the inside of a closed <details>) or hidden: not an action a person has now.
            if (!el.checkVisibility({ visibilityProperty: true })) return false;
            if (el.type === "radio") { if (seenRadio.has(el.name)) return false; seenRadio.add(el.name); } // one stop per group
            return true;
          });
          all.forEach((el, i) => el.setAttribute("data-kb", String(i)));
          return all.length;
        }
        """;

    /// <summary>What has focus now: its data-kb mark, a description, and whether an outline (or a focus ring) shows.</summary>
    private const string Focused = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return JSON.stringify({ kb: "", what: "body", ring: false });
          const s = getComputedStyle(el);
          const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== "none";
          const what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " '" + (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").trim().slice(0, 40) + "'";
          return JSON.stringify({ kb: el.getAttribute("data-kb") || "", what, ring });
        }
        """;

    private sealed record FocusState(string Kb, string What, bool Ring);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Tab_reaches_every_action_of_a_page_and_each_focused_element_shows_an_outline()
    {
        var pages = await MainPages.EnsureAsync(app);
        var problems = new List<string>();
        var visits = from theme in new[] { "light", "dark" }
                     from page in pages
                     where page.Name is "home" or "chat" or "data" or "report"
                     select (theme, page);
        foreach (var (theme, page) in visits)
        {
            await using var ui = await app.NewPageAsync();
            await ui.GotoAsync("/");
            await MainPages.UseThemeAsync(ui, theme);
            await MainPages.OpenAsync(ui, page);
            var count = await ui.Page.EvaluateAsync<int>(MarkTabbables);
            Assert.True(count > 5, $"{page.Name}: only {count} actions found.");
            var reached = new HashSet<string>();
            for (var i = 0; i < count + 10 && reached.Count < count; i++)
            {
                await ui.Page.Keyboard.PressAsync("Tab");
                var focus = JsonSerializer.Deserialize<FocusState>(await ui.Page.EvaluateAsync<string>(Focused), JsonOptions)!;
                if (focus.Kb.Length > 0) reached.Add(focus.Kb);
                if (focus.What != "body" && !focus.Ring) problems.Add($"{theme} {page.Name}: {focus.What} has focus but no visible outline");
            }
            var missed = await ui.Page.EvaluateAsync<string[]>(
                "reached => Array.from(document.querySelectorAll('[data-kb]')).filter(el => !reached.includes(el.getAttribute('data-kb')))" +
                ".map(el => el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40))",
                reached.ToArray());
            problems.AddRange(missed.Select(m => $"{theme} {page.Name}: Tab never reached {m}"));
            if (theme == "dark" && page.Name == "chat") await ui.ScreenshotAsync("keyboard-focus-chat-dark");
            ui.AssertNoErrors();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
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
