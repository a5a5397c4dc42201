using System.Globalization;
using System.Text;
using DataCharts.Core.Query;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// Turns a <see cref="QuerySpec"/> into one SELECT over the dataset's tables (joined along foreign keys or matching key
/// names), with readable output column names and rounded measures so the narrative can quote them. It is written in
/// the dialect of the dataset (<see cref="SqlSyntax"/>): DuckDB for files, the server's own for a live database, so
/// the aggregation runs where the data is.
/// </summary>
public sealed partial class SqlBuilder(SchemaIndex index, SqlSyntax syntax)
{
    /// <summary>A builder in the dialect of the index's dataset.</summary>
    public SqlBuilder(SchemaIndex index) : this(index, SqlSyntax.For(index.Schema.Dataset)) { }

    private string Quote(string identifier) => syntax.Quote(identifier);

    /// <summary>Tables whose rows the joins repeat (joined to a table on the many side of a relationship): their sums would count rows twice.</summary>
    private HashSet<string> multiplied = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SQL, or null with the reason when the tables cannot be joined or a measure cannot be added up at this grain.</summary>
    public (string? Sql, string? Problem) Build(QuerySpec spec)
    {
        if (UnportableMeasure(spec) is { } unportable) return (null, unportable);
        var tables = ReferencedTables(spec);
        var joins = JoinPlan(spec.Table, tables);
        if (joins is null) return (null, $"I could not find how to join {string.Join(", ", tables.Where(t => t != spec.Table))} to {spec.Table}.");
        multiplied = Multiplied(spec.Table, joins);
        if (spec.Kind == QueryKind.Aggregate && FanOutProblem(spec) is { } fanOut)
            return spec.Measures.Count > 1 && PerGrain(spec) is { } combined ? (combined, null) : (null, fanOut);
        var vias = spec.Groups.Where(g => g.Via is not null).Select(g => (g.Column.Table, Via: g.Via!)).Distinct().ToList();
        if (spec.LookupVia is not null) vias.Add((spec.Table, spec.LookupVia));
        foreach (var f in spec.Filters.Where(f => f.Via is not null)) if (!vias.Contains((f.Column.Table, f.Via!))) vias.Add((f.Column.Table, f.Via!));
        var multi = joins.Count > 0 || vias.Count > 0;
        string C(Col c) => multi ? $"{Quote(c.Table)}.{Quote(c.Column)}" : Quote(c.Column);
        var from = new StringBuilder(Quote(spec.Table));
        foreach (var j in joins) from.Append($"\nJOIN {Quote(j.Table)} ON {j.On}");
        foreach (var (table, via) in vias)
        {
            // A self-reference joins the table to itself under the role's name ("manager").
            var rel = index.Model.Relationships.First(r => r.IsSelf && r.FromTable.Equals(table, StringComparison.OrdinalIgnoreCase) && r.FromColumn == via);
            from.Append($"\nJOIN {Quote(rel.ToTable)} AS {Quote(RoleAlias(rel))} ON {Quote(rel.FromTable)}.{Quote(rel.FromColumn)} = {Quote(RoleAlias(rel))}.{Quote(rel.ToColumn)}");
        }
        // A condition through a self-reference is about the row pointed at, under the role's name.
        string Through(FilterSpec f) => f.Via is not null && index.Model.Relationships.FirstOrDefault(x => x.IsSelf && x.FromColumn == f.Via && x.FromTable.Equals(f.Column.Table, StringComparison.OrdinalIgnoreCase)) is { } rel
            ? Condition(f, c => $"{Quote(RoleAlias(rel))}.{Quote(c.Column)}")
            : Condition(f, C);
        var where = spec.Filters.Select(Through).ToList();

        return spec.Kind switch
        {
            QueryKind.Rows => (Rows(spec, C, from.ToString(), where), null),
            QueryKind.Histogram => (Histogram(spec, C, from.ToString(), where), null),
            QueryKind.Scatter => (Scatter(spec, C, from.ToString(), where), null),
            QueryKind.Box when !syntax.HasQuantiles => (RankedBox(spec, C, from.ToString(), where), null),
            QueryKind.Box => (Box(spec, C, from.ToString(), where), null),
            _ when !syntax.HasQuantiles && spec.Measures.Any(m => m.Agg == Agg.Median) => RankedAggregate(spec, C, from.ToString(), where),
            _ => (Aggregate(spec, C, from.ToString(), where), null),
        };
    }

