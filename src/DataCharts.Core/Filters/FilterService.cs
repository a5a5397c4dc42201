using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DuckDB.NET.Data;

namespace DataCharts.Core.Filters;

/// <summary>How many rows one condition matches on its own.</summary>
public sealed record ConditionSummary(int Index, string Field, string Operation, long MatchedCount);

/// <summary>What a filter did to the table: per-condition matches, and how many rows the combination kept and rejected.</summary>
public sealed record FilterSummary(IReadOnlyList<ConditionSummary> Conditions, string CombineOperation, long TotalCount, long FilteredCount,
    long RejectedCount, double RejectionRate);

/// <summary>Where a page sits among the matching rows.</summary>
public sealed record PageInfo(long Total, long Offset, int Limit, bool HasMore);

/// <summary>A filtered page of rows with counts and summary; <see cref="Saved"/> is the new dataset when the request had save_as.</summary>
public sealed record FilterResult(DatasetTableRecord Table, QueryResult Rows, long TotalCount, long FilteredCount, FilterSummary Summary,
    PageInfo PageInfo, DatasetRecord? Saved);

/// <summary>
/// Runs the filter builder in DuckDB (PRODUCT.md §3 "Data tools"): one pass for every count of the summary, one
/// statement for the page, and on request a new dataset with every matching row. The SQL is the app's own translation
/// (<see cref="FilterTranslator"/>), so it does not go through the guard that user SQL does; values are parameters.
/// </summary>
/// <remarks><paramref name="derived"/> is needed only to save a filter as a new dataset.</remarks>
public sealed class FilterService(DuckDbEngine engine, DerivedDatasets? derived = null, QueryLimits? limits = null)
{
    /// <summary>Statements stop after this long unless the Settings page says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async Task<FilterResult> RunAsync(DatasetRecord dataset, FilterRequest request, CancellationToken ct = default)
    {
        dataset.RequireImported("Filters on the Data page");
        var plan = FilterTranslator.Translate(dataset, request);
        var saveAs = request.SaveAs?.Trim();
        if (request.SaveAs is not null && string.IsNullOrEmpty(saveAs)) throw new UserFacingException("save_as needs a name for the new dataset.") { Field = "save_as" };

        var (counts, rows) = await Task.Run(() =>
        {
            using var conn = engine.Open(dataset.Id);
            CheckPatterns(conn, plan);
            var c = Counts(conn, plan, ct);
            var r = plan.Limit == 0 ? new QueryResult(Columns(conn, plan, ct), []) : Read(conn, plan.RowsSql, plan, ct);
            return (c, r);
        }, CancellationToken.None);

        var total = counts[0];
        var filtered = counts[^1];
        var perCondition = plan.Conditions.Select((c, i) => new ConditionSummary(c.Index, c.Column.Name, FilterOperations.NameOf(c.Operation), counts[i + 1])).ToList();
        var summary = new FilterSummary(perCondition, plan.CombineOperation, total, filtered, total - filtered,
            total == 0 ? 0 : Math.Round((double)(total - filtered) / total, 4));
        var page = new PageInfo(filtered, plan.Offset, plan.Limit, plan.Offset + rows.Rows.Count < filtered);

        DatasetRecord? saved = null;
        if (saveAs is not null)
        {
            if (derived is null) throw new InvalidOperationException("This FilterService was made without DerivedDatasets and cannot save.");
            var labels = plan.Table.Columns.ToDictionary(c => c.Name, c => c.Label);
            saved = await derived.CreateFromQueryAsync(saveAs, dataset.Id, plan.Table.Name, plan.AllRowsSql, plan.Parameters, labels, ct: ct);
        }
        return new FilterResult(plan.Table, rows, total, filtered, summary, page, saved);
    }

    /// <summary>regex_match patterns are checked by the engine that runs them (RE2 syntax), before the table is read.</summary>
    private static void CheckPatterns(DuckDBConnection conn, FilterPlan plan)
    {
        foreach (var c in plan.Conditions.Where(c => c.PatternParameter is not null))
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT regexp_matches('', $re)";
            cmd.Parameters.Add(new DuckDBParameter("re", plan.Parameters[c.PatternParameter!]));
            try
            {
                cmd.ExecuteScalar();
            }
            catch (DuckDBException ex)
            {
                throw new FilterConditionException(c.Index, "value",
                    $"filter_conditions[{c.Index}] (field '{c.Column.Name}'), regex_match: the pattern is not a valid regular expression ({Clean(ex.Message)}).")
                { Field = $"filter_conditions[{c.Index}].value" };
            }
        }
    }

    private long[] Counts(DuckDBConnection conn, FilterPlan plan, CancellationToken ct) => Execute(conn, plan.CountsSql, plan, ct, cmd =>
    {
        using var r = cmd.ExecuteReader();
        r.Read();
        var counts = new long[r.FieldCount];
        for (var i = 0; i < counts.Length; i++) counts[i] = Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        return counts;
    });

    private QueryResult Read(DuckDBConnection conn, string sql, FilterPlan plan, CancellationToken ct) => Execute(conn, sql, plan, ct, cmd =>
    {
        using var r = cmd.ExecuteReader();
        return QueryResult.Read(r, plan.Limit, engine.Bounds);
    });

    private IReadOnlyList<ResultColumn> Columns(DuckDBConnection conn, FilterPlan plan, CancellationToken ct) =>
        Execute(conn, $"SELECT * FROM {plan.Source} LIMIT 0", plan, ct, cmd =>
        {
            using var r = cmd.ExecuteReader();
            return QueryResult.ColumnsOf(r);
        }, bind: false);

    /// <summary>Runs one statement with the plan's parameters, under the query timeout and the caller's cancellation.</summary>
    private T Execute<T>(DuckDBConnection conn, string sql, FilterPlan plan, CancellationToken ct, Func<DuckDBCommand, T> run, bool bind = true)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        if (bind)
        {
            foreach (var (name, value) in plan.Parameters) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }
        var timeout = limits?.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(Math.Max(1, s)) : DefaultTimeout;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(timeout);
        using var reg = stop.Token.Register(() =>
        {
            try { cmd.Cancel(); } catch (Exception) { /* finished */ }
        });
        try
        {
            return run(cmd);
        }
        catch (DuckDBException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (DuckDBException) when (stop.IsCancellationRequested)
        {
            throw new UserFacingException($"The filter ran longer than {timeout.TotalSeconds:0} s and was stopped.", 422, "Filter timed out");
        }
        catch (DuckDBException ex)
        {
            throw new UserFacingException("The filter failed: " + Clean(ex.Message), 422, "Filter failed");
        }
    }

    private static string Clean(string message) => EngineErrors.Brief(message);
}
