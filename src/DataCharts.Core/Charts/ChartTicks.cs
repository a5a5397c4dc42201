using System.Globalization;
using ScottPlot;

namespace DataCharts.Core.Charts;

/// <summary>
/// Date axis ticks at calendar boundaries (days, weeks, months, quarters, years), chosen for the visible range so a
/// zoomed chart gets finer ticks, labelled with the date patterns the tables use (Mar 15, 2024 · Mar 2024 · Q1 2024 ·
/// 2024 in English; 2024年3月15日 · 2024年3月 in Chinese). Positions are OLE automation dates, as ScottPlot's date axes use.
/// </summary>
public sealed class CalendarTicks(CultureInfo? culture = null) : ITickGenerator
{
    private readonly CultureInfo culture = culture ?? CultureInfo.GetCultureInfo("en-US");

    public Tick[] Ticks { get; set; } = [];
    public int MaxTickCount { get; set; } = 10_000;

    /// <summary>How many major ticks to aim for at most, given the axis length in pixels (about one per 90 px).</summary>
    private static int Target(float pixels) => Math.Clamp((int)(pixels / 90), 2, 12);

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle) =>
        Ticks = For(range.Min, range.Max, Target(size.Length), culture);

    /// <summary>The ticks between two OLE dates, at most about <paramref name="target"/> of them.</summary>
    public static Tick[] For(double min, double max, int target, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.GetCultureInfo("en-US");
        if (double.IsNaN(min) || double.IsNaN(max) || max <= min || min < -600_000 || max > 2_900_000) return [];
        var from = DateTime.FromOADate(min);
        var to = DateTime.FromOADate(max);
        var days = max - min;
        // The finest unit whose tick count fits the target.
        foreach (var (unit, step) in Steps)
        {
            if (Approximate(unit, step, days) > target) continue;
            return Walk(from, to, unit, step).Select(d => new Tick(d.ToOADate(), Label(d, unit, culture), true)).ToArray();
        }
        var years = Math.Max(1, (int)Math.Ceiling(days / 365.25 / target));
        return Walk(from, to, Unit.Year, years).Select(d => new Tick(d.ToOADate(), Label(d, Unit.Year, culture), true)).ToArray();
    }

    private enum Unit { Hour, Day, Week, Month, Quarter, Year }

    private static readonly (Unit Unit, int Step)[] Steps =
    [
        (Unit.Hour, 1), (Unit.Hour, 3), (Unit.Hour, 6), (Unit.Hour, 12),
        (Unit.Day, 1), (Unit.Day, 2), (Unit.Week, 1), (Unit.Week, 2),
        (Unit.Month, 1), (Unit.Quarter, 1), (Unit.Month, 6), (Unit.Year, 1), (Unit.Year, 2), (Unit.Year, 5), (Unit.Year, 10),
    ];

    private static double Approximate(Unit unit, int step, double days) => days / step / unit switch
    {
        Unit.Hour => 1 / 24.0,
        Unit.Day => 1,
        Unit.Week => 7,
        Unit.Month => 30.44,
        Unit.Quarter => 91.31,
        _ => 365.25,
    };

    private static IEnumerable<DateTime> Walk(DateTime from, DateTime to, Unit unit, int step)
    {
        var d = unit switch
        {
            Unit.Hour => new DateTime(from.Year, from.Month, from.Day, from.Hour - from.Hour % step, 0, 0),
            Unit.Day => from.Date,
            Unit.Week => from.Date.AddDays(-(((int)from.DayOfWeek + 6) % 7)), // Mondays
            Unit.Month => new DateTime(from.Year, (from.Month - 1) / step * step + 1, 1),
            Unit.Quarter => new DateTime(from.Year, (from.Month - 1) / 3 * 3 + 1, 1),
            _ => new DateTime(from.Year / step * step, 1, 1),
        };
        for (var i = 0; i < 1000 && d <= to; i++)
        {
            if (d >= from) yield return d;
            d = unit switch
            {
                Unit.Hour => d.AddHours(step),
                Unit.Day => d.AddDays(step),
                Unit.Week => d.AddDays(7 * step),
                Unit.Month => d.AddMonths(step),
                Unit.Quarter => d.AddMonths(3 * step),
                _ => d.AddYears(step),
            };
        }
    }

    private static string Label(DateTime d, Unit unit, CultureInfo culture)
    {
        var chinese = culture.TwoLetterISOLanguageName is "zh" or "ja";
        return unit switch
        {
            Unit.Hour => d.ToString(Presentation.ValueFormatter.DatePattern(culture) + " HH:mm", culture),
            Unit.Day or Unit.Week => d.ToString(Presentation.ValueFormatter.DatePattern(culture), culture),
            Unit.Month => d.ToString(Presentation.ValueFormatter.DatePattern(culture, Presentation.DateGrain.Month), culture),
            Unit.Quarter => chinese ? $"{d.Year}年第{(d.Month - 1) / 3 + 1}季度" : $"Q{(d.Month - 1) / 3 + 1} {d.Year}",
            _ => d.ToString(Presentation.ValueFormatter.DatePattern(culture, Presentation.DateGrain.Year), culture),
        };
    }
}

