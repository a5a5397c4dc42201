using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Query;

/// <summary>The rows a guarded query returned, capped, with how long it took and whether it came from the cache.</summary>
public sealed record QueryOutcome(string Sql, QueryResult Result, bool Truncated, TimeSpan Elapsed, bool Cached)
{
    /// <summary>Why rows are missing, in plain words, when <see cref="Truncated"/>.</summary>
    public string? TruncatedReason { get; init; }
}

/// <summary>A query refused by the guard or failed in the engine: the message says why (422).</summary>
public sealed class QueryRejectedException(string message, string title = "The query cannot run") : UserFacingException(message, 422, title);

/// <summary>
/// Runs SQL against one dataset: through <see cref="SqlGuard"/>, on a read-only connection that sees that dataset alone,
/// parameters bound (never spliced), a timeout that interrupts the engine, and a row cap.
/// Results are cached per (dataset version, SQL, parameters); the cache of a dataset empties when it changes.
/// </summary>
public sealed class QueryRunner
{
    private readonly DuckDbEngine engine;
    private readonly IOptionsMonitor<DataChartsOptions> options;
    private readonly ResultCache cache;

    private readonly QueryLimits limits;
    private readonly LiveQueries? live;

    public QueryRunner(DuckDbEngine engine, IOptionsMonitor<DataChartsOptions> options, DatasetChanges changes, QueryLimits? limits = null, LiveQueries? live = null)
    {
        this.engine = engine;
        this.options = options;
        this.live = live;
        this.limits = limits ?? new QueryLimits();
        cache = new ResultCache(() => Math.Max(0, options.CurrentValue.ResultCacheBytes));
        changes.Changed += Forget;
    }

