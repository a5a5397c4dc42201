using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E.Infrastructure;

/// <summary>The Chat page's regions and the steps a user takes there (ask, follow up, run edited SQL).</summary>
public sealed class ChatPage(UiPage ui)
{
    /// <summary>
    /// Records every progress step as it is added to a pending card, and every SSE message, since the pending card (and
    /// its steps) is swapped for the answer card as soon as the answer is ready. Installed before the page loads.
    /// </summary>
    private const string StepRecorderScript = """
        window.__chatSteps = [];
        window.__chatSse = [];
        new MutationObserver(function (records) {
          records.forEach(function (r) {
            r.addedNodes.forEach(function (n) {
              if (n.nodeType !== 1) return;
              var items = n.matches("li[data-step]") ? [n] : Array.prototype.slice.call(n.querySelectorAll("li[data-step]"));
              items.forEach(function (li) {
                var card = li.closest("article.answer");
                window.__chatSteps.push({ kind: li.getAttribute("data-step"), text: li.textContent.trim(),
                                          pending: !!(card && card.classList.contains("pending")) });
              });
            });
          });
        }).observe(document, { childList: true, subtree: true });
        document.addEventListener("htmx:sseMessage", function (e) { window.__chatSse.push(e.detail && e.detail.type || ""); });
        """;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public IPage Page => ui.Page;
    public ILocator Thread => Page.Locator("#thread");
    public ILocator Form => Page.Locator("#ask-form");
    public ILocator Question => Page.Locator("#question");
    public ILocator ConversationId => Page.Locator("#conversation-id");
    public ILocator Pending => Thread.Locator("article.answer.pending");

    /// <summary>Finished answer cards, oldest first.</summary>
    public ILocator Answers => Thread.Locator("article.answer[data-message]");

    /// <summary>Inline errors in the thread (a rejected edit, an expired answer).</summary>
    public ILocator ThreadErrors => Thread.Locator(":scope > .alert.error");

