using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using Microsoft.SemanticKernel;

namespace DataCharts.Core.Agent.Llm;

/// <summary>What one answer's tool calls work on: the dataset, the guarded runner, and what the model has done so far.</summary>
public sealed class AgentCallContext(SchemaContext schema, QueryRunner runner, Action<AgentStep> step, CancellationToken ct)
{
    public const int MaxSqlFailures = 3;
    public SchemaContext Schema { get; } = schema;
    public QueryRunner Runner { get; } = runner;
    public Action<AgentStep> Step { get; } = step;
    public CancellationToken CancellationToken { get; } = ct;
    public string? LastSql { get; set; }
    public QueryResult? LastResult { get; set; }
    public ChartSpec? Chart { get; set; }
    public int Failures { get; set; }
    public int Calls { get; set; }

    /// <summary>How many times a query that multiplies a measure is sent back to the model before it is run anyway (and the answer marked unsure).</summary>
    public const int MaxGrainReturns = 1;

    /// <summary>The fan-out check for a query (<see cref="GrainCheck"/>); none when not set.</summary>
    public Func<string, GrainProblem?>? CheckGrain { get; init; }

    /// <summary>The grain problem of the query that ran last, if it had one.</summary>
    public GrainProblem? Grain { get; set; }

    public int GrainReturns { get; set; }

    /// <summary>What the model reported through final_answer, if it did.</summary>
    public FinalAnswer? Final { get; set; }
}

/// <summary>The model's own account of its answer: its reading in plain words, the question's words the SQL does not use, and the narrative.</summary>
public sealed record FinalAnswer(string? Interpretation, IReadOnlyList<string> UnusedTerms, string? Narrative);

/// <summary>
/// The tools the model may call, registered once when the kernel is built. Each call works on the answer in progress
/// (an async-local context). Tools never throw at the model: errors come back as text it can act on.
/// </summary>
public sealed class DataChartsPlugin
{
    private static readonly AsyncLocal<AgentCallContext?> Current = new();

    public static IDisposable Use(AgentCallContext context)
    {
        Current.Value = context;
        return new Reset();
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }

    private static AgentCallContext Ctx => Current.Value ?? throw new InvalidOperationException("No answer in progress.");

