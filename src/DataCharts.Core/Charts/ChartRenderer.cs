using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using ScottPlot;

namespace DataCharts.Core.Charts;

/// <summary>Image formats a chart exports to.</summary>
public enum ChartFormat { Png, Svg }

/// <summary>
/// Draws a <see cref="ChartSpec"/> over a <see cref="QueryResult"/> with ScottPlot, to PNG or SVG, on the server.
/// Long series are thinned for drawing only (the table keeps every row). Chinese labels use a CJK font when present.
/// </summary>
public static class ChartRenderer
{
    public const int MaxLinePoints = 4000;
    public const int MaxScatterPoints = 20_000;

    /// <summary>
    /// Draws the chart. Category colours come from <paramref name="colors"/> (the place's colours, so a value keeps
    /// its colour across charts), else from the slots the spec kept, else in drawing order.
    /// </summary>
    public static byte[] Render(ChartSpec spec, QueryResult result, ChartFormat format, int width = 900, int height = 500, bool dark = false, CategoryColors? colors = null)
    {
        using var plot = Build(spec, result, dark, colors);
        return Export(plot, format, width, height);
    }

    /// <summary>
    /// The plot a spec draws, not yet rendered; the caller disposes it. Interactive charts (<see cref="InteractiveChart"/>)
    /// narrow its axes before export and read the marks' pixels from it after.
    /// </summary>
    public static Plot Build(ChartSpec spec, QueryResult result, bool dark = false, CategoryColors? colors = null)
    {
        var plot = new Plot();
        try
        {
            Build(plot, spec, result, colors, dark);
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    public static byte[] Export(Plot plot, ChartFormat format, int width, int height) => format == ChartFormat.Svg
        ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
        : plot.GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>Draws the chart into <paramref name="plot"/>: marks, axes, labels, legend and theme, ready to render.</summary>
    internal static void Build(Plot plot, ChartSpec spec, QueryResult result, CategoryColors? colors, bool dark)
    {
        ChartFonts.Apply(plot);
        colors ??= CategoryColors.From([spec.Colors]);
        var horizontal = Draw(plot, spec, result, colors);
        if (!string.IsNullOrWhiteSpace(spec.Title)) plot.Title(spec.Title);
        if (spec.Type is not ChartType.Pie)
        {
            if (!string.IsNullOrWhiteSpace(spec.XLabel)) (horizontal ? (Action<string>)(l => plot.YLabel(l)) : l => plot.XLabel(l))(Pretty(spec.XLabel));
            if (!string.IsNullOrWhiteSpace(spec.YLabel)) (horizontal ? (Action<string>)(l => plot.XLabel(l)) : l => plot.YLabel(l))(Pretty(spec.YLabel));
        }
        ChartFonts.Fit(plot);
        if (dark) ChartThemes.Dark(plot);
    }

    /// <summary>
    /// The values a chart colours by, in drawing order: its series values, or its y columns when it draws several,
    /// or its slices (pie) and boxes; empty when one colour draws everything.
    /// </summary>
    public static IReadOnlyList<string> ColorKeys(ChartSpec spec, QueryResult r)
    {
        if (spec.Type is ChartType.Pie or ChartType.Box && Find(r, spec.X) is var xi and >= 0) return r.Rows.Select(row => Label(row[xi])).Distinct().ToList();
        if (spec.Type is ChartType.Heatmap or ChartType.Histogram) return [];
        if (spec.Series is not null && Find(r, spec.Series) is var si and >= 0) return r.Rows.Select(row => Label(row[si])).Distinct().ToList();
        return spec.Y.Count > 1 && spec.Type is not ChartType.Scatter ? spec.Y.ToList() : [];
    }

    /// <summary>The slots one chart's colour keys get in a place (what Chat keeps with the chart's spec).</summary>
    public static IReadOnlyDictionary<string, int> AssignColors(CategoryColors place, ChartSpec spec, QueryResult r) => place.Assign(ColorKeys(spec, r));

    private static string Pretty(string s) => s.Replace('_', ' ');

    /// <summary>The index of a column by name, as specs name them (any case), or -1; what every part of a chart looks columns up by.</summary>
    internal static int Find(QueryResult r, string? column)
    {
        if (column is null) return -1;
        for (var i = 0; i < r.Columns.Count; i++)
            if (string.Equals(r.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static int Index(QueryResult r, string? column)
    {
        if (column is null) return -1;
        var i = Find(r, column);
        if (i < 0) throw new UserFacingException($"The chart names a column '{column}' that the result does not have. Columns: {string.Join(", ", r.Columns.Select(c => c.Name))}.", 422);
        return i;
    }

    internal static double Num(object? v) => v switch
    {
        null => double.NaN,
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        string s when IsoDate(s) is { } oa => oa,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt) => dt.ToOADate(),
        _ => double.NaN,
    };

    /// <summary>
    /// Reads "yyyy-MM-dd" and "yyyy-MM-dd HH:mm:ss[.f]" (how results carry dates) as OLE dates without the general
    /// parser: a million-point series spends most of its time here otherwise.
    /// </summary>
    private static double? IsoDate(string s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return null;
        static int D(string s, int i, int n)
        {
            var v = 0;
            for (var k = i; k < i + n; k++)
            {
                var c = s[k] - '0';
                if ((uint)c > 9) return -1;
                v = v * 10 + c;
            }
            return v;
        }
        int y = D(s, 0, 4), mo = D(s, 5, 2), d = D(s, 8, 2);
        if (y < 1 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return null;
        var days = new DateOnly(y, mo, d).DayNumber - OleEpochDay;
        if (s.Length == 10) return days;
        if (s.Length < 19 || s[10] is not (' ' or 'T') || s[13] != ':' || s[16] != ':') return null;
        int h = D(s, 11, 2), mi = D(s, 14, 2), se = D(s, 17, 2);
        if (h < 0 || mi < 0 || se < 0) return null;
        var fraction = s.Length > 20 && s[19] == '.' && double.TryParse(s.AsSpan(19), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 0;
        return days + (h * 3600 + mi * 60 + se + fraction) / 86400.0;
    }

    private static readonly int OleEpochDay = new DateOnly(1899, 12, 30).DayNumber;

    internal static string Label(object? v) => v switch
    {
        null => "(none)",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Draws the marks; true when the categories run down the left axis (horizontal bars).</summary>
    private static bool Draw(Plot plot, ChartSpec spec, QueryResult r, CategoryColors colors)
    {
        if (spec.X is null && spec.Type is not (ChartType.Histogram or ChartType.Heatmap))
        {
            // No x column (a one-row aggregate, a bare list of numbers): the row number stands in for it.
            r = new QueryResult([new ResultColumn("row", Datasets.ColumnType.Integer, "BIGINT"), .. r.Columns],
                r.Rows.Select((row, i) => (object?[])[(long)(i + 1), .. row]).ToList());
            spec = spec with { X = "row" };
        }
        var xi = Index(r, spec.X);
        if (xi < 0) throw new UserFacingException($"A {spec.Type.ToString().ToLowerInvariant()} chart needs an x column.", 422);
        var ys = spec.Y.Select(y => Index(r, y)).ToList();
        if (ys.Count == 0) throw new UserFacingException("The chart needs at least one y column.", 422);
        switch (spec.Type)
        {
            case ChartType.Line or ChartType.Area:
                DrawLines(plot, spec, r, xi, ys, colors);
                break;
            case ChartType.Scatter:
                DrawScatter(plot, spec, r, xi, ys[0], colors);
                break;
            case ChartType.Pie:
                DrawPie(plot, r, xi, ys[0], colors);
                break;
            case ChartType.Histogram:
                DrawHistogram(plot, r, xi, ys[0]);
                break;
            case ChartType.Box:
                DrawBoxes(plot, r, xi, ys, colors);
                break;
            case ChartType.Heatmap:
                DrawHeatmap(plot, spec, r, xi, ys[0]);
                break;
            default:
                return DrawBars(plot, spec, r, xi, ys, colors);
        }
        NumberTicks(plot.Axes.Left);
        if (spec.Type is ChartType.Scatter || (spec.Type is ChartType.Line or ChartType.Area && r.Columns[xi].Type.IsNumeric()))
            NumberTicks(plot.Axes.Bottom, r.Columns[xi]);
        return false;
    }

    /// <summary>Numbers on an axis with thousands separators; whole numbers only for integer columns (years read 2024, not 2,024).</summary>
    private static void NumberTicks(IAxis axis, ResultColumn? column = null)
    {
        if (axis.TickGenerator is not ScottPlot.TickGenerators.NumericAutomatic auto) return;
        if (column?.Type == Datasets.ColumnType.Integer)
        {
            var yearLike = ChartAdvisor.IsTimeColumn(column);
            auto.IntegerTicksOnly = true;
            auto.LabelFormatter = v => AxisText.AxisInteger(v, yearLike);
        }
        else auto.LabelFormatter = AxisText.AxisNumber;
    }

    /// <summary>Labels longer than this turn vertical bars horizontal: they read in full instead of tilted and cut.</summary>
    private const int LongLabel = 12;

    /// <summary>The legend beside the plot, never over the marks; below it when the entries are few and short.</summary>
    private static void Legend(Plot plot, IReadOnlyList<string> names)
    {
        var few = names.Count <= 4 && names.Sum(n => n.Length) <= 48;
        plot.ShowLegend(few ? Edge.Bottom : Edge.Right);
        plot.Legend.Orientation = few ? Orientation.Horizontal : Orientation.Vertical;
    }

    /// <summary>
    /// The category labels at positions 0, 1, 2…: first-seen order (the SQL sorted them), except that a line or area
    /// places months, quarters, weekdays and dates written as text in their own order, not the order the rows came in.
    /// </summary>
    internal static List<string> CategoryLabels(ChartSpec spec, QueryResult r, int xi)
    {
        var (labels, _) = Categories(r, xi);
        if (spec.Type is not (ChartType.Line or ChartType.Area) || AxisText.NaturalOrder(labels) is not { } keys) return labels;
        return Enumerable.Range(0, labels.Count).OrderBy(i => keys[i]).Select(i => labels[i]).ToList();
    }

    /// <summary>Category positions for x values, in first-seen order (the SQL already sorted them).</summary>
    private static (List<string> Labels, Dictionary<string, int> Position) Categories(QueryResult r, int xi)
    {
        var labels = new List<string>();
        var pos = new Dictionary<string, int>();
        foreach (var row in r.Rows)
        {
            var l = Label(row[xi]);
            if (pos.TryAdd(l, labels.Count)) labels.Add(l);
        }
        return (labels, pos);
    }

    private static bool DrawBars(Plot plot, ChartSpec spec, QueryResult r, int xi, List<int> ys, CategoryColors colors)
    {
        var stacked = spec.Type == ChartType.StackedBar;
        var (labels, pos) = Categories(r, xi);
        // Long labels turn the bars: a label reads whole down the left instead of tilted and cut along the bottom.
        var horizontal = spec.Type == ChartType.HorizontalBar || labels.Any(l => l.Length > LongLabel);
        // Series: one per y column, or one per value of the series column.
        var series = new List<(string Name, Dictionary<int, double> Values)>();
        if (spec.Series is { } sName)
        {
            var si = Index(r, sName);
            foreach (var g in r.Rows.GroupBy(row => Label(row[si])))
                series.Add((g.Key, g.GroupBy(row => pos[Label(row[xi])]).ToDictionary(x => x.Key, x => x.Sum(row => Num(row[ys[0]])))));
        }
        else
        {
            foreach (var y in ys)
                series.Add((r.Columns[y].Name, r.Rows.GroupBy(row => pos[Label(row[xi])]).ToDictionary(x => x.Key, x => x.Sum(row => Num(row[y])))));
        }
        var bars = new List<Bar>();
        var groupWidth = 0.8;
        var width = stacked || series.Count == 1 ? groupWidth : groupWidth / series.Count;
        var bases = new double[labels.Count];
        var palette = series.Count > 1 ? series.Select(x => colors.Of(x.Name)).ToList() : [CategoryColors.Slot(0)];
        for (var s = 0; s < series.Count; s++)
        {
            var color = palette[s];
            foreach (var (p, v) in series[s].Values)
            {
                if (double.IsNaN(v)) continue;
                var position = stacked || series.Count == 1 ? p : p - groupWidth / 2 + width * (s + 0.5);
                var b = new Bar { Position = position, Value = stacked ? bases[p] + v : v, ValueBase = stacked ? bases[p] : 0, FillColor = color, Size = width, LineWidth = 0, Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical };
                if (stacked) bases[p] += v;
                bars.Add(b);
            }
        }
        plot.Add.Bars(bars);
        if (series.Count > 1)
        {
            for (var s = 0; s < series.Count; s++) plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette[s] });
            Legend(plot, series.Select(x => x.Name).ToList());
        }
        if (horizontal)
        {
            ChartFonts.SetTicks(plot.Axes.Left, labels.Select((l, i) => new Tick(i, Shorten(l, 32))).ToArray());
            plot.Axes.InvertY();
            plot.Axes.Margins(left: 0, right: 0.05);
            NumberTicks(plot.Axes.Bottom);
        }
        else
        {
            // Short labels stay level; when there are too many to fit, every n-th one shows (the tooltip names each bar).
            var step = Math.Max(1, (int)Math.Ceiling(labels.Count / 16.0));
            ChartFonts.SetTicks(plot.Axes.Bottom, 
                labels.Select((l, i) => (l, i)).Where(x => x.i % step == 0).Select(x => new Tick(x.i, x.l)).ToArray());
            plot.Axes.Margins(bottom: 0);
            NumberTicks(plot.Axes.Left);
        }
        return horizontal;
    }

    private static void DrawLines(Plot plot, ChartSpec spec, QueryResult r, int xi, List<int> ys, CategoryColors colors)
    {
        var xColumn = r.Columns[xi];
        var isDate = xColumn.Type is Datasets.ColumnType.Date or Datasets.ColumnType.Timestamp;
        var categorical = !isDate && !xColumn.Type.IsNumeric();
        var labels = categorical ? CategoryLabels(spec, r, xi) : [];
        var pos = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        double X(object?[] row) => categorical ? pos[Label(row[xi])] : Num(row[xi]);

        var lines = new List<(string Name, double[] Xs, double[] Ys)>();
        if (spec.Series is { } sName)
        {
            var si = Index(r, sName);
            foreach (var g in r.Rows.GroupBy(row => Label(row[si])))
                lines.Add((g.Key, g.Select(X).ToArray(), g.Select(row => Num(row[ys[0]])).ToArray()));
        }
        else
        {
            // One pass into plain arrays: a million-point series is the common large case.
            var xv = new double[r.Rows.Count];
            for (var i = 0; i < xv.Length; i++) xv[i] = X(r.Rows[i]);
            foreach (var y in ys)
            {
                var yv = new double[r.Rows.Count];
                for (var i = 0; i < yv.Length; i++) yv[i] = Num(r.Rows[i][y]);
                lines.Add((r.Columns[y].Name, xv, yv));
            }
        }
        var palette = lines.Count > 1 ? lines.Select(l => colors.Of(l.Name)).ToList() : [CategoryColors.Slot(0)];
        for (var i = 0; i < lines.Count; i++)
        {
            // A line joins its points from left to right whatever order the rows came in (a result sorted by value
            // would otherwise draw a zigzag).
            var (sx, sy) = InXOrder(lines[i].Xs, lines[i].Ys);
            var (xs, yv) = Downsample.MinMax(sx, sy, MaxLinePoints);
            var sp = plot.Add.Scatter(xs, yv, palette[i]);
            sp.LineWidth = 2;
            sp.MarkerSize = xs.Length > 60 ? 0 : 5;
            sp.LegendText = lines.Count > 1 ? lines[i].Name : "";
            if (spec.Type == ChartType.Area)
            {
                sp.FillY = true;
                sp.FillYColor = palette[i].WithAlpha(0.25);
            }
        }
        if (lines.Count > 1) Legend(plot, lines.Select(l => l.Name).ToList());
        if (isDate) plot.Axes.Bottom.TickGenerator = new CalendarTicks();
        else if (categorical)
        {
            var step = Math.Max(1, (int)Math.Ceiling(labels.Count / 14.0));
            ChartFonts.SetTicks(plot.Axes.Bottom, labels.Select((l, i) => (l, i)).Where(x => x.i % step == 0).Select(x => new Tick(x.i, Shorten(x.l, 14))).ToArray());
        }
    }

    /// <summary>The points sorted by x (NaN x last); the input arrays when they already are, which is the usual case.</summary>
    internal static (double[] Xs, double[] Ys) InXOrder(double[] xs, double[] ys)
    {
        var sorted = true;
        for (var i = 1; i < xs.Length && sorted; i++) sorted = !(xs[i] < xs[i - 1]) && !double.IsNaN(xs[i - 1]) || double.IsNaN(xs[i]);
        if (sorted) return (xs, ys);
        var kx = (double[])xs.Clone();
        var ky = (double[])ys.Clone();
        for (var i = 0; i < kx.Length; i++) if (double.IsNaN(kx[i])) kx[i] = double.PositiveInfinity;
        Array.Sort(kx, ky);
        for (var i = 0; i < kx.Length; i++) if (double.IsPositiveInfinity(kx[i])) kx[i] = double.NaN;
        return (kx, ky);
    }

    private static void DrawScatter(Plot plot, ChartSpec spec, QueryResult r, int xi, int yi, CategoryColors colors)
    {
        var groups = spec.Series is { } sName ? r.Rows.GroupBy(row => Label(row[Index(r, sName)])).ToList() : [r.Rows.GroupBy(_ => "").First()];
        foreach (var g in groups)
        {
            var rows = g.ToList();
            if (rows.Count > MaxScatterPoints) rows = rows.Where((_, i) => i % (rows.Count / MaxScatterPoints + 1) == 0).ToList();
            var sp = plot.Add.ScatterPoints(rows.Select(row => Num(row[xi])).ToArray(), rows.Select(row => Num(row[yi])).ToArray(), groups.Count > 1 ? colors.Of(g.Key) : CategoryColors.Slot(0));
            sp.MarkerSize = rows.Count > 2000 ? 3 : 6;
            if (groups.Count > 1) sp.LegendText = g.Key;
        }
        if (groups.Count > 1) Legend(plot, groups.Select(g => g.Key).ToList());
    }

    private static void DrawPie(Plot plot, QueryResult r, int xi, int yi, CategoryColors colors)
    {
        var rows = r.Rows.Where(row => Num(row[yi]) > 0).ToList();
        var total = rows.Sum(row => Num(row[yi]));
        var slices = rows.Select(row => new PieSlice
        {
            Value = Num(row[yi]),
            FillColor = colors.Of(Label(row[xi])),
            Label = $"{Shorten(Label(row[xi]), 18)} ({Num(row[yi]) / total * 100:0.#}%)",
            LegendText = Label(row[xi]),
        }).ToList();
        var pie = plot.Add.Pie(slices);
        // The slices carry their names; a legend beside the pie helps when small slices crowd their labels.
        if (slices.Count > 1) Legend(plot, slices.Select(s => s.LegendText).ToList());
        else plot.HideLegend();
        pie.SliceLabelDistance = 1.3;
        pie.ExplodeFraction = 0.02;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-1.6, 1.6, -1.4, 1.4);
    }

    private static void DrawHistogram(Plot plot, QueryResult r, int xi, int yi)
    {
        var rows = r.Rows;
        if (rows.Count == 0) return;
        // Bins come as (from, to, count); the width is the step between bin starts.
        var starts = rows.Select(row => Num(row[xi])).ToArray();
        var width = starts.Length > 1 ? (starts[^1] - starts[0]) / (starts.Length - 1) : 1;
        if (r.Columns.Count >= 3 && xi == 0) width = Num(rows[0][1]) - Num(rows[0][0]);
        var bars = rows.Select(row => new Bar { Position = Num(row[xi]) + width / 2, Value = Num(row[yi]), Size = width, FillColor = CategoryColors.Slot(0), LineColor = Colors.White, LineWidth = 1 }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        NumberTicks(plot.Axes.Bottom);
    }

    private static void DrawBoxes(Plot plot, QueryResult r, int xi, List<int> ys, CategoryColors colors)
    {
        if (ys.Count < 5) throw new UserFacingException("A box chart needs five y columns: min, q1, median, q3, max.", 422);
        var (labels, _) = Categories(r, xi);
        var boxes = r.Rows.Select((row, i) => new Box
        {
            Position = i,
            WhiskerMin = Num(row[ys[0]]),
            BoxMin = Num(row[ys[1]]),
            BoxMiddle = Num(row[ys[2]]),
            BoxMax = Num(row[ys[3]]),
            WhiskerMax = Num(row[ys[4]]),
            FillColor = colors.Of(Label(row[xi])).WithAlpha(0.6),
        }).ToList();
        plot.Add.Boxes(boxes);
        ChartFonts.SetTicks(plot.Axes.Bottom, labels.Select((l, i) => new Tick(i, Shorten(l, 16))).ToArray());
    }

    private static void DrawHeatmap(Plot plot, ChartSpec spec, QueryResult r, int xi, int yi)
    {
        if (spec.Series is null) throw new UserFacingException("A heatmap needs a series column for its rows.", 422);
        var si = Index(r, spec.Series);
        var (xLabels, xPos) = Categories(r, xi);
        var (sLabels, sPos) = Categories(r, si);
        var grid = new double[sLabels.Count, xLabels.Count];
        for (var a = 0; a < sLabels.Count; a++)
        for (var b = 0; b < xLabels.Count; b++) grid[a, b] = double.NaN;
        foreach (var row in r.Rows) grid[sPos[Label(row[si])], xPos[Label(row[xi])]] = Num(row[yi]);
        var hm = plot.Add.Heatmap(grid);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(hm);
        ChartFonts.SetTicks(plot.Axes.Bottom, xLabels.Select((l, i) => new Tick(i, Shorten(l, 12))).ToArray());
        ChartFonts.SetTicks(plot.Axes.Left, sLabels.Select((l, i) => new Tick(sLabels.Count - 1 - i, Shorten(l, 16))).ToArray());
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>Thins long series for drawing: per bucket the first, minimum, maximum and last points, so peaks survive.</summary>
public static class Downsample
{
    public static (double[] Xs, double[] Ys) MinMax(double[] xs, double[] ys, int maxPoints)
    {
        if (xs.Length <= maxPoints) return (xs, ys);
        var buckets = maxPoints / 4;
        var size = (double)xs.Length / buckets;
        var ox = new List<double>(maxPoints);
        var oy = new List<double>(maxPoints);
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)(b * size);
            var end = Math.Min(xs.Length, (int)((b + 1) * size));
            if (end <= start) continue;
            int lo = start, hi = start;
            for (var i = start; i < end; i++)
            {
                if (ys[i] < ys[lo]) lo = i;
                if (ys[i] > ys[hi]) hi = i;
            }
            foreach (var i in new[] { start, lo, hi, end - 1 }.Distinct().Order())
            {
                ox.Add(xs[i]);
                oy.Add(ys[i]);
            }
        }
        return (ox.ToArray(), oy.ToArray());
    }
}
