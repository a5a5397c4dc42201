using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Query;

/// <summary>The rows a guarded query returned, capped, with how long it took and whether it came from the cache.</summary>
public sealed record QueryOutcome(string Sql, QueryResult Result, bool Truncated, TimeSpan Elapsed, bool Cached);

/// <summary>A query refused by the guard or failed in the engine: the message says why (422).</summary>
public sealed class QueryRejectedException(string message, string title = "The query cannot run") : UserFacingException(message, 422, title);

/// <summary>
/// Runs SQL against one dataset: through <see cref="SqlGuard"/>, on the locked-down engine, with the dataset's schema as
/// the search path, parameters bound (never spliced), a timeout that interrupts the engine, and a row cap.
/// Results are cached per (dataset version, SQL, parameters); the cache of a dataset empties when it changes.
/// </summary>
public sealed class QueryRunner
{
    private readonly DuckDbEngine engine;
    private readonly IOptionsMonitor<DataChartsOptions> options;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, QueryOutcome>> cache = new();
    private const int CacheEntriesPerDataset = 256;

    private readonly QueryLimits limits;

    public QueryRunner(DuckDbEngine engine, IOptionsMonitor<DataChartsOptions> options, DatasetChanges changes, QueryLimits? limits = null)
    {
        this.engine = engine;
        this.options = options;
        this.limits = limits ?? new QueryLimits();
        changes.Changed += Forget;
    }

