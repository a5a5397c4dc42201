using System.Diagnostics;
using System.Text.Json;
using DataCharts.Core.Agent;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Ask;

/// <summary>A question to answer about a dataset, optionally continuing a conversation.</summary>
public sealed record AskRequest(string DataId, string Question, string? ConversationId = null, int? MaxRows = null)
{
    /// <summary>The reader's culture (from the browser), for numbers and dates in the answer; a Chinese question is answered in Chinese formats.</summary>
    public System.Globalization.CultureInfo? Culture { get; init; }

    /// <summary>
    /// False for a question asked elsewhere than Chat (a notebook's question cell, which keeps the SQL, chart and answer
    /// itself): nothing is saved, so it never shows as a Chat conversation, and the result's conversation and message ids are empty.
    /// </summary>
    public bool Save { get; init; } = true;
}

/// <summary>The answer: narrative, SQL, rows, and the chart (saved, so it can be re-drawn and exported).</summary>
public sealed record AskResult(
    string ConversationId, string MessageId, string Answer, string? Sql, QueryResult? Result, bool Truncated,
    ChartRecord? Chart, ChartSpec? ChartSpec, IReadOnlyList<string> Suggestions, string Engine, TokenUsage? Usage, double ElapsedMs)
{
    /// <summary>Why rows are missing (the row cap, or the byte limit of one answer), when <see cref="Truncated"/>.</summary>
    public string? TruncatedReason { get; init; }

    /// <summary>The plan in plain words, in the question's language.</summary>
    public string? Interpretation { get; init; }

    /// <summary>False when part of the question was not taken into account, or the question was refused.</summary>
    public bool Confident { get; init; } = true;

    /// <summary>Words of the question the answer does not use.</summary>
    public IReadOnlyList<string> UnusedTerms { get; init; } = [];

    /// <summary>The dataset asked about.</summary>
    public string? DataId { get; init; }

    /// <summary>The planner's plan behind <see cref="Sql"/> (offline planner only), from which a previous period can be computed.</summary>
    public string? PlanJson { get; init; }

    /// <summary>The honesty fields of a plan, for an answer built from it.</summary>
    public AskResult WithHonesty(AgentPlan plan) => this with
    {
        Interpretation = plan.Interpretation,
        Confident = plan.Sql is not null && plan.Confident,
        UnusedTerms = plan.UnusedTerms,
    };
}

