using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Reports;

/// <summary>
/// The app with its own temporary report folder (<c>DataCharts:PagesDir</c>) and one small dataset, "orders", whose
/// numbers the tests know by heart. Tests write their report files into <see cref="PagesDir"/>, never into the repo.
/// </summary>
public sealed class ReportApp : AppFactory, IAsyncLifetime
{
    public const string ShopCsv =
        "order_id,order_date,region,channel,customer,revenue\n" +
        "1,2024-01-15,North,Online,Ann,100.5\n" +
        "2,2024-02-10,North,Retail,Bob,200\n" +
        "3,2024-03-05,South,Online,Cy,50\n" +
        "4,2023-06-01,South,Partner,Dee,400\n" +
        "5,2023-07-01,East,Online,<script>alert('data')</script>,25\n" +
        "6,2024-05-01,East,Retail,<img src=x onerror=alert(1)>,75\n";

    public string PagesDir { get; } = Path.Combine(Path.GetTempPath(), "dc-pages-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>The dataset's name in the catalog, for <c>data:</c> lines.</summary>
    public string Shop { get; private set; } = "";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataCharts:PagesDir"] = PagesDir };

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(PagesDir);
        using var client = CreateClient();
        Shop = (await client.ImportAsync("orders.csv", Files.Utf8(ShopCsv))).GetProperty("name").GetString()!;
    }

    /// <summary>Writes a report file (UTF-8, no BOM) into the app's report folder.</summary>
    public void Write(string fileName, string content) =>
        File.WriteAllText(Path.Combine(PagesDir, fileName), content, new UTF8Encoding(false));

    public void Delete(string fileName) => File.Delete(Path.Combine(PagesDir, fileName));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(PagesDir, true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>Reads what a person sees in a rendered block: the rows of its result table as cell texts.</summary>
public static partial class Html
{
    /// <summary>The element whose <paramref name="attribute"/> (id unless said) is <paramref name="id"/>, through its matching closing tag.</summary>
    public static string Element(string html, string id, string attribute = "id")
    {
        var open = Regex.Match(html, $"<(\\w+)[^>]*\\b{Regex.Escape(attribute)}=\"{Regex.Escape(id)}\"");
        Assert.True(open.Success, $"No element [{attribute}={id}] in:\n{html}");
        var tag = open.Groups[1].Value;
        var depth = 0;
        foreach (Match m in Regex.Matches(html[open.Index..], $"<(/?){tag}(?=[\\s>])[^>]*>"))
        {
            depth += m.Groups[1].Length == 0 ? 1 : -1;
            if (depth == 0) return html.Substring(open.Index, m.Index + m.Length);
        }
        throw new Xunit.Sdk.XunitException($"#{id} is never closed");
    }

    /// <summary>The body rows of the first table in <paramref name="fragment"/>, each as its cell texts (HTML-decoded).</summary>
    public static List<string[]> Rows(string fragment)
    {
        var body = BodyPattern().Match(fragment);
        Assert.True(body.Success, "No table body in:\n" + fragment);
        return RowPattern().Matches(body.Groups[1].Value)
            .Select(r => CellPattern().Matches(r.Groups[1].Value).Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .ToList();
    }

    [GeneratedRegex("<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();
}
