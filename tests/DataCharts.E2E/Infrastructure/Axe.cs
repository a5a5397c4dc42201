using System.Text.Json;
using Microsoft.Playwright;

namespace DataCharts.E2E.Infrastructure;

/// <summary>One rule axe-core found broken, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes)
{
    public override string ToString() =>
        $"{Id} ({Impact}): {Help} <{HelpUrl}>\n" + string.Join("\n", Nodes.Select(n => $"    at {n.Target}: {n.Summary.ReplaceLineEndings(" ")}"));
}

/// <summary>One element of a violation: its CSS selector and what axe says is wrong with it.</summary>
public sealed record AxeNode(string Target, string Summary);

/// <summary>
/// Runs axe-core (vendored in axe/axe.min.js, version in axe/VERSION.txt) on the page. The script is evaluated through
/// the DevTools protocol rather than added as a script tag, which the app's content security policy (script-src 'self')
/// would refuse; the policy stays on for the page under test.
/// </summary>
public static class Axe
{
    /// <summary>Violations of these impacts fail a test; minor and moderate ones are printed, not failed.</summary>
    public static readonly string[] Failing = ["serious", "critical"];

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private const string RunScript = """
        async () => {
          const r = await axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
          return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary || "" })) })));
        }
        """;

    /// <summary>Every violation axe finds on the page as it is now (WCAG 2.1 A and AA, and axe's best practices).</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(Source.Value);
        return JsonSerializer.Deserialize<AxeViolation[]>(await page.EvaluateAsync<string>(RunScript), JsonOptions) ?? [];
    }
}
