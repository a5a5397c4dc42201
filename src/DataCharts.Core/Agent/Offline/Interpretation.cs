using System.Globalization;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// The plan in plain words, in the question's language: "Average body mass of penguins, by species, where sex is
/// FEMALE". Shown above every answer, so a reader can see what was computed before reading the numbers.
/// </summary>
public sealed class Interpretation(SchemaIndex index, bool chinese)
{
    public static bool IsChinese(string question) => Glossary.HasCjk(question);

    public string Describe(QuerySpec spec)
    {
        var parts = new List<string>();
        switch (spec.Kind)
        {
            case QueryKind.Rows when spec.LookupVia is not null:
                var role = index.Model.Relationships.FirstOrDefault(x => x.IsSelf && x.FromColumn == spec.LookupVia)?.Role ?? "parent";
                parts.Add(chinese ? $"{Noun(spec.Table)}的{(role == "manager" ? "上级" : role)}" : $"The {role} of the {Noun(spec.Table)}");
                break;
            case QueryKind.Rows:
                parts.Add(chinese ? $"{Noun(spec.Table)}的记录" : $"Rows of {Noun(spec.Table)}");
                break;
            case QueryKind.Histogram:
                parts.Add(chinese ? $"{Name(spec.Columns[0])}的分布（20 个等宽区间）" : $"Distribution of {Name(spec.Columns[0])} (20 equal-width bins)");
                break;
            case QueryKind.Scatter:
                parts.Add(chinese ? $"{Name(spec.Columns[0])}与{Name(spec.Columns[1])}的关系（含相关系数）" : $"{Cap(Name(spec.Columns[0]))} against {Name(spec.Columns[1])}, with their correlation");
                break;
            case QueryKind.Box:
                parts.Add(chinese ? $"{Name(spec.Columns[0])}的四分位分布" : $"Spread (quartiles) of {Name(spec.Columns[0])}");
                break;
            default:
                var measures = spec.Measures.Select(m => Measure(m, spec)).ToList();
                var of = chinese ? "" : spec.Measures.Any(m => m.Agg is not (Agg.Count or Agg.Rate or Agg.Share) || m.Column is not null && m.Agg == Agg.Share) ? $" of {Noun(spec.Table)}" : "";
                parts.Add(Cap(Join(measures)) + of);
                break;
        }
        var groups = spec.Groups.Select(Group).ToList();
        if (groups.Count > 0) parts.Add(chinese ? $"按{string.Join("和", groups)}分组" : "by " + Join(groups));
        var filters = spec.Filters.Select(Filter).ToList();
        if (spec.Having is { } having && spec.Measures.Count > 0)
        {
            var bound = having.Op switch { "gt" => chinese ? "大于" : "more than", "gte" => chinese ? "至少" : "at least", "lt" => chinese ? "少于" : "fewer than", "lte" => chinese ? "至多" : "at most", _ => chinese ? "等于" : "exactly" };
            filters.Add(chinese ? $"{Measure(spec.Measures[0], spec)}{bound} {having.Values[0]}" : $"{Measure(spec.Measures[0], spec).ToLowerInvariant()} is {bound} {having.Values[0]}");
        }
        if (filters.Count > 0) parts.Add(chinese ? "条件：" + string.Join("，且", filters) : "where " + string.Join(" and ", filters));
        if (spec.Limit is { } n && spec.Kind == QueryKind.Aggregate && spec.Measures.Count > 0)
            parts.Add(chinese ? $"{(spec.Descending ? "前" : "后")} {n} 名" : $"{(spec.Descending ? "top" : "bottom")} {n} by {Measure(spec.Measures[0], spec).ToLowerInvariant()}");
        else if (spec.OrderByMeasure && spec.Kind == QueryKind.Aggregate && spec.Groups.Count > 0 && spec.Measures.Count > 0)
            parts.Add(chinese ? (spec.Descending ? "从高到低" : "从低到高") : spec.Descending ? "highest first" : "lowest first");
        else if (spec.Kind == QueryKind.Rows)
        {
            if (spec.OrderByMeasure && spec.Columns.Count > 0)
                parts.Add(chinese ? $"按{Name(spec.Columns[0])}{(spec.Descending ? "从高到低" : "从低到高")}排序" : $"sorted by {Name(spec.Columns[0])}, {(spec.Descending ? "highest" : "lowest")} first");
            if (spec.Limit is { } rows) parts.Add(chinese ? $"最多 {rows} 行" : rows == 1 ? "the first row" : $"at most {rows} rows");
        }
        return string.Join(chinese ? "，" : ", ", parts);
    }

