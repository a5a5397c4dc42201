using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Presentation;

/// <summary>What kind of figure a column holds, which decides how its values read.</summary>
public enum ValueKind { Text, Boolean, Integer, Identifier, Number, Currency, Percent, Quantity, Bytes, Date, Timestamp }

/// <summary>How finely a date column's values fall: every value the first of a month reads as a month, the first of a year as a year.</summary>
public enum DateGrain { Day, Month, Year }

/// <summary>
/// How one column's values are shown, decided once per result from its type, its unit and its values
/// (<see cref="Decide"/>), then applied to each cell by <see cref="ValueFormatter"/>.
/// </summary>
public sealed record ColumnFormat(ValueKind Kind, int Decimals = 0)
{
    /// <summary>Percent values stored as fractions (0.253 shows as 25.3%) rather than as points (25.3 shows as 25.3%).</summary>
    public bool PercentIsFraction { get; init; }

    /// <summary>The unit written after a quantity (" ms", " kg").</summary>
    public string Suffix { get; init; } = "";

    /// <summary>The symbol of money columns.</summary>
    public string CurrencySymbol { get; init; } = DefaultCurrencySymbol;

    public DateGrain Grain { get; init; }

    public static readonly ColumnFormat Text = new(ValueKind.Text);

    /// <summary>
    /// Money with no currency in its name is shown in dollars, whatever the reader's locale: the symbol belongs to the
    /// data, and a Chinese reader of dollar sales must not see them as yuan. Names that say the currency (price_eur,
    /// amount_cny) get theirs.
    /// </summary>
    public const string DefaultCurrencySymbol = "$";

