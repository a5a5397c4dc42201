using System.Collections.Concurrent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Settings;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Connections;

/// <summary>
/// Live databases as data sources. Saving a connection reads its tables, columns, types and declared foreign keys from
/// the server's catalog and adds a dataset row for them (format <c>postgresql</c> or <c>mysql</c>), so it is listed,
/// previewed, modelled and asked like any dataset, beside a connection row that holds where the server is and the
/// password, encrypted. Refreshing reads the catalog again. No row of data is copied.
/// </summary>
public sealed class ConnectionCatalog(IDbContextFactory<AppDbContext> db, ISecretProtector secrets, DatasetCatalog datasets, DatasetChanges changes)
{
    private readonly ConcurrentDictionary<string, ConnectionSettings> known = Forgetting(changes);

    /// <summary>Connects, reads the schema and saves the connection as a new data source named <paramref name="name"/>.</summary>
    public async Task<DatasetRecord> AddAsync(ConnectionSettings settings, string? name, CancellationToken ct)
    {
        var s = settings.Validated();
        name = string.IsNullOrWhiteSpace(name) ? s.Database : name.Trim();
        if (name.Length > 200) throw new UserFacingException("A data source name needs 1 to 200 characters.") { Field = "name" };
        var tables = await ReadTablesAsync(s, ct);
        var now = DateTimeOffset.UtcNow;
        var record = new DatasetRecord
        {
            Id = Identifiers.NewDatasetId(),
            Name = await datasets.UniqueNameAsync(name, ct),
            SourceFileName = $"{s.Username}@{s.Host}:{s.Port}/{s.Database}",
            Format = s.Kind == ConnectionKind.PostgreSql ? SqlDialects.PostgreSqlFormat : SqlDialects.MySqlFormat,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Describe(record, tables);
        await using var ctx = await db.CreateDbContextAsync(ct);
        ctx.Datasets.Add(record);
        ctx.Connections.Add(new ConnectionRecord
        {
            Id = record.Id,
            Kind = record.Format,
            Host = s.Host,
            Port = s.Port,
            Database = s.Database,
            Username = s.Username,
            ProtectedPassword = s.Password.Length == 0 ? null : secrets.Protect(s.Password),
            Tls = s.Tls.ToString().ToLowerInvariant(),
            Schemas = string.Join('\n', s.Schemas ?? []),
            CreatedAt = now,
            RefreshedAt = now,
        });
        await ctx.SaveChangesAsync(CancellationToken.None);
        changes.Publish(record.Id);
        return await datasets.GetAsync(record.Id, CancellationToken.None);
    }

    /// <summary>Reads the server's catalog again: tables, columns and keys as they are now; column descriptions are kept.</summary>
    public async Task<DatasetRecord> RefreshAsync(string id, CancellationToken ct)
    {
        var s = await SettingsAsync(id, ct);
        var tables = await ReadTablesAsync(s, ct);
        await using var ctx = await db.CreateDbContextAsync(ct);
        var d = await ctx.Datasets.Include(x => x.Tables).ThenInclude(t => t.Columns).Include(x => x.Relations).AsSplitQuery()
            .FirstAsync(x => x.Id == id, ct);
        var described = d.Tables.SelectMany(t => t.Columns.Where(c => c.Description is not null).Select(c => (Key: t.Name + "." + c.Name, c.Description))).ToDictionary(x => x.Key, x => x.Description);
        ctx.RemoveRange(d.Tables);
        ctx.RemoveRange(d.Relations);
        await ctx.SaveChangesAsync(ct);
        d.Tables = [];
        d.Relations = [];
        Describe(d, tables);
        foreach (var t in d.Tables)
        foreach (var c in t.Columns)
            c.Description = described.GetValueOrDefault(t.Name + "." + c.Name);
        d.Version++;
        d.UpdatedAt = DateTimeOffset.UtcNow;
        var row = await ctx.Connections.FirstAsync(x => x.Id == id, ct);
        row.RefreshedAt = d.UpdatedAt;
        await ctx.SaveChangesAsync(CancellationToken.None);
        changes.Publish(id);
        return await datasets.GetAsync(id, CancellationToken.None);
    }

    /// <summary>How to reach a live data source, the password decrypted; a 404 when <paramref name="id"/> is not one.</summary>
    public async Task<ConnectionSettings> SettingsAsync(string id, CancellationToken ct)
    {
        if (known.TryGetValue(id, out var cached)) return cached;
        await using var ctx = await db.CreateDbContextAsync(ct);
        var row = await ctx.Connections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                  ?? throw new NotFoundException($"No database connection with id '{id}'.");
        var password = row.ProtectedPassword is null ? "" : secrets.Unprotect(row.ProtectedPassword)
            ?? throw new UserFacingException("The saved password of this connection can no longer be decrypted (the app's key ring was replaced). " +
                                             "Delete the connection and add it again with its password.", 422, "Password unreadable");
        var s = new ConnectionSettings(ConnectionSettings.ParseKind(row.Kind), row.Host, row.Port, row.Database, row.Username, password,
            ConnectionSettings.ParseTls(row.Tls), row.Schemas.Length == 0 ? null : row.Schemas.Split('\n'));
        known[id] = s;
        return s;
    }

    /// <summary>The connection's details for display: everything but the password.</summary>
    public async Task<ConnectionRecord?> FindAsync(string id, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var row = await ctx.Connections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (row is not null) row.ProtectedPassword = null;
        return row;
    }

    private static async Task<IReadOnlyList<LiveTable>> ReadTablesAsync(ConnectionSettings s, CancellationToken ct)
    {
        var tables = await LiveSchema.ReadAsync(s, ct);
        if (!tables.Any(t => t.Columns.Count > 0))
            throw new UserFacingException($"User \"{s.Username}\" sees no tables in {string.Join(", ", s.ShownSchemas.Select(x => $"\"{x}\""))} of \"{s.Database}\". " +
                                          "Check the schema names and that the user may read the tables (GRANT SELECT).", 422, "No tables") { Field = "schemas" };
        return tables;
    }

    /// <summary>
    /// Fills a data source's tables, columns and relations from the server's catalog. Tables keep their server names (SQL
    /// names them so); a name that appears in two chosen schemas is shown once, from the first schema.
    /// </summary>
    private static void Describe(DatasetRecord d, IReadOnlyList<LiveTable> tables)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tables.Where(t => t.Columns.Count > 0))
        {
            if (!seen.Add(t.Name)) continue;
            var columns = new HashSet<string>(StringComparer.Ordinal);
            d.Tables.Add(new DatasetTableRecord
            {
                Name = t.Name,
                Label = t.Name,
                RowCount = Math.Max(0, t.EstimatedRows),
                Ordinal = d.Tables.Count,
                Columns = t.Columns.Where(c => columns.Add(c.Name))
                    .Select((c, j) => new DatasetColumnRecord { Name = c.Name, Label = c.Name, Type = c.Type, Ordinal = j }).ToList(),
            });
        }
        foreach (var t in tables.Where(t => seen.Contains(t.Name)))
        foreach (var fk in t.ForeignKeys.Where(k => k.Columns.Count == 1 && d.Tables.Any(x => x.Name == k.RefTable)))
            d.Relations.Add(new DatasetRelationRecord { FromTable = t.Name, FromColumn = fk.Columns[0], ToTable = fk.RefTable, ToColumn = fk.RefColumns[0] });
    }

    private static ConcurrentDictionary<string, ConnectionSettings> Forgetting(DatasetChanges changes)
    {
        var map = new ConcurrentDictionary<string, ConnectionSettings>();
        changes.Changed += id => map.TryRemove(id, out _);
        return map;
    }
}
