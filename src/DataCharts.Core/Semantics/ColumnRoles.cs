using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>What a column's name says about it: its unit, whether it adds up (amounts) or averages (levels), and the roles derived measures need (price, quantity, discount).</summary>
public static class ColumnRoles
{
    private static readonly HashSet<string> CurrencyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "price", "amount", "revenue", "cost", "freight", "total", "fare", "salary", "sales", "income", "profit", "tip", "payment",
        "balance", "budget", "tax", "wage", "fee", "spend", "spending", "usd", "eur", "gbp", "cny", "rmb", "dollars", "charge", "charges",
    };

    private static readonly HashSet<string> LevelWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "price", "rate", "age", "score", "percent", "pct", "percentage", "ratio", "temperature", "temp", "rating", "discount",
        "latitude", "longitude", "lat", "lon", "lng", "height", "weight", "bmi", "level", "gpa", "satisfaction", "speed",
        "humidity", "pressure", "probability", "avg", "average", "mean", "margin", "share",
    };

    private static readonly HashSet<string> PercentWords = new(StringComparer.OrdinalIgnoreCase) { "percent", "pct", "percentage", "rate", "discount", "share", "ratio" };
    private static readonly HashSet<string> CountWords = new(StringComparer.OrdinalIgnoreCase) { "quantity", "qty", "units", "count", "cnt", "num", "number" };

    /// <summary>The unit a numeric column's name and range suggest.</summary>
    public static Unit UnitOf(string column, ColumnStats? stats)
    {
        var words = Words.Split(column);
        if (words.Count == 0) return Unit.None;
        var last = words[^1];
        if (words.Any(w => w is "milliseconds" or "millis" or "ms")) return Unit.Milliseconds;
        if (words.Any(w => w is "seconds" or "secs")) return Unit.Seconds;
        if (words.Any(w => w is "bytes" or "byte")) return Unit.Bytes;
        if (words.Any(PercentWords.Contains) && stats is { Min: >= 0, Max: <= 100 }) return Unit.Percent;
        if (words.Any(CurrencyWords.Contains)) return Unit.Currency;
        if (words.Any(CountWords.Contains)) return Unit.Count;
        return last switch
        {
            "g" or "grams" => Unit.Grams,
            "kg" or "kilograms" => Unit.Kilograms,
            "mm" => Unit.Millimetres,
            "cm" => Unit.Centimetres,
            "km" => Unit.Kilometres,
            _ => Unit.None,
        };
    }

    private static readonly HashSet<string> AdditiveWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "amount", "revenue", "sales", "total", "quantity", "qty", "units", "count", "cnt", "cost", "spend", "spending", "volume", "number",
        "bytes", "milliseconds", "millis", "ms", "seconds", "duration", "population", "visits", "orders", "profit", "income", "freight",
        "tax", "fee", "fees", "payment", "payments", "plays", "clicks", "views", "downloads", "sold", "passengers", "hours", "minutes",
        "budget", "expenses", "expense", "charges", "charge", "sum", "stock", "inventory", "tip", "tips",
    };

    /// <summary>
    /// Levels (a price, an age, a rate, a length, anything unnamed) average; amounts, quantities, counts, sizes and
    /// durations add up. Averaging is the safer default: a sum of levels is never a figure anyone asked for.
    /// </summary>
    public static MeasureAgg AggOf(string column)
    {
        var words = Words.Split(column);
        if (words.Any(LevelWords.Contains)) return MeasureAgg.Avg;
        return words.Any(AdditiveWords.Contains) ? MeasureAgg.Sum : MeasureAgg.Avg;
    }

    public static bool IsPrice(DatasetColumnRecord c) => c.Type.IsNumeric() && Words.Split(c.Name).Contains("price");

    public static bool IsQuantity(DatasetColumnRecord c) => c.Type.IsNumeric() && Words.Split(c.Name) is var w && (w.Contains("quantity") || w.Contains("qty") || w is ["units"] || w is [.., "units"] || w is ["units", "sold"]);

    /// <summary>A discount given as a fraction of the price (0..1), so line revenue is price × quantity × (1 − discount).</summary>
    public static bool IsFractionDiscount(DatasetColumnRecord c, ColumnStats? stats) =>
        c.Type.IsNumeric() && Words.Split(c.Name).Any(w => w is "discount" or "disc") && stats is not { Max: > 1 } && stats is not { Min: < 0 };

    /// <summary>Columns that are numbers but name things (a zip code, a phone number) and so are no measure.</summary>
    public static bool IsIdentifierLike(string column) =>
        Words.Split(column) is var w && w.Count > 0 && (w[^1] is "code" or "zip" or "zipcode" or "phone" or "fax" or "no" or "postal" or "postcode" || w.Contains("phone"));

    public static bool IsYear(string column, ColumnStats? stats) =>
        Words.Split(column) is var w && w.Count > 0 && w[^1] is "year" or "yr" && stats is not { Min: < 1000 } && stats is not { Max: > 3000 };
}
