using System.Globalization;
using System.Text;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Turns a measure's formula in the app's expression syntax ("unit_price * quantity * (1 - discount)") into SQL over
/// one table's columns through the expression parser and <see cref="SqlTranslator"/>: nothing of the text reaches
/// SQL but quoted column names and literals, so a measure can be embedded in any query without parameters.
/// </summary>
public static class MeasureExpressions
{
    /// <summary>The SQL of a per-row formula; throws <see cref="ExpressionException"/> (with its position) when it does not parse, names an unknown column or aggregates.</summary>
    public static string Compile(string formula, DatasetTableRecord table)
    {
        var parsed = ExpressionParser.Parse(formula);
        if (parsed.Target is not null)
            throw new ExpressionException(ExpressionError.At(formula, 0, "A measure's expression has no '<name> =': give the name separately."));
        if (parsed.IsAggregate)
            throw new ExpressionException(ExpressionError.At(formula, 0, "A measure's expression is computed per row; choose its aggregation (sum, avg, …) separately."));
        var t = SqlTranslator.Translate(parsed, table.Columns);
        if (t.Type is not (ExprType.Number or ExprType.Any))
            throw new ExpressionException(ExpressionError.At(formula, 0, $"A measure must be a number; '{formula}' is {t.Type.ToString().ToLowerInvariant()}."));
        return Inline(t.Sql, t.Parameters);
    }

    /// <summary>Replaces $e0, $e1, … outside quoted identifiers and strings with the literal values they stand for.</summary>
    private static string Inline(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            if (ch is '"' or '\'')
            {
                var end = sql.IndexOf(ch, i + 1);
                while (end >= 0 && end + 1 < sql.Length && sql[end + 1] == ch) end = sql.IndexOf(ch, end + 2);
                end = end < 0 ? sql.Length - 1 : end;
                sb.Append(sql, i, end - i + 1);
                i = end;
                continue;
            }
            if (ch == '$')
            {
                var j = i + 1;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
                if (parameters.TryGetValue(sql[(i + 1)..j], out var value))
                {
                    // Parenthesised, so a negative number never meets a minus sign as "--", a comment.
                    sb.Append('(').Append(Literal(value)).Append(')');
                    i = j - 1;
                    continue;
                }
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => Identifiers.Literal(s),
        bool b => b ? "TRUE" : "FALSE",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable n when value.GetType().IsPrimitive => n.ToString(null, CultureInfo.InvariantCulture),
        DateOnly d => $"DATE {Identifiers.Literal(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}",
        DateTime d => $"TIMESTAMP {Identifiers.Literal(d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))}",
        _ => Identifiers.Literal(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };
}
