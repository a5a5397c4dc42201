using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>Every non-key column as something to group or filter by: its kind, time grains, synonyms and value aliases.</summary>
public static class DimensionInference
{
    public static readonly IReadOnlyList<string> DateGrains = ["year", "quarter", "month", "week", "day"];
    private static readonly HashSet<string> YesNo = new(StringComparer.OrdinalIgnoreCase) { "yes", "no", "y", "n", "true", "false", "t", "f", "是", "否" };

    public static IEnumerable<Dimension> Infer(SchemaFacts facts, DatasetTableRecord t, IReadOnlyList<Relationship> relationships)
    {
        foreach (var c in t.Columns)
        {
            if (facts.IsKey(t.Name, c.Name)) continue;
            var values = facts.ValuesOf(t.Name, c.Name);
            var stats = facts.Stats(t, c.Name);
            var kind = KindOf(facts, t, c, values, stats);
            var phrase = Words.Phrase(c.Name);
            var synonyms = new List<string>();
            if (!c.Label.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) synonyms.Add(c.Label);
            synonyms.Add(phrase);
            synonyms.AddRange(Lexicon.SynonymsOf(phrase));
            if (kind == DimensionKind.ForeignKey && relationships.FirstOrDefault(r => r.FromTable.Equals(t.Name, StringComparison.OrdinalIgnoreCase) && r.FromColumn.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) is { } rel)
                synonyms.AddRange(rel.IsSelf && rel.Role is { } role ? [role, .. Lexicon.ChineseNounsOf(role)] : EntityInference.Nouns(rel.ToTable));
            var label = Label(c);
            var dimension = new Dimension(t.Name, c.Name, label, kind,
                synonyms.Where(s => !s.Equals(label, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                c.Type.IsNumeric() ? ColumnRoles.UnitOf(c.Name, stats) : Unit.None)
            {
                TimeGrains = kind != DimensionKind.Time ? [] : c.Type.IsTemporal() ? DateGrains : ["year"],
                ValueAliases = values is not null && c.Type == ColumnType.Text ? ValueAliasing.For(values) : new Dictionary<string, IReadOnlyList<string>>(),
            };
            yield return dimension;
        }
    }

    /// <summary>The column's label as the source had it, else its name in words: "UnitPrice" → "Unit price".</summary>
    public static string Label(DatasetColumnRecord c) =>
        !string.IsNullOrWhiteSpace(c.Label) && !c.Label.Equals(c.Name, StringComparison.Ordinal) ? c.Label : Words.Sentence(Words.Phrase(c.Name));

    private static DimensionKind KindOf(SchemaFacts facts, DatasetTableRecord t, DatasetColumnRecord c, IReadOnlyList<string>? values, ColumnStats? stats)
    {
        if (facts.IsForeignKey(t.Name, c.Name)) return DimensionKind.ForeignKey;
        switch (c.Type)
        {
            case ColumnType.Boolean: return DimensionKind.Flag;
            case ColumnType.Date or ColumnType.Timestamp: return DimensionKind.Time;
            case ColumnType.Text:
                if (values is null) return DimensionKind.Text;
                if (values.Count is > 0 and <= 2 && values.All(YesNo.Contains)) return DimensionKind.Flag;
                return values.Count > 50 && facts.UniqueIsh(t, c.Name) && facts.Rows(t) > 50 ? DimensionKind.Text : DimensionKind.Category;
            case ColumnType.Integer:
                if (ColumnRoles.IsYear(c.Name, stats)) return DimensionKind.Time;
                if (values is { Count: > 0 and <= 2 } && values.All(v => v is "0" or "1") && ColumnRoles.UnitOf(c.Name, stats) == Unit.None) return DimensionKind.Flag;
                if (values is { Count: <= 12 } && ColumnRoles.UnitOf(c.Name, stats) == Unit.None && ColumnRoles.AggOf(c.Name) == MeasureAgg.Sum) return DimensionKind.Category;
                return ColumnRoles.IsIdentifierLike(c.Name) ? DimensionKind.Category : DimensionKind.Number;
            default: return DimensionKind.Number;
        }
    }
}
