using System.Text;
using DataCharts.Core.Query;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// The shapes a dialect without medians, quantiles or FULL JOIN (MySQL/MariaDB) needs: the rows are ranked within
/// their group in a subquery, and the median or quartile is read from the one or two rows around its position, the
/// same interpolation as DuckDB's median and PostgreSQL's percentile_cont. Everything still runs in the database.
/// </summary>
public sealed partial class SqlBuilder
{
    /// <summary>While <see cref="RankedAggregate"/> writes the outer query: the median of a ranked value column.</summary>
    private Func<string, string>? rankedMedian;

    /// <summary>
    /// Measures with a median, by groups, where the dialect has no median aggregate: a subquery computes each group,
    /// the measures' values and, for each median, the value's rank and count within its group; the outer query groups
    /// those rows again. Medians go with totals, averages, counts, minimums and maximums; shares and rates are refused.
    /// </summary>
    private (string? Sql, string? Problem) RankedAggregate(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        currentRoot = spec.Table;
        var grouped = spec.Groups.Count > 0;
        var groups = spec.Groups.Select(g => GroupExpr(g, c)).ToList();
        var partition = grouped ? $"PARTITION BY {string.Join(", ", groups.Select(g => g.Expr))}" : "";
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
        var measures = new List<(string Expr, string Alias)>();
        Func<Col, string> outer = col => Quote(col.Column);
        for (var j = 0; j < spec.Measures.Count; j++)
        {
            var m = spec.Measures[j];
            var (whole, alias) = MeasureExpr(m, c, grouped);
            if (m.Agg == Agg.Count && m.ModelMeasure is null && whole == "count(*)")
            {
                measures.Add(("count(*)", alias));
                continue;
            }
            var model = m.ModelMeasure is null ? null : index.Model.MeasureNamed(m.ModelMeasure);
            var input = model is { Ratio: null } ? ModelInput(model) : model is null && m.Column is not null ? c(m.Column) : null;
            if (input is null || m.Agg is not (Agg.Median or Agg.Avg or Agg.Sum or Agg.Min or Agg.Max or Agg.CountDistinct))
                return (null, $"{syntax.Dialect.DisplayName()} has no median function, so I work a median out from ranked rows; that goes with totals, averages, counts, " +
                              "minimums and maximums, but not with this question's other measures. Ask for the median on its own.");
            var v = $"_v{j + 1}";
            inner.Add($"{input} AS {Quote(v)}");
            if (m.Agg == Agg.Median)
            {
                string r = Quote($"_r{j + 1}"), n = Quote($"_n{j + 1}");
                inner.Add($"row_number() OVER ({partition} ORDER BY {input} IS NULL, {input}) - 1 AS {r}".Replace("( ORDER", "(ORDER", StringComparison.Ordinal));
                inner.Add($"count({input}) OVER ({partition}) AS {n}");
                rankedMedian = value => MySqlSyntax.QuantileFromRanks(value, r, n, 0.5);
            }
            var (expr, _) = MeasureExpr(new MeasureSpec(m.Agg, new Col("", v)) { Scale = m.Scale, InUnit = m.InUnit }, outer, grouped);
            rankedMedian = null;
            measures.Add((expr, alias));
        }
        var rows = $"SELECT {string.Join(", ", inner)}\nFROM {from}{Where(where)}";
        return (Grouped(spec, outerGroups, measures, $"(\n{rows}\n) AS q"), null);
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