/// <summary>How chart labels read: numbers with thousands separators, category labels in a natural order.</summary>
public static class AxisText
{
    /// <summary>An axis number: thousands separators up to 9,999, then k, M, B and T, no more decimals than the tick step needs.</summary>
    public static string AxisNumber(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return "";
        var a = Math.Abs(v);
        if (a >= 1e12) return (v / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + "T";
        if (a >= 1e9) return (v / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B";
        if (a >= 1e6) return (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M";
        // 500k beside 1M reads as one scale; four-digit numbers stay whole (2,500).
        if (a >= 1e4) return (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k";
        if (a >= 1000) return v.ToString("#,0.##", CultureInfo.InvariantCulture);
        return v.ToString(a >= 1 || a == 0 ? "0.##" : "0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>A whole-number axis (years, counts of things): integers only, no separators for years.</summary>
    public static string AxisInteger(double v, bool yearLike) =>
        Math.Abs(v - Math.Round(v)) > 1e-9 ? "" : yearLike ? ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture) : AxisNumber(Math.Round(v));

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>
    /// A sort key for category labels that have an order of their own — ISO dates and months ("2024-03"), quarters
    /// ("2024 Q1", "2024-Q1", "Q1"), years, month and weekday names, numbers, Chinese months (3月) — or null when any
    /// label has none, so other labels keep the order the SQL gave them.
    /// </summary>
    public static IReadOnlyList<double>? NaturalOrder(IReadOnlyList<string> labels)
    {
        var keys = new double[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (Key(labels[i]) is not { } k) return null;
            keys[i] = k;
        }
        return keys;
    }

    private static double? Key(string label)
    {
        var s = label.Trim();
        if (s.Length == 0) return null;
        if (s.Length >= 10 && DateTime.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day.ToOADate();
        if (DateTime.TryParseExact(s, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return month.ToOADate();
        var q = System.Text.RegularExpressions.Regex.Match(s, @"^(?:(\d{4})[\s\-]*)?Q([1-4])$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (q.Success) return (q.Groups[1].Success ? int.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture) * 10 : 0) + int.Parse(q.Groups[2].Value, CultureInfo.InvariantCulture);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return n;
        var lower = s.ToLowerInvariant();
        if (lower.Length >= 3)
        {
            var m = Array.IndexOf(Months, lower[..3]);
            if (m >= 0 && (lower.Length == 3 || CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[m].StartsWith(lower, StringComparison.OrdinalIgnoreCase) || lower.TrimEnd('.') == lower[..3])) return m + 1;
            var w = Array.IndexOf(Weekdays, lower[..3]);
            if (w >= 0 && (lower.Length == 3 || CultureInfo.InvariantCulture.DateTimeFormat.DayNames[(w + 1) % 7].StartsWith(lower, StringComparison.OrdinalIgnoreCase) || lower.TrimEnd('.') == lower[..3])) return w + 1;
        }
        var zh = System.Text.RegularExpressions.Regex.Match(s, @"^(\d{1,2})月$");
        if (zh.Success) return int.Parse(zh.Groups[1].Value, CultureInfo.InvariantCulture);
        return null;
    }
}
