using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>
/// What can be computed: one measure per numeric column that is no key, reference, flag or year; a row count per
/// entity; line revenue where a table has a unit price and a quantity (less a fractional discount); and the average
/// value of a header ("average order value") where a line table with revenue points at it.
/// </summary>
public static class MeasureInference
{
    public static IReadOnlyList<Measure> Infer(SchemaFacts facts, IReadOnlyList<Entity> entities, IReadOnlyList<Relationship> relationships, IReadOnlyList<Dimension> dimensions)
    {
        var measures = new List<Measure>();
        foreach (var t in facts.Dataset.Tables)
        {
            foreach (var c in t.Columns.Where(c => c.Type.IsNumeric()))
            {
                var kind = dimensions.FirstOrDefault(d => d.Table == t.Name && d.Column == c.Name)?.Kind;
                if (kind is null or DimensionKind.ForeignKey or DimensionKind.Flag or DimensionKind.Time || ColumnRoles.IsIdentifierLike(c.Name)) continue;
                var phrase = Words.Phrase(c.Name);
                measures.Add(new Measure(phrase, DimensionInference.Label(c), t.Name, Identifiers.Quote(c.Name), ColumnRoles.AggOf(c.Name),
                    ColumnRoles.UnitOf(c.Name, facts.Stats(t, c.Name)), Synonyms(c, phrase), Derived: false)
                { Column = c.Name, Formula = c.Name });
            }
            if (Revenue(facts, t) is { } revenue) measures.Add(revenue);
        }
        foreach (var e in entities)
        {
            var plural = e.Nouns.Count > 1 ? e.Nouns[1] : e.Table;
            var zh = e.Nouns.Where(n => n.Any(Words.IsCjk)).ToList();
            var name = $"number of {plural}";
            measures.Add(new Measure(name, Words.Sentence(name), e.Table, "*", MeasureAgg.Count, Unit.Count,
                [$"{plural} count", $"count of {plural}", $"{e.Nouns[0]} count", .. zh.SelectMany(z => new[] { z + "数量", z + "数", z + "总数" })], Derived: false));
        }
        var named = Unique(measures);
        return [.. named, .. AverageValues(named, entities, relationships, dimensions).DistinctBy(m => m.Name)];
    }

    private static IReadOnlyList<string> Synonyms(DatasetColumnRecord c, string phrase)
    {
        var list = new List<string>();
        if (!c.Label.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) list.Add(c.Label);
        list.AddRange(Lexicon.SynonymsOf(phrase));
        return list.Distinct(StringComparer.OrdinalIgnoreCase).Where(s => !s.Equals(phrase, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>price × quantity (× (1 − discount) when a 0..1 discount is there), unless the table already has a revenue column.</summary>
    private static Measure? Revenue(SchemaFacts facts, DatasetTableRecord t)
    {
        var price = t.Columns.FirstOrDefault(ColumnRoles.IsPrice);
        var quantity = t.Columns.FirstOrDefault(ColumnRoles.IsQuantity);
        if (price is null || quantity is null || t.Columns.Any(c => Words.Split(c.Name).Contains("revenue"))) return null;
        var discount = t.Columns.FirstOrDefault(c => ColumnRoles.IsFractionDiscount(c, facts.Stats(t, c.Name)));
        var formula = discount is null ? $"{price.Name} * {quantity.Name}" : $"{price.Name} * {quantity.Name} * (1 - {discount.Name})";
        return new Measure("revenue", "Revenue", t.Name, MeasureExpressions.Compile(formula, t), MeasureAgg.Sum, Unit.Currency,
            ["sales", "line revenue", "income", "turnover", "收入", "销售额", "营收"], Derived: true)
        { Formula = formula };
    }

    /// <summary>revenue / number of orders for each header table a line table with revenue points at (the header has a date or names the lines).</summary>
    private static IEnumerable<Measure> AverageValues(IReadOnlyList<Measure> measures, IReadOnlyList<Entity> entities, IReadOnlyList<Relationship> relationships, IReadOnlyList<Dimension> dimensions)
    {
        foreach (var revenue in measures.Where(m => m.Derived && m.Formula is not null && Words.Split(m.Name).Contains("revenue")).ToList())
        {
            var lineWords = Words.Split(revenue.Table).Select(Words.Singular).ToHashSet();
            var header = relationships
                .Where(r => r.FromTable.Equals(revenue.Table, StringComparison.OrdinalIgnoreCase) && !r.IsSelf)
                .Select(r => entities.FirstOrDefault(e => e.Table.Equals(r.ToTable, StringComparison.OrdinalIgnoreCase)))
                .OfType<Entity>()
                .OrderByDescending(e => lineWords.Contains(Words.Singular(Words.Split(e.Table).LastOrDefault() ?? "")))
                .FirstOrDefault(e => lineWords.Contains(Words.Singular(Words.Split(e.Table).LastOrDefault() ?? "")) ||
                                     dimensions.Any(d => d.Table.Equals(e.Table, StringComparison.OrdinalIgnoreCase) && d.Kind == DimensionKind.Time && d.TimeGrains.Count > 1));
            if (header is null) continue;
            var singular = header.Nouns[0];
            var count = measures.FirstOrDefault(m => m.Agg == MeasureAgg.Count && m.Table == header.Table);
            if (count is null) continue;
            var zh = header.Nouns.Where(n => n.Any(Words.IsCjk)).ToList();
            var name = $"average {singular} value";
            List<string> synonyms = [$"average {singular} revenue", $"revenue per {singular}", $"mean {singular} value", .. zh.SelectMany(z => new[] { $"平均{z}金额", $"平均{z}价值" })];
            if (singular == "order") synonyms.AddRange(["aov", "客单价"]);
            yield return new Measure(name, Words.Sentence(name), header.Table, "", MeasureAgg.Avg, revenue.Unit, synonyms, Derived: true)
            {
                Ratio = (revenue.Name, count.Name),
                Formula = $"{revenue.Name} / {count.Name}",
            };
        }
    }

    /// <summary>Names that repeat across tables ("unit price" of products and of order lines) get their table's noun in front.</summary>
    private static IReadOnlyList<Measure> Unique(List<Measure> measures)
    {
        var repeated = measures.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return measures.Select(m => repeated.Contains(m.Name) ? m with { Name = $"{Words.SingularPhrase(m.Table)} {m.Name}" } : m).ToList();
    }
}
