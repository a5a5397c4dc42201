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

    /// <summary>Levels (a price, an age, a rate) average; amounts, quantities, counts, sizes and durations add up.</summary>
    public static MeasureAgg AggOf(string column) => Words.Split(column).Any(LevelWords.Contains) ? MeasureAgg.Avg : MeasureAgg.Sum;

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
