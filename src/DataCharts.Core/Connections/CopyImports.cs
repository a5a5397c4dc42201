using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Connections;

/// <summary>What to copy from a live connection: one of its tables, or the rows of a SELECT over them.</summary>
public sealed record CopyRequest(string? Table, string? Sql, string? Name);

/// <summary>A copy as the job holds it, checked.</summary>
public sealed record CopyJobInput(string DataId, string? Table, string? Sql, string Name);

/// <summary>What a finished copy made: the new dataset and how many rows it holds.</summary>
public sealed record CopyResult(string DataId, string Name, long Rows);

/// <summary>
/// "Import a copy": snapshots a table or a query result of a live connection into a new dataset in the engine, as a
/// background job with progress. The rows stream from the server (read-only, through the guard like any SQL) straight
/// into the new dataset's staging file, which is published only once complete: a failed or cancelled copy leaves nothing.
/// A table larger than <see cref="DataChartsOptions.MaxCopyRows"/> is refused rather than cut.
/// </summary>
public sealed class CopyImports(DatasetCatalog catalog, LiveQueries live, DerivedDatasets derived, IOptionsMonitor<DataChartsOptions> options)
{
    public const string JobKind = "import_copy";

    /// <summary>How long the server may take to send the whole copy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Checks the request at once (a 4xx before any job) and queues the copy on <paramref name="jobs"/>; returns the task id.</summary>
    public async Task<string> StartAsync(JobRunner jobs, string dataId, CopyRequest request, CancellationToken ct)
    {
        var d = await catalog.GetAsync(dataId, ct);
        if (!d.IsLive()) throw new UserFacingException($"\"{d.Name}\" is already an imported dataset; copies are made from live database connections.", 422, "Not a connection");
        var table = string.IsNullOrWhiteSpace(request.Table) ? null : request.Table.Trim();
        var sql = string.IsNullOrWhiteSpace(request.Sql) ? null : request.Sql.Trim();
        if ((table is null) == (sql is null)) throw new UserFacingException("Name either a table or a SQL query to copy, not both.") { Field = table is null ? "table" : "sql" };
        if (table is not null) table = DatasetReader.Table(d, table).Name;
        else
        {
            var verdict = await live.CheckAsync(d, sql!, ct);
            if (!verdict.Allowed) throw new QueryRejectedException(verdict.Reason!, "SQL refused by the guard");
        }
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{d.Name} – {table ?? "query"} (copy)" : request.Name.Trim();
        if (name.Length > 200) throw new UserFacingException("A dataset name needs 1 to 200 characters.") { Field = "name" };
        var title = $"Import a copy of {(table is null ? "a query" : $"\"{table}\"")} from {d.Name}";
        return await jobs.EnqueueAsync(JobKind, title, new CopyJobInput(d.Id, table, sql, name), ct);
    }

    /// <summary>Copies the rows, reporting progress against the server's row estimate for a table.</summary>
    public async Task<CopyResult> RunAsync(CopyJobInput input, Action<double, string?> report, CancellationToken ct)
    {
        var d = await catalog.GetAsync(input.DataId, ct);
        var table = input.Table is null ? null : DatasetReader.Table(d, input.Table);
        var sql = table is null ? input.Sql! : $"SELECT * FROM {d.Dialect().Quote(table.Name)}";
        var max = Math.Max(1, options.CurrentValue.MaxCopyRows);
        var expected = table?.RowCount ?? 0;
        long copied = 0;
        DatasetRecord? made = null;
        report(0, "Reading rows from the server");
        await live.StreamAsync(d, sql, null, max + 1, Timeout, async (columns, rows) =>
        {
            var names = Identifiers.SanitizeAll(columns.Select(c => (string?)c.Name).ToList(), "column");
            var defs = columns.Select((c, i) => new DerivedColumn(names[i], c.Type, c.Name)).ToList();
            IEnumerable<object?[]> Counted()
            {
                foreach (var row in rows)
                {
                    if (++copied > max)
                        throw new UserFacingException($"The copy has more than {max:N0} rows, the most one copy takes. Copy a query that filters or aggregates it.", 422, "Copy too large");
                    if (copied % 50_000 == 0) report(expected > 0 ? Math.Min(0.99, copied / (double)expected) : 0, $"{copied:N0} rows copied");
                    yield return row;
                }
            }
            made = await derived.CreateFromRowsAsync(input.Name, Identifiers.Sanitize(table?.Name, "result"), defs, Counted(), 0, null, ct);
        }, ct);
        report(1, $"{copied:N0} rows copied");
        return new CopyResult(made!.Id, made.Name, copied);
    }
}

/// <summary>
/// Runs "Import a copy" jobs. It finds <see cref="CopyImports"/> when a job runs rather than when it is built: CopyImports
/// queues its jobs through the <see cref="JobRunner"/>, which is built with every handler, so asking for it in the
/// constructor is a circular dependency and the host does not start.
/// </summary>
public sealed class CopyImportJobHandler(CopyImports imports) : IJobHandler
{
    public string Kind => CopyImports.JobKind;

    public async Task<string?> RunAsync(JobContext context)
    {
        var input = JsonSerializer.Deserialize<CopyJobInput>(context.InputJson)!;
        var result = await imports.RunAsync(input, context.Report, context.CancellationToken);
        return JsonSerializer.Serialize(new { data_id = result.DataId, name = result.Name, rows = result.Rows });
    }
}
