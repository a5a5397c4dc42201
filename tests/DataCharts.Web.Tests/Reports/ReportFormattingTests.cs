using System.Net;

namespace DataCharts.Web.Tests.Reports;

/// <summary>Report blocks read for people: labelled headers, money, a single value as a card; the export keeps raw values.</summary>
public sealed class ReportFormattingTests(ReportApp app) : IClassFixture<ReportApp>
{
    private string Report() => $$"""
        ---
        title: Formatted
        data: {{app.Shop}}
        ---
        ```sql total
        SELECT SUM(revenue) AS total_revenue, COUNT(*) AS orders FROM orders WHERE YEAR(order_date) = 2024
        ```

        ```sql by_region
        SELECT region, SUM(revenue) AS total_revenue FROM orders WHERE YEAR(order_date) = 2024 GROUP BY region ORDER BY region
        ```
        """;

    [Fact]
    public async Task A_single_value_block_shows_a_card_and_tables_show_labels_and_money()
    {
        app.Write("formatted.md", Report());
        using var c = app.CreateClient();
        var r = await c.GetAsync("/reports/formatted");
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // 2024: East 75, North 300.5, South 50 (four orders).
        var total = Html.Element(html, "block-0");
        Assert.Contains("data-kpi", total);
        Assert.Contains("data-kpi-value>$425.50<", total);
        Assert.Contains("data-kpi-value>4<", total);
        Assert.Contains(">Total revenue</div>", total);
        // A block has no question, so no period to compare with.
        Assert.DoesNotContain("data-kpi-change", total);

        var table = Html.Element(html, "block-1");
        Assert.Contains("data-column=\"total_revenue\"", table);
        Assert.Contains(">Total revenue</th>", table);
        Assert.DoesNotContain("data-kpi", table);
        Assert.Equal([["East", "$75.00"], ["North", "$300.50"], ["South", "$50.00"]], Html.Rows(table));

        var csv = await c.GetStringAsync("/reports/formatted?handler=Export&block=1&_format=csv");
        Assert.StartsWith("region,total_revenue", csv, StringComparison.Ordinal);
        Assert.Contains("North,300.5", csv, StringComparison.Ordinal);
    }
}
