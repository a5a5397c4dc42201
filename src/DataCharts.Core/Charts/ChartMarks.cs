using System.Globalization;
using DataCharts.Core.Query;
using ScottPlot;

namespace DataCharts.Core.Charts;

/// <summary>The outline a mark covers in the image: a rectangle (bars, boxes), a pie slice, or a point (line vertices, scatter points).</summary>
public enum MarkShape { Rect, Slice, Point }

/// <summary>
/// One thing drawn on a chart, in image pixels (origin top left), with what its tooltip says. Rects use X/Y/Width/Height;
/// slices use X/Y as the pie's centre (after explosion), Width as the radius and the angles (degrees, clockwise from
/// three o'clock, as the image shows them); points use X/Y.
/// </summary>
public sealed record ChartMark(MarkShape Shape, float X, float Y, float Width, float Height, string Label, string Value, string? Series)
{
    public float StartDegrees { get; init; }
    public float SweepDegrees { get; init; }

    /// <summary>The x value a click filters to (bars and slices of a category axis); null where drilling makes no sense.</summary>
    public string? DrillValue { get; init; }

    /// <summary>A pixel inside the mark, where its tooltip points: a rect's centre, a slice's middle at two thirds of its radius.</summary>
    public (float X, float Y) Anchor => Shape switch
    {
        MarkShape.Rect => (X + Width / 2, Y + Height / 2),
        MarkShape.Slice => (X + Width * 2 / 3 * MathF.Cos((StartDegrees + SweepDegrees / 2) * MathF.PI / 180),
                            Y + Width * 2 / 3 * MathF.Sin((StartDegrees + SweepDegrees / 2) * MathF.PI / 180)),
        _ => (X, Y),
    };

    /// <summary>The SVG path of a slice (pie wedge), for the overlay's hit area.</summary>
    public string SlicePath()
    {
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        if (SweepDegrees >= 359.99f)
            return $"M{F(X - Width)},{F(Y)}a{F(Width)},{F(Width)} 0 1,0 {F(2 * Width)},0a{F(Width)},{F(Width)} 0 1,0 {F(-2 * Width)},0z";
        double a0 = StartDegrees * Math.PI / 180, a1 = (StartDegrees + SweepDegrees) * Math.PI / 180;
        var large = SweepDegrees > 180 ? 1 : 0;
        return $"M{F(X)},{F(Y)}L{F(X + Width * Math.Cos(a0))},{F(Y + Width * Math.Sin(a0))}A{F(Width)},{F(Width)} 0 {large},1 {F(X + Width * Math.Cos(a1))},{F(Y + Width * Math.Sin(a1))}z";
    }
}

/// <summary>
/// Where a rendered chart put its marks, and what the browser needs to map pixels back to x values for a drag-zoom:
/// the data area in image pixels and the x limits it spans.
/// </summary>
public sealed record ChartLayout(int Width, int Height, float DataLeft, float DataTop, float DataRight, float DataBottom,
    double XMin, double XMax, XAxisKind XKind, bool Zoomable, string XName, string YName, IReadOnlyList<ChartMark> Marks)
{
    /// <summary>How many marks the chart drew before the overlay thinned them to <see cref="ChartMarks.MaxMarks"/>.</summary>
    public int DrawnMarks { get; init; }

    /// <summary>The column a click on a bar or slice filters (Chat's drill-down); null when the chart has no category axis.</summary>
    public string? DrillColumn { get; init; }
}

/// <summary>
/// Reads the marks of a plot ScottPlot has just rendered, through the plot's own coordinate transform (each plottable's
/// axes after layout), so the overlay matches the image whatever the drawing code did. Labels come from the rows
/// (full text, where the axis shows it shortened), values are formatted for people.
/// </summary>
public static class ChartMarks
{
    /// <summary>The most marks an overlay carries: long series send the drawn (thinned) vertices, thinned again to this.</summary>
    public const int MaxMarks = 2000;

    private const int MaxLabelChars = 160;

    public static ChartLayout Read(Plot plot, ChartSpec spec, QueryResult r, int width, int height, Presentation.ResultFormat? format = null)
    {
        var area = plot.LastRender.DataRect;
        var limits = plot.Axes.GetLimits();
        var xi = ChartRenderer.Find(r, spec.X);
        var xKind = xi < 0 ? XAxisKind.Number : ChartText.KindOf(r.Columns[xi].Type);
        var categories = xi < 0 ? [] : ChartRenderer.CategoryLabels(spec, r, xi);
        // Bars lie down when their labels are long, whatever the spec's type says.
        var horizontal = plot.GetPlottables<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).Any(b => b.Orientation == Orientation.Horizontal);
        var categoryAxisTicks = CategoryTicks(plot, horizontal);
        var yName = spec.Y.Count == 1 ? ChartText.Words(spec.Y[0]) : "value";
        // The column a series' values come from: its own y column when each y is a series, else the first.
        string? YColumn(string? series) => spec.Y.FirstOrDefault(y => series is not null && (ChartText.Words(y) == series || y == series)) ?? spec.Y.FirstOrDefault();
        var xName = ChartText.Words(spec.X ?? "row");