    public int RowCap => Math.Max(1, limits.RowCap ?? options.CurrentValue.RowCap);
    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, limits.TimeoutSeconds ?? options.CurrentValue.QueryTimeoutSeconds));

    /// <summary>Checks without running.</summary>
    public GuardVerdict Check(DatasetRecord dataset, string sql)
    {
        using var c = engine.Open();
        return SqlGuard.Check(c, sql, dataset.Id, dataset.Tables.Select(t => t.Name).ToList());
    }

    public async Task<QueryOutcome> RunAsync(DatasetRecord dataset, string sql, IReadOnlyDictionary<string, object?>? parameters = null,
        int? maxRows = null, CancellationToken ct = default)
    {
        var cap = Math.Clamp(maxRows ?? RowCap, 1, RowCap);
        var key = CacheKey(dataset, sql, parameters, cap);
        var perDataset = cache.GetOrAdd(dataset.Id, _ => new ConcurrentDictionary<string, QueryOutcome>());
        if (perDataset.TryGetValue(key, out var hit)) return hit with { Cached = true };

        using var conn = engine.Open();
        using var cmd = Prepare(conn, dataset, sql, parameters);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var reg = timeout.Token.Register(() => Cancel(cmd));
        var watch = Stopwatch.StartNew();
        QueryOutcome outcome;
        try
        {
            outcome = await Task.Run(() =>
            {
                using var reader = cmd.ExecuteReader();
                var result = QueryResult.Read(reader, cap + 1);
                var truncated = result.Rows.Count > cap;
                if (truncated) result = result with { Rows = result.Rows.Take(cap).ToList() };
                return new QueryOutcome(sql, result, truncated, watch.Elapsed, false);
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DuckDBException or OperationCanceledException)
        {
            throw Failure(ex, ct, timeout.IsCancellationRequested, dataset);
        }
        Monitoring.AppMetrics.QueryDuration.Record(outcome.Elapsed.TotalMilliseconds);
        if (perDataset.Count >= CacheEntriesPerDataset) perDataset.Clear();
        perDataset[key] = outcome;
        return outcome;
    }

    /// <summary>
    /// Streams every row of a guarded query, up to <see cref="DataChartsOptions.MaxExportRows"/>, to <paramref name="write"/>
    /// as the engine produces them (downloads of results larger than the row cap). The timeout counts the engine's time
    /// only, not the time a slow client takes to receive the file. Errors before the first row are thrown as from
    /// <see cref="RunAsync"/>, so the caller can still answer with a problem.
    /// </summary>
    public async Task StreamAsync(DatasetRecord dataset, string sql, IReadOnlyDictionary<string, object?>? parameters,
        Func<IReadOnlyList<ResultColumn>, IEnumerable<object?[]>, Task> write, CancellationToken ct)
    {
        using var conn = engine.Open();
        using var cmd = Prepare(conn, dataset, sql, parameters);
        using var clock = new EngineClock(Timeout, () => Cancel(cmd));
        using var reg = ct.Register(() => Cancel(cmd));
        DuckDBDataReader reader;
        bool any;
        try
        {
            (reader, any) = await Task.Run(() => clock.Time(() =>
            {
                var r = cmd.ExecuteReader();
                return (r, r.Read());
            }), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DuckDBException or OperationCanceledException)
        {
            throw Failure(ex, ct, clock.Expired, dataset);
        }
        using (reader)
        {
            var columns = QueryResult.ColumnsOf(reader);
            var max = Math.Max(1, options.CurrentValue.MaxExportRows);
            bool Next()
            {
                try
                {
                    return clock.Time(reader.Read);
                }
                catch (Exception ex) when (ex is DuckDBException or OperationCanceledException)
                {
                    throw Failure(ex, ct, clock.Expired, dataset);
                }
            }
            IEnumerable<object?[]> Rows()
            {
                for (var n = 0; any && n < max; n++)
                {
                    yield return QueryResult.Row(reader, columns);
                    any = Next();
                }
            }
            await write(columns, Rows());
        }
    }

    /// <summary>A command for <paramref name="sql"/> on <paramref name="dataset"/>: guarded, on its schema, parameters bound.</summary>
    private static DuckDBCommand Prepare(DuckDBConnection conn, DatasetRecord dataset, string sql, IReadOnlyDictionary<string, object?>? parameters)
    {
        var verdict = SqlGuard.Check(conn, sql, dataset.Id, dataset.Tables.Select(t => t.Name).ToList());
        if (!verdict.Allowed) throw new QueryRejectedException(verdict.Reason!, "SQL refused by the guard") { Line = LineAt(sql, verdict.Position) };
        DuckDbEngine.Execute(conn, $"SET search_path = {Identifiers.Literal(dataset.Id)}");
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.UseStreamingMode = true;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        return cmd;
    }

    private static void Cancel(DuckDBCommand cmd)
    {
        try { cmd.Cancel(); } catch (Exception) { /* finished */ }
    }

    /// <summary>What a failed or interrupted query becomes: the caller's cancellation, a timeout, or the engine's message.</summary>
    private Exception Failure(Exception ex, CancellationToken ct, bool timedOut, DatasetRecord dataset)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException(ct);
        if (timedOut) return new QueryRejectedException($"The query ran longer than {Timeout.TotalSeconds:0} s and was stopped.", "Query timed out");
        return new QueryRejectedException("The query failed: " + Clean(EngineErrors.Clean(ex.Message, dataset.Id, dataset.Tables.Select(t => t.Name).ToList())), "Query failed") { Line = EngineLine(ex.Message) };
    }

    /// <summary>Empties the cache of one dataset (the catalog does this on every change).</summary>
    public void Forget(string datasetId) => cache.TryRemove(datasetId, out _);

    private static string CacheKey(DatasetRecord d, string sql, IReadOnlyDictionary<string, object?>? parameters, int cap)
    {
        var p = parameters is null ? "" : string.Join("\u001f", parameters.OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Key + "=" + KeyOf(x.Value)));
        return $"{d.Version}\u001e{cap}\u001e{sql}\u001e{p}";
    }

    /// <summary>A parameter value as cache-key text; lists (multi-selects, date ranges) by their items.</summary>
    private static string KeyOf(object? value) => value switch
    {
        null => "\u0000",
        string s => "s:" + s,
        System.Collections.IEnumerable items => "[" + string.Join("\u001d", items.Cast<object?>().Select(KeyOf)) + "]",
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The 1-based line of the SQL that holds a character offset.</summary>
    private static long? LineAt(string sql, int? position) =>
        position is { } p && p <= sql.Length ? 1 + sql.AsSpan(0, p).Count('\n') : null;

    /// <summary>The "LINE n:" the engine puts under parser, binder and catalog errors.</summary>
    private static long? EngineLine(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^LINE (\d+):", System.Text.RegularExpressions.RegexOptions.Multiline);
        return m.Success && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>Engine messages without internal noise, first lines only.</summary>
    private static string Clean(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Take(3);
        return string.Join(" ", lines);
    }
}
