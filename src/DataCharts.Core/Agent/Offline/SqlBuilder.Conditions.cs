using System.Globalization;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Filters as SQL conditions in the dataset's dialect: values as literals, dates checked, names quoted.</summary>
public sealed partial class SqlBuilder
{
    private static string ConditionAlias(FilterSpec f) => f.Op switch
    {
        "is_true" or "eq_num" => f.Column.Column,
        "eq" => Sanitize(string.Join("_", f.Values), f.Column.Column).ToLowerInvariant(),
        "ne" => "not_" + Sanitize(string.Join("_", f.Values), f.Column.Column).ToLowerInvariant(),
        _ => f.Column.Column,
    };

    private string Qualified(Col c, string rendered) => rendered.Contains('.', StringComparison.Ordinal) ? rendered : $"{Quote(c.Table)}.{Quote(c.Column)}";

    private static string IsoDate(string v) => DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(string v) => decimal.Parse(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private string Literal(string value) => syntax.Literal(value);

    private string Condition(FilterSpec f, Func<Col, string> c)
    {
        var col = c(f.Column);
        return f.Op switch
        {
            "eq" when f.Values.Count == 1 => $"{col} = {Literal(f.Values[0])}",
            "eq" or "in_set" => $"{col} IN ({string.Join(", ", f.Values.Select(Literal))})",
            "ne" when f.Values.Count == 1 => $"{col} <> {Literal(f.Values[0])}",
            "ne" => $"{col} NOT IN ({string.Join(", ", f.Values.Select(Literal))})",
            "is_true" => $"{col} = true",
            "is_false" => $"{col} = false",
            "eq_num" => $"{col} = {Num(f.Values[0])}",
            "in_num" => f.Values.Count == 1 ? $"{col} = {Num(f.Values[0])}" : $"{col} IN ({string.Join(", ", f.Values.Select(Num))})",
            "gt" => $"{col} > {Num(f.Values[0])}",
            "gte" => $"{col} >= {Num(f.Values[0])}",
            "lt" => $"{col} < {Num(f.Values[0])}",
            "lte" => $"{col} <= {Num(f.Values[0])}",
            "between" => $"{col} BETWEEN {Num(f.Values[0])} AND {Num(f.Values[1])}",
            "year" => f.Values.Count == 1 ? $"{syntax.Year(col)} = {Num(f.Values[0])}" : $"{syntax.Year(col)} IN ({string.Join(", ", f.Values.Select(Num))})",
            "year_between" => $"{syntax.Year(col)} BETWEEN {Num(f.Values[0])} AND {Num(f.Values[1])}",
            "year_gt" => $"{syntax.Year(col)} > {Num(f.Values[0])}",
            "year_gte" => $"{syntax.Year(col)} >= {Num(f.Values[0])}",
            "year_lt" => $"{syntax.Year(col)} < {Num(f.Values[0])}",
            "month" => $"{syntax.Month(col)} IN ({string.Join(", ", f.Values.Select(Num))})",
            "is_null" => $"{col} IS NULL",
            // The outer column always with its table: inside the subquery a bare name would be the inner table's.
            "not_exists" => $"NOT EXISTS (SELECT 1 FROM {Quote(f.Values[0])} WHERE {Quote(f.Values[0])}.{Quote(f.Values[1])} = {Qualified(f.Column, col)})",
            "exists" => $"EXISTS (SELECT 1 FROM {Quote(f.Values[0])} WHERE {Quote(f.Values[0])}.{Quote(f.Values[1])} = {Qualified(f.Column, col)})",
            "not_null" => $"{col} IS NOT NULL",
            "col_gt" => $"{col} > {c(f.Column with { Column = f.Values[0] })}",
            "col_lt" => $"{col} < {c(f.Column with { Column = f.Values[0] })}",
            "col_lte" => $"{col} <= {c(f.Column with { Column = f.Values[0] })}",
            "date_after" => $"{col} > {syntax.DateLiteral(IsoDate(f.Values[0]))}",
            "date_from" => $"{col} >= {syntax.DateLiteral(IsoDate(f.Values[0]))}",
            "date_before" => $"{col} < {syntax.DateLiteral(IsoDate(f.Values[0]))}",
            "date_to" => $"{col} <= {syntax.DateLiteral(IsoDate(f.Values[0]))}",
            "contains" => syntax.ContainsIgnoringCase(col, f.Values[0]),
            "date_range" => $"{col} >= {syntax.DateLiteral(IsoDate(f.Values[0]))} AND {col} < {syntax.DateLiteral(IsoDate(f.Values[1]))}",
            _ => "true",
        };
    }
}
