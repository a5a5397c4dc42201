using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

using static DataCharts.Core.Tests.Charts.ChartData;

namespace DataCharts.Core.Tests.Charts;

/// <summary>Zoom ranges are read strictly, narrow what is drawn, and refuse charts that do not zoom; the text alternative says what the rows show.</summary>
public sealed class ChartZoomTests
{
    [Theory]
    [InlineData("1", "2", 1.0, 2.0)]
    [InlineData("-3.5", "1e3", -3.5, 1000.0)]
    [InlineData("45292.25", "45300", 45292.25, 45300.0)]
    public void Good_ranges_read(string from, string to, double a, double b) => Assert.Equal(new XRange(a, b), ChartZoom.Parse(from, to));

    [Fact]
    public void No_range_is_no_zoom() => Assert.Null(ChartZoom.Parse(null, ""));

    [Theory]
    [InlineData("1", null, "both ends")]
    [InlineData(null, "1", "both ends")]
    [InlineData("2", "1", "smaller x to a larger")]
    [InlineData("1", "1", "smaller x to a larger")]
    [InlineData("abc", "2", "must be a number")]
    [InlineData("1,5", "2", "must be a number")]
    [InlineData("NaN", "2", "must be a number")]
    [InlineData("1", "Infinity", "must be a number")]
    [InlineData("1", "1e400", "must be a number")]
    [InlineData("0x10", "20", "must be a number")]
    [InlineData(" 1", "2", "must be a number")]
    [InlineData("1", "2000000000000000000", "must be a number")]
    [InlineData("1.00000000000000000000000000000000000000001", "2", "too long")]
    public void Bad_ranges_are_refused_with_a_reason(string? from, string? to, string reason)
    {
        var ex = Assert.Throws<UserFacingException>(() => ChartZoom.Parse(from, to));
        Assert.Equal(400, ex.Status);
        Assert.Contains(reason, ex.Message);
    }

    private static readonly QueryResult Series = Result(["t", "value"], [ColumnType.Decimal, ColumnType.Decimal],
        Enumerable.Range(0, 1000).Select(i => new object?[] { (double)i, (double)(i % 97) }).ToArray());

    [Fact]
    public void A_zoomed_line_spans_the_range_and_marks_only_inside_it()
    {
        var spec = new ChartSpec(ChartType.Line, "t", ["value"]);
        var whole = InteractiveChart.Overlay(spec, Series, null);
        var zoomed = InteractiveChart.Overlay(spec, Series, new XRange(100, 200));
        Assert.True(whole.Layout.XMin < 1 && whole.Layout.XMax > 998);
        Assert.Equal(100, zoomed.Layout.XMin, 6);
        Assert.Equal(200, zoomed.Layout.XMax, 6);
        Assert.All(zoomed.Layout.Marks, m => Assert.InRange(double.Parse(m.Label.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture), 100, 200));
        Assert.Equal(101, zoomed.Layout.Marks.Count);
        Assert.Equal(101, zoomed.Table.TotalRows);
        Assert.StartsWith("101 points from 100 to 200", zoomed.Summary);
        var png = InteractiveChart.Image(spec, Series, ChartFormat.Png, 900, 500, false, new XRange(100, 200));
        Assert.NotEqual(InteractiveChart.Image(spec, Series, ChartFormat.Png, 900, 500, false, null), png);
    }

    [Fact]
    public void Zooming_keeps_the_neighbours_so_lines_reach_the_edges()
    {
        var rows = ChartZoom.Within(new ChartSpec(ChartType.Line, "t", ["value"]), Series, new XRange(10.5, 20.5));
        Assert.Equal(Enumerable.Range(10, 12).Select(i => (double)i), rows.Rows.Select(r => (double)r[0]!));
    }

    [Fact]
    public void Bars_do_not_zoom()
    {
        var bars = Result(["region", "revenue"], [ColumnType.Text, ColumnType.Decimal], ["North", 1.0]);
        var ex = Assert.Throws<UserFacingException>(() => InteractiveChart.Overlay(new ChartSpec(ChartType.Bar, "region", ["revenue"]), bars, new XRange(0, 1)));
        Assert.Contains("line, area and scatter", ex.Message);
        Assert.False(InteractiveChart.Overlay(new ChartSpec(ChartType.Bar, "region", ["revenue"]), bars, null).Layout.Zoomable);
    }

    [Fact]
    public void A_bar_summary_names_the_highest_and_lowest()
    {
        var data = Result(["region", "revenue"], [ColumnType.Text, ColumnType.Decimal], ["North", 1200.5], ["South", 640.25], ["East", 2345.0], ["West", 10.0]);
        Assert.Equal("4 categories; highest East 2,345; lowest West 10.", ChartSummary.Line(new ChartSpec(ChartType.Bar, "region", ["revenue"]), data));
        Assert.Equal("4 categories; highest East 2,345; lowest West 10; total 4,195.75.", ChartSummary.Line(new ChartSpec(ChartType.Pie, "region", ["revenue"]), data));
    }

    [Fact]
    public void A_line_summary_gives_the_range_and_the_first_and_last_values()
    {
        var data = Result(["month", "revenue"], [ColumnType.Date, ColumnType.Decimal], ["2024-03-01", 30.0], ["2024-01-01", 1000.0], ["2024-02-01", 5.5]);
        Assert.Equal("3 points from 2024-01-01 to 2024-03-01; revenue 1,000 → 30 (low 5.5, high 1,000).",
            ChartSummary.Line(new ChartSpec(ChartType.Line, "month", ["revenue"]), data));
    }

    [Fact]
    public void A_series_summary_names_each_line()
    {
        var data = Result(["year", "channel", "orders"], [ColumnType.Integer, ColumnType.Text, ColumnType.Integer],
            [2021L, "Online", 10L], [2022L, "Online", 12L], [2021L, "Retail", 7L], [2022L, "Retail", 3L]);
        Assert.Equal("4 points from 2021 to 2022; Online 10 → 12 (low 10, high 12); Retail 7 → 3 (low 3, high 7).",
            ChartSummary.Line(new ChartSpec(ChartType.Line, "year", ["orders"], "channel"), data));
    }

    [Fact]
    public void The_table_lists_the_charts_columns_and_is_bounded()
    {
        var table = ChartSummary.Table(new ChartSpec(ChartType.Line, "t", ["value"]), Series);
        Assert.Equal(["t", "value"], table.Columns);
        Assert.Equal(ChartSummary.MaxTableRows, table.Rows.Count);
        Assert.Equal(1000, table.TotalRows);
        Assert.Equal(["1,000", "3"], ChartSummary.Table(new ChartSpec(ChartType.Line, "t", ["value"]), Result(["t", "value"], [ColumnType.Integer, ColumnType.Decimal], [1000L, 3.0])).Rows[0]);
    }
}
