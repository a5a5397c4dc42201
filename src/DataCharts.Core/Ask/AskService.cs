using System.Diagnostics;
using System.Text.Json;
using DataCharts.Core.Agent;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Ask;

/// <summary>A question to answer about a dataset, optionally continuing a conversation.</summary>
public sealed record AskRequest(string DataId, string Question, string? ConversationId = null, int? MaxRows = null);

/// <summary>The answer: narrative, SQL, rows, and the chart (saved, so it can be re-drawn and exported).</summary>
public sealed record AskResult(
    string ConversationId, string MessageId, string Answer, string? Sql, QueryResult? Result, bool Truncated,
    ChartRecord? Chart, ChartSpec? ChartSpec, IReadOnlyList<string> Suggestions, string Engine, TokenUsage? Usage, double ElapsedMs)
{
    /// <summary>Why rows are missing (the row cap, or the byte limit of one answer), when <see cref="Truncated"/>.</summary>
    public string? TruncatedReason { get; init; }
}

/// <summary>
/// The ask flow shared by the API and the Chat page: the agent plans, the guard and the engine run the SQL, the chart
/// is chosen from the result's shape (or the plan's request), the narrative quotes the rows, and the exchange is saved.
/// </summary>
public sealed class AskService(
    IDbContextFactory<AppDbContext> db, DatasetCatalog catalog, SchemaLoader schemas, QueryRunner runner, ChartStore charts, IAnswerAgent agent)
{
    public const int DefaultMaxRows = 1000;

    public async Task<AskResult> AskAsync(AskRequest request, Action<AgentStep> step, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var question = (request.Question ?? "").Trim();
        if (question.Length == 0) throw new UserFacingException("The question is empty.") { Field = "question" };
        if (question.Length > 2000) throw new UserFacingException("The question is longer than 2,000 characters.") { Field = "question" };
        if (request.MaxRows is < 1) throw new UserFacingException("max_rows must be at least 1.") { Field = "max_rows" };
        var dataset = await catalog.GetAsync(request.DataId, ct);
        var conversation = await ConversationAsync(request, dataset, question, ct);
        var history = conversation.Messages.OrderBy(m => m.Ordinal).Select(m => new PriorTurn(m.Question, m.Sql, m.PlanJson)).ToList();

        step(new AgentStep("schema", $"Reading the schema of {dataset.Name}: {dataset.Tables.Count} table(s), {dataset.Tables.Sum(t => t.Columns.Count)} columns"));
        var schema = schemas.Load(dataset);
        var plan = await agent.PlanAsync(new AgentRequest(schema, question, history), step, ct);

        QueryOutcome? outcome = null;
        ChartSpec? spec = null;
        ChartRecord? chart = null;
        string answer;
        var messageId = "msg_" + Guid.NewGuid().ToString("N")[..16];
        if (plan.Sql is null)
        {
            answer = plan.Explanation ?? "I could not answer this question.";
        }
        else
        {
            step(new AgentStep("sql", "Running the SQL", plan.Sql));
            try
            {
                outcome = await runner.RunAsync(dataset, plan.Sql, null, request.MaxRows ?? DefaultMaxRows, ct);
            }
            catch (QueryRejectedException ex)
            {
                answer = "The query could not run: " + ex.Message;
                await SaveAsync(conversation, messageId, question, answer, plan, null, null, dataset, watch, ct);
                return new AskResult(conversation.Id, messageId, answer, plan.Sql, null, false, null, null, plan.Suggestions, plan.Engine, plan.Usage, watch.Elapsed.TotalMilliseconds);
            }
            step(new AgentStep("rows", $"{outcome.Result.Rows.Count:N0} row(s){(outcome.Truncated ? ", more exist" : "")}"));
            var shape = AskShapes.Resolve(plan, outcome.Result);
            spec = plan.Chart ?? ChartAdvisor.Suggest(outcome.Result, shape, plan.RequestedChart, ChartAdvisor.TitleFor(shape, question));
            if (spec is not null)
            {
                chart = await charts.SaveAsync(dataset.Id, plan.Sql, spec, messageId, ct);
                step(new AgentStep("chart", $"Drawing a {spec.Type.ToString().ToLowerInvariant()} chart"));
            }
            answer = plan.Narrative ?? Narrator.Describe(outcome.Result, shape, outcome.Truncated);
        }
        await SaveAsync(conversation, messageId, question, answer, plan, outcome, chart, dataset, watch, ct);
        return new AskResult(conversation.Id, messageId, answer, plan.Sql, outcome?.Result, outcome?.Truncated ?? false, chart, spec,
            plan.Suggestions, plan.Engine, plan.Usage, watch.Elapsed.TotalMilliseconds) { TruncatedReason = outcome?.TruncatedReason };
    }

    private async Task<ConversationRecord> ConversationAsync(AskRequest request, DatasetRecord dataset, string question, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        if (request.ConversationId is { Length: > 0 } id)
        {
            var existing = await ctx.Conversations.AsNoTracking().Include(c => c.Messages).FirstOrDefaultAsync(c => c.Id == id, ct)
                           ?? throw new NotFoundException($"No conversation with id '{id}'.");
            if (existing.DataId != dataset.Id)
                throw new UserFacingException("That conversation is about another dataset; start a new one for this dataset.", 409, "Conversation mismatch") { Field = "conversation_id" };
            return existing;
        }
        var now = DateTimeOffset.UtcNow;
        var c = new ConversationRecord { Id = "cv_" + Guid.NewGuid().ToString("N")[..16], DataId = dataset.Id, Title = question.Length > 80 ? question[..80] + "…" : question, CreatedAt = now, UpdatedAt = now };
        ctx.Conversations.Add(c);
        await ctx.SaveChangesAsync(ct);
        return c;
    }

    private async Task SaveAsync(ConversationRecord conversation, string messageId, string question, string answer, AgentPlan plan, QueryOutcome? outcome,
        ChartRecord? chart, DatasetRecord dataset, Stopwatch watch, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var ordinal = await ctx.Messages.CountAsync(m => m.ConversationId == conversation.Id, ct);
        ctx.Messages.Add(new MessageRecord
        {
            Id = messageId, ConversationId = conversation.Id, Ordinal = ordinal, Question = question, Answer = answer, Sql = plan.Sql, PlanJson = plan.PlanJson,
            SuggestionsJson = plan.Suggestions.Count > 0 ? JsonSerializer.Serialize(plan.Suggestions) : null, Engine = plan.Engine, ChartId = chart?.Id,
            DatasetVersion = dataset.Version, RowCount = outcome?.Result.Rows.Count ?? 0, Truncated = outcome?.Truncated ?? false,
            PromptTokens = plan.Usage?.PromptTokens ?? 0, CompletionTokens = plan.Usage?.CompletionTokens ?? 0, EstimatedCost = plan.Usage?.EstimatedCost ?? 0,
            ElapsedMs = watch.Elapsed.TotalMilliseconds, CreatedAt = DateTimeOffset.UtcNow,
        });
        var conv = await ctx.Conversations.FirstAsync(c => c.Id == conversation.Id, ct);
        conv.UpdatedAt = DateTimeOffset.UtcNow;
        await ctx.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Runs SQL the user edited (through the guard) as a new answer in the conversation.</summary>
    public async Task<AskResult> RunSqlAsync(string conversationId, string sql, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var conversation = await ConversationAsync(conversationId, ct);
        var dataset = await catalog.GetAsync(conversation.DataId, ct);
        var outcome = await runner.RunAsync(dataset, sql, null, DefaultMaxRows, ct);
        var plan = new AgentPlan(sql, null, null, [], Engine: "sql");
        var shape = AgentPlan.ShapeOf(outcome.Result);
        var spec = ChartAdvisor.Suggest(outcome.Result, shape, null, "Edited query");
        var messageId = "msg_" + Guid.NewGuid().ToString("N")[..16];
        var chart = spec is null ? null : await charts.SaveAsync(dataset.Id, sql, spec, messageId, ct);
        var answer = Narrator.Describe(outcome.Result, shape, outcome.Truncated);
        await SaveAsync(conversation, messageId, "(edited SQL)", answer, plan, outcome, chart, dataset, watch, ct);
        return new AskResult(conversation.Id, messageId, answer, sql, outcome.Result, outcome.Truncated, chart, spec, [], "sql", null, watch.Elapsed.TotalMilliseconds)
        {
            TruncatedReason = outcome.TruncatedReason,
        };
    }

    /// <summary>A saved answer and the id of the dataset it was asked of, without running anything.</summary>
    public async Task<(MessageRecord Message, string DataId)> MessageAsync(string messageId, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var m = await ctx.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw new NotFoundException($"No message with id '{messageId}'.");
        var dataId = await ctx.Conversations.AsNoTracking().Where(c => c.Id == m.ConversationId).Select(c => c.DataId).FirstAsync(ct);
        return (m, dataId);
    }

    /// <summary>The rows behind a saved answer (re-run through the guard, usually from the cache).</summary>
    public async Task<(MessageRecord Message, DatasetRecord Dataset, QueryOutcome Outcome)> RowsAsync(string messageId, CancellationToken ct)
    {
        var (m, dataId) = await MessageAsync(messageId, ct);
        if (m.Sql is null) throw new UserFacingException("This answer has no rows to export.", 404, "Nothing to export");
        var d = await catalog.GetAsync(dataId, ct);
        return (m, d, await runner.RunAsync(d, m.Sql, ct: ct));
    }

    public async Task<ConversationRecord> ConversationAsync(string id, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var c = await ctx.Conversations.AsNoTracking().Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"No conversation with id '{id}'.");
        c.Messages = c.Messages.OrderBy(m => m.Ordinal).ToList();
        return c;
    }

    public async Task<IReadOnlyList<ConversationRecord>> ConversationsAsync(string? dataId, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var list = await ctx.Conversations.AsNoTracking().Where(c => dataId == null || c.DataId == dataId).ToListAsync(ct);
        return list.OrderByDescending(c => c.UpdatedAt).Take(100).ToList();
    }
}