        string CategoryAt(double position)
        {
            var k = (int)Math.Round(position);
            var tick = categoryAxisTicks.FirstOrDefault(t => Math.Abs(t.Position - k) < 1e-6).Label;
            var candidate = k >= 0 && k < categories.Count ? categories[k] : null;
            if (candidate is not null && (tick is null || Matches(candidate, tick))) return candidate;
            if (tick is not null) return categories.FirstOrDefault(c => Matches(c, tick)) ?? tick;
            return candidate ?? ChartText.Number(position);
        }

        var marks = new List<ChartMark>();
        var points = new List<(int Series, ChartMark Mark)>();
        var seriesCount = 0;
        var categoryX = xKind == XAxisKind.Category && spec.Type is not (ChartType.Histogram or ChartType.Scatter);
        foreach (var p in plot.GetPlottables())
        {
            switch (p)
            {
                case ScottPlot.Plottables.BarPlot bars:
                    foreach (var b in bars.Bars)
                    {
                        var px = bars.Axes.GetPixelRect(b.Rect);
                        string label;
                        string? drill = null;
                        if (spec.Type == ChartType.Histogram)
                            label = $"{ChartText.Number(b.Position - b.Size / 2)} – {ChartText.Number(b.Position + b.Size / 2)}";
                        else
                        {
                            label = CategoryAt(b.Position);
                            if (categoryX) drill = label;
                        }
                        marks.Add(new ChartMark(MarkShape.Rect, Round(px.Left), Round(px.Top), Round(px.Width), Round(px.Height),
                            Bounded(label), ChartText.Number(b.Value - b.ValueBase, format, YColumn(BarSeries(plot, spec, b))), BarSeries(plot, spec, b) ?? yName) { DrillValue = drill });
                    }
                    break;
                case ScottPlot.Plottables.Pie pie:
                    marks.AddRange(Slices(pie, yName, spec, format));
                    break;
                case ScottPlot.Plottables.BoxPlot boxes:
                    foreach (var box in boxes.Boxes)
                    {
                        var lo = Math.Min(box.WhiskerMin ?? box.BoxMin, box.BoxMin);
                        var hi = Math.Max(box.WhiskerMax ?? box.BoxMax, box.BoxMax);
                        var px = boxes.Axes.GetPixelRect(new CoordinateRect(box.Position - box.Width / 2, box.Position + box.Width / 2, lo, hi));
                        var value = $"min {ChartText.Number(lo)} · q1 {ChartText.Number(box.BoxMin)} · median {ChartText.Number(box.BoxMiddle ?? double.NaN)} · q3 {ChartText.Number(box.BoxMax)} · max {ChartText.Number(hi)}";
                        marks.Add(new ChartMark(MarkShape.Rect, Round(px.Left), Round(px.Top), Round(px.Width), Round(px.Height),
                            Bounded(CategoryAt(box.Position)), value, null));
                    }
                    break;
                case ScottPlot.Plottables.Scatter line:
                    var series = string.IsNullOrEmpty(line.LegendText) ? yName : line.LegendText;
                    var s = seriesCount++;
                    foreach (var c in line.Data.GetScatterPoints())
                    {
                        if (double.IsNaN(c.X) || double.IsNaN(c.Y)) continue;
                        var px = line.Axes.GetPixel(c);
                        if (px.X < area.Left - 1 || px.X > area.Right + 1 || px.Y < area.Top - 1 || px.Y > area.Bottom + 1) continue;
                        var label = xKind == XAxisKind.Category && spec.Type != ChartType.Scatter ? CategoryAt(c.X) : ChartText.X(c.X, xKind, ChartText.Plain(spec.X), format, spec.X);
                        points.Add((s, new ChartMark(MarkShape.Point, Round(px.X), Round(px.Y), 0, 0, Bounded(label), ChartText.Number(c.Y, format, YColumn(series)), series)));
                    }
                    break;
            }
        }
        var drawn = marks.Count + points.Count;
        marks.AddRange(Thin(points, Math.Max(0, MaxMarks - marks.Count)));
        var zoomable = spec.Type is ChartType.Line or ChartType.Area or ChartType.Scatter && xKind != XAxisKind.Category;
        return new ChartLayout(width, height, Round(area.Left), Round(area.Top), Round(area.Right), Round(area.Bottom),
            limits.Left, limits.Right, xKind, zoomable, xName, yName, marks.Take(MaxMarks).ToList())
        {
            DrawnMarks = drawn,
            DrillColumn = categoryX && spec.Type is ChartType.Bar or ChartType.GroupedBar or ChartType.StackedBar or ChartType.HorizontalBar or ChartType.Pie ? spec.X : null,
        };
    }

    private static IEnumerable<ChartMark> Slices(ScottPlot.Plottables.Pie pie, string yName, ChartSpec spec, Presentation.ResultFormat? format)
    {
        // The same geometry Pie.Render uses: origin and radius from the axes, angles clockwise from the rotation.
        var origin = pie.Axes.GetPixel(new Coordinates(0, 0));
        var radius = Math.Min(Math.Abs(pie.Axes.GetPixelX(pie.Radius) - origin.X), Math.Abs(pie.Axes.GetPixelY(pie.Radius) - origin.Y));
        var total = pie.Slices.Sum(s => s.Value);
        if (total <= 0) yield break;
        var angle = pie.Rotation.Degrees;
        foreach (var slice in pie.Slices)
        {
            var sweep = slice.Value / total * 360;
            var centre = (angle + sweep / 2) * Math.PI / 180;
            var ox = pie.ExplodeFraction * radius * Math.Cos(centre);
            var oy = pie.ExplodeFraction * radius * Math.Sin(centre);
            var label = slice.LegendText ?? slice.Label ?? "";
            yield return new ChartMark(MarkShape.Slice, Round((float)(origin.X + ox)), Round((float)(origin.Y + oy)), Round(radius), 0,
                Bounded(label), $"{ChartText.Number(slice.Value, format, spec.Y.FirstOrDefault())} ({(slice.Value / total * 100).ToString("0.#", CultureInfo.InvariantCulture)}%)", yName)
            {
                StartDegrees = (float)angle,
                SweepDegrees = (float)sweep,
                DrillValue = spec.X is null ? null : label,
            };
            angle += sweep;
        }
    }

    /// <summary>The series of a bar: the legend entry of its colour when there is a legend.</summary>
    private static string? BarSeries(Plot plot, ChartSpec spec, Bar b)
    {
        var items = plot.Legend.ManualItems;
        if (items.Count == 0) return spec.Y.Count == 1 ? null : ChartText.Words(spec.Y[0]);
        return items.FirstOrDefault(i => i.FillColor == b.FillColor)?.LabelText;
    }

    private static List<(double Position, string Label)> CategoryTicks(Plot plot, bool horizontal)
    {
        var axis = horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        return axis.TickGenerator.Ticks.Where(t => t.IsMajor && !string.IsNullOrEmpty(t.Label)).Select(t => (t.Position, t.Label)).ToList();
    }

    private static bool Matches(string full, string tick) =>
        full == tick || tick.EndsWith('…') && full.StartsWith(tick[..^1], StringComparison.Ordinal);

    /// <summary>
    /// Keeps at most <paramref name="budget"/> vertices: per series and pixel column the lowest and highest (finer than the
    /// image shows adds nothing to hover), then an even share per series, each series' first and last kept.
    /// </summary>
    private static IEnumerable<ChartMark> Thin(List<(int Series, ChartMark Mark)> points, int budget)
    {
        if (points.Count <= budget) return points.OrderBy(p => p.Series).ThenBy(p => p.Mark.X).Select(p => p.Mark);
        var groups = points.GroupBy(p => p.Series).Select(g =>
        {
            var all = g.Select(p => p.Mark).OrderBy(m => m.X).ToList();
            var kept = all.GroupBy(m => (int)m.X)
                .SelectMany(column => column.Count() <= 2 ? (IEnumerable<ChartMark>)column : [column.MinBy(m => m.Y)!, column.MaxBy(m => m.Y)!])
                .Append(all[0]).Append(all[^1]).Distinct().OrderBy(m => m.X).ToList();
            return kept;
        }).ToList();
        var share = Math.Max(2, budget / Math.Max(1, groups.Count));
        var kept = new List<ChartMark>();
        foreach (var list in groups)
        {
            if (list.Count <= share) { kept.AddRange(list); continue; }
            var step = (list.Count - 1) / (double)(share - 1);
            for (var i = 0; i < share; i++) kept.Add(list[(int)Math.Round(i * step)]);
        }
        return kept;
    }


    private static string Bounded(string s) => ChartText.Bounded(s, MaxLabelChars);

    private static float Round(float v) => MathF.Round(v, 1);
}
