using System.Text;

namespace DataCharts.Core.Datasets;

/// <summary>Safe SQL identifiers for tables and columns, and quoting.</summary>
public static class Identifiers
{
    /// <summary>Quotes an identifier for DuckDB/SQLite.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Quotes a string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>
    /// Makes a readable identifier from an original name: letters (any script, so Chinese names stay),
    /// digits and underscores; other characters become underscores; never empty, never starting with a digit.
    /// </summary>
    public static string Sanitize(string? original, string fallback)
    {
        var sb = new StringBuilder();
        foreach (var ch in (original ?? "").Trim())
        {
            if (char.IsLetterOrDigit(ch) || ch == '_') sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        var s = sb.ToString().Trim('_');
        if (s.Length == 0) s = fallback;
        if (char.IsDigit(s[0])) s = "_" + s;
        return s.Length > 63 ? s[..63] : s;
    }

    /// <summary>Sanitizes every name and makes the results unique (case-insensitively, as SQL sees them).</summary>
    public static IReadOnlyList<string> SanitizeAll(IReadOnlyList<string?> originals, string fallbackPrefix)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(originals.Count);
        for (var i = 0; i < originals.Count; i++)
        {
            var baseName = Sanitize(originals[i], $"{fallbackPrefix}{i + 1}");
            var name = baseName;
            for (var n = 2; !seen.Add(name); n++) name = $"{baseName}_{n}";
            result.Add(name);
        }
        return result;
    }

    /// <summary>A new dataset id, also the name of its DuckDB schema.</summary>
    public static string NewDatasetId() => "ds_" + Guid.NewGuid().ToString("N")[..12];

    public static bool IsDatasetId(string? id) =>
        id is { Length: 15 } && id.StartsWith("ds_", StringComparison.Ordinal) && id[3..].All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