    [KernelFunction("list_tables"), Description("Lists the dataset's tables with their row counts and columns, and the SQL dialect to write.")]
    public string ListTables()
    {
        var d = Ctx.Schema.Dataset;
        Ctx.Step(new AgentStep("schema", "Listing tables"));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"SQL dialect: {d.Dialect().DisplayName()}");
        foreach (var t in d.Tables) sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Name} ({t.RowCount} rows): {string.Join(", ", t.Columns.Select(c => $"{c.Name} {c.Type.DisplayName()}"))}");
        foreach (var r in d.Relations) sb.AppendLine(CultureInfo.InvariantCulture, $"foreign key: {r.FromTable}.{r.FromColumn} -> {r.ToTable}.{r.ToColumn}");
        return sb.ToString();
    }

    [KernelFunction("semantic_model"), Description("What the data means: entities with their name columns, relationships to join along, measures with their grain and unit, dimensions with synonyms, time grains and value aliases.")]
    public string SemanticModel()
    {
        Ctx.Step(new AgentStep("schema", "Reading the semantic model"));
        var model = Ctx.Schema.Model;
        return model.Entities.Count == 0 ? "No semantic model for this dataset; use list_tables and describe_table." : ModelText.Describe(model);
    }

    [KernelFunction("describe_table"), Description("Describes one table: column types, descriptions, sample values and value counts.")]
    public string DescribeTable([Description("The table name as list_tables gives it")] string table)
    {
        var d = Ctx.Schema.Dataset;
        var t = d.Tables.FirstOrDefault(x => x.Name.Equals(table, StringComparison.OrdinalIgnoreCase));
        if (t is null) return $"No table '{table}'. Tables: {string.Join(", ", d.Tables.Select(x => x.Name))}.";
        Ctx.Step(new AgentStep("schema", $"Reading table {t.Name}"));
        var sb = new StringBuilder($"Table {t.Name} ({t.RowCount} rows)\n");
        foreach (var c in t.Columns)
        {
            var values = Ctx.Schema.ValuesOf(t.Name, c.Name);
            sb.Append(CultureInfo.InvariantCulture, $"- {c.Name} ({c.Type.DisplayName()})");
            if (!string.Equals(c.Label, c.Name, StringComparison.Ordinal)) sb.Append(CultureInfo.InvariantCulture, $" label \"{c.Label}\"");
            if (c.Description is not null) sb.Append(CultureInfo.InvariantCulture, $": {c.Description}");
            if (values.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; {values.Count} distinct values, e.g. {string.Join(", ", values.Take(12))}");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    [KernelFunction("run_sql"), Description("Runs one read-only SELECT over the dataset's tables, in the dialect the system message names, and returns the first rows, or the error to fix.")]
    public async Task<string> RunSqlAsync([Description("A single SELECT statement in the dataset's SQL dialect")] string sql)
    {
        var ctx = Ctx;
        ctx.Calls++;
        if (ctx.Failures >= AgentCallContext.MaxSqlFailures) return "Stop: the query failed too many times. Answer with what you know, without SQL.";
        ctx.Step(new AgentStep("sql", "Running SQL", sql));
        var grain = ctx.CheckGrain?.Invoke(sql);
        if (grain is not null && ctx.GrainReturns < AgentCallContext.MaxGrainReturns)
        {
            // Sent back unrun, once: the model can pre-aggregate or use the measure at the other grain.
            ctx.GrainReturns++;
            ctx.Step(new AgentStep("check", "The query counts some rows several times; the model will fix it", grain.Message));
            return $"Error: not run, the query double counts: {grain.Message} Aggregate each measure at its own grain (pre-aggregate per key in a subquery, or use the line-level measure, or count DISTINCT keys), then run it again.";
        }
        try
        {
            var outcome = await ctx.Runner.RunAsync(ctx.Schema.Dataset, sql, ct: ctx.CancellationToken);
            ctx.LastSql = sql;
            ctx.LastResult = outcome.Result;
            ctx.Grain = grain;
            ctx.Step(new AgentStep("rows", $"{outcome.Result.Rows.Count:N0} row(s)"));
            var preview = outcome.Result.Rows.Take(20).Select(r => outcome.Result.Columns.Select((c, i) => (c.Name, r[i])).ToDictionary(x => x.Name, x => x.Item2));
            return JsonSerializer.Serialize(new { columns = outcome.Result.Columns.Select(c => c.Name), rows = preview, row_count = outcome.Result.Rows.Count, truncated = outcome.Truncated });
        }
        catch (UserFacingException ex)
        {
            ctx.Failures++;
            ctx.Step(new AgentStep("error", "The SQL failed; the model will repair it", ex.Message));
            return $"Error ({ctx.Failures} of {AgentCallContext.MaxSqlFailures}): {ex.Message}";
        }
    }

    [KernelFunction("final_answer"), Description("Reports the answer before the final reply: how the question was read, which of its words the SQL does not use, and the narrative.")]
    public string ReportFinalAnswer(
        [Description("The plan in plain words, in the question's language, e.g. \"Average freight of orders, by shipper's company name, 2017 only\"")] string interpretation,
        [Description("Words or phrases of the question that the SQL does not take into account (conditions, periods, names); empty when it uses all of them")] string[]? unused_terms = null,
        [Description("One or two sentences answering the question, quoting only numbers from the rows, in the question's language")] string? narrative = null)
    {
        var unused = (unused_terms ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (!string.IsNullOrWhiteSpace(interpretation)) Ctx.Step(new AgentStep("plan", interpretation.Trim(), unused.Count == 0 ? null : string.Join(", ", unused)));
        Ctx.Final = new FinalAnswer(string.IsNullOrWhiteSpace(interpretation) ? null : interpretation.Trim(), unused, string.IsNullOrWhiteSpace(narrative) ? null : narrative.Trim());
        return "Noted. Now reply with the narrative only.";
    }

    [KernelFunction("propose_chart"), Description("Proposes the chart for the last query's result.")]
    public string ProposeChart(
        [Description("bar, grouped_bar, stacked_bar, horizontal_bar, line, area, scatter, pie, histogram, box or heatmap")] string type,
        [Description("Result column for the x axis")] string x,
        [Description("Result column(s) for the y axis, comma-separated")] string y,
        [Description("Optional result column whose values become separate series")] string? series = null,
        [Description("Chart title")] string? title = null)
    {
        var t = Enum.GetValues<ChartType>().FirstOrDefault(v => string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), type, StringComparison.OrdinalIgnoreCase), (ChartType)(-1));
        if ((int)t < 0) return $"Unknown chart type '{type}'.";
        Ctx.Chart = new ChartSpec(t, x, y.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), string.IsNullOrWhiteSpace(series) ? null : series, Title: title, XLabel: x, YLabel: y);
        return "Chart noted.";
    }
}
