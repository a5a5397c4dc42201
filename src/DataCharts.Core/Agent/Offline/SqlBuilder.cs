using System.Globalization;
using System.Text;
using DataCharts.Core.Datasets;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// Turns a <see cref="QuerySpec"/> into one DuckDB SELECT over the dataset's tables (joined along foreign keys or
/// matching key names), with readable output column names and rounded measures so the narrative can quote them.
/// </summary>
public sealed class SqlBuilder(SchemaIndex index)
{
    private static readonly string MonthList = "['january','february','march','april','may','june','july','august','september','october','november','december']";

    /// <summary>The SQL, or null with the reason when the tables cannot be joined.</summary>
    public (string? Sql, string? Problem) Build(QuerySpec spec)
    {
        var tables = ReferencedTables(spec);
        var joins = JoinPlan(spec.Table, tables);
        if (joins is null) return (null, $"I could not find how to join {string.Join(", ", tables.Where(t => t != spec.Table))} to {spec.Table}.");
        var multi = joins.Count > 0;
        string C(Col c) => multi ? $"{Quote(c.Table)}.{Quote(c.Column)}" : Quote(c.Column);
        var from = new StringBuilder(Quote(spec.Table));
        foreach (var (table, on) in joins) from.Append($"\nJOIN {Quote(table)} ON {on}");
        var where = spec.Filters.Select(f => Condition(f, C)).ToList();

        return spec.Kind switch
        {
            QueryKind.Rows => (Rows(spec, C, from.ToString(), where), null),
            QueryKind.Histogram => (Histogram(spec, C, from.ToString(), where), null),
            QueryKind.Scatter => (Scatter(spec, C, from.ToString(), where), null),
            QueryKind.Box => (Box(spec, C, from.ToString(), where), null),
            _ => (Aggregate(spec, C, from.ToString(), where), null),
        };
    }

    private static string Where(List<string> where) => where.Count == 0 ? "" : "\nWHERE " + string.Join("\n  AND ", where);

    private string Aggregate(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var select = new List<string>();
        var groupBy = new List<string>();
        var orderGroups = new List<string>();
        foreach (var g in spec.Groups)
        {
            var (expr, alias, order) = GroupExpr(g, c);
            select.Add($"{expr} AS {Quote(alias)}");
            groupBy.Add(expr);
            orderGroups.Add(order ?? Quote(alias));
        }
        var measureAliases = new List<string>();
        foreach (var m in spec.Measures)
        {
            var (expr, alias) = MeasureExpr(m, c, spec.Groups.Count > 0);
            alias = Unique(alias, select);
            select.Add($"{expr} AS {Quote(alias)}");
            measureAliases.Add(alias);
        }
        var sb = new StringBuilder("SELECT ").Append(string.Join(", ", select)).Append("\nFROM ").Append(from).Append(Where(where));
        if (groupBy.Count > 0)
        {
            sb.Append("\nGROUP BY ").Append(string.Join(", ", groupBy));
            var temporal = spec.Groups.Any(g => g.Grain is not null || IsTimeLike(g));
            if (spec.OrderByMeasure && measureAliases.Count > 0 && !(temporal && spec.Limit is null && !spec.Ranked))
                // Rows without a group value ("unknown") go last, whatever their measure.
                sb.Append("\nORDER BY ").Append(string.Concat(groupBy.Select(g => $"({g}) IS NULL, "))).Append(Quote(measureAliases[0])).Append(spec.Descending ? " DESC" : " ASC").Append(" NULLS LAST, ").Append(string.Join(", ", orderGroups));
            else
                sb.Append("\nORDER BY ").Append(string.Join(", ", orderGroups));
        }
        if (spec.Limit is { } n) sb.Append("\nLIMIT ").Append(n);
        return sb.ToString();
    }

    private bool IsTimeLike(GroupSpec g)
    {
        var col = index.Find(g.Column.Table, g.Column.Column);
        return col is not null && (col.IsTemporal || col.Words is "year" or "month" || col.Words.EndsWith(" year", StringComparison.Ordinal));
    }

