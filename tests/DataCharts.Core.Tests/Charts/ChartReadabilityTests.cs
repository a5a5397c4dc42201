using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using ScottPlot;

using static DataCharts.Core.Tests.Charts.ChartData;

namespace DataCharts.Core.Tests.Charts;

/// <summary>
/// Charts that read well (issue 12 §2): lines in x order, legends beside the plot, readable dark pies, one colour per
/// category value across a place's charts, long labels on horizontal bars, calendar ticks on date axes.
/// </summary>
public sealed class ChartReadabilityTests
{
    private static Plot Built(ChartSpec spec, QueryResult r, CategoryColors? colors = null, bool dark = false)
    {
        var plot = new Plot();
        ChartRenderer.Build(plot, spec, r, colors, dark);
        plot.GetImageBytes(900, 500, ImageFormat.Png); // lays out the axes and ticks
        return plot;
    }

    [Fact]
    public void A_line_joins_its_points_in_x_order_when_the_rows_are_sorted_by_value()
    {
        var r = Result(["day", "sales"], [ColumnType.Date, ColumnType.Decimal],
            ["2024-01-03", 90.0], ["2024-01-01", 50.0], ["2024-01-04", 20.0], ["2024-01-02", 10.0]);
        using var plot = Built(new ChartSpec(ChartType.Line, "day", ["sales"]), r);
        var points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal(points.Select(p => p.X).Order(), points.Select(p => p.X));
        Assert.Equal([50.0, 10.0, 90.0, 20.0], points.Select(p => p.Y));
    }

    [Fact]
    public void Month_names_on_a_line_are_placed_in_calendar_order()
    {
        var r = Result(["month", "sales"], [ColumnType.Text, ColumnType.Decimal], ["Mar", 3.0], ["Jan", 1.0], ["Feb", 2.0]);
        using var plot = Built(new ChartSpec(ChartType.Line, "month", ["sales"]), r);
        Assert.Equal(["Jan", "Feb", "Mar"], plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label));
        Assert.Equal([1.0, 2.0, 3.0], plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void Bars_sorted_by_value_keep_the_order_the_query_gave()
    {
        var r = Result(["month", "sales"], [ColumnType.Text, ColumnType.Decimal], ["Mar", 3.0], ["Jan", 1.0], ["Feb", 2.0]);
        using var plot = Built(new ChartSpec(ChartType.Bar, "month", ["sales"]), r);
        Assert.Equal(["Mar", "Jan", "Feb"], plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void Long_category_labels_turn_the_bars_horizontal_and_are_never_tilted()
    {
        var r = Result(["product", "sales"], [ColumnType.Text, ColumnType.Decimal],
            ["Ergonomic office chair with lumbar support", 3.0], ["Standing desk", 1.0], ["Monitor arm", 2.0]);
        using var plot = Built(new ChartSpec(ChartType.Bar, "product", ["sales"], XLabel: "product", YLabel: "sales"), r);
        Assert.All(plot.GetPlottables<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars), b => Assert.Equal(Orientation.Horizontal, b.Orientation));
        Assert.Contains(plot.Axes.Left.TickGenerator.Ticks, t => t.Label.StartsWith("Ergonomic office chair", StringComparison.Ordinal));
        Assert.Equal("product", plot.Axes.Left.Label.Text);
        Assert.Equal(0, plot.Axes.Bottom.TickLabelStyle.Rotation);
    }

    [Fact]
    public void Many_short_labels_stay_level_and_thin_out_instead_of_tilting()
    {
        var rows = Enumerable.Range(1, 40).Select(i => new object?[] { $"S{i}", (double)i }).ToArray();
        using var plot = Built(new ChartSpec(ChartType.Bar, "store", ["sales"]), Result(["store", "sales"], [ColumnType.Text, ColumnType.Decimal], rows));
        Assert.Equal(0, plot.Axes.Bottom.TickLabelStyle.Rotation);
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks;
        Assert.InRange(ticks.Length, 10, 20);
        Assert.All(plot.GetPlottables<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars), b => Assert.Equal(Orientation.Vertical, b.Orientation));
    }

    [Fact]
    public void A_crowded_legend_stands_beside_the_plot_not_over_its_marks()
    {
        var rows = Enumerable.Range(0, 8).SelectMany(s => new[] { new object?[] { "2024-01-01", $"Region number {s}", 1.0 + s }, ["2024-02-01", $"Region number {s}", 2.0 + s] }).ToArray();
        using var plot = Built(new ChartSpec(ChartType.Line, "month", ["sales"], "region"), Result(["month", "region", "sales"], [ColumnType.Date, ColumnType.Text, ColumnType.Decimal], rows));
        Assert.False(plot.Legend.IsVisible); // the in-plot legend is off...
        var panel = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>()); // ...a panel beside the data area holds it
        Assert.Equal(Edge.Right, panel.Edge);
        Assert.Equal(8, plot.Legend.GetItems().Length);
    }

