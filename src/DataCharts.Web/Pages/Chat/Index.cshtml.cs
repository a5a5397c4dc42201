using DataCharts.Web.Accounts;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;
using DataCharts.Web.Api;
using DataCharts.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

using DataCharts.Web.Pages.Shared;

namespace DataCharts.Web.Pages.Chat;

/// <summary>Chat: pick a dataset, ask, watch the steps stream, read the answer card (narrative, SQL, table, chart, downloads).</summary>
public sealed class IndexModel(DatasetCatalog catalog, AskService ask, AskSessions sessions, ChartStore charts, PartialRenderer partials,
    DataCharts.Core.Notebooks.NotebookService notebooks, AskGate gate, ResultFormats formats, KpiComparisons comparisons, TimeProvider clock) : PageModel
{
    private static ResultTableView RowsOf(string messageId, QueryOutcome outcome, int page, ResultFormat format) =>
        ResultTableView.Of("table-" + messageId, p => $"/Chat?handler=Rows&message={messageId}&page={p}", outcome, page, format);

    /// <summary>The htmx event after which the Conversations sidebar reloads itself.</summary>
    public const string ConversationsChanged = "conversations-changed";

    public static readonly DataCharts.Web.Pages.Shared.EmptyState NoData = new("No datasets yet", "Load a dataset first; then ask about it here.", [], "/Data", "Go to Data");

    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];
    public DatasetRecord? Dataset { get; private set; }
    public IReadOnlyList<ConversationRecord> Conversations { get; private set; } = [];
    public string? ConversationId { get; private set; }
    public DateTimeOffset Now => clock.GetUtcNow();
    public List<AnswerView> Answers { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? data, string? c, CancellationToken ct)
    {
        Datasets = await catalog.ListAsync(ct);
        if (c is not null)
        {
            var conv = await ask.ConversationAsync(c, ct);
            ConversationId = conv.Id;
            data = conv.DataId;
            foreach (var m in conv.Messages) Answers.Add(await ViewOfAsync(m, ct));
        }
        Dataset = data is null ? Datasets.FirstOrDefault() : Datasets.FirstOrDefault(d => d.Id == data);
        if (data is not null && Dataset is null) return NotFound();
        if (Dataset is not null) Conversations = await ask.ConversationsAsync(Dataset.Id, ct);
        return Page();
    }

    /// <summary>
    /// Starts answering once there is room under the ask bound (<see cref="AskGate"/>, shared with <c>/api/ask</c>); the pending
    /// card streams the steps. Target: #thread (beforeend). A full queue is a 503 with Retry-After.
    /// </summary>
    public async Task<IActionResult> OnPostAskAsync(string? data, string? c, string? question, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(data)) return Partial("Partials/_AskError", "Pick a dataset first.");
        if (string.IsNullOrWhiteSpace(question)) return Partial("Partials/_AskError", "Type a question first.");
        var lease = await gate.AcquireAsync(ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return Busy();
        }
        var id = sessions.Start(new AskRequest(data, question.Trim(), string.IsNullOrWhiteSpace(c) ? null : c) { Culture = ReaderCulture.Of(HttpContext) }, lease);
        return Partial("Partials/_Pending", new PendingView(id, question.Trim()));
    }

    /// <summary>The ask bound is full: 503 with Retry-After, and the reason where the answer would go.</summary>
    private PartialViewResult Busy()
    {
        var retry = gate.RetryAfterSeconds;
        Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = Partial("Partials/_AskError", AskGate.Busy(retry));
        result.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return result;
    }

    /// <summary>Server-Sent Events: one "step" per agent step (an HTML fragment), then "done".</summary>
    public async Task<IActionResult> OnGetStreamAsync(string ask, CancellationToken ct)
    {
        var session = sessions.Get(ask);
        if (session is null) return NotFound();
        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache";
        await foreach (var item in Events(session, ct))
        {
            await Response.WriteAsync($"event: {item.EventType}\ndata: {item.Data}\n\n", ct);
            await Response.Body.FlushAsync(ct);
        }
        return new EmptyResult();
    }

    private async IAsyncEnumerable<SseItem<string>> Events(AskSessions.Session session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var step in session.Steps.Reader.ReadAllAsync(ct))
            yield return new SseItem<string>((await partials.RenderAsync(HttpContext, "/Pages/Chat/Partials/_Step.cshtml", step)).Replace("\r", "").Replace("\n", " "), "step");
        yield return new SseItem<string>("", "done");
    }

    /// <summary>The finished answer card, replacing the pending one; also tells the form which conversation continues.</summary>
    public async Task<IActionResult> OnGetAnswerAsync(string ask, CancellationToken ct)
    {
        var session = sessions.Get(ask);
        if (session is null) return Partial("Partials/_AskError", "This answer expired; ask again.");
        try
        {
            var result = await session.Result;
            // The sidebar reloads once the answer (and with it the new conversation id) has settled: a new conversation
            // appears and the one just answered moves to the top, without a page reload.
            Response.Htmx(h => h.PushUrl($"/Chat?c={result.ConversationId}").WithTrigger(ConversationsChanged, timing: HtmxTriggerTiming.AfterSettle));
            return Partial("Partials/_Answer", await ViewOfAsync(result, session.Question, ct) with { Question = session.Question, OutOfBandConversation = true });
        }
        catch (UserFacingException ex)
        {
            return Partial("Partials/_AskError", ex.Message);
        }
    }

    /// <summary>The Conversations sidebar of a dataset, <paramref name="c"/> marked current. Target: #conversations (outerHTML).</summary>
    public async Task<IActionResult> OnGetConversationsAsync(string? data, string? c, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(data)) return BadRequest();
        return Partial("Partials/_Conversations", new ConversationsView(data, await ask.ConversationsAsync(data, ct), string.IsNullOrWhiteSpace(c) ? null : c, clock.GetUtcNow()));
    }

    /// <summary>A page of an answer's rows. Target: the card's table (innerHTML). "page" is also a Razor Pages route value, hence FromQuery.</summary>
    public async Task<IActionResult> OnGetRowsAsync(string message, [FromQuery(Name = "page")] int page, CancellationToken ct)
    {
        var (m, d, outcome) = await ask.RowsAsync(message, ct);
        return Partial("_ResultTable", RowsOf(m.Id, outcome, page, formats.For(HttpContext, d, outcome.Result, m.Question)));
    }

    /// <summary>The notebooks an answer can be pinned to (of its dataset), or a new one. Target: #pin-{message}.</summary>
    public async Task<IActionResult> OnGetPinFormAsync(string message, CancellationToken ct)
    {
        var (_, dataId) = await ask.MessageAsync(message, ct);
        return Partial("Partials/_Pin", new PinView(message, await notebooks.ListAsync(false, dataId, ct), null, null));
    }

    /// <summary>Adds the answer (question, SQL, chart, result snapshot) to a notebook as a question cell. Target: #pin-{message}.</summary>
    public async Task<IActionResult> OnPostPinAsync(string message, string? notebook, string? title, CancellationToken ct)
    {
        if (!User.CanEdit()) return Forbid();
        var (m, dataId) = await ask.MessageAsync(message, ct);
        var nb = notebook is { Length: > 0 } id
            ? await notebooks.GetAsync(id, ct)
            : await notebooks.CreateAsync(string.IsNullOrWhiteSpace(title) ? m.Question : title, dataId, [], ct);
        nb = await notebooks.PinAsync(nb.Id, message, ct);
        return Partial("Partials/_Pin", new PinView(message, [], nb, null));
    }

    /// <summary>Runs edited SQL as a new answer in the conversation. Target: #thread (beforeend).</summary>
    /// <param name="editor">The id of the SQL editor the edit came from: a refusal names it, so the editor marks the spot.</param>
    public async Task<IActionResult> OnPostRunSqlAsync(string c, string? sql, string? editor, CancellationToken ct)
    {
        using var lease = await gate.AcquireAsync(ct);
        if (!lease.IsAcquired) return Busy();
        try
        {
            var result = await ask.RunSqlAsync(c, sql ?? "", ct, ReaderCulture.Of(HttpContext));
            Response.Htmx(h => h.WithTrigger(ConversationsChanged, timing: HtmxTriggerTiming.AfterSettle));
            return Partial("Partials/_Answer", await ViewOfAsync(result, null, ct));
        }
        catch (QueryRejectedException ex)
        {
            return Partial("Partials/_SqlError", SqlErrorView.Of(ex, editor));
        }
        catch (UserFacingException ex)
        {
            return Partial("Partials/_AskError", ex.Message);
        }
    }

    /// <summary>Switches a chart's type. Target: the chart image (outerHTML).</summary>
    public async Task<IActionResult> OnPostChartTypeAsync(string chart, string type, CancellationToken ct)
    {
        var existing = ChartStore.Spec(await charts.GetAsync(chart, ct));
        try
        {
            var updated = await charts.UpdateAsync(chart, existing with { Type = AskEndpoints.ParseChartType(type) }, ct);
            return Partial("Partials/_ChartImage", new ChartImageView(updated.Id, ChartStore.Spec(updated), updated.UpdatedAt.ToUnixTimeMilliseconds(), null));
        }
        catch (UserFacingException ex)
        {
            return Partial("Partials/_ChartImage", new ChartImageView(chart, existing, 0, ex.Message));
        }
    }

    /// <summary>
    /// Redraws a line, area or scatter chart for an x range (x0, x1; both absent resets), from the chart's rows without a new
    /// query. Target: the chart block (outerHTML). A bad range is a 400 with the whole chart and the reason inline.
    /// </summary>
    public async Task<IActionResult> OnGetChartZoomAsync(string chart, string? x0, string? x1, bool dark, CancellationToken ct)
    {
        var record = await charts.GetAsync(chart, ct);
        var view = new ChartImageView(record.Id, ChartStore.Spec(record), record.UpdatedAt.ToUnixTimeMilliseconds(), null) { Dark = dark };
        try
        {
            var range = ChartZoom.Parse(x0, x1);
            if (range is not null && !ChartZoom.Zoomable(view.Spec, (await charts.DataAsync(record, ct)).Result))
                throw new UserFacingException("Only line, area and scatter charts with a number or date x axis zoom.");
            return Partial("Partials/_ChartImage", view with { Range = range });
        }
        catch (UserFacingException ex)
        {
            var result = Partial("Partials/_ChartImage", view with { Error = ex.Message });
            result.StatusCode = StatusCodes.Status400BadRequest;
            return result;
        }
    }

    private async Task<AnswerView> ViewOfAsync(MessageRecord m, CancellationToken ct)
    {
        ResultTableView? table = null;
        KpiCard? kpi = null;
        string? error = null;
        if (m.Sql is not null)
        {
            try
            {
                var (_, d, outcome) = await ask.RowsAsync(m.Id, ct);
                var format = formats.For(HttpContext, d, outcome.Result, m.Question);
                table = RowsOf(m.Id, outcome, 0, format);
                kpi = await KpiAsync(d, m.Sql, m.PlanJson, outcome.Result, format, ct);
            }
            catch (UserFacingException ex) { error = ex.Message; }
        }
        ChartRecord? chart = null;
        if (m.ChartId is not null)
        {
            try { chart = await charts.GetAsync(m.ChartId, ct); }
            catch (NotFoundException) { chart = null; }
        }
        var suggestions = m.SuggestionsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(m.SuggestionsJson) ?? [];
        var unused = m.UnusedTermsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(m.UnusedTermsJson) ?? [];
        return new AnswerView(m.ConversationId, m.Id, m.Question, m.Answer, m.Sql, m.Engine, suggestions, chart, table, error, false)
        {
            Interpretation = m.Interpretation, Confident = m.Confident, UnusedTerms = unused, Kpi = kpi,
        };
    }

    private async Task<AnswerView> ViewOfAsync(AskResult r, string? question, CancellationToken ct)
    {
        ResultTableView? table = null;
        KpiCard? kpi = null;
        if (r.Result is not null)
        {
            var d = r.DataId is null ? null : await catalog.GetAsync(r.DataId, ct);
            var format = formats.For(HttpContext, d, r.Result, question);
            table = RowsOf(r.MessageId, new QueryOutcome(r.Sql ?? "", r.Result, r.Truncated, TimeSpan.Zero, false) { TruncatedReason = r.TruncatedReason }, 0, format);
            if (d is not null) kpi = await KpiAsync(d, r.Sql, r.PlanJson, r.Result, format, ct);
        }
        return new AnswerView(r.ConversationId, r.MessageId, "", r.Answer, r.Sql, r.Engine, r.Suggestions, r.Chart, table, null, false)
        {
            Interpretation = r.Interpretation, Confident = r.Confident, UnusedTerms = r.UnusedTerms, Kpi = kpi,
        };
    }

    /// <summary>The card of a single-value answer, with the previous period when its plan names one (computed by its own guarded query).</summary>
    private async Task<KpiCard?> KpiAsync(DatasetRecord d, string? sql, string? planJson, QueryResult result, ResultFormat format, CancellationToken ct) =>
        Kpi.IsCard(result, format) ? Kpi.Of(result, format, await comparisons.PreviousAsync(d, sql, planJson, result, ct)) : null;
}

