using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Query;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// What a live database's dialect needs beyond spellings. Without medians, quantiles or FULL JOIN (MySQL/MariaDB) the
/// rows are ranked within their group in a subquery, and the median or quartile is read from the one or two rows around
/// its position, the same interpolation as DuckDB's median and PostgreSQL's percentile_cont; everything still runs in
/// the database. A measure whose formula uses a function spelled only DuckDB's way is refused there, in words.
/// </summary>
public sealed partial class SqlBuilder
{
    /// <summary>Calls a measure's formula may make on any dialect: the same name and meaning in DuckDB, PostgreSQL and MySQL.</summary>
    private static readonly HashSet<string> PortableCalls = new(StringComparer.OrdinalIgnoreCase)
    {
        "nullif", "coalesce", "abs", "ceil", "floor", "exp", "power", "and", "or", "not", "in", "then", "else", "when",
    };

    /// <summary>
    /// On a live dialect, the plain refusal for a model measure (a formula of the semantic model or the conversation)
    /// that calls a function the translator writes in DuckDB's spelling; null when every measure can be computed there.
    /// </summary>
    private string? UnportableMeasure(QuerySpec spec)
    {
        if (syntax.Dialect == SqlDialect.DuckDb) return null;
        foreach (var m in spec.Measures)
        {
            if (m.ModelMeasure is null || index.Model.MeasureNamed(m.ModelMeasure) is not { } model) continue;
            var parts = model.Ratio is { } ratio ? new[] { index.Model.MeasureNamed(ratio.Numerator), index.Model.MeasureNamed(ratio.Denominator) } : [model];
            foreach (var part in parts.OfType<DataCharts.Core.Semantics.Measure>())
                if (Calls().Matches(Unquoted(part.Expression)).Select(x => x.Groups[1].Value).FirstOrDefault(f => !PortableCalls.Contains(f)) is { } call)
                    return $"The measure “{model.Name}” is computed with {call}(…), which I can only work out over files so far, not on this " +
                           $"{syntax.Dialect.DisplayName()} database. Ask about its columns directly, or import a copy of the table to ask about “{model.Name}”.";
        }
        return null;
    }

    /// <summary>An expression with its quoted names and text literals blanked out, so only its own words remain.</summary>
    private static string Unquoted(string expression) => QuotedParts().Replace(expression, "_");

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex Calls();

    [GeneratedRegex(@"""(?:[^""]|"""")*""|'(?:[^']|'')*'")]
    private static partial Regex QuotedParts();

    /// <summary>While <see cref="RankedAggregate"/> writes the outer query: the median of a ranked value column.</summary>
    private Func<string, string>? rankedMedian;

