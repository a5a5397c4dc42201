using DataCharts.Core.Query;

namespace DataCharts.Core.Charts;

/// <summary>The rows of a chart as a table a person can read instead of the picture: its columns and formatted cells.</summary>
public sealed record ChartTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, int TotalRows);

/// <summary>
/// The text alternative of a chart, computed from its rows (not the thinned drawing): one line that says what the
/// picture shows (for categories the highest and lowest, for lines the range and the first and last values), and the
/// rows as a table.
/// </summary>
public static class ChartSummary
{
    /// <summary>The most rows the "show as table" disclosure lists; the downloads hold every row.</summary>
    public const int MaxTableRows = 200;

    public static string Line(ChartSpec spec, QueryResult r, Presentation.ResultFormat? format = null)
    {
        if (r.Rows.Count == 0) return "No rows to draw.";
        var xi = ChartRenderer.Find(r, spec.X);
        var yi = spec.Y.Count > 0 ? ChartRenderer.Find(r, spec.Y[0]) : -1;
        if (yi < 0) return $"{Count(r.Rows.Count, "row")}.";
        var yName = ChartText.Words(r.Columns[yi].Name);
        var kind = xi < 0 ? XAxisKind.Number : ChartText.KindOf(r.Columns[xi].Type);
        string XText(object?[] row) => xi < 0 ? "" : ChartRenderer.Label(row[xi]);
        double Y(object?[] row) => ChartRenderer.Num(row[yi]);

        switch (spec.Type)
        {
            case ChartType.Histogram:
            {
                var top = r.Rows.MaxBy(Y)!;
                var from = ChartRenderer.Num(r.Rows[0][xi < 0 ? 0 : xi]);
                var to = r.Columns.Count >= 3 && xi == 0 ? ChartRenderer.Num(r.Rows[^1][1]) : ChartRenderer.Num(r.Rows[^1][xi < 0 ? 0 : xi]);
                return $"{Count(r.Rows.Count, "bin")} from {ChartText.Number(from)} to {ChartText.Number(to)}; most in the bin from {ChartText.Number(ChartRenderer.Num(top[xi < 0 ? 0 : xi]))} ({ChartText.Number(Y(top), format, spec.Y[0])}).";
            }
            case ChartType.Box:
            {
                var mi = spec.Y.Count >= 3 ? ChartRenderer.Find(r, spec.Y[2]) : -1;
                if (mi < 0) break;
                var hi = r.Rows.MaxBy(row => ChartRenderer.Num(row[mi]))!;
                var lo = r.Rows.MinBy(row => ChartRenderer.Num(row[mi]))!;
                return $"{Count(r.Rows.Count, "group")}; highest median {XText(hi)} {ChartText.Number(ChartRenderer.Num(hi[mi]))}; lowest median {XText(lo)} {ChartText.Number(ChartRenderer.Num(lo[mi]))}.";
            }
            case ChartType.Scatter:
            {
                var xs = r.Rows.Select(row => xi < 0 ? double.NaN : ChartRenderer.Num(row[xi])).Where(double.IsFinite).ToList();
                var ys = r.Rows.Select(Y).Where(double.IsFinite).ToList();
                if (xs.Count == 0 || ys.Count == 0) break;
                return $"{Count(r.Rows.Count, "point")}; {ChartText.Words(spec.X)} from {ChartText.X(xs.Min(), kind, ChartText.Plain(spec.X), format, spec.X)} to {ChartText.X(xs.Max(), kind, ChartText.Plain(spec.X), format, spec.X)}; {yName} from {ChartText.Number(ys.Min(), format, spec.Y[0])} to {ChartText.Number(ys.Max(), format, spec.Y[0])}.";
            }
            case ChartType.Line or ChartType.Area when kind != XAxisKind.Category && xi >= 0:
                return Trend(spec, r, xi, yi, kind, yName, format);
        }

        // Categories (bars, pies, heatmaps, lines over names): how many, the highest and the lowest.
        var valued = r.Rows.Where(row => double.IsFinite(Y(row))).ToList();
        if (valued.Count == 0) return $"{Count(r.Rows.Count, "row")}; no {yName} values.";
        var max = valued.MaxBy(Y)!;
        var min = valued.MinBy(Y)!;
        var si = spec.Series is null ? -1 : ChartRenderer.Find(r, spec.Series);
        string Name(object?[] row) => si < 0 ? XText(row) : $"{XText(row)} ({ChartRenderer.Label(row[si])})";
        var categories = xi < 0 ? r.Rows.Count : r.Rows.Select(XText).Distinct().Count();
        var series = si < 0 ? "" : $" × {Count(r.Rows.Select(row => ChartRenderer.Label(row[si])).Distinct().Count(), "series", "series")}";
        var total = spec.Type == ChartType.Pie ? $"; total {ChartText.Number(valued.Sum(Y), format, spec.Y[0])}" : "";
        return $"{Count(categories, "category", "categories")}{series}; highest {Name(max)} {ChartText.Number(Y(max), format, spec.Y[0])}; lowest {Name(min)} {ChartText.Number(Y(min), format, spec.Y[0])}{total}.";
    }

