using System.Globalization;
using DataCharts.Core.Query;

namespace DataCharts.Core.Charts;

/// <summary>An x range a chart is zoomed to, in the units of its x axis (OLE dates for date axes).</summary>
public sealed record XRange(double From, double To)
{
    /// <summary>The range as query-string values (round-trippable).</summary>
    public string FromText => From.ToString("R", CultureInfo.InvariantCulture);
    public string ToText => To.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// Drag-zoom on line, area and scatter charts: the range arrives as two numbers from the browser, is read strictly, and
/// the chart is drawn again from its rows within that range (so a long series shows its detail there, not the thinned
/// whole). Nothing is queried again.
/// </summary>
public static class ChartZoom
{
    private const int MaxChars = 40;

    /// <summary>
    /// Reads a range: both ends or neither (null), each a finite invariant-culture number of at most 40 characters,
    /// from strictly below to. Anything else is a <see cref="UserFacingException"/> (400) naming the problem.
    /// </summary>
    public static XRange? Parse(string? from, string? to)
    {
        var hasFrom = !string.IsNullOrEmpty(from);
        var hasTo = !string.IsNullOrEmpty(to);
        if (!hasFrom && !hasTo) return null;
        if (hasFrom != hasTo) throw new UserFacingException("A zoom range needs both ends: x0 and x1.") { Field = hasFrom ? "x1" : "x0" };
        var a = Number(from!, "x0");
        var b = Number(to!, "x1");
        if (!(a < b)) throw new UserFacingException($"A zoom range must run from a smaller x to a larger one ({from} to {to}).") { Field = "x1" };
        return new XRange(a, b);
    }

    private static double Number(string text, string field)
    {
        if (text.Length > MaxChars) throw new UserFacingException($"The zoom bound {field} is too long (at most {MaxChars} characters).") { Field = field };
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v)
            || !double.IsFinite(v) || Math.Abs(v) > 1e15)
            throw new UserFacingException($"The zoom bound {field} must be a number such as 12.5 (got '{ChartText.Bounded(text, MaxChars)}').") { Field = field };
        return v;
    }

    /// <summary>Whether a chart of this spec over these rows zooms: line, area or scatter with numeric or date x.</summary>
    public static bool Zoomable(ChartSpec spec, QueryResult r)
    {
        if (spec.Type is not (ChartType.Line or ChartType.Area or ChartType.Scatter) || spec.X is null) return false;
        var xi = ChartRenderer.Find(r, spec.X);
        return xi >= 0 && ChartText.KindOf(r.Columns[xi].Type) != XAxisKind.Category;
    }

    /// <summary>
    /// The rows within the range, and per series the nearest row on either side so lines run to the edges. A chart that
    /// does not zoom is refused with a message.
    /// </summary>
    public static QueryResult Within(ChartSpec spec, QueryResult r, XRange range)
    {
        if (!Zoomable(spec, r)) throw new UserFacingException("Only line, area and scatter charts with a number or date x axis zoom.");
        var xi = ChartRenderer.Find(r, spec.X);
        var si = spec.Series is null ? -1 : ChartRenderer.Find(r, spec.Series);
        var keep = new bool[r.Rows.Count];
        var below = new Dictionary<string, (int Row, double X)>();
        var above = new Dictionary<string, (int Row, double X)>();
        for (var i = 0; i < r.Rows.Count; i++)
        {
            var x = ChartRenderer.Num(r.Rows[i][xi]);
            if (double.IsNaN(x)) continue;
            if (x >= range.From && x <= range.To) { keep[i] = true; continue; }
            if (spec.Type == ChartType.Scatter) continue;
            var key = si < 0 ? "" : ChartRenderer.Label(r.Rows[i][si]);
            if (x < range.From && (!below.TryGetValue(key, out var b) || x > b.X)) below[key] = (i, x);
            if (x > range.To && (!above.TryGetValue(key, out var a) || x < a.X)) above[key] = (i, x);
        }
        foreach (var (row, _) in below.Values.Concat(above.Values)) keep[row] = true;
        var rows = new List<object?[]>();
        for (var i = 0; i < keep.Length; i++) if (keep[i]) rows.Add(r.Rows[i]);
        return r with { Rows = rows };
    }

    /// <summary>Sets the plot's x axis to the range; y fits the rows drawn (already narrowed by <see cref="Within"/>).</summary>
    public static void Limit(ScottPlot.Plot plot, XRange range)
    {
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(range.From, range.To);
    }

    /// <summary>The range in words, for the "zoomed to" note.</summary>
    public static string Describe(XRange range, XAxisKind kind, bool plain = false) => $"{ChartText.X(range.From, kind, plain)} – {ChartText.X(range.To, kind, plain)}";

}
