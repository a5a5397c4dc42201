using System.Diagnostics;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// SQL from anyone (a user, the agent, a report file) on a live database: first <see cref="LiveSqlGuard"/> (one SELECT
/// over the connection's tables, allowed functions only), then the server in a read-only transaction with its statement
/// timeout, the row cap and the byte bound (<see cref="LiveDatabase"/>). <c>$name</c> inputs are bound as parameters.
/// Used by <see cref="QueryRunner"/> for every data source that is a connection, so its cache and bounds apply alike.
/// </summary>
public sealed class LiveQueries(ConnectionCatalog connections)
{
    /// <summary>Checks without running.</summary>
    public async Task<GuardVerdict> CheckAsync(DatasetRecord d, string sql, CancellationToken ct)
    {
        var s = await connections.SettingsAsync(d.Id, ct);
        return LiveSqlGuard.Check(d.Dialect(), sql, d.Tables.Select(t => t.Name).ToList(), s.ShownSchemas);
    }

    /// <summary>Up to <paramref name="cap"/> rows (one more is read to tell a cut result), within <paramref name="bounds"/>.</summary>
    public async Task<QueryOutcome> RunAsync(DatasetRecord d, string sql, IReadOnlyDictionary<string, object?>? parameters, int cap, ResultBounds bounds,
        TimeSpan timeout, CancellationToken ct)
    {
        var (s, statement) = await PrepareAsync(d, sql, ct);
        var watch = Stopwatch.StartNew();
        var result = await Run(s, sql, ct, () => LiveDatabase.QueryAsync(s, statement, cap + 1, bounds, timeout, ct, parameters));
        return QueryRunner.Outcome(sql, result, cap, bounds, watch.Elapsed);
    }

    /// <summary>Every row up to <paramref name="maxRows"/>, handed to <paramref name="write"/> as the server sends them (downloads).</summary>
    public async Task StreamAsync(DatasetRecord d, string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, TimeSpan timeout,
        Func<IReadOnlyList<ResultColumn>, IEnumerable<object?[]>, Task> write, CancellationToken ct)
    {
        var (s, statement) = await PrepareAsync(d, sql, ct);
        await Run(s, sql, ct, () => LiveDatabase.ReadAsync(s, statement, parameters, maxRows, timeout, async reader =>
        {
            var columns = LiveTypes.Columns(s.Kind, reader);
            IEnumerable<object?[]> Rows()
            {
                while (reader.Read()) yield return QueryResult.Row(reader, columns);
            }
            await write(columns, Rows());
            return true;
        }, ct));
    }

    /// <summary>The connection's settings and the statement as the driver takes it, or the guard's refusal (422, with line and column).</summary>
    private async Task<(ConnectionSettings Settings, string Statement)> PrepareAsync(DatasetRecord d, string sql, CancellationToken ct)
    {
        var s = await connections.SettingsAsync(d.Id, ct);
        var verdict = LiveSqlGuard.Check(d.Dialect(), sql, d.Tables.Select(t => t.Name).ToList(), s.ShownSchemas);
        if (!verdict.Allowed)
        {
            var at = SqlPosition.AtIndex(sql, verdict.Position);
            throw new QueryRejectedException(verdict.Reason!, "SQL refused by the guard") { Line = at?.Line, Column = at?.Column };
        }
        return (s, LiveSqlLexer.BindNames(d.Dialect(), sql));
    }

    /// <summary>The server's failure as a refused query (422) in its plain words, so callers treat it as they treat the engine's.</summary>
    private static async Task<T> Run<T>(ConnectionSettings s, string sql, CancellationToken ct, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (UserFacingException ex) when (ex is not QueryRejectedException && !ct.IsCancellationRequested)
        {
            var title = ex.Message.Contains("time limit", StringComparison.Ordinal) ? "Query timed out" : "Query failed";
            throw new QueryRejectedException(ex.Message, title);
        }
    }
}