    /// <summary>A line over time or numbers: its x range, and per series (at most three named) the first and last values.</summary>
    private static string Trend(ChartSpec spec, QueryResult r, int xi, int yi, XAxisKind kind, string yName, Presentation.ResultFormat? format)
    {
        var si = spec.Series is null ? -1 : ChartRenderer.Find(r, spec.Series);
        var points = r.Rows.Select(row => (X: ChartRenderer.Num(row[xi]), Y: ChartRenderer.Num(row[yi]), S: si < 0 ? "" : ChartRenderer.Label(row[si])))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count == 0) return $"{Count(r.Rows.Count, "point")}; no {yName} values.";
        var head = $"{Count(points.Count, "point")} from {ChartText.X(points.Min(p => p.X), kind, ChartText.Plain(spec.X), format, spec.X)} to {ChartText.X(points.Max(p => p.X), kind, ChartText.Plain(spec.X), format, spec.X)}";
        var groups = points.GroupBy(p => p.S).ToList();
        var parts = groups.Take(3).Select(g =>
        {
            var first = g.MinBy(p => p.X);
            var last = g.MaxBy(p => p.X);
            var name = si < 0 ? yName : $"{g.Key}";
            string N(double v) => ChartText.Number(v, format, r.Columns[yi].Name);
            return $"{name} {N(first.Y)} → {N(last.Y)} (low {N(g.Min(p => p.Y))}, high {N(g.Max(p => p.Y))})";
        });
        var more = groups.Count > 3 ? $"; {groups.Count - 3} more series" : "";
        return $"{head}; {string.Join("; ", parts)}{more}.";
    }

    /// <summary>The columns the chart uses (x, series, y) and at most <see cref="MaxTableRows"/> rows of them.</summary>
    public static ChartTable Table(ChartSpec spec, QueryResult r, Presentation.ResultFormat? format = null)
    {
        var used = new List<int>();
        foreach (var name in new[] { spec.X, spec.Series }.Concat(spec.Y))
        {
            var i = ChartRenderer.Find(r, name);
            if (i >= 0 && !used.Contains(i)) used.Add(i);
        }
        if (used.Count == 0) used.AddRange(Enumerable.Range(0, r.Columns.Count));
        var rows = r.Rows.Take(MaxTableRows).Select(row => (IReadOnlyList<string>)used.Select(i => ChartText.Bounded(format is not null && format.IndexOf(r.Columns[i].Name) is var f and >= 0 ? format.Text(f, row[i]) : ChartText.Cell(row[i], ChartText.Plain(r.Columns[i].Name)), 200)).ToList()).ToList();
        return new ChartTable(used.Select(i => r.Columns[i].Name).ToList(), rows, r.Rows.Count);
    }

    private static string Count(int n, string one, string? many = null) => $"{ChartText.Number(n)} {(n == 1 ? one : many ?? one + "s")}";

}
