using System.Globalization;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Charts;

/// <summary>How the axis of a chart's x values reads: numbers, calendar dates, timestamps or category names.</summary>
public enum XAxisKind { Number, Date, Timestamp, Category }

/// <summary>Numbers and x values as a person reads them in tooltips, summaries and chart tables.</summary>
public static class ChartText
{
    /// <summary>Thousands separators; whole numbers without decimals, others with up to two (small ones with up to four significant).</summary>
    public static string Number(double v)
    {
        if (double.IsNaN(v)) return "—";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "-∞";
        var abs = Math.Abs(v);
        if (abs >= 1 || abs == 0) return v.ToString("#,##0.##", CultureInfo.InvariantCulture);
        return v.ToString("0.####", CultureInfo.InvariantCulture) is var s && s is "0" or "-0" ? v.ToString("0.###e+0", CultureInfo.InvariantCulture) : s;
    }

    /// <summary>
    /// A number of one of the result's columns as its table shows it (unit, culture; see <see cref="Presentation.ResultFormat"/>),
    /// or with <see cref="Number(double)"/>'s invariant separators when there is no format or no such column.
    /// </summary>
    public static string Number(double v, Presentation.ResultFormat? format, string? column) =>
        format is not null && column is not null && !double.IsNaN(v) && format.IndexOf(column) is var i and >= 0 ? format.Text(i, v) : Number(v);

    /// <summary>The kind of axis a column's values make.</summary>
    public static XAxisKind KindOf(ColumnType type) => type switch
    {
        ColumnType.Date => XAxisKind.Date,
        ColumnType.Timestamp => XAxisKind.Timestamp,
        ColumnType.Integer or ColumnType.Decimal => XAxisKind.Number,
        _ => XAxisKind.Category,
    };

    /// <summary>An x position (OLE date for dates) as text; dates as yyyy-MM-dd like the result table.</summary>
    public static string X(double x, XAxisKind kind, bool plain = false)
    {
        if (double.IsNaN(x)) return "—";
        switch (kind)
        {
            case XAxisKind.Date or XAxisKind.Timestamp when x is > -657435 and < 2958466:
                var d = DateTime.FromOADate(x);
                if (kind == XAxisKind.Date || d.TimeOfDay == TimeSpan.Zero) return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return d.ToString(d.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            default:
                return plain && x == Math.Floor(x) && Math.Abs(x) < 1e15 ? x.ToString("0", CultureInfo.InvariantCulture) : Number(x);
        }
    }

    /// <summary>An x value as the result's table writes its column (dates in the reader's pattern), else as <see cref="X(double, XAxisKind, bool)"/>.</summary>
    public static string X(double x, XAxisKind kind, bool plain, Presentation.ResultFormat? format, string? column)
    {
        var iso = X(x, kind, plain);
        if (format is null || column is null || kind is not (XAxisKind.Date or XAxisKind.Timestamp) || format.IndexOf(column) is not (var i and >= 0)) return iso;
        return format.Text(i, iso);
    }

    /// <summary>A cell of the chart's rows as the chart table shows it.</summary>
    public static string Cell(object? v, bool plain = false) => v switch
    {
        null => "",
        long or int when plain => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
        double d => Number(d),
        float f => Number(f),
        long l => l.ToString("#,##0", CultureInfo.InvariantCulture),
        int i => i.ToString("#,##0", CultureInfo.InvariantCulture),
        decimal m => Number((double)m),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Whether a column's whole numbers read without thousands separators: years, ids and codes ("2024", not "2,024").
    /// </summary>
    public static bool Plain(string? column) =>
        column is not null && (column.Contains('年') || System.Text.RegularExpressions.Regex.Split(column, @"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")
            .Any(w => PlainWords.Contains(w, StringComparer.OrdinalIgnoreCase)));

    private static readonly string[] PlainWords = ["year", "yr", "id", "code", "zip", "postal", "no", "number", "num"];

    /// <summary>A column name as words (snake_case to spaces).</summary>
    public static string Words(string? name) => (name ?? "").Replace('_', ' ');

    /// <summary>Text cut to a bound, with an ellipsis.</summary>
    public static string Bounded(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