    private string Measure(MeasureSpec m, QuerySpec spec)
    {
        if (m.InUnit is { } unit) return Measure(m with { InUnit = null, Scale = null }, spec) + (chinese ? $"（单位：{unit}）" : $" in {unit}");
        if (m.ModelMeasure is { } named && index.Model.MeasureNamed(named) is { } model)
        {
            // A model measure says how it is computed: "total revenue (unit_price * quantity * (1 - discount))".
            var how = model.Ratio is { } ratio ? $"{ratio.Numerator} / {ratio.Denominator}" : model.Formula;
            var label = chinese ? model.Synonyms.FirstOrDefault(Glossary.HasCjk) ?? model.Name : model.Name;
            var what = model.Ratio is not null ? label : m.Agg switch
            {
                Agg.Avg => chinese ? $"平均{label}" : $"average {label}",
                Agg.Rate => chinese ? $"{Filter(m.Condition!)}所占{label}的百分比" : $"percentage of {label} where {Filter(m.Condition!)}",
                Agg.Share => chinese ? $"{label}占总量的比例" : $"share of the total {label}",
                Agg.Median => chinese ? $"{label}中位数" : $"median {label}",
                _ => chinese ? $"{label}总和" : $"total {label}",
            };
            return how is { Length: > 0 } ? $"{what} ({how})" : what;
        }
        var col = m.Column is null ? "" : Name(m.Column);
        var counted = Noun(m.CountedTable is { Length: > 0 } t && t != "default" ? t : spec.Table);
        if (chinese)
            return m.Agg switch
            {
                Agg.Count => $"{counted}数量",
                Agg.CountDistinct => $"不同{col}的数量",
                Agg.Sum => $"{col}总和",
                Agg.Avg => $"平均{col}",
                Agg.Median => $"{col}中位数",
                Agg.Min => $"最小{col}",
                Agg.Max => $"最大{col}",
                Agg.Rate when m.Column is not null => $"{Filter(m.Condition!)}所占{col}的百分比",
                Agg.Rate => $"{Filter(m.Condition!)}的占比",
                Agg.Share when m.Column is not null => $"{col}占总量的比例",
                _ => $"{counted}占总数的比例",
            };
        return m.Agg switch
        {
            Agg.Count => $"number of {counted}",
            Agg.CountDistinct => $"number of distinct {col}",
            Agg.Sum => col.StartsWith("total", StringComparison.Ordinal) ? col : $"total {col}",
            Agg.Avg => $"average {col}",
            Agg.Median => $"median {col}",
            Agg.Min => $"lowest {col}",
            Agg.Max => $"highest {col}",
            Agg.Rate when m.Column is not null => $"percentage of the {col} where {Filter(m.Condition!)}",
            Agg.Rate => $"percentage of {counted} where {Filter(m.Condition!)}",
            Agg.Share when m.Column is not null => $"share of the total {col}",
            _ => $"share of all {counted}",
        };
    }

    private string Group(GroupSpec g)
    {
        if (g.Via is not null && index.Model.Relationships.FirstOrDefault(r => r.IsSelf && r.FromColumn == g.Via && r.FromTable == g.Column.Table) is { } rel)
            return chinese ? $"{rel.Role ?? "上级"}（{g.Via}）" : $"{rel.Role ?? "parent"} (through {SchemaIndex.Words(g.Via)})";
        var name = g.Surname is not null ? Noun(g.Column.Table, plural: false) : Name(g.Column);
        if (g.Grain is null) return name;
        var grain = g.Grain == "year_month" ? "month" : g.Grain;
        if (chinese)
            return (grain switch { "year" => "年", "quarter" => "季度", "month" => "月", "week" => "周", "day" => "日", "weekday" => "星期几", _ => grain }) + $"（{name}）";
        return $"{grain} of {name}";
    }

