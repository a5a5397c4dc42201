using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using SkiaSharp;

using static DataCharts.Core.Tests.Charts.ChartData;

namespace DataCharts.Core.Tests.Charts;

/// <summary>
/// The overlay's marks sit where ScottPlot drew them: the pixel at a mark's anchor in the exported PNG has that mark's
/// colour, and just outside a bar there is none of it.
/// </summary>
public sealed class ChartMarksTests
{
    private static readonly QueryResult ByRegion = Result(["region", "revenue"], [ColumnType.Text, ColumnType.Decimal],
        ["North", 1200.5], ["South", 640.25], ["East", 2345.0], ["West", 10.0]);

    /// <summary>Draws, exports and reads the marks from the same plot; returns the decoded image and the plot's colours per plottable.</summary>
    private static (SKBitmap Image, ChartLayout Layout, ScottPlot.Plot Plot) Draw(ChartSpec spec, QueryResult data, int width = 900, int height = 500)
    {
        var plot = ChartRenderer.Build(spec, data);
        var png = ChartRenderer.Export(plot, ChartFormat.Png, width, height);
        var layout = ChartMarks.Read(plot, spec, data, width, height);
        return (SKBitmap.Decode(png), layout, plot);
    }

    private static bool Near(SKColor a, ScottPlot.Color b, int tolerance = 40) =>
        Math.Abs(a.Red - b.R) + Math.Abs(a.Green - b.G) + Math.Abs(a.Blue - b.B) <= tolerance;

