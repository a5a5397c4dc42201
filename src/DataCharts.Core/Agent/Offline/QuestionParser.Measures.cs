using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>What is computed: measure columns and their aggregates, groups named by tables, money words, flags and rates.</summary>
public sealed partial class QuestionParser
{

    [GeneratedRegex(@"\b(spent|spend|spends|spending|paid|pay|pays|purchases?|bought|buy|revenue|sales|sold|earned|earn|earnings|income|turnover|amount|money|brings in|bring in|makes|earns)\b")]
    internal static partial Regex MoneyWords();

    private IEnumerable<ColumnRef> MoneyColumns(Reading r)
    {
        // Money words inside a value ("Sales Support Agent") are the value's.
        var money = MoneyWords().Matches(r.Text).Any(w => !r.Mentions.Any(m => m.Kind == MentionKind.Value && m.Start <= w.Index && w.Index + w.Length <= m.End));
        if (!money || r.Mentions.Any(m => m.Kind is MentionKind.Column or MentionKind.Measure && (m.Column?.IsNumeric ?? true))) return [];
        string[] names = ["total", "amount", "revenue", "sales", "sale amount", "price", "unit price", "cost", "fare"];
        var byName = index.Columns.Where(c => c.IsNumeric && names.Contains(c.Words)).OrderBy(c => Array.IndexOf(names, c.Words)).ThenByDescending(c => Relations(c.Table)).ToList();
        if (byName.Count > 0) return byName;
        // Otherwise the money the semantic model knows that adds up ("monthly_spend_usd").
        return index.Model.Measures.Where(m => m.Column is not null && m.Unit == DataCharts.Core.Semantics.Unit.Currency && m.Agg == DataCharts.Core.Semantics.MeasureAgg.Sum)
            .Select(m => index.Find(m.Table, m.Column!)).OfType<ColumnRef>();
    }

    private static Col Key(Mention m) => new(m.Column!.Table, m.Column.Column);

    private Mention? NextEntity(Reading r, int position, int maxGap)
    {
        var next = r.Mentions.FirstOrDefault(m => m.Start >= position);
        if (next is null) return null;
        var gap = r.Text[position..next.Start].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var filler = gap.Count(w => w is not ("the" or "a" or "an" or "of" or "their" or "its" or "each" or "every" or "different" or "distinct" or "unique"));
        return filler <= maxGap - 1 || gap.Length == 0 ? next : null;
    }

    private static List<Cue> CueBefore(Reading r, int position, int words)
    {
        var startWindow = position;
        var count = 0;
        while (startWindow > 0 && count < words)
        {
            startWindow--;
            if (r.Text[startWindow] == ' ') count++;
        }
        return r.Cues.Where(c => c.End <= position && c.Start >= startWindow).ToList();
    }

