using DataCharts.Core.Agent;
using DataCharts.Core.Agent.Offline;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Presentation;

/// <summary>
/// The previous period of a single-value answer, computed, never estimated: the answer's plan moved back one period
/// (<see cref="PreviousPeriod"/>), compiled by the same SQL builder and run through the same guard and limits.
/// Whenever that cannot be done exactly, there is no comparison.
/// </summary>
public sealed class KpiComparisons(SchemaLoader schemas, QueryRunner runner)
{
    /// <summary>
    /// The previous period's row for an answer whose <paramref name="sql"/> the offline planner wrote from
    /// <paramref name="planJson"/>; null when the plan names no single period, or its SQL is not the answer's (edited,
    /// or written by a language model), or the query fails.
    /// </summary>
    public async Task<KpiPrevious?> PreviousAsync(DatasetRecord dataset, string? sql, string? planJson, QueryResult current, CancellationToken ct)
    {
        if (sql is null || current.Rows.Count != 1 || PreviousPeriod.Parse(planJson) is not { } spec || PreviousPeriod.Of(spec) is not { } shift) return null;
        var schema = schemas.Load(dataset);
        var builder = new SqlBuilder(new SchemaIndex(spec.Definitions.Count > 0 ? InlineDefinitions.With(schema, spec.Definitions) : schema));
        // The comparison is only as good as "same SQL, other period": the plan must still compile to the answer's SQL.
        if (builder.Build(spec).Sql != sql || builder.Build(shift.Previous).Sql is not { } previousSql) return null;
        QueryOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(dataset, previousSql, null, 2, ct);
        }
        catch (UserFacingException)
        {
            return null;
        }
        var rows = outcome.Result;
        if (rows.Rows.Count != 1 || !rows.Columns.Select(c => c.Name).SequenceEqual(current.Columns.Select(c => c.Name))) return null;
        return new KpiPrevious(shift.Current, shift.PreviousLabel, rows.Rows[0], previousSql);
    }
}