    private (string Expr, string Alias, string? Order) GroupExpr(GroupSpec g, Func<Col, string> c)
    {
        var col = c(g.Column);
        var name = g.Column.Column;
        switch (g.Grain)
        {
            case "year" when index.Find(g.Column.Table, g.Column.Column)?.IsTemporal == true:
                return ($"CAST(year({col}) AS BIGINT)", "year", null);
            case "quarter":
                return ($"strftime(date_trunc('quarter', {col}), '%Y') || '-Q' || CAST(quarter({col}) AS VARCHAR)", "quarter", null);
            case "month":
                return ($"CAST(date_trunc('month', {col}) AS DATE)", "month", null);
            case "week":
                return ($"CAST(date_trunc('week', {col}) AS DATE)", "week", null);
            case "day":
                return ($"CAST({col} AS DATE)", "day", null);
            case "year_month" when g.MonthColumn is not null:
                var month = c(g.MonthColumn);
                return ($"make_date(CAST({col} AS INTEGER), CAST(list_position({MonthList}, lower({month})) AS INTEGER), 1)", "month", null);
        }
        if (g.Surname is not null) return ($"{col} || ' ' || {c(g.Surname)}", SchemaIndex.Words(g.Column.Table).Replace(' ', '_'), null);
        // Month names sort by the calendar, not alphabetically.
        var values = index.Find(g.Column.Table, g.Column.Column) is { } cr ? index.ValuesOf(cr) : [];
        if (values.Count > 0 && values.All(v => MonthList.Contains($"'{v.ToLowerInvariant()}'", StringComparison.Ordinal)))
            return (col, name, $"list_position({MonthList}, lower({Quote(name)}))");
        // A table's name column reads better under the table's name ("artist", not "Name").
        if (name is "Name" or "Title" or "name" or "title" && index.Tables.Count > 1) name = SchemaIndex.Words(g.Column.Table).Replace(' ', '_');
        return (col, name, null);
    }

    private static (string Expr, string Alias) MeasureExpr(MeasureSpec m, Func<Col, string> c, bool grouped)
    {
        if (m.Scale is { } scale && m.InUnit is { } unit && m.Column is not null)
        {
            // Asked in another unit: the aggregate divided by how many stored units one asked unit is.
            var (inner, innerAlias) = MeasureExpr(m with { Scale = null, InUnit = null }, c, grouped);
            var bare = inner.StartsWith("round(", StringComparison.Ordinal) && inner.EndsWith(", 2)", StringComparison.Ordinal) ? inner[6..^4] : inner;
            return ($"round({bare} / {scale.ToString("R", CultureInfo.InvariantCulture)}, 2)", $"{innerAlias}_{unit.ToLowerInvariant()}");
        }
        var name = m.Column?.Column ?? "";
        var col = m.Column is null ? "" : c(m.Column);
        return m.Agg switch
        {
            Agg.Count => ("count(*)", m.CountedTable is { Length: > 0 } t && t != "default" ? $"number_of_{Plural(SchemaIndex.Words(t).Replace(' ', '_'))}" : "count"),
            Agg.CountDistinct => ($"count(DISTINCT {col})", $"distinct_{name}"),
            Agg.Sum => ($"round(sum({col}), 2)", $"total_{name}"),
            Agg.Avg => ($"round(avg({col}), 2)", $"average_{name}"),
            Agg.Median => ($"round(median({col}), 2)", $"median_{name}"),
            Agg.Min => ($"min({col})", $"min_{name}"),
            Agg.Max => ($"max({col})", $"max_{name}"),
            Agg.Rate => ($"round(100.0 * avg(CASE WHEN {Condition(m.Condition!, c)} THEN 1 ELSE 0 END), 2)", $"percent_{ConditionAlias(m.Condition!)}"),
            Agg.Share when m.Column is not null && grouped => ($"round(100.0 * sum({col}) / sum(sum({col})) OVER (), 2)", $"percent_of_total_{name}"),
            Agg.Share when grouped => ("round(100.0 * count(*) / sum(count(*)) OVER (), 2)", "percent_of_rows"),
            Agg.Share when m.Column is not null => ($"round(sum({col}), 2)", $"total_{name}"),
            _ => ("count(*)", "count"),
        };
    }

    private static string Plural(string w) =>
        w.EndsWith('s') ? w : w.EndsWith('y') && w.Length > 2 && !"aeiou".Contains(w[^2]) ? w[..^1] + "ies" : w + "s";

    private static string Unique(string alias, List<string> select)
    {
        var a = alias;
        for (var i = 2; select.Any(s => s.EndsWith($" AS {Quote(a)}", StringComparison.Ordinal)); i++) a = $"{alias}_{i}";
        return a;
    }