    private static string RoleAlias(DataCharts.Core.Semantics.Relationship r) => r.Role ?? "parent";

    /// <summary>
    /// Measures of different grains asked together ("total freight and total quantity by shipper"): each is
    /// aggregated from its own table in its own subquery, and the results are joined on the groups, so no join
    /// repeats the rows a sum adds up.
    /// </summary>
    private string? PerGrain(QuerySpec spec)
    {
        var parts = new List<(string Sql, string Alias)>();
        foreach (var m in spec.Measures)
        {
            var sub = spec.Clone();
            sub.Measures = [m];
            // The parts are joined on the names they show, so each part has one row per name.
            sub.Groups = sub.Groups.Select(g => g with { Key = null }).ToList();
            sub.Table = m.Column?.Table ?? m.MeasureTable ?? (m.CountedTable is { Length: > 0 } t && t != "default" ? t : spec.Table);
            sub.OrderByMeasure = false;
            sub.Limit = null;
            var (sql, _) = new SqlBuilder(index, syntax).Build(sub);
            if (sql is null) return null;
            var alias = MeasureExpr(m, c => Quote(c.Column), spec.Groups.Count > 0).Alias;
            parts.Add((sql, alias));
        }
        var groups = spec.Groups.Select(g => GroupExpr(g, c => Quote(c.Column)).Alias).ToList();
        var sb = new StringBuilder("WITH ");
        sb.Append(string.Join(",\n", parts.Select((p, i) => $"m{i + 1} AS (\n{p.Sql}\n)")));
        if (groups.Count > 0 && !syntax.HasFullJoin) AppendUnionJoin(sb, groups, parts.Select(p => p.Alias).ToList());
        else
        {
            sb.Append("\nSELECT ").Append(string.Join(", ", groups.Select(Quote).Concat(parts.Select(p => Quote(p.Alias)))));
            sb.Append("\nFROM m1");
            for (var i = 1; i < parts.Count; i++)
                sb.Append(groups.Count > 0 ? $"\nFULL JOIN m{i + 1} USING ({string.Join(", ", groups.Select(Quote))})" : $"\nCROSS JOIN m{i + 1}");
        }
        if (groups.Count > 0)
            sb.Append("\nORDER BY ").Append(spec.OrderByMeasure ? syntax.Order(Quote(parts[0].Alias), spec.Descending, true) : string.Join(", ", groups.Select(g => syntax.Ascending(Quote(g)))));
        if (spec.Limit is { } n) sb.Append("\nLIMIT ").Append(n);
        return sb.ToString();
    }

    /// <summary>
    /// The same question with money recorded once per header (an invoice's total) replaced by the line-level money
    /// measure of the lines the question joins ("revenue" = unit price × quantity), which adds up correctly by product,
    /// genre or category; null when there is none.
    /// </summary>
    public QuerySpec? LineLevel(QuerySpec spec)
    {
        if (JoinPlan(spec.Table, ReferencedTables(spec)) is not { } joins) return null;
        var repeated = Multiplied(spec.Table, joins);
        var changed = spec.Clone();
        var any = false;
        for (var i = 0; i < changed.Measures.Count; i++)
        {
            var m = changed.Measures[i];
            if (m.Column is not { } c || m.Agg is not (Agg.Sum or Agg.Avg or Agg.Share) || !repeated.Contains(c.Table)) continue;
            // Only a header amount that is the sum of its lines (an invoice's total) may be read from the lines; freight or tax may not.
            var money = index.Model.Measures.FirstOrDefault(x => x.Column is not null && x.Table == c.Table && x.Column == c.Column)?.Unit == DataCharts.Core.Semantics.Unit.Currency
                        && SchemaIndex.Words(c.Column).Split(' ').Any(w => w is "total" or "amount" or "revenue" or "sales" or "value" or "subtotal" or "sum");
            var line = index.Model.Measures.FirstOrDefault(x => x.Derived && x.Ratio is null && x.Unit == DataCharts.Core.Semantics.Unit.Currency && !repeated.Contains(x.Table)
                && index.Model.Relationships.Any(r => r.FromTable == x.Table && r.ToTable == c.Table));
            if (!money || line is null) continue;
            changed.Measures[i] = new MeasureSpec(m.Agg, null) { ModelMeasure = line.Name, MeasureTable = line.Table };
            changed.Table = line.Table;
            any = true;
        }
        return any ? changed : null;
    }