    /// <summary>
    /// Measures with a median, by groups, where the dialect has no median aggregate: a subquery computes each group,
    /// the values the measures aggregate and, for each median, the value's rank and count within its group; the outer
    /// query aggregates those rows by the same groups, so every other measure (totals, shares, rates, ratios) is the
    /// same aggregate over the same rows as without the median.
    /// </summary>
    private (string? Sql, string? Problem) RankedAggregate(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        currentRoot = spec.Table;
        var grouped = spec.Groups.Count > 0;
        var groups = spec.Groups.Select(g => GroupExpr(g, c)).ToList();
        var partition = grouped ? $"PARTITION BY {string.Join(", ", groups.Select(g => g.Expr))} " : "";
        var inner = new List<string>();
        var outerGroups = new List<GroupSql>();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var column = Quote(g.Alias);
            inner.Add($"{g.Expr} AS {column}");
            string? order = null;
            if (g.RowOrder is not null)
            {
                var o = Quote($"_o{i + 1}");
                inner.Add($"{g.RowOrder} AS {o}");
                order = $"min({o})";
            }
            else if (g.MonthNames) order = syntax.MonthNameOrder(column, column);
            outerGroups.Add(new GroupSql(column, g.Alias, order));
        }
        var inputs = 0;
        // A value the outer query aggregates, computed per row by the subquery; a median's also ranked within its group.
        string Input(string value, bool ranked = false)
        {
            var k = ++inputs;
            inner.Add($"{value} AS {Quote($"_v{k}")}");
            if (ranked)
            {
                string r = Quote($"_r{k}"), n = Quote($"_n{k}");
                inner.Add($"row_number() OVER ({partition}ORDER BY {value} IS NULL, {value}) - 1 AS {r}");
                inner.Add($"count({value}) OVER ({partition.TrimEnd()}) AS {n}");
                rankedMedian = v => MySqlSyntax.QuantileFromRanks(v, r, n, 0.5);
            }
            return $"_v{k}";
        }
        var measures = new List<(string Expr, string Alias)>();
        foreach (var m in spec.Measures)
        {
            var (whole, alias) = MeasureExpr(m, c, grouped);
            var expr = RankedMeasure(m, whole, c, grouped, Input);
            rankedMedian = null;
            if (expr is null)
                return (null, $"{syntax.Dialect.DisplayName()} has no median function, so I work a median out from ranked rows, and I could not compute this question's other measures beside it. Ask for the median on its own.");
            measures.Add((expr, alias));
        }
        var rows = $"SELECT {string.Join(", ", inner)}\nFROM {from}{Where(where)}";
        return (Grouped(spec, outerGroups, measures, $"(\n{rows}\n) AS q"), null);
    }

    /// <summary>One measure of <see cref="RankedAggregate"/> over the subquery's values (which <paramref name="input"/> adds); null when it cannot be.</summary>
    private string? RankedMeasure(MeasureSpec m, string whole, Func<Col, string> c, bool grouped, Func<string, bool, string> input)
    {
        Func<Col, string> outer = col => Quote(col.Column);
        var model = m.ModelMeasure is null ? null : index.Model.MeasureNamed(m.ModelMeasure);
        if (model?.Ratio is { } ratio)
        {
            if (index.Model.MeasureNamed(ratio.Numerator) is not { } num || index.Model.MeasureNamed(ratio.Denominator) is not { } den) return null;
            var numerator = $"sum({Quote(input(Qualify(num.Expression, num.Table), false))})";
            var link = index.Model.Relationships.FirstOrDefault(r => r.FromTable == num.Table && r.ToTable == den.Table);
            var denominator = num.Table == den.Table || link is null ? "count(*)" : $"count(DISTINCT {Quote(input($"{Quote(link.FromTable)}.{Quote(link.FromColumn)}", false))})";
            return syntax.Round(syntax.Divide(numerator, denominator), 2);
        }
        var value = model is not null ? ModelInput(model) : m.Column is not null ? c(m.Column) : null;
        switch (m.Agg)
        {
            case Agg.Count when model is null:
                const string distinct = "count(DISTINCT ";
                return whole.StartsWith(distinct, StringComparison.Ordinal) ? $"{distinct}{Quote(input(whole[distinct.Length..^1], false))})" : "count(*)";
            case Agg.Rate:
                var condition = Condition(m.Condition!, c);
                return value is null
                    ? syntax.Round($"100.0 * avg({Quote(input($"CASE WHEN {condition} THEN 1 ELSE 0 END", false))})", 2)
                    : syntax.Round(syntax.Divide($"100.0 * sum({Quote(input($"CASE WHEN {condition} THEN {value} ELSE 0 END", false))})", $"sum({Quote(input(value, false))})"), 2);
            case Agg.Share when value is null:
                return MeasureExpr(new MeasureSpec(Agg.Share, null), outer, grouped).Expr;
            default:
                if (value is null) return null;
                var v = input(value, m.Agg == Agg.Median);
                var expr = MeasureExpr(new MeasureSpec(m.Agg, new Col("", v)) { Scale = m.Scale, InUnit = m.InUnit }, outer, grouped).Expr;
                // A model measure's minimum and maximum are rounded, as without the median.
                return model is not null && m.Agg is Agg.Min or Agg.Max ? syntax.Round(expr, 2) : expr;
        }
    }

    /// <summary>A box plot's quartiles from ranked rows, for a dialect without quantile aggregates.</summary>
    private string RankedBox(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var g = c(spec.Groups[0].Column);
        var gName = Quote(spec.Groups[0].Column.Column);
        var filters = where.Append($"{x} IS NOT NULL").ToList();
        string v = Quote("_v"), r = Quote("_r"), n = Quote("_n");
        string Q(double p) => syntax.Round(MySqlSyntax.QuantileFromRanks(v, r, n, p), 2);
        var rows = $"SELECT {g} AS {gName}, {x} AS {v}, row_number() OVER (PARTITION BY {g} ORDER BY {x}) - 1 AS {r}, count(*) OVER (PARTITION BY {g}) AS {n}\nFROM {from}{Where(filters)}";
        return $"SELECT {gName}, min({v}) AS {Quote("min")}, {Q(0.25)} AS {Quote("q1")}, {Q(0.5)} AS {Quote("median")}, {Q(0.75)} AS {Quote("q3")}, max({v}) AS {Quote("max")}, count(*) AS {Quote("count")}" +
               $"\nFROM (\n{rows}\n) AS q\nGROUP BY {gName}\nORDER BY {Quote("median")} DESC";
    }

    /// <summary>
    /// The per-grain parts joined without FULL JOIN: every group value any part has (their UNION), each part joined
    /// to it (null-safe, so a part's "unknown" group meets the others').
    /// </summary>
    private void AppendUnionJoin(StringBuilder sb, List<string> groups, List<string> aliases)
    {
        var keys = string.Join(", ", groups.Select(Quote));
        sb.Append(",\nk AS (").Append(string.Join(" UNION ", aliases.Select((_, i) => $"SELECT {keys} FROM m{i + 1}"))).Append(')');
        sb.Append("\nSELECT ").Append(string.Join(", ", groups.Select(g => $"k.{Quote(g)} AS {Quote(g)}").Concat(aliases.Select((a, i) => $"m{i + 1}.{Quote(a)} AS {Quote(a)}"))));
        sb.Append("\nFROM k");
        for (var i = 0; i < aliases.Count; i++)
            sb.Append($"\nLEFT JOIN m{i + 1} ON ").Append(string.Join(" AND ", groups.Select(g => $"m{i + 1}.{Quote(g)} <=> k.{Quote(g)}")));
    }
}