    private static string ConditionAlias(FilterSpec f) => f.Op switch
    {
        "is_true" or "eq_num" => f.Column.Column,
        "eq" => Sanitize(string.Join("_", f.Values), f.Column.Column).ToLowerInvariant(),
        "ne" => "not_" + Sanitize(string.Join("_", f.Values), f.Column.Column).ToLowerInvariant(),
        _ => f.Column.Column,
    };

    private static string IsoDate(string v) => DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(string v) => decimal.Parse(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static string Condition(FilterSpec f, Func<Col, string> c)
    {
        var col = c(f.Column);
        return f.Op switch
        {
            "eq" when f.Values.Count == 1 => $"{col} = {Literal(f.Values[0])}",
            "eq" => $"{col} IN ({string.Join(", ", f.Values.Select(Literal))})",
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
            "year" => f.Values.Count == 1 ? $"year({col}) = {Num(f.Values[0])}" : $"year({col}) IN ({string.Join(", ", f.Values.Select(Num))})",
            "year_between" => $"year({col}) BETWEEN {Num(f.Values[0])} AND {Num(f.Values[1])}",
            "year_gt" => $"year({col}) > {Num(f.Values[0])}",
            "year_gte" => $"year({col}) >= {Num(f.Values[0])}",
            "year_lt" => $"year({col}) < {Num(f.Values[0])}",
            "month" => $"month({col}) IN ({string.Join(", ", f.Values.Select(Num))})",
            "is_null" => $"{col} IS NULL",
            "not_null" => $"{col} IS NOT NULL",
            "col_gt" => $"{col} > {c(f.Column with { Column = f.Values[0] })}",
            "col_lt" => $"{col} < {c(f.Column with { Column = f.Values[0] })}",
            "col_lte" => $"{col} <= {c(f.Column with { Column = f.Values[0] })}",
            "date_range" => $"{col} >= DATE {Literal(IsoDate(f.Values[0]))} AND {col} < DATE {Literal(IsoDate(f.Values[1]))}",
            _ => "true",
        };
    }

    private static string Rows(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var sb = new StringBuilder("SELECT ").Append(spec.Table == "" ? "*" : $"{Quote(spec.Table)}.*").Append("\nFROM ").Append(from).Append(Where(where));
        if (spec.OrderByMeasure && spec.Columns.Count > 0) sb.Append("\nORDER BY ").Append(c(spec.Columns[0])).Append(spec.Descending ? " DESC" : " ASC").Append(" NULLS LAST");
        sb.Append("\nLIMIT ").Append(spec.Limit ?? 100);
        return sb.ToString();
    }

    private static string Histogram(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var name = spec.Columns[0].Column;
        var filters = where.Append($"{x} IS NOT NULL").ToList();
        return $"""
            WITH v AS (SELECT CAST({x} AS DOUBLE) AS x FROM {from}{Where(filters)}),
                 s AS (SELECT min(x) AS lo, max(x) AS hi, count(*) AS n FROM v),
                 b AS (SELECT CASE WHEN s.hi = s.lo THEN 0 ELSE least(CAST(floor((v.x - s.lo) / ((s.hi - s.lo) / 20)) AS INTEGER), 19) END AS bin FROM v, s)
            SELECT round(s.lo + (s.hi - s.lo) / 20 * bin, 4) AS {Quote(name + "_from")}, round(s.lo + (s.hi - s.lo) / 20 * (bin + 1), 4) AS {Quote(name + "_to")}, count(*) AS "count"
            FROM b, s
            GROUP BY bin, s.lo, s.hi
            ORDER BY bin
            """;
    }

    private static string Scatter(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var y = c(spec.Columns[1]);
        var series = spec.Groups.Count > 0 ? ", " + c(spec.Groups[0].Column) + " AS " + Quote(spec.Groups[0].Column.Column) : "";
        var filters = where.Append($"{x} IS NOT NULL").Append($"{y} IS NOT NULL").ToList();
        return $"SELECT {x} AS {Quote(spec.Columns[0].Column)}, {y} AS {Quote(spec.Columns[1].Column)}{series}, round(corr({x}, {y}) OVER (), 3) AS \"correlation\"\nFROM {from}{Where(filters)}\nLIMIT 5000";
    }

    private static string Box(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var g = c(spec.Groups[0].Column);
        var gName = spec.Groups[0].Column.Column;
        var filters = where.Append($"{x} IS NOT NULL").ToList();
        return $"SELECT {g} AS {Quote(gName)}, min({x}) AS \"min\", round(quantile_cont({x}, 0.25), 2) AS \"q1\", round(median({x}), 2) AS \"median\", " +
               $"round(quantile_cont({x}, 0.75), 2) AS \"q3\", max({x}) AS \"max\", count(*) AS \"count\"\nFROM {from}{Where(filters)}\nGROUP BY {g}\nORDER BY \"median\" DESC";
    }

    /// <summary>Every table the SQL of <paramref name="spec"/> reads, the ones joined only to connect others included.</summary>
    public HashSet<string> JoinedTables(QuerySpec spec)
    {
        var set = ReferencedTables(spec);
        if (JoinPlan(spec.Table, set) is { } joins) set.UnionWith(joins.Select(j => j.Table));
        return set;
    }

    private static HashSet<string> ReferencedTables(QuerySpec spec)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { spec.Table };
        foreach (var m in spec.Measures)
        {
            if (m.Column is not null) set.Add(m.Column.Table);
            if (m.Condition is not null) set.Add(m.Condition.Column.Table);
        }
        foreach (var g in spec.Groups) set.Add(g.Column.Table);
        foreach (var f in spec.Filters) set.Add(f.Column.Table);
        foreach (var c in spec.Columns) set.Add(c.Table);
        return set;
    }

