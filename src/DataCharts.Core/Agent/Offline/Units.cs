using System.Text.RegularExpressions;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// Units asked in words ("longer than 5 minutes", "average length in minutes", "over 2 kg") against the unit a
/// column is stored in (milliseconds, bytes, grams…): the same quantity, so the planner can convert instead of
/// comparing 5 with milliseconds.
/// </summary>
public static partial class Units
{
    /// <summary>A unit: what it measures and how many base units (seconds, bytes, grams, metres) one of it is.</summary>
    public sealed record Unit(string Quantity, double Factor, string Name);

    private static readonly (string Pattern, Unit Unit)[] Words =
    [
        ("milliseconds?|millis|ms", new("time", 0.001, "milliseconds")),
        ("seconds?|secs?|s", new("time", 1, "seconds")),
        ("minutes?|mins?", new("time", 60, "minutes")),
        ("hours?|hrs?|h", new("time", 3600, "hours")),
        ("days?", new("time", 86400, "days")),
        ("bytes?|b", new("bytes", 1, "bytes")),
        ("kilobytes?|kb|kib", new("bytes", 1024, "KB")),
        ("megabytes?|mb|mib", new("bytes", 1024 * 1024, "MB")),
        ("gigabytes?|gb|gib", new("bytes", 1024.0 * 1024 * 1024, "GB")),
        ("grams?|g", new("mass", 1, "grams")),
        ("kilograms?|kilos?|kgs?", new("mass", 1000, "kg")),
        ("pounds?|lbs?", new("mass", 453.59237, "pounds")),
        ("millimet(?:er|re)s?|mm", new("length", 0.001, "mm")),
        ("centimet(?:er|re)s?|cm", new("length", 0.01, "cm")),
        ("met(?:er|re)s?|m", new("length", 1, "metres")),
        ("kilomet(?:er|re)s?|km", new("length", 1000, "km")),
    ];

    /// <summary>The unit a word names, if any ("minutes", "kg").</summary>
    public static Unit? OfWord(string word)
    {
        foreach (var (pattern, unit) in Words)
            if (Regex.IsMatch(word, $"^(?:{pattern})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) return unit;
        return null;
    }

    /// <summary>The unit a column is stored in, read from its name's words ("duration_ms", "Milliseconds", "size_bytes", "body_mass_g").</summary>
    public static Unit? OfColumn(ColumnRef c)
    {
        if (!c.IsNumeric) return null;
        var words = c.Words.Split(' ');
        // A last word that is a unit ("ms", "bytes", "g"); a single-letter one only at the end of a longer name.
        if (words.Length > 1 && OfWord(words[^1]) is { } last) return last;
        // "seconds_listened", "minutes_played": a unit spelt out anywhere in the name.
        return words.Where(w => w.Length > 2).Select(OfWord).FirstOrDefault(u => u is not null);
    }

    /// <summary>How many column units one <paramref name="asked"/> unit is, when both measure the same quantity.</summary>
    public static double? Scale(Unit asked, Unit stored) => asked.Quantity == stored.Quantity && asked.Name != stored.Name ? asked.Factor / stored.Factor : null;

    /// <summary>"in minutes", "in kg": the unit a result is asked in.</summary>
    [GeneratedRegex(@"\b(?:in|as|into|how many)\s+(?<unit>[a-z]+)\b")]
    public static partial Regex AskedIn();
}