    public int RowCap => Math.Max(1, limits.RowCap ?? options.CurrentValue.RowCap);
    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, limits.TimeoutSeconds ?? options.CurrentValue.QueryTimeoutSeconds));

    /// <summary>Checks without running.</summary>
    public GuardVerdict Check(DatasetRecord dataset, string sql)
    {
        if (dataset.IsLive()) return Live().CheckAsync(dataset, sql, CancellationToken.None).GetAwaiter().GetResult();
        using var c = engine.Open(dataset.Id);
        return SqlGuard.Check(c, sql, dataset.Id, dataset.Tables.Select(t => t.Name).ToList());
    }

    public async Task<QueryOutcome> RunAsync(DatasetRecord dataset, string sql, IReadOnlyDictionary<string, object?>? parameters = null,
        int? maxRows = null, CancellationToken ct = default)
    {
        var cap = Math.Clamp(maxRows ?? RowCap, 1, RowCap);
        var key = CacheKey(dataset, sql, parameters, cap);
        if (cache.TryGet(dataset.Id, key, out var hit)) return hit with { Cached = true };
        var bounds = Bounds;
        if (dataset.IsLive())
        {
            var answer = await Live().RunAsync(dataset, sql, parameters, cap, bounds, Timeout, ct);
            Monitoring.AppMetrics.QueryDuration.Record(answer.Elapsed.TotalMilliseconds);
            cache.Add(dataset.Id, key, answer);
            return answer;
        }

        // A query's engine memory is not all under the engine's limit (text values live outside it), so only a few run at
        // once; the wait counts against the timeout.
        var waited = Stopwatch.StartNew();
        using var slot = await engine.TakeQuerySlotAsync(Timeout, ct);
        using var conn = engine.Open(dataset.Id);
        using var cmd = Prepare(conn, dataset, sql, parameters);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout - waited.Elapsed < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : Timeout - waited.Elapsed);
        using var reg = timeout.Token.Register(() => Cancel(cmd));
        var watch = Stopwatch.StartNew();
        QueryOutcome outcome;
        try
        {
            outcome = await Task.Run(() =>
            {
                CutLongText(cmd, bounds.MaxCellChars);
                using var reader = cmd.ExecuteReader();
                return Outcome(sql, QueryResult.Read(reader, cap + 1, bounds), cap, bounds, watch.Elapsed);
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DuckDBException or OperationCanceledException)
        {
            throw Failure(ex, ct, timeout.IsCancellationRequested, dataset, sql);
        }
        Monitoring.AppMetrics.QueryDuration.Record(outcome.Elapsed.TotalMilliseconds);
        cache.Add(dataset.Id, key, outcome);
        return outcome;
    }

    /// <summary>What a query read (up to one row past <paramref name="cap"/>) becomes: the rows shown, and why any are missing.</summary>
    internal static QueryOutcome Outcome(string sql, QueryResult result, int cap, ResultBounds bounds, TimeSpan elapsed)
    {
        if (result.ByteLimitReached)
            return new QueryOutcome(sql, result, true, elapsed, false)
            {
                TruncatedReason = $"The rows shown stop at {result.Rows.Count:N0}: the result reached the {DatasetImports.Format(bounds.MaxBytes)} limit " +
                                  "of one answer. The downloads hold every row.",
            };
        if (result.Rows.Count <= cap) return new QueryOutcome(sql, result, false, elapsed, false);
        return new QueryOutcome(sql, result with { Rows = result.Rows.Take(cap).ToList() }, true, elapsed, false)
        {
            TruncatedReason = $"The rows shown stop at the row cap of {cap:N0}. The downloads hold every row.",
        };
    }

    private LiveQueries Live() => live ?? throw new InvalidOperationException("This QueryRunner was made without LiveQueries and cannot query live connections.");

    /// <summary>
    /// Streams every row of a guarded query, up to <see cref="DataChartsOptions.MaxExportRows"/>, to <paramref name="write"/>
    /// as the engine produces them (downloads of results larger than the row cap). The timeout counts the engine's time
    /// only, not the time a slow client takes to receive the file. Errors before the first row are thrown as from
    /// <see cref="RunAsync"/>, so the caller can still answer with a problem.
    /// </summary>
    public async Task StreamAsync(DatasetRecord dataset, string sql, IReadOnlyDictionary<string, object?>? parameters,
        Func<IReadOnlyList<ResultColumn>, IEnumerable<object?[]>, Task> write, CancellationToken ct)
    {
        if (dataset.IsLive())
        {
            await Live().StreamAsync(dataset, sql, parameters, Math.Max(1, options.CurrentValue.MaxExportRows), Timeout, write, ct);
            return;
        }
        using var conn = engine.Open(dataset.Id);
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
            throw Failure(ex, ct, clock.Expired, dataset, sql);
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
                    throw Failure(ex, ct, clock.Expired, dataset, sql);
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
        if (!verdict.Allowed)
        {
            var at = SqlPosition.AtUtf8Offset(sql, verdict.Position);
            throw new QueryRejectedException(verdict.Reason!, "SQL refused by the guard") { Line = at?.Line, Column = at?.Column };
        }
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.UseStreamingMode = true;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        return cmd;
    }

    /// <summary>
    /// Has the engine cut text columns to one character more than <paramref name="chars"/> (so that
    /// <see cref="QueryResult.Read"/> still sees and marks the cut) before the rows reach the app: a 10 MB cell is never
    /// copied out of the engine only to be cut here. The statement's columns come from a run with LIMIT 0; order, names
    /// and types stay as the query made them (a query whose column names repeat is left as it is).
    /// </summary>
    private static void CutLongText(DuckDBCommand cmd, int chars)
    {
        if (chars == int.MaxValue) return;
        var sql = cmd.CommandText.TrimEnd().TrimEnd(';');
        cmd.CommandText = $"SELECT * FROM ({sql}\n) AS q LIMIT 0";
        IReadOnlyList<ResultColumn> columns;
        try
        {
            using var shape = cmd.ExecuteReader();
            columns = QueryResult.ColumnsOf(shape);
        }
        finally
        {
            cmd.CommandText = sql;
        }
        var text = columns.Where(c => c.EngineType.Equals("VARCHAR", StringComparison.OrdinalIgnoreCase)).ToList();
        if (text.Count == 0 || columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count) return;
        var cuts = string.Join(", ", text.Select(c => QueryResult.CutText(Identifiers.Quote(c.Name), chars)));
        cmd.CommandText = $"SELECT * REPLACE ({cuts}) FROM ({sql}\n) AS q";
    }

    private static void Cancel(DuckDBCommand cmd)
    {
        try { cmd.Cancel(); } catch (Exception) { /* finished */ }
    }

    /// <summary>What a failed or interrupted query becomes: the caller's cancellation, a timeout, or the engine's message.</summary>
    private Exception Failure(Exception ex, CancellationToken ct, bool timedOut, DatasetRecord dataset, string sql)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException(ct);
        if (timedOut) return new QueryRejectedException($"The query ran longer than {Timeout.TotalSeconds:0} s and was stopped.", "Query timed out");
        var at = SqlPosition.FromEngineMessage(sql, ex.Message);
        return new QueryRejectedException("The query failed: " + Clean(EngineErrors.Clean(ex.Message, dataset.Id, dataset.Tables.Select(t => t.Name).ToList())), "Query failed")
        {
            Line = at?.Line ?? EngineLine(ex.Message),
            Column = at?.Column,
        };
    }

    /// <summary>Empties the cache of one dataset (the catalog does this on every change).</summary>
    public void Forget(string datasetId) => cache.Forget(datasetId);

    /// <summary>Bytes the cached results hold now.</summary>
    public long CachedBytes => cache.Bytes;

    /// <summary>How much of a result is read into memory: <see cref="DataChartsOptions.MaxResultBytes"/> and <see cref="DataChartsOptions.MaxCellChars"/>.</summary>
    public ResultBounds Bounds => BoundsOf(options.CurrentValue);

    public static ResultBounds BoundsOf(DataChartsOptions o) => new(Math.Max(1024, o.MaxResultBytes), Math.Max(16, o.MaxCellChars));

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