    private string Filter(FilterSpec f)
    {
        var col = f.Via is not null ? (chinese ? $"上级的{Name(f.Column)}" : $"the {index.Model.Relationships.FirstOrDefault(x => x.IsSelf && x.FromColumn == f.Via)?.Role ?? "parent"}'s {Name(f.Column)}") : Name(f.Column);
        var values = f.Values;
        string Or(string sep) => string.Join(sep, values);
        if (chinese)
            return f.Op switch
            {
                "eq" or "eq_num" or "in_num" or "in_set" => $"{col}为{Or("或")}",
                "ne" => $"{col}不为{Or("或")}",
                "is_true" => $"{col}为是",
                "is_false" => $"{col}为否",
                "gt" => $"{col}大于 {values[0]}",
                "gte" => $"{col}至少 {values[0]}",
                "lt" => $"{col}小于 {values[0]}",
                "lte" => $"{col}至多 {values[0]}",
                "between" => $"{col}在 {values[0]} 到 {values[1]} 之间",
                "year" => $"{col}在 {Or("、")} 年",
                "year_between" => $"{col}在 {values[0]}–{values[1]} 年",
                "year_gt" => $"{col}在 {values[0]} 年之后",
                "year_gte" => $"{col}从 {values[0]} 年起",
                "year_lt" => $"{col}在 {values[0]} 年之前",
                "month" => $"{col}在 {Or("、")} 月",
                "is_null" => $"{col}为空",
                "not_exists" => $"没有任何{Noun(f.Values[0])}",
                "exists" => $"至少有一条{Noun(f.Values[0])}",
                "not_null" => $"{col}不为空",
                "col_gt" => $"{col}晚于（大于）{Other(f)}",
                "col_lt" => $"{col}早于（小于）{Other(f)}",
                "col_lte" => $"{col}不晚于{Other(f)}",
                "date_range" => $"{col}在 {values[0]} 至 {values[1]}（不含）之间",
                "date_after" => $"{col}晚于 {values[0]}",
                "date_from" => $"{col}不早于 {values[0]}",
                "date_before" => $"{col}早于 {values[0]}",
                "date_to" => $"{col}不晚于 {values[0]}",
                "contains" => $"{col}包含“{values[0]}”",
                _ => col,
            };
        return f.Op switch
        {
            "eq" or "eq_num" or "in_num" or "in_set" => values.Count == 1 ? $"{col} is {values[0]}" : $"{col} is {Or(" or ")}",
            "ne" => $"{col} is not {Or(" or ")}",
            "is_true" => $"{col} is true",
            "is_false" => $"{col} is false",
            "gt" => $"{col} is above {values[0]}",
            "gte" => $"{col} is at least {values[0]}",
            "lt" => $"{col} is below {values[0]}",
            "lte" => $"{col} is at most {values[0]}",
            "between" => $"{col} is between {values[0]} and {values[1]}",
            "year" => $"{col} is in {Or(" or ")}",
            "year_between" => $"{col} is in {values[0]}–{values[1]}",
            "year_gt" => $"{col} is after {values[0]}",
            "year_gte" => $"{col} is in {values[0]} or later",
            "year_lt" => $"{col} is before {values[0]}",
            "month" => $"the month of {col} is {string.Join(" or ", values.Select(MonthName))}",
            "is_null" => $"{col} is empty",
            "not_exists" => $"there are no {Noun(f.Values[0])} for it",
            "exists" => $"there is at least one of its {Noun(f.Values[0])}",
            "not_null" => $"{col} is filled in",
            "col_gt" => $"{col} is after {Other(f)}",
            "col_lt" => $"{col} is before {Other(f)}",
            "col_lte" => $"{col} is on or before {Other(f)}",
            "date_range" => $"{col} is from {values[0]} up to (not including) {values[1]}",
            "date_after" => $"{col} is after {values[0]}",
            "date_from" => $"{col} is on or after {values[0]}",
            "date_before" => $"{col} is before {values[0]}",
            "date_to" => $"{col} is on or before {values[0]}",
            "contains" => $"{col} contains “{values[0]}”",
            _ => col,
        };
    }

    private string Other(FilterSpec f) => Name(f.Column with { Column = f.Values[0] });

    private static string MonthName(string v) =>
        int.TryParse(v, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12 ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m) : v;

    /// <summary>A column as people read it: its label's words, with the table when several tables are involved.</summary>
    private string Name(Col c)
    {
        var col = index.Find(c.Table, c.Column);
        var words = col is null ? SchemaIndex.Words(c.Column) : Glossary.HasCjk(col.Label) ? col.Label : SchemaIndex.Words(col.Label.Length > 0 ? col.Label : col.Column);
        // "body mass g" reads as "body mass (g)".
        var parts = words.Split(' ');
        if (parts.Length > 1 && SchemaIndex.IsUnitSuffix(parts[^1])) words = $"{string.Join(' ', parts[..^1])} ({parts[^1]})";
        if (index.Tables.Count > 1 && words is "name" or "title" or "id") return chinese ? $"{Noun(c.Table, false)}的{words}" : $"{Noun(c.Table, false)} {words}";
        return words;
    }

    /// <summary>A table as a noun ("penguins", "invoice lines"); plural by default.</summary>
    private string Noun(string table, bool plural = true)
    {
        var t = index.Tables.FirstOrDefault(x => x.Name.Equals(table, StringComparison.OrdinalIgnoreCase));
        var words = SchemaIndex.Words(t is null ? table : t.Label.Length > 0 ? t.Label : t.Name);
        // A one-table dataset is often named after its subject ("titanic", "mpg"), not its rows: say "rows" then.
        if (words.Length == 0 || index.Tables.Count == 1 && !words.EndsWith('s') && !Glossary.HasCjk(words)) return chinese ? "行" : plural ? "rows" : "row";
        if (Glossary.HasCjk(words)) return words;
        var forms = SchemaIndex.Forms(words).ToList();
        var singular = words.EndsWith('s') && forms.Count > 1 ? forms[1] : words;
        return plural ? (words.EndsWith('s') ? words : forms.Count > 1 ? forms[^1] : words) : singular;
    }

    private string Join(List<string> items) =>
        items.Count <= 1 ? string.Concat(items) : chinese ? string.Join("、", items) : string.Join(", ", items[..^1]) + " and " + items[^1];

    private string Cap(string s) => chinese || s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
