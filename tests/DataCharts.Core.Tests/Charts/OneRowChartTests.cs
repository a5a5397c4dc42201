using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Charts;

/// <summary>Charts of one-row results (an aggregate such as mean(x)) and of results without an x column.</summary>
public sealed class OneRowChartTests
{
    private static readonly QueryResult Mean = new([new ResultColumn("mean_x", ColumnType.Decimal, "DOUBLE")], [[5.0]]);

    public static TheoryData<ChartType> DrawableWithoutX() =>
        new(ChartType.Line, ChartType.Area, ChartType.Bar, ChartType.HorizontalBar, ChartType.StackedBar, ChartType.Scatter, ChartType.Pie);

    [Theory]
    [MemberData(nameof(DrawableWithoutX))]
    public void A_single_value_without_an_x_column_draws_against_the_row_number(ChartType type)
    {
        var png = ChartRenderer.Render(new ChartSpec(type, null, ["mean_x"], Title: "Mean of x"), Mean, ChartFormat.Png, 400, 300);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var svg = System.Text.Encoding.UTF8.GetString(ChartRenderer.Render(new ChartSpec(type, null, ["mean_x"]), Mean, ChartFormat.Svg, 400, 300));
        Assert.Contains("<svg", svg);
    }

    [Fact]
    public void A_one_point_line_against_its_own_value_renders()
    {
        var png = ChartRenderer.Render(new ChartSpec(ChartType.Line, "mean_x", ["mean_x"]), Mean, ChartFormat.Png, 400, 300);
        Assert.True(png.Length > 1000);
    }

    [Fact]
    public void An_empty_aggregate_renders_an_empty_chart_rather_than_failing()
    {
        var empty = new QueryResult([new ResultColumn("mean_x", ColumnType.Decimal, "DOUBLE")], [[null]]);
        var png = ChartRenderer.Render(new ChartSpec(ChartType.Line, null, ["mean_x"]), empty, ChartFormat.Png, 400, 300);
        Assert.Equal(0x89, png[0]);
    }

    [Fact]
    public void A_chart_type_that_needs_an_x_column_says_so()
    {
        var ex = Assert.Throws<UserFacingException>(() => ChartRenderer.Render(new ChartSpec(ChartType.Histogram, null, ["mean_x"]), Mean, ChartFormat.Svg));
        Assert.Contains("needs an x column", ex.Message);
        Assert.Equal(422, ex.Status);
    }
}