    [Fact]
    public void Dark_pie_labels_and_legends_are_light_on_dark()
    {
        var r = Result(["region", "sales"], [ColumnType.Text, ColumnType.Decimal], ["East", 3.0], ["West", 1.0]);
        using var plot = Built(new ChartSpec(ChartType.Pie, "region", ["sales"]), r, dark: true);
        var pie = plot.GetPlottables<ScottPlot.Plottables.Pie>().Single();
        Assert.All(pie.Slices, s => Assert.True(Luminance(s.LabelStyle.ForeColor) > 0.7, "slice label should be light"));
        Assert.True(Luminance(plot.Legend.BackgroundColor) < 0.3);
        Assert.True(Luminance(plot.Legend.FontColor!.Value) > 0.7);
    }

    private static double Luminance(Color c) => (0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B) / 255.0;

    [Fact]
    public void A_category_value_keeps_its_colour_across_the_charts_of_a_place()
    {
        var place = new CategoryColors();
        var share = Result(["region", "sales"], [ColumnType.Text, ColumnType.Decimal], ["East", 3.0], ["West", 1.0]);
        using var pie = Built(new ChartSpec(ChartType.Pie, "region", ["sales"]), share, place);
        var pieColors = pie.GetPlottables<ScottPlot.Plottables.Pie>().Single().Slices.ToDictionary(s => s.LegendText, s => s.FillColor);

        // The next chart draws West first and adds North: East and West keep their colours, North takes a free one.
        var bySeries = Result(["month", "region", "sales"], [ColumnType.Text, ColumnType.Text, ColumnType.Decimal],
            ["Jan", "West", 1.0], ["Jan", "North", 2.0], ["Jan", "East", 3.0], ["Feb", "West", 1.0], ["Feb", "North", 2.0], ["Feb", "East", 3.0]);
        using var bars = Built(new ChartSpec(ChartType.GroupedBar, "month", ["sales"], "region"), bySeries, place);
        var legend = bars.Legend.ManualItems.ToDictionary(i => i.LabelText, i => i.FillColor);
        Assert.Equal(pieColors["East"], legend["East"]);
        Assert.Equal(pieColors["West"], legend["West"]);
        Assert.NotEqual(legend["East"], legend["North"]);
        Assert.NotEqual(legend["West"], legend["North"]);
    }

