using DataCharts.Core.Semantics;

namespace DataCharts.Core.Presentation;

/// <summary>
/// The words a person reads for a result column: the semantic model's label when the column is one of its measures or
/// dimensions, else the name's words in sentence case ("unit_price" → "Unit price", "avg_tip" → "Avg tip",
/// "customerID" → "Customer ID"). SQL, downloads and the API keep the names; labels are for reading only.
/// </summary>
public static class ColumnLabels
{
    /// <summary>Words kept in capitals, because people write them so.</summary>
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "ids", "usd", "eur", "gbp", "cny", "rmb", "jpy", "url", "sku", "kpi", "gdp", "bmi", "ip", "uuid", "api", "sql", "csv", "utc", "vat", "iso", "ssn", "gpa", "roi", "ctr", "aov", "ltv",
    };

    /// <summary>The label for <paramref name="name"/>, from <paramref name="model"/> when it knows the column.</summary>
    public static string For(string name, SemanticModel? model = null)
    {
        if (model is not null)
        {
            if (model.MeasureNamed(name) is { Label.Length: > 0 } m) return m.Label;
            if (model.Dimensions.FirstOrDefault(d => d.Column.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Label.Length: > 0 } d) return d.Label;
        }
        return FromName(name);
    }

    /// <summary>"unit_price" → "Unit price"; "OrderID" → "Order ID"; a name without letters or digits stays as it is.</summary>
    public static string FromName(string name)
    {
        var words = Words.Split(name);
        if (words.Count == 0) return name;
        var shown = words.Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w).ToList();
        // CJK runs were split off their neighbours only to find words; they read better joined.
        var text = string.Join(' ', shown);
        if (name.Any(Words.IsCjk)) text = string.Concat(shown.Select((w, i) => i > 0 && (Words.IsCjk(w[0]) || Words.IsCjk(shown[i - 1][^1])) ? w : (i > 0 ? " " + w : w)));
        return Words.Sentence(text);
    }
}
