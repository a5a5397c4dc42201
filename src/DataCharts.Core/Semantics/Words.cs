using System.Text;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Splits identifiers into lower-case words (snake_case, CamelCase, "customerID") and inflects English nouns, so
/// "order_details" and "OrderDetails" both read as "order detail" / "order details".
/// </summary>
public static class Words
{
    private static readonly Dictionary<string, string> IrregularPlurals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["person"] = "people",
        ["child"] = "children",
        ["man"] = "men",
        ["woman"] = "women",
        ["mouse"] = "mice",
        ["foot"] = "feet",
        ["tooth"] = "teeth",
        ["goose"] = "geese",
        ["datum"] = "data",
        ["criterion"] = "criteria",
        ["analysis"] = "analyses",
        ["index"] = "indices",
        ["matrix"] = "matrices"
    };

    private static readonly Dictionary<string, string> IrregularSingulars =
        IrregularPlurals.Where(p => p.Key != "datum").ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Words the same in both numbers.</summary>
    private static readonly HashSet<string> Invariant = new(StringComparer.OrdinalIgnoreCase)
    {
        "series", "species", "news", "data", "sales", "info", "metadata", "equipment", "staff", "stock", "inventory",
        "physics", "economics", "mathematics", "statistics", "feedback", "software", "music", "media",
    };

    /// <summary>Singular words that end in s.</summary>
    private static readonly HashSet<string> SingularInS = new(StringComparer.OrdinalIgnoreCase)
    {
        "status", "address", "business", "class", "bus", "gas", "analysis", "basis", "census", "campus", "virus", "bonus",
        "canvas", "lens", "alias", "process", "access", "success", "loss", "boss", "glass", "pass", "yes", "tennis",
    };

    /// <summary>"OrderDetails" → order, details; "customer_ID" → customer, id; "XMLFile2" → xml, file, 2.</summary>
    public static IReadOnlyList<string> Split(string identifier)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        void Flush()
        {
            if (sb.Length > 0) words.Add(sb.ToString().ToLowerInvariant());
            sb.Clear();
        }
        for (var i = 0; i < identifier.Length; i++)
        {
            var ch = identifier[i];
            if (!char.IsLetterOrDigit(ch)) { Flush(); continue; }
            if (sb.Length > 0)
            {
                var prev = identifier[i - 1];
                var boundary =
                    (char.IsUpper(ch) && char.IsLower(prev)) ||
                    (char.IsUpper(ch) && char.IsUpper(prev) && i + 1 < identifier.Length && char.IsLower(identifier[i + 1])) ||
                    (char.IsDigit(ch) != char.IsDigit(prev)) ||
                    (IsCjk(ch) != IsCjk(prev));
                if (boundary) Flush();
            }
            sb.Append(ch);
        }
        Flush();
        return words;
    }

    /// <summary>The identifier as lower-case words joined by spaces: "UnitPrice" → "unit price".</summary>
    public static string Phrase(string identifier) => string.Join(' ', Split(identifier));

    /// <summary>Lower-case letters and digits only, for comparing names across styles ("Customer_ID" = "customerid").</summary>
    public static string Compact(string identifier) =>
        new(identifier.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public static string Singular(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Length <= 3 || Invariant.Contains(w) || SingularInS.Contains(w) || IsCjk(w[0])) return w;
        if (IrregularSingulars.TryGetValue(w, out var s)) return s;
        if (w.EndsWith("ies", StringComparison.Ordinal)) return w[..^3] + "y";
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal) ||
            w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("zzes", StringComparison.Ordinal))
            return w[..^2];
        if (w.EndsWith("ss", StringComparison.Ordinal) || w.EndsWith("us", StringComparison.Ordinal) || w.EndsWith("is", StringComparison.Ordinal)) return w;
        return w.EndsWith('s') ? w[..^1] : w;
    }

    public static string Plural(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Length == 0 || IsCjk(w[0]) || Invariant.Contains(w)) return w;
        if (IrregularPlurals.TryGetValue(w, out var p)) return p;
        if (w.EndsWith('y') && w.Length > 1 && !"aeiou".Contains(w[^2])) return w[..^1] + "ies";
        if (w.EndsWith('s') || w.EndsWith('x') || w.EndsWith('z') || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith("sh", StringComparison.Ordinal)) return w + "es";
        return w + "s";
    }

    /// <summary>The words of a table name with the last one made singular: "order_details" → "order detail".</summary>
    public static string SingularPhrase(string identifier)
    {
        var words = Split(identifier).ToList();
        if (words.Count == 0) return identifier.ToLowerInvariant();
        words[^1] = Singular(words[^1]);
        return string.Join(' ', words);
    }

    public static string PluralPhrase(string identifier)
    {
        var words = Split(identifier).Select(w => w).ToList();
        if (words.Count == 0) return identifier.ToLowerInvariant();
        words[^1] = Plural(Singular(words[^1]));
        return string.Join(' ', words);
    }

    /// <summary>"unit price" → "Unit price", for labels made from identifiers.</summary>
    public static string Sentence(string phrase) => phrase.Length == 0 ? phrase : char.ToUpperInvariant(phrase[0]) + phrase[1..];

    public static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';
}