    /// <summary>
    /// Which tables the joins repeat: joining a child on the many side of a relationship repeats every table outside
    /// the child's own branch (an order joined to its lines appears once per line).
    /// </summary>
    private static HashSet<string> Multiplied(string root, List<Join> joins)
    {
        var all = new HashSet<string>(joins.Select(j => j.Table).Append(root), StringComparer.OrdinalIgnoreCase);
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var j in joins.Where(j => string.Equals(j.Many, j.Table, StringComparison.OrdinalIgnoreCase)))
        {
            var branch = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { j.Table };
            bool added;
            do
            {
                added = false;
                foreach (var k in joins.Where(k => branch.Contains(k.Parent) && branch.Add(k.Table))) added = true;
            }
            while (added);
            result.UnionWith(all.Where(t => !branch.Contains(t)));
        }
        return result;
    }

    /// <summary>
    /// A measure added up over rows the joins repeat would count them several times: say so instead of answering.
    /// Counts of those rows become counts of distinct keys; minimum, maximum and distinct counts are safe.
    /// </summary>
    private string? FanOutProblem(QuerySpec spec)
    {
        foreach (var m in spec.Measures)
        {
            if (m.Agg is Agg.Min or Agg.Max or Agg.CountDistinct) continue;
            if (m.Agg == Agg.Count)
            {
                var counted = m.CountedTable is { Length: > 0 } t && t != "default" ? t : spec.Table;
                if (multiplied.Contains(counted) && index.Model.EntityOf(counted)?.Key is null)
                    return $"Counting {Noun(counted)} here would count each one once per related row, and I do not know their key to count them once.";
                continue;
            }
            var table = m.Column?.Table ?? m.MeasureTable;
            if (table is null || !multiplied.Contains(table) || m.ModelMeasure is not null && index.Model.MeasureNamed(m.ModelMeasure)?.Ratio is not null) continue;
            var what = m.Column is not null ? SchemaIndex.Words(m.Column.Column) : m.ModelMeasure!;
            var by = string.Join(", ", spec.Groups.Select(g => SchemaIndex.Words(g.Column.Column)).Concat(spec.Filters.Select(f => SchemaIndex.Words(f.Column.Column))).Distinct());
            return $"The {what} is recorded once per {Noun(table, false)}, but {(by.Length > 0 ? by : "this question")} needs rows that repeat each {Noun(table, false)} several times, " +
                   $"so a {(m.Agg == Agg.Avg ? "average" : "total")} would count some {Noun(table)} more than once. Ask about the {what} by something of the {Noun(table, false)} itself instead.";
        }
        return null;
    }

    private string Noun(string table, bool plural = true)
    {
        var nouns = index.Model.EntityOf(table)?.Nouns.Where(n => !Glossary.HasCjk(n)).ToList();
        return nouns is { Count: >= 2 } ? (plural ? nouns[1] : nouns[0]) : SchemaIndex.Words(table);
    }

    private static string Where(List<string> where) => where.Count == 0 ? "" : "\nWHERE " + string.Join("\n  AND ", where);

    /// <summary>The table the query starts from (what a bare count counts).</summary>
    private string currentRoot = "";

    private string Aggregate(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        currentRoot = spec.Table;
        var groups = spec.Groups.Select(g => GroupExpr(g, c)).ToList();
        var measures = spec.Measures.Select(m => MeasureExpr(m, c, spec.Groups.Count > 0)).ToList();
        return Grouped(spec, groups, measures, from + Where(where));
    }

    /// <summary>The SELECT of measures by groups over <paramref name="fromWhere"/>: grouped, filtered on the first measure, ordered and limited as asked.</summary>
    private string Grouped(QuerySpec spec, List<GroupSql> groups, List<(string Expr, string Alias)> measures, string fromWhere)
    {
        var select = new List<string>();
        var groupBy = new List<string>();
        var orderGroups = new List<string>();
        foreach (var g in groups)
        {
            select.Add($"{g.Expr} AS {Quote(g.Alias)}");
            groupBy.Add(g.Expr);
            if (g.KeyExpr is not null) groupBy.Add(g.KeyExpr);
            orderGroups.Add(syntax.Ascending(g.Order ?? Quote(g.Alias)));
        }
        var measureAliases = new List<string>();
        foreach (var (expr, measureAlias) in measures)
        {
            var alias = Unique(measureAlias, select);
            select.Add($"{expr} AS {Quote(alias)}");
            measureAliases.Add(alias);
        }
        var sb = new StringBuilder("SELECT ").Append(string.Join(", ", select)).Append("\nFROM ").Append(fromWhere);
        if (groupBy.Count > 0)
        {
            sb.Append("\nGROUP BY ").Append(string.Join(", ", groupBy));
            if (spec.Having is { } having && measures.Count > 0)
            {
                var op = having.Op switch { "gt" => ">", "gte" => ">=", "lt" => "<", "lte" => "<=", _ => "=" };
                sb.Append("\nHAVING ").Append(measures[0].Expr).Append(' ').Append(op).Append(' ').Append(Num(having.Values[0]));
            }
            var temporal = spec.Groups.Any(g => g.Grain is not null || IsTimeLike(g));
            if (spec.OrderByMeasure && measureAliases.Count > 0 && !(temporal && spec.Limit is null && !spec.Ranked))
                // Rows without a group value ("unknown") go last, whatever their measure.
                sb.Append("\nORDER BY ").Append(string.Concat(groupBy.Select(g => $"({g}) IS NULL, "))).Append(syntax.Order(Quote(measureAliases[0]), spec.Descending, true, measures[0].Expr)).Append(", ").Append(string.Join(", ", orderGroups));
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

    /// <summary>
    /// A group's expression and output name, and how it sorts when not by its own value: <see cref="Order"/> in the
    /// grouped query (weekdays by their number), <see cref="RowOrder"/> the per-row value that order is the minimum of,
    /// <see cref="MonthNames"/> for a column of month names sorted by the calendar.
    /// </summary>
    private sealed record GroupSql(string Expr, string Alias, string? Order = null, string? RowOrder = null, bool MonthNames = false)
    {
        /// <summary>The named rows' key, grouped by but not shown.</summary>
        public string? KeyExpr { get; init; }
    }

    private static readonly string[] Months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private GroupSql GroupExpr(GroupSpec g, Func<Col, string> c)
    {
        if (g.Via is not null && index.Model.Relationships.FirstOrDefault(r => r.IsSelf && r.FromTable.Equals(g.Column.Table, StringComparison.OrdinalIgnoreCase) && r.FromColumn == g.Via) is { } rel)
        {
            // Through a self-reference: the name of the row pointed at, under the role's name ("manager").
            var role = Quote(RoleAlias(rel));
            var named = g.Surname is not null ? syntax.Concat($"{role}.{Quote(g.Column.Column)}", "' '", $"{role}.{Quote(g.Surname.Column)}") : $"{role}.{Quote(g.Column.Column)}";
            return new(named, RoleAlias(rel));
        }
        var col = c(g.Column);
        var name = g.Column.Column;
        switch (g.Grain)
        {
            case "year" when index.Find(g.Column.Table, g.Column.Column)?.IsTemporal == true:
                return new(syntax.YearNumber(col), "year");
            case "quarter":
                return new(syntax.QuarterLabel(col), "quarter");
            case "month":
                return new(syntax.MonthStart(col), "month");
            case "week":
                return new(syntax.WeekStart(col), "week");
            case "day":
                return new(syntax.Day(col), "day");
            case "weekday":
                var weekday = syntax.WeekdayNumber(col);
                return new(syntax.WeekdayName(col), "weekday", $"min({weekday})", weekday);
            case "year_month" when g.MonthColumn is not null:
                return new(syntax.MonthOfYear(col, c(g.MonthColumn)), "month");
        }
        var key = g.Key is { } k ? c(k) : null;
        if (g.Surname is not null) return new(syntax.Concat(col, "' '", c(g.Surname)), SchemaIndex.Words(g.Column.Table).Replace(' ', '_')) { KeyExpr = key };
        // Month names sort by the calendar, not alphabetically.
        var values = index.Find(g.Column.Table, g.Column.Column) is { } cr ? index.ValuesOf(cr) : [];
        if (values.Count > 0 && values.All(v => Months.Contains(v.ToLowerInvariant())))
            return new(col, name, syntax.MonthNameOrder(Quote(name), col), MonthNames: true);
        // A table's name column reads better under the table's name ("artist", not "Name").
        if (name is "Name" or "Title" or "name" or "title" && index.Tables.Count > 1) name = SchemaIndex.Words(g.Column.Table).Replace(' ', '_');
        return new(col, name) { KeyExpr = key };
    }

    private (string Expr, string Alias) MeasureExpr(MeasureSpec m, Func<Col, string> c, bool grouped)
    {
        var (expr, alias, rounded) = RawMeasure(m, c, grouped);
        return (rounded ? syntax.Round(expr, 2) : expr, alias);
    }

    /// <summary>A measure before rounding, and whether it is rounded to two places for the narrative (counts, minimums and maximums of columns are not).</summary>
    private (string Expr, string Alias, bool Rounded) RawMeasure(MeasureSpec m, Func<Col, string> c, bool grouped)
    {
        if (m.ModelMeasure is not null && index.Model.MeasureNamed(m.ModelMeasure) is { } model) return ModelMeasureExpr(m, model, c, grouped);
        if (m.Agg == Agg.Count && (m.CountedTable is { Length: > 0 } ct && ct != "default" ? ct : null) is var counted
            && multiplied.Contains(counted ?? currentRoot) && index.Model.EntityOf(counted ?? currentRoot)?.Key is { } key)
        {
            // The joins repeat these rows: count each one once, by its key.
            var table = counted ?? currentRoot;
            return ($"count(DISTINCT {c(new Col(table, key))})", $"number_of_{Plural(SchemaIndex.Words(table).Replace(' ', '_'))}", false);
        }
        if (m.Scale is { } scale && m.InUnit is { } unit && m.Column is not null)
        {
            // Asked in another unit: the aggregate divided by how many stored units one asked unit is.
            var (inner, innerAlias, _) = RawMeasure(m with { Scale = null, InUnit = null }, c, grouped);
            return (syntax.Divide(inner, scale.ToString("R", CultureInfo.InvariantCulture)), $"{innerAlias}_{unit.ToLowerInvariant()}", true);
        }
        var name = m.Column?.Column ?? "";
        var col = m.Column is null ? "" : c(m.Column);
        return m.Agg switch
        {
            Agg.Count => ("count(*)", m.CountedTable is { Length: > 0 } t && t != "default" ? $"number_of_{Plural(SchemaIndex.Words(t).Replace(' ', '_'))}" : "count", false),
            Agg.CountDistinct => ($"count(DISTINCT {col})", $"distinct_{name}", false),
            Agg.Sum => ($"sum({col})", $"total_{name}", true),
            Agg.Avg => ($"avg({col})", $"average_{name}", true),
            Agg.Median => (MedianOf(col), $"median_{name}", true),
            Agg.Min => ($"min({col})", $"min_{name}", false),
            Agg.Max => ($"max({col})", $"max_{name}", false),
            Agg.Rate when m.Column is not null => (syntax.Divide($"100.0 * sum(CASE WHEN {Condition(m.Condition!, c)} THEN {col} ELSE 0 END)", $"sum({col})"), $"percent_of_{name}_{ConditionAlias(m.Condition!)}", true),
            Agg.Rate => ($"100.0 * avg(CASE WHEN {Condition(m.Condition!, c)} THEN 1 ELSE 0 END)", $"percent_{ConditionAlias(m.Condition!)}", true),
            Agg.Share when m.Column is not null && grouped => (syntax.Divide($"100.0 * sum({col})", $"sum(sum({col})) OVER ()"), $"percent_of_total_{name}", true),
            Agg.Share when grouped => (syntax.Divide("100.0 * count(*)", "sum(count(*)) OVER ()"), "percent_of_rows", true),
            Agg.Share when m.Column is not null => ($"sum({col})", $"total_{name}", true),
            _ => ("count(*)", "count", false),
        };
    }

    /// <summary>
    /// A measure of the semantic model: its expression (columns qualified by its table) under the aggregate, or a
    /// ratio of two measures ("average order value" = revenue / the number of orders, counted once each).
    /// </summary>
    private (string Expr, string Alias, bool Rounded) ModelMeasureExpr(MeasureSpec m, DataCharts.Core.Semantics.Measure model, Func<Col, string> c, bool grouped)
    {
        var alias = model.Name.Replace(' ', '_');
        if (model.Ratio is { } ratio && index.Model.MeasureNamed(ratio.Numerator) is { } num && index.Model.MeasureNamed(ratio.Denominator) is { } den)
        {
            var numerator = $"sum({Qualify(num.Expression, num.Table)})";
            var link = index.Model.Relationships.FirstOrDefault(r => r.FromTable == num.Table && r.ToTable == den.Table);
            var denominator = num.Table == den.Table || link is null ? "count(*)" : $"count(DISTINCT {Quote(link.FromTable)}.{Quote(link.FromColumn)})";
            return (syntax.Divide(numerator, denominator), alias, true);
        }
        var expr = ModelInput(model);
        return m.Agg switch
        {
            Agg.Avg => ($"avg({expr})", $"average_{alias}", true),
            Agg.Median => (MedianOf(expr), $"median_{alias}", true),
            Agg.Min => ($"min({expr})", $"min_{alias}", true),
            Agg.Max => ($"max({expr})", $"max_{alias}", true),
            Agg.Rate => (syntax.Divide($"100.0 * sum(CASE WHEN {Condition(m.Condition!, c)} THEN {expr} ELSE 0 END)", $"sum({expr})"), $"percent_of_{alias}_{ConditionAlias(m.Condition!)}", true),
            Agg.Share when grouped => (syntax.Divide($"100.0 * sum({expr})", $"sum(sum({expr})) OVER ()"), $"percent_of_total_{alias}", true),
            _ => ($"sum({expr})", $"total_{alias}", true),
        };
    }

    /// <summary>The per-row value a model measure aggregates.</summary>
    private string ModelInput(DataCharts.Core.Semantics.Measure model) => model.Expression == "*" ? "1" : Qualify(model.Expression, model.Table);

    /// <summary>The median aggregate, or on a dialect without one, the median worked out from the ranks <see cref="RankedAggregate"/> adds.</summary>
    private string MedianOf(string expression) => syntax.Median(expression) ?? rankedMedian?.Invoke(expression) ?? $"median({expression})";

    /// <summary>
    /// Puts the table in front of every quoted column of a model expression (written in DuckDB's quoting by the
    /// expression translator), quoting both for the dialect and re-writing its string literals; on PostgreSQL a
    /// division is made numeric, since there an integer divided by an integer drops the fraction.
    /// </summary>
    private string Qualify(string expression, string table)
    {
        var sb = new StringBuilder();
        var plain = new StringBuilder();
        void Flush()
        {
            sb.Append(syntax.Dialect == SqlDialect.PostgreSql ? plain.Replace("/ NULLIF(", "/ NULLIF(1.0 * ") : plain);
            plain.Clear();
        }
        for (var i = 0; i < expression.Length; i++)
        {
            var ch = expression[i];
            if (ch is not ('"' or '\''))
            {
                plain.Append(ch);
                continue;
            }
            Flush();
            var end = i + 1;
            while (end < expression.Length && !(expression[end] == ch && (end + 1 >= expression.Length || expression[end + 1] != ch))) end += expression[end] == ch ? 2 : 1;
            var token = expression[i..Math.Min(end + 1, expression.Length)];
            if (syntax.Dialect == SqlDialect.DuckDb) sb.Append(ch == '"' ? $"{Quote(table)}.{token}" : token);
            else
            {
                var text = token.Length >= 2 ? token[1..^1].Replace(new string(ch, 2), ch.ToString(), StringComparison.Ordinal) : "";
                sb.Append(ch == '"' ? $"{Quote(table)}.{Quote(text)}" : syntax.Literal(text));
            }
            i = end;
        }
        Flush();
        return sb.ToString();
    }

    private static string Plural(string w) =>
        w.EndsWith('s') ? w : w.EndsWith('y') && w.Length > 2 && !"aeiou".Contains(w[^2]) ? w[..^1] + "ies" : w + "s";

    private string Unique(string alias, List<string> select)
    {
        var a = alias;
        for (var i = 2; select.Any(s => s.EndsWith($" AS {Quote(a)}", StringComparison.Ordinal)); i++) a = $"{alias}_{i}";
        return a;
    }
}
