using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;

namespace DataCharts.Core.Semantics;

/// <summary>Merging edits into an inferred model, and exporting a model as edits.</summary>
public sealed partial record ModelEdits
{
    /// <summary>
    /// The inferred model with the user's edits applied; edits win. Entries naming tables, columns or measures the
    /// data does not have, or whose expression no longer fits it, are skipped and listed in <see cref="SemanticModel.NotApplied"/>.
    /// </summary>
    public static SemanticModel Apply(SemanticModel inferred, DatasetRecord dataset, ModelEdits edits)
    {
        if (edits.IsEmpty) return inferred;
        var notApplied = new List<string>();
        var entities = inferred.Entities.ToList();
        var dimensions = inferred.Dimensions.ToList();
        var measures = inferred.Measures.ToList();
        var relationships = inferred.Relationships.ToList();
        DatasetTableRecord? Table(string name) => dataset.Tables.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        DatasetColumnRecord? Column(DatasetTableRecord t, string? name) =>
            name is null ? null : t.Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        foreach (var e in edits.Entities)
        {
            var i = entities.FindIndex(x => x.Table.Equals(e.Table, StringComparison.OrdinalIgnoreCase));
            if (i < 0 || Table(e.Table) is not { } t) { notApplied.Add($"entity '{e.Table}': no such table"); continue; }
            var entity = entities[i];
            if (e.Display is not null)
            {
                if (Column(t, e.Display) is { } d) entity = entity with { Display = d.Name, DisplaySecond = Column(t, e.DisplaySecond)?.Name };
                else notApplied.Add($"entity '{e.Table}': display column '{e.Display}' does not exist");
            }
            entity = entity with { Nouns = Union(entity.Nouns, e.Nouns), Description = e.Description ?? entity.Description };
            entities[i] = entity;
        }

        foreach (var c in edits.Columns)
        {
            var i = dimensions.FindIndex(d => d.Table.Equals(c.Table, StringComparison.OrdinalIgnoreCase) && d.Column.Equals(c.Column, StringComparison.OrdinalIgnoreCase));
            if (i < 0) { notApplied.Add($"column '{c.Table}.{c.Column}': no such column"); continue; }
            var d = dimensions[i];
            var aliases = d.ValueAliases.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var (alias, values) in c.ValueAliases) aliases[alias] = values.ToList();
            dimensions[i] = d with
            {
                Label = string.IsNullOrWhiteSpace(c.Label) ? d.Label : c.Label.Trim(),
                Synonyms = Union(d.Synonyms, c.Synonyms),
                Unit = c.Unit ?? d.Unit,
                ValueAliases = aliases,
            };
            // The column's own measure follows its label and unit.
            var m = measures.FindIndex(x => x.Table.Equals(d.Table, StringComparison.OrdinalIgnoreCase) && d.Column.Equals(x.Column, StringComparison.OrdinalIgnoreCase));
            if (m >= 0) measures[m] = measures[m] with { Label = dimensions[i].Label, Unit = c.Unit ?? measures[m].Unit, Synonyms = Union(measures[m].Synonyms, c.Synonyms) };
        }

        foreach (var m in edits.Measures)
        {
            var i = measures.FindIndex(x => x.Name.Equals(m.Name, StringComparison.OrdinalIgnoreCase));
            if (m.Removed)
            {
                if (i >= 0) measures.RemoveAt(i);
                else notApplied.Add($"measure '{m.Name}': nothing to remove");
                continue;
            }
            if (Table(m.Table) is not { } t) { notApplied.Add($"measure '{m.Name}': no such table '{m.Table}'"); continue; }
            var built = Build(m, t, measures);
            if (built.Error is { } error) { notApplied.Add($"measure '{m.Name}': {error}"); continue; }
            var measure = built.Measure!;
            if (i >= 0 && Same(measures[i], measure)) measures[i] = measures[i] with { Label = measure.Label, Synonyms = Union(measures[i].Synonyms, m.Synonyms) };
            else if (i >= 0) measures[i] = measure;
            else measures.Add(measure);
        }

        foreach (var r in edits.Relationships)
        {
            if (Split(r.From) is not { } from || Split(r.To) is not { } to) { notApplied.Add($"relationship '{r.From}' → '{r.To}': not table.column"); continue; }
            var i = relationships.FindIndex(x => x.FromTable.Equals(from.Table, StringComparison.OrdinalIgnoreCase) && x.FromColumn.Equals(from.Column, StringComparison.OrdinalIgnoreCase)
                                                 && x.ToTable.Equals(to.Table, StringComparison.OrdinalIgnoreCase) && x.ToColumn.Equals(to.Column, StringComparison.OrdinalIgnoreCase));
            if (r.Removed)
            {
                if (i >= 0) relationships.RemoveAt(i);
                else notApplied.Add($"relationship '{r.From}' → '{r.To}': nothing to remove");
                continue;
            }
            if (Table(from.Table) is not { } ft || Column(ft, from.Column) is not { } fc || Table(to.Table) is not { } tt || Column(tt, to.Column) is not { } tc)
            { notApplied.Add($"relationship '{r.From}' → '{r.To}': no such column"); continue; }
            if (i >= 0) relationships[i] = relationships[i] with { Role = r.Role ?? relationships[i].Role };
            else relationships.Add(new Relationship(ft.Name, fc.Name, tt.Name, tc.Name, RelationshipSource.User, r.Role));
        }

