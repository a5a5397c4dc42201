using System.Text.RegularExpressions;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Agent.Offline;

/// <summary>A measure the question defines for itself and its follow-ups: "… where revenue is price times quantity".</summary>
public sealed record InlineDefinition(string Name, string Table, string Formula, bool Averaged = false);

/// <summary>
/// Reads definitions said inside a question ("where revenue is price times quantity", "with margin = price minus
/// cost") into measures of the semantic model for that question and its follow-ups. Every operand must be a numeric
/// column of one table (or a number); the formula goes through the app's own expression parser, never as SQL text.
/// </summary>
public static partial class InlineDefinitions
{
    /// <summary>The definitions found and the question without them; none when nothing is defined or an operand is unknown.</summary>
    public static (IReadOnlyList<InlineDefinition> Found, string Remaining) Read(string question, SchemaIndex index)
    {
        var found = new List<InlineDefinition>();
        var rest = question;
        foreach (Match m in Clause().Matches(question))
        {
            var name = SchemaIndex.Normalize(m.Groups["name"].Value);
            if (Formula(SchemaIndex.Normalize(m.Groups["expr"].Value), index) is not { } formula) continue;
            found.Add(new InlineDefinition(name, formula.Table, formula.Text));
            rest = rest.Replace(m.Value, " ", StringComparison.Ordinal);
        }
        // "the tip as a percentage of the total bill": a per-row ratio, averaged, named by its two columns.
        var text = SchemaIndex.Normalize(rest);
        foreach (Match m in PercentOf().Matches(text))
        {
            var a = index.FindMentions(m.Groups["a"].Value).LastOrDefault(x => x.Kind == MentionKind.Column && x.Column!.IsNumeric);
            var b = index.FindMentions(m.Groups["b"].Value).FirstOrDefault(x => x.Kind == MentionKind.Column && x.Column!.IsNumeric);
            if (a is null || b is null || a.Column!.Table != b.Column!.Table || a.Column.Column == b.Column.Column) continue;
            var name = $"{a.Column.Words} as a percentage of {b.Column.Words}";
            found.Add(new InlineDefinition(name, a.Column.Table, $"100 * {a.Column.Column} / {b.Column.Column}", Averaged: true));
            // The phrase becomes the measure's name, so the question names the measure.
            var start = m.Groups["a"].Index + a.Start;
            text = text[..start] + name + text[(m.Index + m.Length)..];
            rest = text;
        }
        return (found, rest);
    }

    [GeneratedRegex(@"(?<a>[a-z][a-z ]{1,30}?)\s+as\s+an?\s+(?:percentage|percent|share|proportion|fraction)\s+of\s+(?:the\s+)?(?<b>[a-z][a-z ]{1,30}?)(?=$|[,;?!]|\s+(?:by|per|for|in|of|on|at|where|with)\b)")]
    private static partial Regex PercentOf();

    /// <summary>The schema with the definitions as measures of its model (each compiled from its formula, at its table's grain).</summary>
    public static SchemaContext With(SchemaContext schema, IReadOnlyList<InlineDefinition> definitions)
    {
        if (definitions.Count == 0) return schema;
        var measures = schema.Model.Measures.ToList();
        foreach (var d in definitions)
        {
            if (schema.Dataset.Tables.FirstOrDefault(t => t.Name == d.Table) is not { } table) continue;
            string sql;
            try { sql = MeasureExpressions.Compile(d.Formula, table); }
            catch (DataCharts.Core.Expressions.ExpressionException) { continue; }
            measures.RemoveAll(x => x.Name.Equals(d.Name, StringComparison.OrdinalIgnoreCase));
            measures.Add(new Measure(d.Name, d.Name, d.Table, sql, d.Averaged ? MeasureAgg.Avg : MeasureAgg.Sum, d.Averaged ? Unit.Percent : Unit.None, [], Derived: true) { Formula = d.Formula, IsUserDefined = true });
        }
        return schema with { Model = schema.Model with { Measures = measures } };
    }

    private static (string Text, string Table)? Formula(string expr, SchemaIndex index)
    {
        var parts = Operator().Split(expr);
        var ops = Operator().Matches(expr).Select(o => Symbol(o.Value)).ToList();
        if (ops.Count == 0 || parts.Length != ops.Count + 1) return null;
        var operands = new List<string>();
        string? table = null;
        foreach (var raw in parts)
        {
            var phrase = raw.Trim();
            if (phrase.Length == 0) return null;
            if (decimal.TryParse(phrase, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                operands.Add(phrase);
                continue;
            }
            var mention = index.FindMentions(phrase).FirstOrDefault(x => x.Kind == MentionKind.Column && x.Column!.IsNumeric && x.End - x.Start >= phrase.Length - 1);
            if (mention is null || table is not null && table != mention.Column!.Table) return null;
            table = mention.Column!.Table;
            operands.Add(mention.Column.Column);
        }
        if (table is null) return null;
        var text = operands[0];
        for (var i = 0; i < ops.Count; i++) text += $" {ops[i]} {operands[i + 1]}";
        return (text, table);
    }

    private static string Symbol(string word) => word.Trim() switch
    {
        "times" or "multiplied by" or "x" or "*" => "*",
        "plus" or "+" => "+",
        "minus" or "less" or "-" => "-",
        _ => "/",
    };

    [GeneratedRegex(@"\b(?:where|with|if|assuming|given that|given)\s+(?<name>[a-z][a-z ]{1,30}?)\s+(?:is defined as|is calculated as|is computed as|means|equals|is|=)\s+(?<expr>[a-z0-9_ .*/+-]+?)\s*(?=$|[,;?!]|\band then\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+(?:times|multiplied by|x|plus|minus|less|divided by|over)\s+|\s*[*+/]\s*|\s+-\s+")]
    private static partial Regex Operator();
}