    [Theory]
    [InlineData(ChartType.Bar)]
    [InlineData(ChartType.HorizontalBar)]
    public void A_bars_rect_covers_the_pixels_drawn_in_its_colour(ChartType type)
    {
        var spec = new ChartSpec(type, "region", ["revenue"], Title: "Revenue");
        var (image, layout, plot) = Draw(spec, ByRegion);
        using var _ = image;
        using var __ = plot;
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).ToList();
        Assert.Equal(4, layout.Marks.Count);
        foreach (var label in new[] { "North", "South", "East", "West" })
        {
            var mark = layout.Marks.Single(m => m.Label == label);
            var bar = bars.Single(b => Math.Abs(b.Value - ByRegion.Rows.Single(r => (string)r[0]! == label)[1] switch { double d => d, _ => 0 }) < 1e-9);
            var (x, y) = mark.Anchor;
            Assert.True(Near(image.GetPixel((int)x, (int)y), bar.FillColor), $"{label}: {image.GetPixel((int)x, (int)y)} at ({x},{y}) is not {bar.FillColor}");
            // Just beyond the bar's end along its value axis is background, not bar.
            var (ox, oy) = type == ChartType.HorizontalBar ? ((int)(mark.X + mark.Width + 4), (int)y) : ((int)x, (int)(mark.Y - 4));
            Assert.False(Near(image.GetPixel(ox, oy), bar.FillColor, 10), $"{label}: ({ox},{oy}) is still bar-coloured");
        }
        Assert.Equal("2,345", layout.Marks.Single(m => m.Label == "East").Value);
        Assert.Equal("1,200.5", layout.Marks.Single(m => m.Label == "North").Value);
        Assert.Equal("revenue", layout.Marks[0].Series);
        Assert.Equal("region", layout.DrillColumn);
        Assert.Equal("East", layout.Marks.Single(m => m.Label == "East").DrillValue);
    }

    [Fact]
    public void A_pie_slices_centroid_has_the_slice_colour()
    {
        var spec = new ChartSpec(ChartType.Pie, "region", ["revenue"], Title: "Share");
        var (image, layout, plot) = Draw(spec, ByRegion);
        using var _ = image;
        using var __ = plot;
        var pie = plot.GetPlottables().OfType<ScottPlot.Plottables.Pie>().Single();
        Assert.Equal(pie.Slices.Count, layout.Marks.Count);
        for (var i = 0; i < pie.Slices.Count; i++)
        {
            var mark = layout.Marks[i];
            Assert.Equal(MarkShape.Slice, mark.Shape);
            if (mark.SweepDegrees < 8) continue; // a sliver's middle is its border
            var (x, y) = mark.Anchor;
            Assert.True(Near(image.GetPixel((int)x, (int)y), pie.Slices[i].FillColor), $"{mark.Label}: {image.GetPixel((int)x, (int)y)} is not {pie.Slices[i].FillColor}");
        }
        var east = layout.Marks.Single(m => m.Label == "East");
        Assert.Equal("2,345 (55.9%)", east.Value);
        Assert.StartsWith("M", east.SlicePath());
    }

    [Fact]
    public void Line_vertices_sit_on_the_drawn_line()
    {
        var rows = Enumerable.Range(0, 500).Select(i => new object?[] { (double)i, Math.Sin(i / 60.0) * 100 }).ToArray();
        var data = Result(["t", "value"], [ColumnType.Decimal, ColumnType.Decimal], rows);
        var spec = new ChartSpec(ChartType.Line, "t", ["value"]);
        var (image, layout, plot) = Draw(spec, data);
        using var _ = image;
        using var __ = plot;
        var line = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single();
        Assert.Equal(500, layout.Marks.Count);
        // A vertex at (x, y) lies in the pixel whose corner is (floor x, floor y).
        var onLine = layout.Marks.Count(m => Near(image.GetPixel((int)m.X, (int)m.Y), line.Color, 60));
        Assert.True(onLine >= layout.Marks.Count * 0.95, $"{onLine} of {layout.Marks.Count} vertices on the line");
        Assert.True(layout.Zoomable);
    }

    [Fact]
    public void A_long_line_sends_at_most_the_overlay_bound_of_vertices()
    {
        var rows = Enumerable.Range(0, 100_000).Select(i => new object?[] { (double)i, Math.Sin(i / 5000.0) * 100 + i % 7 }).ToArray();
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.Line, "t", ["value"]), Result(["t", "value"], [ColumnType.Decimal, ColumnType.Decimal], rows), null);
        var layout = overlay.Layout;
        Assert.InRange(layout.Marks.Count, 1000, ChartMarks.MaxMarks);
        Assert.True(layout.DrawnMarks > layout.Marks.Count);
        Assert.All(layout.Marks, m => Assert.InRange(m.X, layout.DataLeft - 1, layout.DataRight + 1));
        Assert.Equal("0", layout.Marks[0].Label);
        Assert.Equal("99,999", layout.Marks[^1].Label);
    }

    [Fact]
    public void The_overlay_matches_the_image_rendered_separately()
    {
        var spec = new ChartSpec(ChartType.Bar, "region", ["revenue"], Title: "Revenue");
        var overlay = InteractiveChart.Overlay(spec, ByRegion, null);
        var (image, layout, plot) = Draw(spec, ByRegion);
        using var _ = image;
        using var __ = plot;
        Assert.Equal(layout.Marks, overlay.Layout.Marks);
    }

    [Fact]
    public void Long_category_labels_are_whole_in_the_marks_though_the_axis_shortens_them()
    {
        var data = Result(["product", "units"], [ColumnType.Text, ColumnType.Integer],
            ["An office chair with very long arms", 5L], ["A desk that is rather too long to name", 7L]);
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.Bar, "product", ["units"]), data, null);
        Assert.Equal(["An office chair with very long arms", "A desk that is rather too long to name"], overlay.Layout.Marks.Select(m => m.Label));
    }

    [Fact]
    public void Grouped_bars_carry_their_series()
    {
        var data = Result(["region", "channel", "revenue"], [ColumnType.Text, ColumnType.Text, ColumnType.Decimal],
            ["North", "Online", 10.0], ["North", "Retail", 20.0], ["South", "Online", 30.0], ["South", "Retail", 40.0]);
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.GroupedBar, "region", ["revenue"], "channel"), data, null);
        var south = overlay.Layout.Marks.Where(m => m.Label == "South").ToList();
        Assert.Equal(["Online", "Retail"], south.Select(m => m.Series).Order());
        Assert.Equal("40", south.Single(m => m.Series == "Retail").Value);
    }

    [Fact]
    public void Boxes_report_their_five_numbers()
    {
        var data = Result(["g", "min", "q1", "median", "q3", "max"], [ColumnType.Text, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal],
            ["a", 1.0, 2.0, 3.0, 4.0, 5.0], ["b", 2.0, 3.0, 3.5, 6.0, 9.0]);
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.Box, "g", ["min", "q1", "median", "q3", "max"]), data, null);
        Assert.Equal(2, overlay.Layout.Marks.Count);
        Assert.Equal("min 2 · q1 3 · median 3.5 · q3 6 · max 9", overlay.Layout.Marks[1].Value);
        Assert.Null(overlay.Layout.DrillColumn);
    }

    [Fact]
    public void Dates_on_the_x_axis_read_as_dates()
    {
        var data = Result(["day", "orders"], [ColumnType.Date, ColumnType.Integer], ["2024-01-01", 3L], ["2024-01-02", 5L], ["2024-01-03", 4L]);
        var overlay = InteractiveChart.Overlay(new ChartSpec(ChartType.Line, "day", ["orders"]), data, null);
        Assert.Equal(["2024-01-01", "2024-01-02", "2024-01-03"], overlay.Layout.Marks.Select(m => m.Label));
        Assert.Equal(XAxisKind.Date, overlay.Layout.XKind);
    }
}
