using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent;

/// <summary>What the agent knows about a dataset: tables, columns (with labels and descriptions), sample values and relations.</summary>
public sealed record SchemaContext(DatasetRecord Dataset, IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    /// <summary>The dataset's semantic model (inferred, with the user's edits); empty when none was built.</summary>
    public DataCharts.Core.Semantics.SemanticModel Model { get; init; } = DataCharts.Core.Semantics.SemanticModel.Empty;

    /// <summary>Distinct values of a low-cardinality text column ("table.column"), or empty.</summary>
    public IReadOnlyList<string> ValuesOf(string table, string column) =>
        Values.TryGetValue($"{table}.{column}", out var v) ? v : [];
}

/// <summary>One earlier turn of the conversation, as the agent needs it for follow-ups.</summary>
public sealed record PriorTurn(string Question, string? Sql, string? PlanJson);

/// <summary>A question to answer.</summary>
public sealed record AgentRequest(SchemaContext Schema, string Question, IReadOnlyList<PriorTurn> History);

/// <summary>A step the agent reports while it works (streamed to the chat page).</summary>
public sealed record AgentStep(string Kind, string Text, string? Detail = null);

/// <summary>Token use of one answer, for providers that charge by token.</summary>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, decimal EstimatedCost);

/// <summary>
/// The agent's plan: the SQL to run, the chart to draw and what to say. When it cannot understand the question,
/// <see cref="Sql"/> is null and <see cref="Explanation"/> says why, with <see cref="Suggestions"/> it can answer.
/// </summary>
public sealed record AgentPlan(
    string? Sql,
    ChartSpec? Chart,
    string? Explanation,
    IReadOnlyList<string> Suggestions,
    string? PlanJson = null,
    string? Narrative = null,
    TokenUsage? Usage = null,
    string Engine = "offline",
    ResultShape? Shape = null,
    ChartType? RequestedChart = null)
{
    /// <summary>The plan in plain words, in the question's language ("Average freight of orders, by shipper, 2017 only").</summary>
    public string? Interpretation { get; init; }

    /// <summary>False when part of the question was not taken into account (<see cref="UnusedTerms"/>) or a check failed.</summary>
    public bool Confident { get; init; } = true;

    /// <summary>Words of the question the plan does not use; said in the answer, never dropped silently.</summary>
    public IReadOnlyList<string> UnusedTerms { get; init; } = [];

    /// <summary>Why the answer is unsure, in the question's language (shown above the answer), when not <see cref="Confident"/>.</summary>
    public string? Caveat { get; init; }

    public static AgentPlan NotUnderstood(string why, IReadOnlyList<string> suggestions) => new(null, null, why, suggestions);

    /// <summary>A generic reading of any result's shape (for SQL the planner did not write): text and dates are dimensions, numbers measures.</summary>
    public static ResultShape ShapeOf(DataCharts.Core.Query.QueryResult result)
    {
        var dims = result.Columns.Where(c => !c.Type.IsNumeric() || ChartAdvisor.IsTimeColumn(c)).Select(c => c.Name).ToList();
        var measures = result.Columns.Where(c => c.Type.IsNumeric() && !ChartAdvisor.IsTimeColumn(c)).Select(c => c.Name).ToList();
        var timeFirst = result.Columns.Count > 0 && dims.Count > 0 && ChartAdvisor.IsTimeColumn(result.Columns.First(c => c.Name == dims[0]));
        return new ResultShape(dims, measures, timeFirst, false, dims.Count == 0 && measures.Count == 2 && result.Rows.Count > 20 ? "scatter" : "aggregate");
    }
}

/// <summary>Turns a question into a plan. Two implementations: the offline planner and the Semantic Kernel agent.</summary>
public interface IAnswerAgent
{
    Task<AgentPlan> PlanAsync(AgentRequest request, Action<AgentStep> step, CancellationToken ct);
}