    private static readonly Dictionary<string, string> CurrencyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["usd"] = "$", ["dollar"] = "$", ["dollars"] = "$", ["eur"] = "€", ["euro"] = "€", ["euros"] = "€", ["gbp"] = "£",
        ["cny"] = "¥", ["rmb"] = "¥", ["yuan"] = "¥", ["jpy"] = "¥", ["yen"] = "¥", ["inr"] = "₹", ["krw"] = "₩", ["chf"] = "CHF ",
    };

    /// <summary>Whole-number columns that name or date things rather than count them: no thousands separators (order 10248, year 2024).</summary>
    private static readonly HashSet<string> IdentifierWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "key", "code", "zip", "zipcode", "postcode", "postal", "year", "yr", "phone", "isbn", "sku", "ean", "upc", "pk", "fk",
    };

    /// <summary>Names that say their numbers are already percentages (the planner's percent_… columns are 100 × a fraction).</summary>
    private static readonly HashSet<string> PointsWords = new(StringComparer.OrdinalIgnoreCase) { "percent", "pct", "percentage", "percentages" };

    /// <summary>
    /// Decides a column's format. <paramref name="unit"/> is what the semantic model says (null: read it from the name,
    /// as the model would); <paramref name="values"/> are the column's values in this result, which settle decimals,
    /// date grain and what a percent column's numbers mean.
    /// </summary>
    public static ColumnFormat Decide(ResultColumn column, Unit? unit, IEnumerable<object?> values, DimensionKind? role = null)
    {
        switch (column.Type)
        {
            case ColumnType.Text: return Text;
            case ColumnType.Boolean: return new ColumnFormat(ValueKind.Boolean);
            case ColumnType.Date: return new ColumnFormat(ValueKind.Date) { Grain = GrainOf(values) };
            case ColumnType.Timestamp: return new ColumnFormat(ValueKind.Timestamp);
        }
        var words = Words.Split(column.Name);
        var stats = Stats.Of(values);
        if (role is DimensionKind.Key or DimensionKind.ForeignKey or DimensionKind.Time || IsIdentifier(words))
            return new ColumnFormat(stats.AllIntegral ? ValueKind.Identifier : ValueKind.Number, stats.AllIntegral ? 0 : DecimalsFor(stats));
        var u = unit ?? ColumnRoles.UnitOf(column.Name, stats.Count == 0 ? null : new ColumnStats(stats.Count, stats.Count, stats.Min, stats.Max));
        switch (u)
        {
            case Unit.Currency:
                var symbol = words.Select(w => CurrencyWords.GetValueOrDefault(w)).FirstOrDefault(s => s is not null) ?? DefaultCurrencySymbol;
                return new ColumnFormat(ValueKind.Currency, symbol == "¥" && words.Any(w => w is "jpy" or "yen") ? 0 : 2) { CurrencySymbol = symbol };
            case Unit.Percent when PercentMeaning(words, stats) is { } fraction:
            {
                // Whole percentages read without decimals (25%); others with one (25.3%).
                var scale = fraction ? 100 : 1;
                var whole = stats.Values.All(v => Math.Abs(v * scale - Math.Round(v * scale)) < 1e-9);
                return new ColumnFormat(ValueKind.Percent, whole ? 0 : 1) { PercentIsFraction = fraction };
            }
            case Unit.Bytes:
                return new ColumnFormat(ValueKind.Bytes, 1);
            case Unit.Milliseconds or Unit.Seconds or Unit.Grams or Unit.Kilograms or Unit.Millimetres or Unit.Centimetres or Unit.Metres or Unit.Kilometres:
                return new ColumnFormat(ValueKind.Quantity, stats.AllIntegral ? 0 : DecimalsFor(stats)) { Suffix = SuffixOf(u) };
        }
        if (column.Type == ColumnType.Integer || stats.AllIntegral && stats.Count > 0) return new ColumnFormat(ValueKind.Integer);
        return new ColumnFormat(ValueKind.Number, DecimalsFor(stats));
    }

    /// <summary>
    /// Whether a percent column's numbers are fractions (true), points (false), or not percentages after all (null).
    /// A name that says "percent" holds points: that is how such columns are made (100.0 * part / whole), and a
    /// fraction rule would turn 0.8 percent into 80%. A rate, ratio, share or discount holds a fraction when every value
    /// lies between -1 and 1 (AVG of a flag, part / whole); when values pass 1 it is some other rate (a heart rate of 72,
    /// an exchange rate), so it is shown as a plain number rather than as a percentage it may not be.
    /// </summary>
    internal static bool? PercentMeaning(IReadOnlyList<string> words, Stats stats)
    {
        if (words.Any(PointsWords.Contains)) return false;
        if (stats.Count == 0 || stats.Values.All(v => v is >= -1 and <= 1)) return true;
        return null;
    }

    private static bool IsIdentifier(IReadOnlyList<string> words) =>
        words.Count > 0 && (IdentifierWords.Contains(words[^1]) || words.Count > 1 && words[^1] is "number" or "no" or "num" && words[0] is not ("number" or "num"));

    /// <summary>
    /// Decimals that carry the figure without noise: large numbers none (an average of 1,234.6 reads 1,235), hundreds one,
    /// ones two, and small numbers enough for three significant digits.
    /// </summary>
    internal static int DecimalsFor(Stats stats)
    {
        if (stats.Count == 0) return 2;
        if (stats.AllIntegral) return 0;
        var max = stats.MaxAbs;
        if (max >= 1000) return 0;
        if (max >= 100) return 1;
        if (max >= 1) return 2;
        if (max == 0) return 0;
        return Math.Clamp(2 - (int)Math.Floor(Math.Log10(max)), 2, 6);
    }

    private static string SuffixOf(Unit u) => u switch
    {
        Unit.Milliseconds => " ms",
        Unit.Seconds => " s",
        Unit.Grams => " g",
        Unit.Kilograms => " kg",
        Unit.Millimetres => " mm",
        Unit.Centimetres => " cm",
        Unit.Metres => " m",
        Unit.Kilometres => " km",
        _ => "",
    };

    private static DateGrain GrainOf(IEnumerable<object?> values)
    {
        var count = 0;
        var yearStarts = true;
        foreach (var v in values)
        {
            if (v is not string s || !ValueFormatter.TryDate(s, out var d)) continue;
            if (d.Day != 1) return DateGrain.Day;
            yearStarts &= d.Month == 1;
            count++;
        }
        // One value alone says nothing about grain: 2024-01-01 may well be a day.
        if (count < 2) return DateGrain.Day;
        return yearStarts ? DateGrain.Year : DateGrain.Month;
    }

    /// <summary>Numbers of a column, for deciding decimals and units.</summary>
    internal sealed record Stats(IReadOnlyList<double> Values)
    {
        public int Count => Values.Count;
        public double Min => Values.Count == 0 ? 0 : Values.Min();
        public double Max => Values.Count == 0 ? 0 : Values.Max();
        public double MaxAbs => Values.Count == 0 ? 0 : Values.Max(Math.Abs);
        public bool AllIntegral => Values.All(v => Math.Abs(v - Math.Round(v)) < 1e-9);

        public static Stats Of(IEnumerable<object?> values) =>
            new(values.Select(v => v switch { long l => l, double d when double.IsFinite(d) => d, int i => i, decimal m => (double)m, _ => double.NaN })
                .Where(d => !double.IsNaN(d)).ToList());
    }

    /// <summary>Invariant text for a format's decimals, for titles and tests.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}/{Decimals}{(PercentIsFraction ? "/fraction" : "")}{Suffix}");
}