    /// <summary>Joins from the base table to every other referenced table along the shortest key path (BFS).</summary>
    private List<(string Table, string On)>? JoinPlan(string root, HashSet<string> needed)
    {
        var result = new List<(string, string)>();
        var joined = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root };
        foreach (var target in needed.Where(t => !joined.Contains(t)).ToList())
        {
            var path = Path(joined, target);
            if (path is null) return null;
            foreach (var (table, on) in path)
                if (joined.Add(table)) result.Add((table, on));
        }
        return result;
    }

    private List<(string Table, string On)>? Path(HashSet<string> from, string target)
    {
        var edges = Edges();
        var prev = new Dictionary<string, (string From, string On)>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(from);
        var seen = new HashSet<string>(from, StringComparer.OrdinalIgnoreCase);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (string.Equals(t, target, StringComparison.OrdinalIgnoreCase)) break;
            foreach (var (a, b, on) in edges)
            {
                var other = string.Equals(a, t, StringComparison.OrdinalIgnoreCase) ? b : string.Equals(b, t, StringComparison.OrdinalIgnoreCase) ? a : null;
                if (other is null || !seen.Add(other)) continue;
                prev[other] = (t, on);
                queue.Enqueue(other);
            }
        }
        if (!prev.ContainsKey(target)) return null;
        var path = new List<(string, string)>();
        for (var t = target; prev.TryGetValue(t, out var p); t = p.From)
        {
            path.Insert(0, (t, p.On));
            if (from.Contains(p.From)) break;
        }
        return path;
    }

    /// <summary>Foreign keys, and columns that share an id-like name across two tables.</summary>
    private List<(string A, string B, string On)> Edges()
    {
        var list = new List<(string, string, string)>();
        foreach (var r in index.Schema.Dataset.Relations)
            list.Add((r.FromTable, r.ToTable, $"{Quote(r.FromTable)}.{Quote(r.FromColumn)} = {Quote(r.ToTable)}.{Quote(r.ToColumn)}"));
        var tables = index.Tables;
        foreach (var a in tables)
        foreach (var b in tables)
        {
            if (string.CompareOrdinal(a.Name, b.Name) >= 0) continue;
            foreach (var ca in a.Columns.Where(x => x.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) && x.Name.Length > 2))
            {
                var cb = b.Columns.FirstOrDefault(x => x.Name.Equals(ca.Name, StringComparison.OrdinalIgnoreCase));
                if (cb is null) continue;
                var on = $"{Quote(a.Name)}.{Quote(ca.Name)} = {Quote(b.Name)}.{Quote(cb.Name)}";
                if (!list.Any(e => (e.Item1 == a.Name && e.Item2 == b.Name) || (e.Item1 == b.Name && e.Item2 == a.Name))) list.Add((a.Name, b.Name, on));
            }
        }
        return list;
    }
}
