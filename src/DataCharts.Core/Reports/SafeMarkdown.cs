using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DataCharts.Core.Reports;

/// <summary>
/// Markdown to HTML without raw HTML: tags in the text come out escaped, and links or images whose address is not
/// http(s), mailto, a relative path or an anchor (javascript:, data:, vbscript: …) lose their address.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .Build();

    public static string ToHtml(string markdown)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var link in doc.Descendants<LinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        foreach (var link in doc.Descendants<AutolinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        return writer.ToString();
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var u = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = u.IndexOf(':');
        if (colon < 0) return true;
        var slash = u.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon) return true; // a relative path with a colon later on
        var scheme = u[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