        return new SemanticModel(entities, relationships, measures, dimensions) { NotApplied = notApplied };
    }

    /// <summary>
    /// The whole model as an edit file: importing it into the same data gives the same model. With the
    /// <paramref name="inferred"/> model, inferred measures and relationships the model dropped are listed as removed.
    /// </summary>
    public static ModelEdits FromModel(SemanticModel model, SemanticModel? inferred = null) => new()
    {
        Entities = model.Entities.Select(e => new EntityEdit { Table = e.Table, Display = e.Display, DisplaySecond = e.DisplaySecond, Nouns = [.. e.Nouns], Description = e.Description }).ToList(),
        Columns = model.Dimensions.Select(d => new ColumnEdit
        {
            Table = d.Table,
            Column = d.Column,
            Label = d.Label,
            Synonyms = [.. d.Synonyms],
            Unit = d.Unit,
            ValueAliases = d.ValueAliases.ToDictionary(p => p.Key, p => p.Value.ToList()),
        }).ToList(),
        Measures = model.Measures.Select(m => new MeasureEdit
        {
            Name = m.Name,
            Label = m.Label,
            Table = m.Table,
            Expression = m.Ratio is null ? m.Formula ?? (m.Agg == MeasureAgg.Count ? "*" : null) : null,
            Agg = m.Agg,
            Unit = m.Unit,
            Synonyms = [.. m.Synonyms],
            Ratio = m.Ratio is { } r ? new RatioEdit(r.Numerator, r.Denominator) : null,
        }).Concat((inferred?.Measures ?? []).Where(m => model.MeasureNamed(m.Name) is null).Select(m => new MeasureEdit { Name = m.Name, Table = m.Table, Removed = true })).ToList(),
        Relationships = model.Relationships.Select(r => new RelationshipEdit { From = $"{r.FromTable}.{r.FromColumn}", To = $"{r.ToTable}.{r.ToColumn}", Role = r.Role })
            .Concat((inferred?.Relationships ?? []).Where(r => !model.Relationships.Contains(r, SameEnds.Instance))
                .Select(r => new RelationshipEdit { From = $"{r.FromTable}.{r.FromColumn}", To = $"{r.ToTable}.{r.ToColumn}", Removed = true })).ToList(),
    };

    /// <summary>Relationships with the same columns at both ends, whatever their source or role.</summary>
    private sealed class SameEnds : IEqualityComparer<Relationship>
    {
        public static readonly SameEnds Instance = new();

        public bool Equals(Relationship? a, Relationship? b) => a is not null && b is not null &&
            string.Equals($"{a.FromTable}.{a.FromColumn}>{a.ToTable}.{a.ToColumn}", $"{b.FromTable}.{b.FromColumn}>{b.ToTable}.{b.ToColumn}", StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(Relationship r) => StringComparer.OrdinalIgnoreCase.GetHashCode($"{r.FromTable}.{r.FromColumn}>{r.ToTable}.{r.ToColumn}");
    }

    /// <summary>Adds or replaces edits of the same entry (table, table.column, measure name), for the Data page's one-field forms.</summary>
    public ModelEdits With(EntityEdit? entity = null, ColumnEdit? column = null, MeasureEdit? measure = null) => this with
    {
        Entities = entity is null ? Entities : [.. Entities.Where(e => !e.Table.Equals(entity.Table, StringComparison.OrdinalIgnoreCase)), entity],
        Columns = column is null ? Columns : [.. Columns.Where(c => !(c.Table.Equals(column.Table, StringComparison.OrdinalIgnoreCase) && c.Column.Equals(column.Column, StringComparison.OrdinalIgnoreCase))), column],
        Measures = measure is null ? Measures : [.. Measures.Where(m => !m.Name.Equals(measure.Name, StringComparison.OrdinalIgnoreCase)), measure],
    };

    private static (Measure? Measure, string? Error) Build(MeasureEdit m, DatasetTableRecord t, List<Measure> measures)
    {
        var label = string.IsNullOrWhiteSpace(m.Label) ? Words.Sentence(m.Name.Trim()) : m.Label.Trim();
        if (m.Ratio is { } r)
        {
            var missing = new[] { r.Numerator, r.Denominator }.FirstOrDefault(n => !measures.Any(x => x.Name.Equals(n, StringComparison.OrdinalIgnoreCase)));
            if (missing is not null) return (null, $"ratio names measure '{missing}', which does not exist");
            return (new Measure(m.Name.Trim(), label, t.Name, "", m.Agg, m.Unit, m.Synonyms, Derived: true)
            { Ratio = (r.Numerator, r.Denominator), Formula = $"{r.Numerator} / {r.Denominator}", IsUserDefined = true }, null);
        }
        if (m.Agg == MeasureAgg.Count && (string.IsNullOrWhiteSpace(m.Expression) || m.Expression.Trim() == "*"))
            return (new Measure(m.Name.Trim(), label, t.Name, "*", MeasureAgg.Count, m.Unit, m.Synonyms, Derived: false) { IsUserDefined = true }, null);
        try
        {
            var formula = m.Expression!.Trim();
            var sql = MeasureExpressions.Compile(formula, t);
            var column = SqlTranslator.Resolve(t.Columns, formula);
            return (new Measure(m.Name.Trim(), label, t.Name, sql, m.Agg, m.Unit, m.Synonyms, Derived: column is null)
            { Formula = formula, Column = column?.Name, IsUserDefined = true }, null);
        }
        catch (ExpressionException ex)
        {
            return (null, ex.Error.Message);
        }
    }

    /// <summary>True when an edit says what the inferred measure already says (an exported model read back).</summary>
    private static bool Same(Measure inferred, Measure edited) =>
        inferred.Table.Equals(edited.Table, StringComparison.OrdinalIgnoreCase) && inferred.Agg == edited.Agg && inferred.Unit == edited.Unit &&
        inferred.Expression == edited.Expression && inferred.Ratio == edited.Ratio;

    private static List<string> Union(IEnumerable<string> a, IEnumerable<string> b) =>
        a.Concat(b.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
