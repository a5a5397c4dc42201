using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Datasets;

/// <summary>A column of rows the app supplies itself (generated data), with its type.</summary>
public sealed record DerivedColumn(string Name, ColumnType Type, string? Label = null);

/// <summary>
/// New datasets made by the app from other datasets or from rows it produced: a saved filter, a derived column, a
/// one-row aggregate, a cleaned copy, generated data. The new dataset gets its own engine file and one table; it appears
/// in the catalog only once it is complete, and a failure or a cancellation deletes the file, so nothing half-made stays.
/// </summary>
/// <remarks>
/// The SQL given to <see cref="CreateFromQueryAsync"/> is the app's own translation (identifiers quoted, values as
/// parameters), never text from a user or a model: that goes through <see cref="QueryRunner"/> and its guard.
/// </remarks>
public sealed class DerivedDatasets(DuckDbEngine engine, DatasetCatalog catalog)
{
    /// <summary>
    /// Creates a dataset whose one table, <paramref name="table"/>, holds the rows of <paramref name="select"/> (which reads
    /// the dataset <paramref name="sourceId"/> by names qualified with its id). Labels of columns whose names match
    /// <paramref name="labels"/> are kept.
    /// </summary>
    public async Task<DatasetRecord> CreateFromQueryAsync(string name, string sourceId, string table, string select, IReadOnlyDictionary<string, object?>? parameters,
        IReadOnlyDictionary<string, string>? labels = null, Action<double>? progress = null, CancellationToken ct = default)
    {
        return await CreateAsync(name, [sourceId], table, labels, async (conn, schema, tableName) =>
        {
            try
            {
                await DuckDbEngine.ExecuteWithProgressAsync(conn, $"CREATE TABLE {Quote(schema)}.{Quote(tableName)} AS {select}", progress, ct, parameters);
            }
            catch (DuckDBException ex) when (!ct.IsCancellationRequested)
            {
                throw new UserFacingException("The new dataset could not be made: " + EngineErrors.Brief(ex.Message, 1), 422, "Derived dataset failed");
            }
        }, ct);
    }

    /// <summary>Creates a dataset from rows the app produced, appended as they are enumerated (progress by row count when <paramref name="expected"/> is known).</summary>
    public async Task<DatasetRecord> CreateFromRowsAsync(string name, string table, IReadOnlyList<DerivedColumn> columns, IEnumerable<object?[]> rows,
        long expected = 0, Action<double>? progress = null, CancellationToken ct = default)
    {
        var labels = columns.Where(c => c.Label is not null).ToDictionary(c => c.Name, c => c.Label!);
        return await CreateAsync(name, [], table, labels, (conn, schema, tableName) => Task.Run(() =>
        {
            var defs = string.Join(", ", columns.Select(c => $"{Quote(c.Name)} {c.Type.ToDuckDb()}"));
            DuckDbEngine.Execute(conn, $"CREATE TABLE {Quote(schema)}.{Quote(tableName)} ({defs})");
            using var appender = conn.CreateAppender(tableName);
            long n = 0;
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                var r = appender.CreateRow();
                for (var i = 0; i < columns.Count; i++) DuckDbEngine.Append(r, i < row.Length ? row[i] : null, columns[i].Type);
                r.EndRow();
                if (++n % 10_000 == 0 && expected > 0) progress?.Invoke(Math.Min(1, n / (double)expected));
            }
        }, CancellationToken.None), ct);
    }

    private async Task<DatasetRecord> CreateAsync(string name, IReadOnlyCollection<string> sources, string table, IReadOnlyDictionary<string, string>? labels,
        Func<DuckDBConnection, string, string, Task> fill, CancellationToken ct)
    {
        var id = NewDatasetId();
        var tableName = Sanitize(table, "data");
        long rowCount;
        var columns = new List<ImportedColumn>();
        using (var writer = engine.Create(id, sources))
        {
            var conn = writer.Connection;
            await fill(conn, id, tableName);
            ct.ThrowIfCancellationRequested();
            rowCount = Convert.ToInt64(DuckDbEngine.Scalar(conn, $"SELECT count(*) FROM {Quote(id)}.{Quote(tableName)}"));
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = $c AND table_name = $t ORDER BY ordinal_position";
                cmd.Parameters.Add(new DuckDBParameter("c", id));
                cmd.Parameters.Add(new DuckDBParameter("t", tableName));
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                {
                    var column = reader.GetString(0);
                    columns.Add(new ImportedColumn(column, labels?.GetValueOrDefault(column) ?? column, ColumnTypes.FromDuckDb(reader.GetString(1))));
                }
            }
            writer.Commit();
        }
        var imported = new ImportedDataset(id, name, ImportFormat.Derived, "derived", 0, [new ImportedTable(tableName, tableName, rowCount, columns)], []);
        return await catalog.PublishAsync(imported, ct);
    }
}
