using DataCharts.Core.Agent;
using DataCharts.Core.Agent.Offline;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Tests.Support;

/// <summary>Asks the offline planner and runs its SQL through the guarded runner, as the app does.</summary>
public sealed class AskHarness : IDisposable
{
    private readonly Dictionary<string, DatasetRecord> datasets = new(StringComparer.OrdinalIgnoreCase);

    public AskHarness()
    {
        Changes = new DatasetChanges();
        Runner = new QueryRunner(T.Engine, new FixedOptionsMonitor<DataChartsOptions>(new DataChartsOptions()), Changes);
        Loader = new SchemaLoader(T.Engine, Changes);
    }

    public TempEngine T { get; } = new();
    public DatasetChanges Changes { get; }
    public QueryRunner Runner { get; }
    public SchemaLoader Loader { get; }

    public async Task<DatasetRecord> LoadAsync(string name, string path)
    {
        var d = TempEngine.Record(await T.ImportAsync(path));
        datasets[name] = d;
        return d;
    }

    public DatasetRecord this[string name] => datasets[name];

    /// <summary>One answer: the plan, the rows (null when there was no SQL), and the chart the app would draw.</summary>
    public sealed record Answer(AgentPlan Plan, QueryOutcome? Outcome, ChartSpec? Chart, string? Narrative)
    {
        /// <summary>How the rows read in the answer's culture (as the narrative quotes them); null without rows.</summary>
        public DataCharts.Core.Presentation.ResultFormat? Format { get; init; }

        public IReadOnlyList<object?[]> Rows => Outcome?.Result.Rows ?? [];
        public IReadOnlyList<string> Columns => Outcome?.Result.Columns.Select(c => c.Name).ToList() ?? [];

        public object? Cell(int row, string column) => Rows[row][Columns.ToList().IndexOf(column)];

        public double Number(int row, int column) => Convert.ToDouble(Rows[row][column], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<Answer> AskAsync(string dataset, string question, Answer? previous = null)
    {
        var d = datasets[dataset];
        var history = previous is null ? new List<PriorTurn>() : [new PriorTurn("", previous.Plan.Sql, previous.Plan.PlanJson)];
        var schema = Loader.Load(d);
        var plan = await new OfflinePlanner().PlanAsync(new AgentRequest(schema, question, history), _ => { }, CancellationToken.None);
        File.AppendAllText("/tmp/unsure.txt", $"{(plan.Sql is null ? "REFUSED" : plan.Confident ? "ok" : "UNSURE")}\t{dataset}\t{question}\t[{string.Join(", ", plan.UnusedTerms)}]\t{plan.Interpretation}\n");
        if (plan.Sql is null) return new Answer(plan, null, null, null);
        var outcome = await Runner.RunAsync(d, plan.Sql);
        var shape = AskShapes.Resolve(plan, outcome.Result);
        var format = DataCharts.Core.Presentation.ResultFormat.For(outcome.Result, schema.Model,
            DataCharts.Core.Presentation.Cultures.ForAnswer(question, DataCharts.Core.Presentation.Cultures.Default));
        return new Answer(plan, outcome, ChartAdvisor.Suggest(outcome.Result, shape, plan.RequestedChart, question),
            Narrator.Describe(outcome.Result, shape, outcome.Truncated, Interpretation.IsChinese(question), format)) { Format = format };
    }

    public void Dispose() => T.Dispose();
}