    [Fact]
    public void Colours_kept_with_a_spec_survive_a_redraw_in_another_order()
    {
        var place = CategoryColors.From([new Dictionary<string, int> { ["East"] = 3, ["West"] = 0 }]);
        var r = Result(["region", "sales"], [ColumnType.Text, ColumnType.Decimal], ["West", 1.0], ["South", 2.0], ["East", 3.0]);
        var slots = ChartRenderer.AssignColors(place, new ChartSpec(ChartType.Pie, "region", ["sales"]), r);
        Assert.Equal(3, slots["East"]);
        Assert.Equal(0, slots["West"]);
        Assert.DoesNotContain(slots["South"], new[] { 0, 3 });
        using var plot = Built(new ChartSpec(ChartType.Pie, "region", ["sales"], Colors: slots), r);
        Assert.Equal(CategoryColors.Slot(3), plot.GetPlottables<ScottPlot.Plottables.Pie>().Single().Slices.Single(s => s.LegendText == "East").FillColor);
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-10", "Jan 1, 2024", "days")]
    [InlineData("2023-01-01", "2023-08-01", "Jan 2023", "months")]
    [InlineData("2023-01-01", "2024-01-01", "Q1 2023", "quarters")]
    [InlineData("2020-01-01", "2023-12-31", "2020 Q1", "quarters or years")]
    [InlineData("1990-01-01", "2024-01-01", "1990", "years")]
    public void Date_axes_tick_at_calendar_boundaries_labelled_like_the_table(string from, string to, string first, string form)
    {
        var ticks = CalendarTicks.For(DateTime.Parse(from).ToOADate(), DateTime.Parse(to).ToOADate(), 10);
        Assert.InRange(ticks.Length, 2, 12);
        Assert.Equal(ticks.Select(t => t.Position).Order(), ticks.Select(t => t.Position));
        if (form == "quarters or years") Assert.True(ticks[0].Label is "Q1 2020" or "2020" or "Jan 2020", ticks[0].Label);
        else Assert.Equal(first, ticks[0].Label);
        Assert.All(ticks, t => Assert.Equal(DateTime.FromOADate(t.Position).TimeOfDay, TimeSpan.Zero));
    }

    [Fact]
    public void Chinese_readers_get_chinese_date_ticks()
    {
        var ticks = CalendarTicks.For(new DateTime(2023, 1, 1).ToOADate(), new DateTime(2023, 8, 1).ToOADate(), 10, System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
        Assert.Equal("2023年1月", ticks[0].Label);
    }

    [Fact]
    public void A_date_line_gets_calendar_ticks_and_numbers_get_short_scales()
    {
        var rows = Enumerable.Range(0, 24).Select(i => new object?[] { new DateTime(2023, 1, 1).AddMonths(i).ToString("yyyy-MM-dd"), 12_000.0 + i * 1000 }).ToArray();
        using var plot = Built(new ChartSpec(ChartType.Line, "month", ["revenue"]), Result(["month", "revenue"], [ColumnType.Date, ColumnType.Decimal], rows));
        Assert.IsType<CalendarTicks>(plot.Axes.Bottom.TickGenerator);
        Assert.All(plot.Axes.Bottom.TickGenerator.Ticks, t => Assert.Matches(@"^((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) |Q[1-4] )?\d{4}$", t.Label));
        Assert.Contains(plot.Axes.Left.TickGenerator.Ticks, t => t.Label.EndsWith('k'));
    }

    [Theory]
    [InlineData(2500.0, "2,500")]
    [InlineData(500_000.0, "500k")]
    [InlineData(1_500_000.0, "1.5M")]
    [InlineData(0.25, "0.25")]
    [InlineData(-12_000.0, "-12k")]
    public void Axis_numbers_read_on_one_scale(double value, string label) => Assert.Equal(label, AxisText.AxisNumber(value));

    [Fact]
    public void Year_axes_show_whole_years_without_separators()
    {
        var rows = Enumerable.Range(2015, 9).Select(y => new object?[] { (long)y, (double)y - 2000 }).ToArray();
        using var plot = Built(new ChartSpec(ChartType.Line, "year", ["sales"]), Result(["year", "sales"], [ColumnType.Integer, ColumnType.Decimal], rows));
        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).Select(t => t.Label).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.Matches(@"^20\d{2}$", l));
    }

    [Fact]
    public void Tooltips_and_summaries_write_dates_and_money_as_the_table_does()
    {
        var r = Result(["month", "revenue"], [ColumnType.Date, ColumnType.Decimal], ["2024-01-01", 1234.5], ["2024-02-01", 99.0]);
        var format = DataCharts.Core.Presentation.ResultFormat.For(r, null, System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.Line, "month", ["revenue"]), r, null, format: format);
        var first = overlay.Layout.Marks.First();
        Assert.Equal(format.Text(0, "2024-01-01"), first.Label);
        Assert.Equal(format.Text(1, 1234.5), first.Value);
        Assert.DoesNotContain("2024-01-01", overlay.Summary);
        Assert.Contains(format.Text(1, 1234.5), overlay.Summary);
    }
}