    public ILocator EmptyState => Page.Locator("#chat-empty");
    public ILocator Conversations => Page.Locator("section.panel", new PageLocatorOptions { Has = Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Conversations" }) });

    /// <summary>The Conversations list entry that opens <paramref name="conversationId"/>.</summary>
    public ILocator ConversationLink(string conversationId) => Conversations.Locator($"a[href='/Chat?c={conversationId}']");

    public AnswerCard Answer(int index) => new(Answers.Nth(index));
    public AnswerCard LastAnswer => new(Answers.Last);

    /// <summary>Opens the Chat page (or <paramref name="path"/>, e.g. a conversation's URL) with the step recorder installed.</summary>
    public static async Task<ChatPage> OpenAsync(UiPage ui, string path = "/Chat")
    {
        await ui.Page.AddInitScriptAsync(StepRecorderScript);
        if (path == "/Chat") await GotoDemoAsync(ui);
        else await ui.GotoAsync(path);
        return new ChatPage(ui);
    }

    /// <summary>
    /// Opens a fresh Chat page on the demo dataset. Other tests upload datasets into the shared app, and the newest is
    /// picked by default, so the demo data is pinned through the picker's value.
    /// </summary>
    public static async Task GotoDemoAsync(UiPage ui)
    {
        await ui.GotoAsync("/Chat");
        var demo = await ui.Page.Locator("#dataset-picker option", new PageLocatorOptions { HasText = "Demo sales" }).GetAttributeAsync("value");
        await ui.GotoAsync($"/Chat?data={demo}");
    }

    /// <summary>
    /// Types <paramref name="question"/>, presses Ask (or Enter in the question box) and waits for its answer card to
    /// replace the pending one.
    /// </summary>
    public async Task<AnswerCard> AskAsync(string question, bool pressEnter = false)
    {
        var before = await Answers.CountAsync();
        await Question.FillAsync(question);
        if (pressEnter) await Question.PressAsync("Enter");
        else await Form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(Answers).ToHaveCountAsync(before + 1);
        await Expect(Pending).ToHaveCountAsync(0);
        await Expect(Question).ToHaveValueAsync(""); // the form clears itself once the question was accepted
        return Answer(before);
    }

    /// <summary>Opens <paramref name="card"/>'s SQL, replaces it with <paramref name="sql"/> in its editor and presses "Run edited SQL".</summary>
    public async Task RunEditedSqlAsync(AnswerCard card, string sql)
    {
        await card.OpenSqlAsync();
        await card.SqlEditor.FillAsync(sql);
        await card.Sql.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Run edited SQL" }).ClickAsync();
    }

    /// <summary>The steps recorded on this document so far, oldest first.</summary>
    public async Task<IReadOnlyList<StepEvent>> StepsAsync() =>
        JsonSerializer.Deserialize<StepEvent[]>(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__chatSteps || [])"), JsonOptions) ?? [];

    /// <summary>The SSE event types received on this document so far, oldest first.</summary>
    public async Task<IReadOnlyList<string>> SseEventsAsync() =>
        JsonSerializer.Deserialize<string[]>(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__chatSse || [])"), JsonOptions) ?? [];
}

/// <summary>One finished answer card: narrative, chart, table, SQL and downloads.</summary>
public sealed class AnswerCard(ILocator root)
{
    public ILocator Root => root;
    public ILocator QuestionText => root.Locator("p.question");
    public ILocator Narrative => root.Locator(".narrative");
    public ILocator Interpretation => root.Locator("[data-interpretation]");
    public ILocator UnsureNote => root.Locator("[data-unsure]");
    public ILocator UnusedTerms => root.Locator("mark.unused-term");
    public ILocator Suggestions => root.Locator("ul.suggestions button");
    public ILocator Error => root.Locator(".alert.error");
    public ILocator Figure => root.Locator("figure.chart");
    public ILocator ChartImage => root.Locator("img.chart-img");
    public ILocator ChartType => Figure.GetByLabel("Chart type");
    public ILocator Table => root.Locator(".answer-table table");
    public ILocator HeaderCells => Table.Locator("thead th");
    public ILocator Rows => Table.Locator("tbody tr");
    public ILocator Pager => root.Locator(".answer-table .pager");
    public ILocator Sql => root.Locator("details.sql");
    /// <summary>The SQL field the form posts (hidden once the editor has replaced it on screen).</summary>
    public ILocator SqlBox => Sql.Locator("textarea[name='sql']");
    public SqlEditorBox SqlEditor => new(SqlBox);
    public ILocator SchemaBrowser => Sql.Locator(".schema-browser");
    public ILocator Downloads => root.Locator(".downloads");

    /// <summary>The download link for rows (<c>csv</c>, <c>xlsx</c>, <c>json</c>, <c>parquet</c>) or the chart (<c>png</c>, <c>svg</c>).</summary>
    public ILocator Download(string format) => Downloads.Locator($"a[href$='format={format}']");

    public async Task<string> MessageIdAsync() => await root.GetAttributeAsync("data-message") ?? throw new InvalidOperationException("The card has no data-message.");

    /// <summary>Expands the SQL details (a no-op when already open).</summary>
    public async Task OpenSqlAsync()
    {
        if (await Sql.GetAttributeAsync("open") is null) await Sql.Locator("summary").First.ClickAsync();
        await Expect(SqlEditor.Content).ToBeVisibleAsync();
    }

    /// <summary>Waits until the card's chart image has actually loaded (scrolling it into view first: it loads lazily).</summary>
    public Task ExpectChartLoadedAsync() => UiPage.ExpectImageLoadedAsync(ChartImage);

    /// <summary>The text of every cell in column <paramref name="index"/> of the table's current page.</summary>
    public Task<IReadOnlyList<string>> ColumnAsync(int index) => Rows.Locator($"td:nth-child({index + 1})").AllInnerTextsAsync();
}

/// <summary>One progress step as it was added to the page; <see cref="Pending"/> is whether it landed in a pending card.</summary>
public sealed record StepEvent(string Kind, string Text, bool Pending);
