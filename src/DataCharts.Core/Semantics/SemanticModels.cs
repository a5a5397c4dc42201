using System.Collections.Concurrent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Each dataset's semantic model: inferred once per dataset version, merged with the user's edits (stored by
/// dataset name, so they survive deleting and importing the same data again), cached until the dataset or its
/// edits change. Every cache is bounded.
/// </summary>
public sealed class SemanticModels
{
    /// <summary>How many models (inferred and merged, each) are kept; the oldest are forgotten first.</summary>
    public const int MaxCached = 64;

    private readonly IDbContextFactory<AppDbContext> dbs;
    private readonly DuckDbEngine engine;
    private readonly ConcurrentDictionary<string, SemanticModel> inferred = new();
    private readonly ConcurrentDictionary<string, SemanticModel> merged = new();
    private readonly ConcurrentDictionary<string, (ModelEdits Edits, long Stamp)> edits = new();
    private long stamp;

    public SemanticModels(IDbContextFactory<AppDbContext> dbs, DuckDbEngine engine, DatasetChanges changes)
    {
        this.dbs = dbs;
        this.engine = engine;
        changes.Changed += id =>
        {
            foreach (var cache in new[] { inferred, merged })
                foreach (var k in cache.Keys.Where(k => k.StartsWith(id + "@", StringComparison.Ordinal))) cache.TryRemove(k, out _);
        };
    }

    /// <summary>The model as inferred from the data alone (no edits).</summary>
    public SemanticModel Inferred(DatasetRecord d, IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        Cached(inferred, $"{d.Id}@{d.Version}", () =>
        {
            if (d.IsLive()) return ModelInference.Infer(d, values, null);
            using var c = engine.Open(d.Id);
            return ModelInference.Infer(d, values, new DuckDbFactProbe(c));
        });

    /// <summary>The model both agents use: the inferred one with the user's edits applied.</summary>
    public SemanticModel For(DatasetRecord d, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        var (e, s) = Edits(d.Name);
        return Cached(merged, $"{d.Id}@{d.Version}@{Key(d.Name)}@{s}", () => ModelEdits.Apply(Inferred(d, values), d, e));
    }

    public Task<ModelEdits> GetEditsAsync(string datasetName, CancellationToken ct = default) => Task.FromResult(Edits(datasetName).Edits);

    /// <summary>Replaces a dataset's edits (an empty file removes them); models using the old edits are forgotten.</summary>
    public async Task SaveEditsAsync(string datasetName, ModelEdits modelEdits, CancellationToken ct = default)
    {
        var errors = modelEdits.Validate();
        if (errors.Count > 0) throw new ModelEditsException(errors);
        var key = Key(datasetName);
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var row = await db.SemanticEdits.FirstOrDefaultAsync(x => x.DatasetName == key, ct);
            if (modelEdits.IsEmpty)
            {
                if (row is not null) db.SemanticEdits.Remove(row);
            }
            else
            {
                if (row is null) db.SemanticEdits.Add(row = new SemanticEditRecord { DatasetName = key });
                row.Json = modelEdits.ToJson();
                row.UpdatedAt = DateTimeOffset.UtcNow;
            }
            await db.SaveChangesAsync(ct);
        }
        edits[key] = (modelEdits, Interlocked.Increment(ref stamp));
        foreach (var k in merged.Keys.Where(k => k.Contains($"@{key}@", StringComparison.Ordinal))) merged.TryRemove(k, out _);
    }

    private (ModelEdits Edits, long Stamp) Edits(string datasetName)
    {
        var key = Key(datasetName);
        if (edits.TryGetValue(key, out var known)) return known;
        using var db = dbs.CreateDbContext();
        var json = db.SemanticEdits.AsNoTracking().Where(x => x.DatasetName == key).Select(x => x.Json).FirstOrDefault();
        ModelEdits loaded;
        try { loaded = json is null ? ModelEdits.None : ModelEdits.Parse(json); }
        catch (ModelEditsException) { loaded = ModelEdits.None; }
        if (edits.Count >= MaxCached * 4) edits.Clear();
        return edits.GetOrAdd(key, (loaded, Interlocked.Increment(ref stamp)));
    }

    private static string Key(string datasetName) => datasetName.Trim().ToLowerInvariant();

    private static SemanticModel Cached(ConcurrentDictionary<string, SemanticModel> cache, string key, Func<SemanticModel> make)
    {
        if (cache.TryGetValue(key, out var model)) return model;
        model = make();
        if (cache.Count >= MaxCached) foreach (var k in cache.Keys.Take(cache.Count - MaxCached + 1)) cache.TryRemove(k, out _);
        return cache.GetOrAdd(key, model);
    }
}
