using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataCharts.Core.Datasets;

/// <summary>
/// The dataset catalog in the app database. A dataset exists for users once its catalog row is committed;
/// its engine file is written first, so a crash in between leaves only an orphan file, removed at start-up.
/// </summary>
public sealed class DatasetCatalog(IDbContextFactory<AppDbContext> db, DuckDbEngine engine, DatasetChanges changes, ILogger<DatasetCatalog> logger)
{
    /// <summary>Adds a dataset whose engine file is in place; if that fails the file is deleted, so nothing half-made stays.</summary>
    public async Task<DatasetRecord> PublishAsync(ImportedDataset imported, CancellationToken ct)
    {
        try
        {
            return await AddAsync(imported, ct);
        }
        catch
        {
            engine.Delete(imported.Id);
            throw;
        }
    }

    private async Task<DatasetRecord> AddAsync(ImportedDataset imported, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new DatasetRecord
        {
            Id = imported.Id,
            Name = await UniqueNameAsync(imported.Name, ct),
            SourceFileName = imported.SourceFileName,
            Format = imported.Format.ToString().ToLowerInvariant(),
            SourceBytes = imported.SourceBytes,
            CreatedAt = now,
            UpdatedAt = now,
            Tables = imported.Tables.Select((t, i) => new DatasetTableRecord
            {
                Name = t.Name,
                Label = t.Label,
                RowCount = t.RowCount,
                Ordinal = i,
                Columns = t.Columns.Select((c, j) => new DatasetColumnRecord { Name = c.Name, Label = c.Label, Type = c.Type, Ordinal = j }).ToList(),
            }).ToList(),
            Relations = imported.Relations.Select(r => new DatasetRelationRecord
            {
                FromTable = r.FromTable, FromColumn = r.FromColumn, ToTable = r.ToTable, ToColumn = r.ToColumn,
            }).ToList(),
        };
        await using var ctx = await db.CreateDbContextAsync(ct);
        ctx.Datasets.Add(record);
        await ctx.SaveChangesAsync(CancellationToken.None);
        changes.Publish(record.Id);
        return record;
    }

    /// <summary><paramref name="name"/>, or with " (2)", " (3)"… when another data source has it.</summary>
    public async Task<string> UniqueNameAsync(string name, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var taken = (await ctx.Datasets.Select(d => d.Name).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = name;
        for (var i = 2; taken.Contains(candidate); i++) candidate = $"{name} ({i})";
        return candidate;
    }

    public async Task<IReadOnlyList<DatasetRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var all = await ctx.Datasets.AsNoTracking().Include(d => d.Tables).ThenInclude(t => t.Columns).AsSplitQuery().ToListAsync(ct);
        foreach (var d in all) Order(d);
        return all.OrderByDescending(d => d.CreatedAt).ToList();
    }

    /// <summary>The dataset with its tables, columns and relations, or <see cref="NotFoundException"/>.</summary>
    public async Task<DatasetRecord> GetAsync(string id, CancellationToken ct = default) =>
        await FindAsync(id, ct) ?? throw new NotFoundException($"No dataset with id '{id}'.");

    public async Task<DatasetRecord?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var d = await ctx.Datasets.AsNoTracking().Include(x => x.Tables).ThenInclude(t => t.Columns).Include(x => x.Relations)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        return d is null ? null : Order(d);
    }

    /// <summary>Finds a dataset by id or by name (case-insensitive), as report files name them.</summary>
    public async Task<DatasetRecord?> FindByIdOrNameAsync(string idOrName, CancellationToken ct = default)
    {
        var byId = await FindAsync(idOrName, ct);
        if (byId is not null) return byId;
        var all = await ListAsync(ct);
        return all.FirstOrDefault(d => string.Equals(d.Name, idOrName, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<DatasetRecord> RenameAsync(string id, string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200) throw new UserFacingException("A dataset name needs 1 to 200 characters.") { Field = "name" };
        await using var ctx = await db.CreateDbContextAsync(ct);
        var d = await ctx.Datasets.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"No dataset with id '{id}'.");
        if (await ctx.Datasets.AnyAsync(x => x.Id != id && x.Name.ToLower() == name.ToLower(), ct))
            throw new UserFacingException($"Another dataset is already called '{name}'.", 409, "Name taken") { Field = "name" };
        d.Name = name;
        Touch(d);
        await ctx.SaveChangesAsync(ct);
        changes.Publish(id);
        return await GetAsync(id, ct);
    }

    /// <summary>Changes a column's label (its display name) and description; the SQL identifier stays, so saved queries keep working.</summary>
    public async Task<DatasetColumnRecord> UpdateColumnAsync(string id, string table, string column, string? label, string? description, CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var d = await ctx.Datasets.Include(x => x.Tables).ThenInclude(t => t.Columns).FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException($"No dataset with id '{id}'.");
        var t = d.Tables.FirstOrDefault(x => string.Equals(x.Name, table, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException($"Dataset '{d.Name}' has no table '{table}'.");
        var c = t.Columns.FirstOrDefault(x => string.Equals(x.Name, column, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException($"Table '{t.Label}' has no column '{column}'.");
        if (label is not null)
        {
            label = label.Trim();
            if (label.Length is 0 or > 200) throw new UserFacingException("A column name needs 1 to 200 characters.") { Field = "label" };
            c.Label = label;
        }
        if (description is not null)
        {
            description = description.Trim();
            if (description.Length > 2000) throw new UserFacingException("A description may have at most 2000 characters.") { Field = "description" };
            c.Description = description.Length == 0 ? null : description;
        }
        Touch(d);
        await ctx.SaveChangesAsync(ct);
        changes.Publish(id);
        return c;
    }

    /// <summary>Removes the dataset from the catalog first (so it vanishes at once), then its engine file.</summary>
    public async Task DeleteAsync(string id, CancellationToken ct = default)
    {
        await using (var ctx = await db.CreateDbContextAsync(ct))
        {
            var d = await ctx.Datasets.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"No dataset with id '{id}'.");
            ctx.Datasets.Remove(d);
            await ctx.SaveChangesAsync(ct);
        }
        engine.Delete(id);
        changes.Publish(id);
    }

    /// <summary>Deletes engine files that no catalog row owns: what a crashed or interrupted import left behind.</summary>
    public async Task RemoveOrphansAsync(CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var known = (await ctx.Datasets.Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        foreach (var id in engine.StoredDatasetIds().Where(id => !known.Contains(id)))
        {
            logger.LogWarning("Removing orphan engine file of {Dataset} left by an interrupted import", id);
            engine.Delete(id);
        }
    }

    private static void Touch(DatasetRecord d)
    {
        d.Version++;
        d.UpdatedAt = DateTimeOffset.UtcNow;
    }

    private static DatasetRecord Order(DatasetRecord d)
    {
        d.Tables = d.Tables.OrderBy(t => t.Ordinal).ToList();
        foreach (var t in d.Tables) t.Columns = t.Columns.OrderBy(c => c.Ordinal).ToList();
        return d;
    }
}
