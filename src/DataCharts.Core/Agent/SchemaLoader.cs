using System.Collections.Concurrent;
using System.Globalization;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Agent;

/// <summary>
/// Builds the agent's view of a dataset: its schema plus the distinct values of low-cardinality columns, which is
/// how "females" or "Biscoe" in a question are matched to data, and its semantic model. Cached per dataset version.
/// With <see cref="SemanticModels"/> (as the app registers it) the model carries the user's edits; without it (tests,
/// tools) the model is inferred from the data alone.
/// </summary>
public sealed class SchemaLoader
{
    public const int MaxTextValues = 500;
    public const int MaxIntegerValues = 60;
    private readonly DuckDbEngine engine;
    private readonly SemanticModels? models;
    private readonly LiveTables? live;
    private readonly ConcurrentDictionary<string, SchemaContext> cache = new();

    public SchemaLoader(DuckDbEngine engine, DatasetChanges changes, SemanticModels? models = null, LiveTables? live = null)
    {
        this.engine = engine;
        this.models = models;
        this.live = live;
        changes.Changed += id => { foreach (var k in cache.Keys.Where(k => k.StartsWith(id + "@", StringComparison.Ordinal))) cache.TryRemove(k, out _); };
    }

    public SchemaContext Load(DatasetRecord d)
    {
        var context = cache.GetOrAdd($"{d.Id}@{d.Version}", _ => Read(d));
        return models is null ? context : context with { Model = models.For(d, context.Values) };
    }

    private SchemaContext Read(DatasetRecord d)
    {
        if (d.IsLive()) return ReadLive(d);
        var values = new Dictionary<string, IReadOnlyList<string>>();
        using var c = engine.Open(d.Id);
        foreach (var t in d.Tables)
        foreach (var col in t.Columns.Where(x => x.Type is ColumnType.Text or ColumnType.Boolean or ColumnType.Integer))
        {
            var limit = col.Type == ColumnType.Integer ? MaxIntegerValues : MaxTextValues;
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT DISTINCT {Quote(col.Name)} FROM {Quote(d.Id)}.{Quote(t.Name)} WHERE {Quote(col.Name)} IS NOT NULL LIMIT {limit + 1}";
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read()) list.Add(Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? "");
            if (list.Count <= limit) values[$"{t.Name}.{col.Name}"] = list.Where(v => v.Length is > 0 and <= 80).ToList();
        }
        return new SchemaContext(d, values) { Model = models is null ? ModelInference.Infer(d, values, new DuckDbFactProbe(c)) : SemanticModel.Empty };
    }

    /// <summary>A live connection's values, read from the server (once per version of the data source, like a file's).</summary>
    private SchemaContext ReadLive(DatasetRecord d)
    {
        var reader = live ?? throw new InvalidOperationException("This SchemaLoader was made without LiveTables and cannot read live connections.");
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var t in d.Tables)
        foreach (var col in t.Columns.Where(x => x.Type is ColumnType.Text or ColumnType.Boolean or ColumnType.Integer))
        {
            var limit = col.Type == ColumnType.Integer ? MaxIntegerValues : MaxTextValues;
            if (reader.DistinctValuesAsync(d, t, col, limit, CancellationToken.None).GetAwaiter().GetResult() is { } list)
                values[$"{t.Name}.{col.Name}"] = list.Where(v => v.Length is > 0 and <= 80).ToList();
        }
        return new SchemaContext(d, values) { Model = models is null ? ModelInference.Infer(d, values, null) : SemanticModel.Empty };
    }
}
