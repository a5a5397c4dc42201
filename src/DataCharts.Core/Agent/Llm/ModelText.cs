using System.Globalization;
using System.Text;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Agent.Llm;

/// <summary>
/// The semantic model as the language model reads it (the semantic_model tool): entities, relationships, measures with
/// their grain, dimensions with synonyms, time grains and value aliases. Compact, and bounded: past
/// <see cref="MaxChars"/> the rest is left out and the text says how much, so a large schema never floods the prompt.
/// </summary>
public static class ModelText
{
    public const int MaxChars = 16 * 1024;
    private const int MaxAliases = 8;

    public static string Describe(SemanticModel model, int maxChars = MaxChars)
    {
        var sb = new StringBuilder();
        var left = new List<string>();
        Section(sb, left, maxChars, "entities", "Entities (table: key, the column that names a row, what people call it). Show the name column, not the key.",
            model.Entities.Select(Entity));
        Section(sb, left, maxChars, "relationships", "Relationships (many-to-one: many rows of the first table point at one row of the second). Join along these. Joining a table to the many side repeats its rows.",
            model.Relationships.Select(Relationship));
        Section(sb, left, maxChars, "measures", "Measures (grain = the table whose rows they add up; aggregate each at its grain: pre-aggregate per key in a subquery before joining to a many side).",
            model.Measures.Select(Measure));
        Section(sb, left, maxChars, "dimensions", "Dimensions (group or filter by; synonyms, time grains, value aliases):",
            model.Dimensions.Where(d => d.Kind is not (DimensionKind.Key or DimensionKind.ForeignKey)).Select(Dimension));
        if (left.Count > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"Left out to keep this short: {string.Join(", ", left)}. describe_table gives any table's columns.");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, List<string> left, int maxChars, string name, string heading, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        if (all.Count == 0) return;
        // Room is kept for the closing line that says what was left out.
        var budget = maxChars - 400;
        if (sb.Length + heading.Length + 2 > budget)
        {
            left.Add($"{all.Count} {name}");
            return;
        }
        sb.AppendLine(heading);
        var shown = 0;
        foreach (var line in all)
        {
            if (sb.Length + line.Length + 4 > budget) break;
            sb.Append("- ").AppendLine(line);
            shown++;
        }
        if (shown < all.Count) left.Add($"{all.Count - shown} of {all.Count} {name}");
    }

    private static string Entity(Entity e)
    {
        var display = e.Display is null ? "none" : e.DisplaySecond is null ? e.Display : $"{e.Display} + {e.DisplaySecond}";
        return $"{e.Table}: key {e.Key ?? "none"}; name column {display}; called {string.Join(", ", e.Nouns)}";
    }

    private static string Relationship(Relationship r)
    {
        var source = r.IsSelf ? "self-reference" : r.Source.ToString().ToLowerInvariant();
        var role = r.Role is null ? "" : $", role {r.Role}";
        return $"{r.FromTable}.{r.FromColumn} -> {r.ToTable}.{r.ToColumn} (many-to-one, {source}{role})";
    }

    private static string Measure(Measure m)
    {
        var sb = new StringBuilder(m.Name);
        if (m.Ratio is { } ratio)
            sb.Append(CultureInfo.InvariantCulture, $": ratio = {ratio.Numerator} / {ratio.Denominator}, each computed at its own grain, then divided");
        else
        {
            var agg = m.Agg switch { MeasureAgg.CountDistinct => "count(DISTINCT", _ => m.Agg.ToString().ToLowerInvariant() + "(" };
            sb.Append(CultureInfo.InvariantCulture, $" [grain {m.Table}]: {agg}{(m.Agg == MeasureAgg.CountDistinct ? " " : "")}{m.Expression})");
            if (m.Derived) sb.Append(" (derived" + (m.Formula is null ? ")" : $" from {m.Formula})"));
        }
        if (m.Unit != Unit.None) sb.Append(CultureInfo.InvariantCulture, $", {m.Unit.ToString().ToLowerInvariant()}");
        if (m.Synonyms.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; also {string.Join(", ", m.Synonyms)}");
        return sb.ToString();
    }

    private static string Dimension(Dimension d)
    {
        var sb = new StringBuilder($"{d.Table}.{d.Column} ({d.Kind.ToString().ToLowerInvariant()}");
        if (d.Unit != Unit.None) sb.Append(CultureInfo.InvariantCulture, $", {d.Unit.ToString().ToLowerInvariant()}");
        sb.Append(')');
        if (d.Synonyms.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; also {string.Join(", ", d.Synonyms)}");
        if (d.TimeGrains.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; grains {string.Join(", ", d.TimeGrains)}");
        if (d.ValueAliases.Count > 0)
        {
            var aliases = d.ValueAliases.Take(MaxAliases).Select(a => $"{a.Key} = {string.Join("/", a.Value)}");
            sb.Append(CultureInfo.InvariantCulture, $"; value aliases {string.Join(", ", aliases)}{(d.ValueAliases.Count > MaxAliases ? ", …" : "")}");
        }
        return sb.ToString();
    }
}
