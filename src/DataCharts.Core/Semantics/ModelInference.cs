using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Infers a dataset's semantic model from its schema, its loaded low-cardinality values and a few cheap probes:
/// one scan per table (counts, distinct counts, ranges) and one containment query per candidate relationship.
/// General by design: any schema, snake_case or CamelCase, with or without declared foreign keys.
/// </summary>
public static class ModelInference
{
    /// <param name="dataset">The dataset's catalog record (tables, columns, declared relations).</param>
    /// <param name="values">Distinct values of low-cardinality columns by "table.column", as <c>SchemaLoader</c> loads them.</param>
    /// <param name="probe">
    /// Where the probes run: <see cref="DuckDbFactProbe"/> over the dataset's read-only connection (<c>DuckDbEngine.Open(id)</c>),
    /// or <c>LiveFactProbe.Open(settings)</c> for a live connection; null infers from names alone.
    /// </param>
    public static SemanticModel Infer(DatasetRecord dataset, IReadOnlyDictionary<string, IReadOnlyList<string>> values, IFactProbe? probe)
    {
        var facts = new SchemaFacts(dataset, values, probe);
        EntityInference.FindKeys(facts);
        var relationships = RelationshipInference.Infer(facts);
        var entities = dataset.Tables.Select(t => EntityInference.Infer(facts, t)).ToList();
        var dimensions = dataset.Tables.SelectMany(t => DimensionInference.Infer(facts, t, relationships)).ToList();
        var measures = MeasureInference.Infer(facts, entities, relationships, dimensions);
        return new SemanticModel(entities, relationships, measures, dimensions);
    }
}