/// <summary>
/// The ask flow shared by the API and the Chat page: the agent plans, the guard and the engine run the SQL, the chart
/// is chosen from the result's shape (or the plan's request), the narrative quotes the rows, and the exchange is saved.
/// </summary>
/// <remarks>
/// An answer's parts (a new conversation, the chart, the message) are written by one SaveChanges, which EF Core wraps in
/// one transaction: an ask that is cancelled, killed or fails before that point leaves nothing behind, and one that
/// gets there leaves all of it. Before, the conversation and the chart were saved as they were made, so an aborted
/// ask left charts without a message and conversations without messages (issue 10 §4).
/// </remarks>
public sealed class AskService(
    IDbContextFactory<AppDbContext> db, DatasetCatalog catalog, SchemaLoader schemas, QueryRunner runner, IAnswerAgent agent, ChartStore charts)
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
        var (conversation, isNew) = request.Save
            ? await ConversationAsync(request, dataset, question, ct)
            : (new ConversationRecord { DataId = dataset.Id }, false);
        var history = conversation.Messages.OrderBy(m => m.Ordinal).Select(m => new PriorTurn(m.Question, m.Sql, m.PlanJson)).ToList();

        step(new AgentStep("schema", $"Reading the schema of {dataset.Name}: {dataset.Tables.Count} table(s), {dataset.Tables.Sum(t => t.Columns.Count)} columns"));
        var schema = schemas.Load(dataset);
        var plan = await agent.PlanAsync(new AgentRequest(schema, question, history), step, ct);

        QueryOutcome? outcome = null;
        ChartSpec? spec = null;
        ChartRecord? chart = null;
        string answer;
        var messageId = request.Save ? "msg_" + Guid.NewGuid().ToString("N")[..16] : "";
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
                if (request.Save) await SaveAsync(conversation, isNew, messageId, question, answer, plan, null, null, dataset, watch, ct);
                return new AskResult(conversation.Id, messageId, answer, plan.Sql, null, false, null, null, plan.Suggestions, plan.Engine, plan.Usage, watch.Elapsed.TotalMilliseconds)
                    { DataId = dataset.Id }.WithHonesty(plan with { Confident = false });
            }
            step(new AgentStep("rows", $"{outcome.Result.Rows.Count:N0} row(s){(outcome.Truncated ? ", more exist" : "")}"));
            var shape = AskShapes.Resolve(plan, outcome.Result);
            var chinese = DataCharts.Core.Agent.Offline.Interpretation.IsChinese(question);
            // A Chinese question gets a Chinese chart title: the plan's reading, which is in the question's language.
            var title = chinese ? plan.Interpretation ?? question : ChartAdvisor.TitleFor(shape, question);
            spec = plan.Chart ?? ChartAdvisor.Suggest(outcome.Result, shape, plan.RequestedChart, title.Length > 80 ? title[..80] + "…" : title);
            if (spec is not null)
            {
                spec = await charts.WithPlaceColorsAsync(ChartIds(conversation), spec, outcome.Result, ct);
                chart = ChartStore.NewRecord(dataset.Id, plan.Sql, spec, messageId); // saved with the message
                step(new AgentStep("chart", $"Drawing a {spec.Type.ToString().ToLowerInvariant()} chart"));
            }
            var format = ResultFormat.For(outcome.Result, schema.Model, Cultures.ForAnswer(question, request.Culture ?? Cultures.Default));
            answer = plan.Narrative ?? Narrator.Describe(outcome.Result, shape, outcome.Truncated, chinese, format);
            // An unsure answer says first what it did not take into account.
            if (!plan.Confident && plan.Caveat is { Length: > 0 } caveat) answer = caveat + " " + answer;
        }
        if (request.Save) await SaveAsync(conversation, isNew, messageId, question, answer, plan, outcome, chart, dataset, watch, ct);
        return new AskResult(conversation.Id, messageId, answer, plan.Sql, outcome?.Result, outcome?.Truncated ?? false, chart, spec,
            plan.Suggestions, plan.Engine, plan.Usage, watch.Elapsed.TotalMilliseconds)
        {
            TruncatedReason = outcome?.TruncatedReason, DataId = dataset.Id, PlanJson = plan.PlanJson,
        }.WithHonesty(plan);
    }

    /// <summary>The conversation's charts, oldest first: a category value keeps the colour it first got in them.</summary>
    private static List<string> ChartIds(ConversationRecord conversation) =>
        conversation.Messages.OrderBy(m => m.Ordinal).Select(m => m.ChartId).OfType<string>().ToList();

    /// <summary>The conversation to continue (read), or a new one (not saved yet: it is saved with its first answer).</summary>
    private async Task<(ConversationRecord Conversation, bool IsNew)> ConversationAsync(AskRequest request, DatasetRecord dataset, string question, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        if (request.ConversationId is { Length: > 0 } id)
        {
            var existing = await ctx.Conversations.AsNoTracking().Include(c => c.Messages).FirstOrDefaultAsync(c => c.Id == id, ct)
                           ?? throw new NotFoundException($"No conversation with id '{id}'.");
            if (existing.DataId != dataset.Id)
                throw new UserFacingException("That conversation is about another dataset; start a new one for this dataset.", 409, "Conversation mismatch") { Field = "conversation_id" };
            return (existing, false);
        }
        var now = DateTimeOffset.UtcNow;
        var c = new ConversationRecord { Id = "cv_" + Guid.NewGuid().ToString("N")[..16], DataId = dataset.Id, Title = question.Length > 80 ? question[..80] + "…" : question, CreatedAt = now, UpdatedAt = now };
        return (c, true);
    }

    /// <summary>
    /// Writes the answer: the conversation when it is new (else its UpdatedAt), the chart and the message, in one
    /// SaveChanges. A request cancelled before this point saves nothing; once it starts, it runs to the end.
    /// </summary>
    private async Task SaveAsync(ConversationRecord conversation, bool isNew, string messageId, string question, string answer, AgentPlan plan, QueryOutcome? outcome,
        ChartRecord? chart, DatasetRecord dataset, Stopwatch watch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using var ctx = await db.CreateDbContextAsync(CancellationToken.None);
        if (isNew)
        {
            conversation.Messages.Clear();
            ctx.Conversations.Add(conversation);
        }
        else
        {
            var conv = await ctx.Conversations.FirstAsync(c => c.Id == conversation.Id, CancellationToken.None);
            conv.UpdatedAt = DateTimeOffset.UtcNow;
        }
        if (chart is not null) ctx.Charts.Add(chart);
        var ordinal = isNew ? 0 : await ctx.Messages.CountAsync(m => m.ConversationId == conversation.Id, CancellationToken.None);
        ctx.Messages.Add(new MessageRecord
        {
            Id = messageId,
            ConversationId = conversation.Id,
            Ordinal = ordinal,
            Question = question,
            Answer = answer,
            Sql = plan.Sql,
            PlanJson = plan.PlanJson,
            SuggestionsJson = plan.Suggestions.Count > 0 ? JsonSerializer.Serialize(plan.Suggestions) : null,
            Interpretation = plan.Interpretation,
            Confident = plan.Sql is not null && plan.Confident && outcome is not null,
            UnusedTermsJson = plan.UnusedTerms.Count > 0 ? JsonSerializer.Serialize(plan.UnusedTerms) : null,
            Caveat = plan.Confident ? null : plan.Caveat,
            Engine = plan.Engine,
            ChartId = chart?.Id,
            DatasetVersion = dataset.Version,
            RowCount = outcome?.Result.Rows.Count ?? 0,
            Truncated = outcome?.Truncated ?? false,
            PromptTokens = plan.Usage?.PromptTokens ?? 0,
            CompletionTokens = plan.Usage?.CompletionTokens ?? 0,
            EstimatedCost = plan.Usage?.EstimatedCost ?? 0,
            ElapsedMs = watch.Elapsed.TotalMilliseconds,
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await ctx.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Runs SQL the user edited (through the guard) as a new answer in the conversation.</summary>
    public async Task<AskResult> RunSqlAsync(string conversationId, string sql, CancellationToken ct, System.Globalization.CultureInfo? culture = null)
    {
        var watch = Stopwatch.StartNew();
        var conversation = await ConversationAsync(conversationId, ct);
        var dataset = await catalog.GetAsync(conversation.DataId, ct);
        var outcome = await runner.RunAsync(dataset, sql, null, DefaultMaxRows, ct);
        var plan = new AgentPlan(sql, null, null, [], Engine: "sql");
        var shape = AgentPlan.ShapeOf(outcome.Result);
        var spec = ChartAdvisor.Suggest(outcome.Result, shape, null, "Edited query");
        if (spec is not null) spec = await charts.WithPlaceColorsAsync(ChartIds(conversation), spec, outcome.Result, ct);
        var messageId = "msg_" + Guid.NewGuid().ToString("N")[..16];
        var chart = spec is null ? null : ChartStore.NewRecord(dataset.Id, sql, spec, messageId);
        var answer = Narrator.Describe(outcome.Result, shape, outcome.Truncated, false,
            ResultFormat.For(outcome.Result, schemas.Load(dataset).Model, culture ?? Cultures.Default));
        await SaveAsync(conversation, false, messageId, "(edited SQL)", answer, plan, outcome, chart, dataset, watch, ct);
        return new AskResult(conversation.Id, messageId, answer, sql, outcome.Result, outcome.Truncated, chart, spec, [], "sql", null, watch.Elapsed.TotalMilliseconds)
        {
            TruncatedReason = outcome.TruncatedReason, DataId = dataset.Id,
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
