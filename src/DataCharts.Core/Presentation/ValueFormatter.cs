using System.Collections.Concurrent;
using System.Globalization;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Presentation;

/// <summary>
/// Formats values for people in a culture: thousands separators, currency, percent, sensible decimals and one date
/// style per culture. For display only (tables, narratives, KPI cards, chart labels): downloads, the API's rows and SQL
/// keep raw values. To format many cells of one result, build a <see cref="ResultFormat"/> once and use it.
/// </summary>
public static class ValueFormatter
{
    /// <summary>
    /// One value of <paramref name="column"/>, with the <paramref name="unit"/> the semantic model gives it (null: read
    /// it from the column name). Decimals and percent meaning are decided from this value alone; a table should use
    /// <see cref="ResultFormat"/>, which decides them from the whole column so a column reads alike down its rows.
    /// </summary>
    public static string Format(object? value, ResultColumn column, Unit? unit, CultureInfo culture) =>
        Format(value, ColumnFormat.Decide(column, unit, [value]), culture);

    /// <summary>A value in a format already decided. Null is the empty string; the caller shows it as it likes.</summary>
    public static string Format(object? value, ColumnFormat format, CultureInfo culture)
    {
        if (value is null) return "";
        switch (format.Kind)
        {
            case ValueKind.Text:
                return value as string ?? Invariant(value);
            case ValueKind.Boolean:
                return value is bool b ? (b ? "true" : "false") : Invariant(value);
            case ValueKind.Date:
                return value is string ds && TryDate(ds, out var date) ? date.ToString(DatePattern(culture, format.Grain), culture) : Invariant(value);
            case ValueKind.Timestamp:
                return value is string ts && TryTimestamp(ts, out var stamp) ? FormatTimestamp(stamp, culture) : Invariant(value);
        }
        if (!TryNumber(value, out var x) || !double.IsFinite(x)) return Invariant(value);
        var d = format.Decimals;
        switch (format.Kind)
        {
            case ValueKind.Identifier:
                return value is long id ? id.ToString(CultureInfo.InvariantCulture) : x.ToString("0.######", CultureInfo.InvariantCulture);
            case ValueKind.Integer:
                return value is long l ? l.ToString("N0", culture) : Rounded(x, 0).ToString("N0", culture);
            case ValueKind.Currency:
                return Rounded(x, d).ToString("C" + d.ToString(CultureInfo.InvariantCulture), Money(culture, format.CurrencySymbol));
            case ValueKind.Percent:
                // "P" multiplies by 100 and follows the culture's pattern ("25.3%", "25,3 %").
                var points = format.PercentIsFraction ? x * 100 : x;
                return (Rounded(points, d) / 100).ToString("P" + d.ToString(CultureInfo.InvariantCulture), culture);
            case ValueKind.Bytes:
                return Bytes(x, culture);
            case ValueKind.Quantity:
                return Rounded(x, d).ToString("N" + d.ToString(CultureInfo.InvariantCulture), culture) + format.Suffix;
            default:
                return Rounded(x, d).ToString("N" + d.ToString(CultureInfo.InvariantCulture), culture);
        }
    }

    /// <summary>The one date pattern of a culture, for days, months and years (chart axes use it too, to match the table).</summary>
    public static string DatePattern(CultureInfo culture, DateGrain grain = DateGrain.Day)
    {
        var lang = culture.TwoLetterISOLanguageName;
        if (lang is "zh" or "ja")
            return grain switch { DateGrain.Year => "yyyy年", DateGrain.Month => "yyyy年M月", _ => "yyyy年M月d日" };
        if (grain == DateGrain.Year) return "yyyy";
        if (grain == DateGrain.Month) return "MMM yyyy";
        // English spells the month, so 3/4/2024 is never read as April in London or March in New York.
        if (culture.Name == "en-US") return "MMM d, yyyy";
        if (lang == "en") return "d MMM yyyy";
        return culture.DateTimeFormat.ShortDatePattern;
    }

    /// <summary>Dates arrive from the engine as ISO text (yyyy-MM-dd, <see cref="QueryResult.Normalize"/>).</summary>
    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Length > 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];

    /// <summary>Timestamps arrive as ISO text, with an offset for TIMESTAMPTZ (shown at the clock time stored).</summary>
    public static bool TryTimestamp(string text, out DateTime stamp)
    {
        if (DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out stamp)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            stamp = dto.DateTime;
            return true;
        }
        return false;
    }

    private static string FormatTimestamp(DateTime t, CultureInfo culture)
    {
        var day = t.ToString(DatePattern(culture), culture);
        if (t.TimeOfDay == TimeSpan.Zero) return day;
        var time = t.Second == 0 && t.Millisecond == 0 ? culture.DateTimeFormat.ShortTimePattern : culture.DateTimeFormat.LongTimePattern;
        return day + " " + t.ToString(time, culture);
    }

    private static bool TryNumber(object value, out double x)
    {
        switch (value)
        {
            case long l: x = l; return true;
            case double d: x = d; return true;
            case int i: x = i; return true;
            case decimal m: x = (double)m; return true;
            case float f: x = f; return true;
            default: x = 0; return false;
        }
    }

    /// <summary>Rounded as shown, and never "-0": a tiny negative that rounds to zero reads as zero.</summary>
    private static double Rounded(double x, int decimals)
    {
        var r = Math.Round(x, Math.Clamp(decimals, 0, 15), MidpointRounding.AwayFromZero);
        return r == 0 ? 0 : r;
    }

    private static string Bytes(double x, CultureInfo culture)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var i = 0;
        var v = Math.Abs(x);
        while (v >= 1024 && i < units.Length - 1)
        {
            v /= 1024;
            i++;
        }
        var sign = x < 0 ? culture.NumberFormat.NegativeSign : "";
        return i == 0 ? sign + Rounded(v, 0).ToString("N0", culture) + " B" : sign + Rounded(v, 1).ToString("N1", culture) + " " + units[i];
    }

    private static readonly ConcurrentDictionary<(string Culture, string Symbol), NumberFormatInfo> MoneyFormats = new();

    /// <summary>The culture's money pattern with the data's symbol ("$1,234.50" in en-US, "1.234,50 $" in de-DE).</summary>
    private static NumberFormatInfo Money(CultureInfo culture, string symbol)
    {
        var key = (culture.Name, symbol);
        if (MoneyFormats.TryGetValue(key, out var nfi)) return nfi;
        nfi = (NumberFormatInfo)culture.NumberFormat.Clone();
        nfi.CurrencySymbol = symbol;
        if (MoneyFormats.Count > 256) MoneyFormats.Clear(); // a handful of cultures times a handful of symbols; bounded all the same
        return MoneyFormats.GetOrAdd(key, NumberFormatInfo.ReadOnly(nfi));
    }

    private static string Invariant(object value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
}
