using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>Report Markdown renders as HTML with no raw HTML and no script links.</summary>
public sealed class SafeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("Hello <img src=x onerror=alert(1)> there", "<img")]
    [InlineData("<div onclick=\"alert(1)\">click</div>", "<div")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("text\n\n<style>body{display:none}</style>", "<style")]
    [InlineData("<svg/onload=alert(1)>", "<svg")]
    public void Raw_html_comes_out_escaped(string markdown, string tag)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;" + tag[1..], html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click]( javascript:alert(1) )")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![pic](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click][ref]\n\n[ref]: javascript:alert(1)")]
    public void Script_and_data_links_lose_their_address(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("(href|src)=\"#\"", html);
    }

    [Theory]
    [InlineData("[site](https://example.com/a?b=1)", "href=\"https://example.com/a?b=1\"")]
    [InlineData("[mail](mailto:ann@example.com)", "href=\"mailto:ann@example.com\"")]
    [InlineData("[other report](/reports/other?year=2024)", "href=\"/reports/other?year=2024\"")]
    [InlineData("[section](#totals)", "href=\"#totals\"")]
    [InlineData("[odd](docs/a:b.md)", "href=\"docs/a:b.md\"")]
    [InlineData("see https://example.com", "href=\"https://example.com\"")]
    public void Ordinary_links_keep_their_address(string markdown, string expected)
    {
        Assert.Contains(expected, SafeMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void Tables_headings_emphasis_and_code_render()
    {
        var html = SafeMarkdown.ToHtml("# Totals\n\n| region | revenue |\n| --- | ---: |\n| North | **1,200** |\n\nSome `code` and ~~old~~ text.");
        Assert.Contains("<h1", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<th>region</th>", html);
        Assert.Matches("<td[^>]*>North</td>", html);
        Assert.Contains("<strong>1,200</strong>", html);
        Assert.Contains("<code>code</code>", html);
        Assert.Contains("<del>old</del>", html);
    }

    [Fact]
    public void Text_inside_code_is_escaped_too()
    {
        var html = SafeMarkdown.ToHtml("```\n<script>alert(1)</script>\n```\n\nand `<b>`");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