    private Agg? AggBefore(Reading r, Mention m)
    {
        var cue = CueBefore(r, m.Start, 4).LastOrDefault(c => c.Kind == "agg");
        if (cue is null)
        {
            // "price: what's the average?" → an aggregate right after the column.
            cue = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Start >= m.End && c.Start - m.End <= 12 && c.Value is "avg" or "sum" or "median");
        }
        if (cue is null) return null;
        if (cue.Value == "count") return DefaultAgg(Key(m)) == Agg.Sum ? Agg.Sum : null; // "how many passengers" where passengers is a number: its sum
        // "which month has the most passengers": most/least order the groups; the amount is a sum (or the stated average).
        var word = r.Text[cue.Start..cue.End];
        if (cue.Value is "max" or "min" && (r.Has("which") || r.Has("group") || TopN().IsMatch(r.Text)) && word is not ("maximum" or "max" or "minimum" or "min"))
        {
            var after = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Start >= m.End && c.Start - m.End <= 12 && c.Value is "avg" or "median" or "sum");
            return after is null ? null : AggOf(after.Value);
        }
        return AggOf(cue.Value);
    }

    /// <summary>Aggregates listed together before a column ("minimum, maximum and mean price").</summary>
    private List<Agg> AggList(Reading r, Mention m)
    {
        var before = r.Text[..m.Start];
        var list = Regex.Match(before, @"((?:\b(?:min(?:imum)?|max(?:imum)?|average|mean|median|total|sum)\b(?:\s*(?:,|and|&)\s*|\s+))+)(?:the\s+|of\s+)*$");
        if (!list.Success) return [];
        return r.Cues.Where(c => c.Kind == "agg" && c.Start >= list.Index && c.End <= m.Start && c.Value is not "count")
            .Select(c => r.Text[c.Start..c.End] is "most" or "top" or "best" or "least" ? null : AggOf(c.Value)).OfType<Agg>().Distinct().ToList();
    }

    private GroupSpec? GroupFor(Mention target)
    {
        if (target.Kind == MentionKind.Column)
        {
            // "by revenue" orders by a measure; "by cylinders" (a small set of whole numbers) groups.
            var c = target.Column!;
            // "by shipper" read as a key or a reference to one: people expect the name of the shipper, not its id.
            if (!Regex.IsMatch(target.Text, @"\b(id|ids|key|code|number)\b") && EntityNamedBy(c) is { } entity && DisplayGroup(entity) is { } named) return named;
            if (c.Type == ColumnType.Decimal || (c.Type == ColumnType.Integer && (index.ValuesOf(c).Count is 0 or > 60 || DefaultAgg(new Col(c.Table, c.Column)) == Agg.Sum))) return null;
            return new GroupSpec(Key(target));
        }
        if (target.Kind != MentionKind.Table) return null;
        // A table as a group: the column that names its rows (from the semantic model), through a role when one is named ("each manager").
        if (index.Model.EntityOf(target.Table!) is { } e && DisplayGroup(e) is { } display)
            return target.Role is { } role ? display with { Via = role.FromColumn } : display;
        if (target.Role is not null) return null;
        var t = index.Tables.First(x => x.Name == target.Table);
        // No column names its rows (order, invoice): one group per row, by its key. A text column that merely looks like a
        // name (ship_name, billing_address) repeats across rows and would add unrelated rows together.
        if (index.Model.EntityOf(t.Name) is { Key: { } key }) return new GroupSpec(new Col(t.Name, key));
        var label = t.Columns.FirstOrDefault(c => c.Name.Equals("Name", StringComparison.OrdinalIgnoreCase) || c.Name.Equals("Title", StringComparison.OrdinalIgnoreCase))
                    ?? t.Columns.FirstOrDefault(c => c.Name.EndsWith("Name", StringComparison.OrdinalIgnoreCase))
                    ?? t.Columns.FirstOrDefault(c => c.Type == ColumnType.Text);
        return label is null ? null : new GroupSpec(new Col(t.Name, label.Name));
    }

    private static GroupSpec? DisplayGroup(DataCharts.Core.Semantics.Entity e) =>
        e.Display is null ? null : new GroupSpec(new Col(e.Table, e.Display), Surname: e.DisplaySecond is { } second ? new Col(e.Table, second) : null)
        {
            Key = e.Key is { } key && !key.Equals(e.Display, StringComparison.OrdinalIgnoreCase) ? new Col(e.Table, key) : null,
        };

    /// <summary>The entity a key column stands for: its own table's when it is the key, the referenced table's when it points at one.</summary>
    private DataCharts.Core.Semantics.Entity? EntityNamedBy(ColumnRef c)
    {
        var model = index.Model;
        if (model.EntityOf(c.Table) is { } own && string.Equals(own.Key, c.Column, StringComparison.OrdinalIgnoreCase)) return own;
        var parent = model.Relationships.FirstOrDefault(r => !r.IsSelf && r.FromTable.Equals(c.Table, StringComparison.OrdinalIgnoreCase) && r.FromColumn.Equals(c.Column, StringComparison.OrdinalIgnoreCase));
        return parent is null ? null : model.EntityOf(parent.ToTable);
    }

    /// <summary>"revenue", "average order value": measures of the semantic model, with the aggregate asked for or the model's own.</summary>
    private void ReadModelMeasures(Reading r, QuerySpec spec, Cue? rateCue)
    {
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Measure && !r.Used.Contains(m)))
        {
            var measure = m.ModelMeasure!;
            var cue = CueBefore(r, m.Start, 4).LastOrDefault(c => c.Kind == "agg");
            var asked = cue is null ? null : AggOf(cue.Value);
            // "most revenue" orders the groups; "average revenue" is asked for; otherwise the measure adds up as the model says.
            if (asked is Agg.Max or Agg.Min && r.Text[cue!.Start..cue.End] is not ("maximum" or "max" or "minimum" or "min") || asked is Agg.Count) asked = null;
            var agg = measure.Ratio is not null ? Agg.Avg
                : rateCue is not null && rateCue.End <= m.Start ? Agg.Share
                : asked ?? measure.Agg switch
                {
                    DataCharts.Core.Semantics.MeasureAgg.Avg => Agg.Avg,
                    DataCharts.Core.Semantics.MeasureAgg.Median => Agg.Median,
                    DataCharts.Core.Semantics.MeasureAgg.Min => Agg.Min,
                    DataCharts.Core.Semantics.MeasureAgg.Max => Agg.Max,
                    _ => Agg.Sum,
                };
            spec.Measures.Add(new MeasureSpec(agg, null) { ModelMeasure = measure.Name, MeasureTable = measure.Table });
            r.Used.Add(m);
        }
    }

    /// <summary>How a bare measure adds up: as the semantic model says (amounts sum, levels average), else by the column's words.</summary>
    private Agg DefaultAgg(Col column)
    {
        if (Glossary.HasCjk(column.Column)) return DefaultAggByWords(column); // read through the glossary ("费用" is a cost)
        var model = index.Model.Measures.FirstOrDefault(m => m.Column is not null && m.Table.Equals(column.Table, StringComparison.OrdinalIgnoreCase) && m.Column.Equals(column.Column, StringComparison.OrdinalIgnoreCase));
        if (model is not null) return model.Agg == DataCharts.Core.Semantics.MeasureAgg.Sum ? Agg.Sum : Agg.Avg;
        return DefaultAggByWords(column);
    }

    private static Agg DefaultAggByWords(Col column)
    {
        // Chinese names ("销售额") are read through the glossary, so amounts in either language add up.
        var w = SchemaIndex.Normalize(SchemaIndex.Words(column.Column) + " " + Glossary.ToEnglish(SchemaIndex.Words(column.Column)));
        string[] additive = ["amount", "revenue", "sales", "total", "quantity", "units", "count", "passengers", "profit", "cost", "spend", "volume", "number", "bytes", "milliseconds", "population", "visits", "orders"];
        return additive.Any(a => w.Split(' ').Contains(a) || w.EndsWith(a, StringComparison.Ordinal)) && !w.Contains("price", StringComparison.Ordinal) && !w.Contains("rate", StringComparison.Ordinal) ? Agg.Sum : Agg.Avg;
    }

    private ChartType? ChartRequest(Reading r)
    {
        var kinds = r.Cues.Where(c => c.Kind == "chart").Select(c => c.Value).ToHashSet();
        if (kinds.Count == 0) return null;
        if (kinds.Contains("pie")) return ChartType.Pie;
        if (kinds.Contains("histogram")) return ChartType.Histogram;
        if (kinds.Contains("scatter")) return ChartType.Scatter;
        if (kinds.Contains("box")) return ChartType.Box;
        if (kinds.Contains("heatmap")) return ChartType.Heatmap;
        if (kinds.Contains("area")) return ChartType.Area;
        if (kinds.Contains("line")) return ChartType.Line;
        if (kinds.Contains("stacked")) return ChartType.StackedBar;
        if (kinds.Contains("horizontal")) return ChartType.HorizontalBar;
        if (kinds.Contains("bar")) return ChartType.Bar;
        return null;
    }

    private FilterSpec FlagFilter(ColumnRef c, bool value)
    {
        if (value) return TrueCondition(c);
        if (c.Type == ColumnType.Boolean) return new FilterSpec(new Col(c.Table, c.Column), "is_false", []);
        if (c.Type == ColumnType.Integer) return new FilterSpec(new Col(c.Table, c.Column), "eq_num", ["0"]);
        var no = index.ValuesOf(c).FirstOrDefault(v => v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("n", StringComparison.OrdinalIgnoreCase) || v == "0");
        return new FilterSpec(new Col(c.Table, c.Column), "eq", [no ?? "no"]);
    }

    private FilterSpec TrueCondition(ColumnRef c)
    {
        if (c.Type == ColumnType.Boolean) return new FilterSpec(new Col(c.Table, c.Column), "is_true", []);
        if (c.Type == ColumnType.Integer) return new FilterSpec(new Col(c.Table, c.Column), "eq_num", ["1"]);
        var yes = index.ValuesOf(c).FirstOrDefault(v => v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("y", StringComparison.OrdinalIgnoreCase) || v == "1");
        return new FilterSpec(new Col(c.Table, c.Column), "eq", [yes ?? "yes"]);
    }

    /// <summary>The condition of a rate: the value (or yes/no column) the question is about.</summary>
    private FilterSpec? RateCondition(Reading r, QuerySpec spec, Cue rateCue)
    {
        // "survival rate", "what percentage survived": a 0/1 or yes/no column.
        var flag = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && IsFlag(m.Column!));
        var valueFilters = spec.Filters.Where(f => f.Op is "eq" or "ne").ToList();
        if (valueFilters.Count > 0 && flag is null)
        {
            // The last value named is what is counted ("percentage of first class passengers who are female" → female).
            var lastValue = r.Mentions.Last(m => m.Kind == MentionKind.Value);
            return valueFilters.FirstOrDefault(f => f.Column == Key(lastValue));
        }
        if (flag is not null)
        {
            r.Used.Add(flag);
            var cond = TrueCondition(flag.Column!);
            spec.Measures.RemoveAll(m => m.Column == Key(flag));
            return cond;
        }
        // "what percentage of orders were shipped late", "… of tracks are longer than 5 minutes": the one condition is what is
        // counted (a year or month stays the scope: "percentage of revenue in 2023").
        return spec.Filters.Where(f => !(f.Op.StartsWith("year", StringComparison.Ordinal) || f.Op is "month" or "date_range")).ToList() is [var only] ? only : null;
    }

    private bool IsFlag(ColumnRef c)
    {
        if (c.Type == ColumnType.Boolean) return true;
        if (c.Type == ColumnType.Integer && index.Columns.Contains(c))
        {
            var words = c.Words;
            if (!c.IsIdentifier && index.ValuesOf(c) is { Count: 2 } bits && bits.All(v => v is "0" or "1")) return true;
            return words is "survived" or "alive" or "churned" or "converted" or "returned" || words.StartsWith("is ", StringComparison.Ordinal) || words.StartsWith("has ", StringComparison.Ordinal);
        }
        var vals = index.ValuesOf(c);
        return vals.Count is > 0 and <= 2 && (vals.All(v => v.ToLowerInvariant() is "yes" or "no" or "y" or "n" or "true" or "false") || vals.Count == 2 && vals.All(v => v is "0" or "1"));
    }
}