/// <summary>The Conversations sidebar: a dataset's conversations, newest first, and the one open.</summary>
public sealed record ConversationsView(string DatasetId, IReadOnlyList<ConversationRecord> Conversations, string? CurrentId, DateTimeOffset Now);

public sealed record PendingView(string AskId, string Question);

/// <summary>Why edited SQL did not run, and where in it (1-based line and column) when the guard or the engine said.</summary>
public sealed partial record SqlErrorView(string Message, long? Line, long? Column, string? EditorId)
{
    /// <summary>The message as shown: "Line 2, column 7: …" when the place is known.</summary>
    public string Text => Line is { } l ? (Column is { } c ? $"Line {l}, column {c}: {Message}" : $"Line {l}: {Message}") : Message;

    /// <summary>The view of a refusal; an editor id that is not one this app writes (letters, digits, - and _) is dropped.</summary>
    public static SqlErrorView Of(QueryRejectedException ex, string? editor) =>
        new(ex.Message, ex.Line, ex.Column, editor is not null && EditorIdPattern().IsMatch(editor) ? editor : null);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,80}$")]
    private static partial System.Text.RegularExpressions.Regex EditorIdPattern();
}

public sealed record AnswerView(string ConversationId, string MessageId, string Question, string Answer, string? Sql, string Engine,
    IReadOnlyList<string> Suggestions, ChartRecord? Chart, ResultTableView? Table, string? Error, bool OutOfBandConversation)
{
    /// <summary>The agent's reading of the question, shown above the answer.</summary>
    public string? Interpretation { get; init; }

    /// <summary>An unsure answer is marked as such, never styled like a sure one.</summary>
    public bool Confident { get; init; } = true;

    public IReadOnlyList<string> UnusedTerms { get; init; } = [];

    /// <summary>A single-value answer's card (big number, label, previous period), shown above its table.</summary>
    public KpiCard? Kpi { get; init; }
}

public sealed record ChartImageView(string ChartId, ChartSpec Spec, long Version, string? Error)
{
    /// <summary>The x range a drag-zoom narrowed the chart to; null for the whole chart.</summary>
    public XRange? Range { get; init; }

    /// <summary>Drawn for the dark theme (a zoom asks in the theme the page shows).</summary>
    public bool Dark { get; init; }
}

/// <summary>The pin control of an answer: the notebooks to choose from, or where it was pinned.</summary>
public sealed record PinView(string MessageId, IReadOnlyList<DataCharts.Core.Notebooks.NotebookRecord> Notebooks, DataCharts.Core.Notebooks.NotebookRecord? PinnedTo, string? Error);
