using DataCharts.Core.Query;
using SkiaSharp;

namespace DataCharts.Core.Charts;

/// <summary>What the page shows with a chart image: where its marks are (for tooltips, keys and zoom) and its text alternative.</summary>
public sealed record ChartOverlay(ChartLayout Layout, string Summary, ChartTable Table, XRange? Range);

/// <summary>
/// A chart drawn by <see cref="ChartRenderer"/>, optionally zoomed to an x range, as an image and as the overlay that makes
/// it interactive. Both come from the same plot code, so the overlay's pixels are the image's.
/// </summary>
public static class InteractiveChart
{
    public const int DefaultWidth = 900;
    public const int DefaultHeight = 500;

    /// <summary>The image, zoomed when a range is given (an unzoomable chart with a range is a 400).</summary>
    public static byte[] Image(ChartSpec spec, QueryResult rows, ChartFormat format, int width, int height, bool dark, XRange? range)
    {
        if (range is null) return ChartRenderer.Render(spec, rows, format, width, height, dark);
        using var plot = ChartRenderer.Build(spec, ChartZoom.Within(spec, rows, range), dark);
        ChartZoom.Limit(plot, range);
        return ChartRenderer.Export(plot, format, width, height);
    }

    /// <summary>Lays the chart out once (in memory, not encoded) and reads its marks; the summary and table describe the rows shown.</summary>
    public static ChartOverlay Overlay(ChartSpec spec, QueryResult rows, XRange? range, int width = DefaultWidth, int height = DefaultHeight, Presentation.ResultFormat? format = null)
    {
        var shown = range is null ? rows : ChartZoom.Within(spec, rows, range);
        using var plot = ChartRenderer.Build(spec, shown);
        if (range is not null) ChartZoom.Limit(plot, range);
        plot.RenderInMemory(width, height);
        var layout = ChartMarks.Read(plot, spec, shown, width, height, format);
        var inRange = range is null ? shown : Strictly(spec, shown, range);
        return new ChartOverlay(layout, ChartSummary.Line(spec, inRange, format), ChartSummary.Table(spec, inRange, format), range);
    }

    /// <summary>
    /// The PNG and its overlay from one plot: drawn and encoded once, the marks read from that render. What a zoom does,
    /// so a redraw costs one render.
    /// </summary>
    public static (byte[] Png, ChartOverlay Overlay) Picture(ChartSpec spec, QueryResult rows, XRange? range, bool dark,
        int width = DefaultWidth, int height = DefaultHeight, Presentation.ResultFormat? format = null)
    {
        var shown = range is null ? rows : ChartZoom.Within(spec, rows, range);
        using var plot = ChartRenderer.Build(spec, shown, dark);
        if (range is not null) ChartZoom.Limit(plot, range);
        var png = FastPng(plot, width, height);
        var layout = ChartMarks.Read(plot, spec, shown, width, height, format);
        var inRange = range is null ? shown : Strictly(spec, shown, range);
        return (png, new ChartOverlay(layout, ChartSummary.Line(spec, inRange, format), ChartSummary.Table(spec, inRange, format), range));
    }

    /// <summary>
    /// Renders as <c>Plot.GetImage</c> does and encodes the PNG with a light zlib level: a few kilobytes larger, several
    /// times quicker to encode than the default, which is most of what a zoom costs.
    /// </summary>
    private static byte[] FastPng(ScottPlot.Plot plot, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"No drawing surface of {width}×{height}.");
        plot.Render(surface.Canvas, width, height);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 2));
        return data?.ToArray() ?? throw new InvalidOperationException("The PNG encoder gave nothing.");
    }

    /// <summary>The rows inside the range only (the edge rows kept for drawing are left out of the words and the table).</summary>
    private static QueryResult Strictly(ChartSpec spec, QueryResult r, XRange range)
    {
        var xi = ChartRenderer.Find(r, spec.X);
        return r with { Rows = r.Rows.Where(row => ChartRenderer.Num(row[xi]) is var x && x >= range.From && x <= range.To).ToList() };
    }
}
