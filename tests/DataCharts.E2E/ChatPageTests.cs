using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The Chat page as a user drives it on the demo data: ask, watch the steps, read, refine, re-chart, download, edit SQL.</summary>
public sealed class ChatPageTests(E2EFixture app)
{
    private const string RevenueByRegion = "What is the total revenue by region?";
    private static readonly string[] Regions = ["Central", "East", "North", "South", "West"];
    private static readonly Regex ConversationUrl = new(@"/Chat\?c=cv_[0-9a-f]+$");

    [Fact]
    public async Task Asking_streams_the_steps_then_shows_the_answer_with_narrative_table_and_chart()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        await Expect(chat.EmptyState).ToBeVisibleAsync();

        var card = await chat.AskAsync(RevenueByRegion);

        // The steps streamed into the pending card before it turned into the answer.
        var steps = await chat.StepsAsync();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.True(s.Pending, $"Step '{s.Text}' did not land in a pending card."));
        Assert.Contains(steps, s => s.Kind == "sql");
        var sse = await chat.SseEventsAsync();
        Assert.Contains("step", sse);
        Assert.Equal("done", sse[^1]);

        await Expect(card.QuestionText).ToHaveTextAsync(RevenueByRegion);
        await Expect(card.HeaderCells).ToHaveTextAsync(["Region", "Total revenue"]);
        await Expect(card.Rows).ToHaveCountAsync(5);
        await Expect(card.Pager).ToContainTextAsync("5 rows");
        var regions = await card.ColumnAsync(0);
        Assert.Equal(Regions, regions.Order());
        var narrative = await card.Narrative.InnerTextAsync();
        Assert.Contains(regions, r => narrative.Contains(r, StringComparison.Ordinal));
        await card.ExpectChartLoadedAsync();
        await Expect(card.ChartType).ToHaveValueAsync("bar");

        await Expect(chat.EmptyState).ToHaveCountAsync(0);
        await Expect(chat.Page).ToHaveURLAsync(ConversationUrl);
        await Expect(chat.ConversationId).ToHaveValueAsync(new Regex("^cv_"));
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_follow_up_continues_the_conversation_with_a_narrower_query()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var first = await chat.AskAsync(RevenueByRegion);
        await Expect(chat.Page).ToHaveURLAsync(ConversationUrl);
        var conversation = await chat.ConversationId.InputValueAsync();

        var second = await chat.AskAsync("and only online");

        await Expect(chat.Answers).ToHaveCountAsync(2);
        await Expect(chat.Page).ToHaveURLAsync($"{app.BaseUrl}/Chat?c={conversation}");
        await Expect(chat.ConversationId).ToHaveValueAsync(conversation);
        await Expect(second.SqlBox).ToHaveValueAsync(new Regex("'Online'"));
        var firstSql = await first.SqlBox.InputValueAsync();
        var secondSql = await second.SqlBox.InputValueAsync();
        Assert.DoesNotContain("Online", firstSql, StringComparison.Ordinal);
        Assert.NotEqual(firstSql, secondSql);
        await Expect(second.Rows).ToHaveCountAsync(5);
        Assert.Equal(Regions, (await second.ColumnAsync(0)).Order());
        await second.ExpectChartLoadedAsync();

        // For people: the page with two answers in both themes.
        await first.ExpectChartLoadedAsync();
        await ui.ScreenshotAsync("chat-two-answers-light");
        await chat.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(chat.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        // The charts are drawn again for the dark theme, and back for the light one.
        await Expect(first.ChartImage).ToHaveAttributeAsync("src", new Regex("[?&]dark=true"));
        await Expect(second.ChartImage).ToHaveAttributeAsync("src", new Regex("[?&]dark=true"));
        await first.ExpectChartLoadedAsync();
        await second.ExpectChartLoadedAsync();
        await ui.ScreenshotAsync("chat-two-answers-dark");
        await chat.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(first.ChartImage).Not.ToHaveAttributeAsync("src", new Regex("dark=true"));
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Switching_the_chart_type_redraws_the_image()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);
        await card.ExpectChartLoadedAsync();
        var before = await card.ChartImage.GetAttributeAsync("src");

        await card.ChartType.SelectOptionAsync("line");

        await Expect(card.ChartImage).Not.ToHaveAttributeAsync("src", before!);
        await Expect(card.ChartImage).ToHaveAttributeAsync("alt", new Regex(": line chart of total revenue by region$"));
        await Expect(card.ChartType).ToHaveValueAsync("line");
        await card.ExpectChartLoadedAsync();
        await Expect(card.Figure.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // The new type is saved: the chart PNG download and a reload both draw a line.
        await ui.ReloadAsync();
        await Expect(chat.LastAnswer.ChartType).ToHaveValueAsync("line");
        await chat.LastAnswer.ExpectChartLoadedAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Downloading_the_rows_as_csv_gives_the_header_and_five_rows()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);

        var download = await chat.Page.RunAndWaitForDownloadAsync(() => card.Download("csv").ClickAsync());

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Null(await download.FailureAsync());
        var text = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.StartsWith("region,total_revenue", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(Regions, lines.Skip(1).Select(l => l.Split(',')[0]).Order());
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Edited_sql_runs_as_a_new_answer_and_a_hostile_edit_is_refused()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(RevenueByRegion);

        await chat.RunEditedSqlAsync(card, """SELECT "channel", count(*) AS n FROM "orders" GROUP BY "channel" ORDER BY "channel" """);

        await Expect(chat.Answers).ToHaveCountAsync(2);
        var edited = chat.Answer(1);
        await Expect(edited.HeaderCells).ToHaveTextAsync(["Channel", "N"]);
        await Expect(edited.Rows).ToHaveCountAsync(3);
        await Expect(edited.SqlBox).ToHaveValueAsync(new Regex("GROUP BY \"channel\""));
        await edited.ExpectChartLoadedAsync();

        await chat.RunEditedSqlAsync(edited, "DROP TABLE orders");

        await Expect(chat.ThreadErrors).ToHaveCountAsync(1);
        await Expect(chat.ThreadErrors).ToHaveAttributeAsync("role", "alert");
        await Expect(chat.ThreadErrors).Not.ToBeEmptyAsync();
        await Expect(chat.Answers).ToHaveCountAsync(2);

        // The data is intact: a new conversation still counts every order.
        await ui.FollowAsync(chat.Conversations.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "New", Exact = true }), "The New conversation link");
        var count = await chat.AskAsync("How many orders are there?");
        await Expect(count.Rows).ToHaveCountAsync(1);
        await Expect(count.Rows.First.Locator("td").Last).ToHaveTextAsync("24,000");
        await Expect(count.Narrative).ToContainTextAsync(new Regex("24,?000"));
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task An_unanswerable_question_explains_itself_and_offers_suggestions()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);

        var card = await chat.AskAsync("purple monkey dishwasher");

        await Expect(card.Narrative).ToContainTextAsync("could not");
        await Expect(card.Table).ToHaveCountAsync(0);
        await Expect(card.Figure).ToHaveCountAsync(0);
        await Expect(card.Sql).ToHaveCountAsync(0);
        var suggestions = await card.Suggestions.AllInnerTextsAsync();
        Assert.NotEmpty(suggestions);

        await card.Suggestions.First.ClickAsync();
        await Expect(chat.Question).ToHaveValueAsync(suggestions[0]);
        await Expect(chat.Question).ToBeFocusedAsync();

        // The suggestion is a question the page can answer.
        var answer = await chat.AskAsync(suggestions[0]);
        await Expect(answer.Table).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_conversation_reopens_from_its_url_and_from_the_conversations_list()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        await chat.AskAsync(RevenueByRegion);
        await chat.AskAsync("and only online");
        await Expect(chat.Page).ToHaveURLAsync(ConversationUrl);
        var conversation = await chat.ConversationId.InputValueAsync();
        var messages = await chat.Answers.EvaluateAllAsync<string[]>("cards => cards.map(c => c.getAttribute('data-message'))");

        // The pushed URL opens the conversation again.
        await ui.ReloadAsync();
        await ExpectConversationAsync(chat, conversation, messages);

        // So does its entry in the Conversations list, from a fresh Chat page.
        await ChatPage.GotoDemoAsync(ui);
        await Expect(chat.Answers).ToHaveCountAsync(0);
        await Expect(chat.ConversationId).ToHaveValueAsync("");
        var link = chat.ConversationLink(conversation);
        await Expect(link).ToContainTextAsync(RevenueByRegion);
        await ui.FollowAsync(link, "The conversation's link");
        await Expect(chat.Page).ToHaveURLAsync($"{app.BaseUrl}/Chat?c={conversation}");
        await Expect(link).ToHaveAttributeAsync("aria-current", "true");
        await ExpectConversationAsync(chat, conversation, messages);

        // And it goes on from there.
        var third = await chat.AskAsync("and only retail");
        await Expect(chat.Answers).ToHaveCountAsync(3);
        await Expect(third.SqlBox).ToHaveValueAsync(new Regex("'Retail'"));
        await Expect(chat.Page).ToHaveURLAsync($"{app.BaseUrl}/Chat?c={conversation}");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task The_reading_is_shown_above_the_answer_and_an_unsure_answer_is_marked_as_such()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);

        var sure = await chat.AskAsync(RevenueByRegion);
        await Expect(sure.Interpretation).ToContainTextAsync("Total revenue of orders, by region");
        await Expect(sure.UnsureNote).ToHaveCountAsync(0);
        await Expect(sure.Root).ToHaveAttributeAsync("data-confident", "true");

        var unsure = await chat.AskAsync("What is the total revenue of orders wrapped in purple velvet?");
        await Expect(unsure.Root).ToHaveAttributeAsync("data-confident", "false");
        await Expect(unsure.UnsureNote).ToContainTextAsync("Unsure answer");
        await Expect(unsure.UnusedTerms).ToHaveTextAsync(["wrapped", "purple velvet"]);
        await Expect(unsure.Narrative).ToContainTextAsync("did not take “wrapped”, “purple velvet” into account");
        // Marked differently from a sure answer: a warning border, not the plain card.
        var border = await unsure.Root.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftWidth");
        var plain = await sure.Root.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftWidth");
        Assert.NotEqual(plain, border);
        await ui.ScreenshotAsync("chat-unsure");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_chinese_question_is_answered()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);

        var card = await chat.AskAsync("每个渠道的订单数量", pressEnter: true);

        await Expect(card.Rows).ToHaveCountAsync(3);
        await Expect(card.HeaderCells.First).ToHaveTextAsync("Channel");
        await Expect(card.Narrative).ToContainTextAsync("最高");
        await Expect(card.Interpretation).ToContainTextAsync("按channel分组");
        await card.ExpectChartLoadedAsync();
        await ui.ScreenshotAsync("chat-chinese");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task The_answer_table_pages_through_its_rows()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync("show orders");
        var prev = card.Pager.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Prev" });
        var next = card.Pager.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Next" });
        await Expect(card.Pager).ToContainTextAsync("Page 1 of 5");
        await Expect(card.Rows).ToHaveCountAsync(20);
        await Expect(prev).ToBeDisabledAsync();
        var firstPage = await card.ColumnAsync(0);

        await next.ClickAsync();
        await Expect(card.Pager).ToContainTextAsync("Page 2 of 5");
        await Expect(card.Rows).ToHaveCountAsync(20);
        await Expect(prev).ToBeEnabledAsync();
        Assert.Empty(firstPage.Intersect(await card.ColumnAsync(0)));

        for (var p = 3; p <= 5; p++)
        {
            await next.ClickAsync();
            await Expect(card.Pager).ToContainTextAsync($"Page {p} of 5");
        }
        await Expect(next).ToBeDisabledAsync();
        await prev.ClickAsync();
        await Expect(card.Pager).ToContainTextAsync("Page 4 of 5");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Back_after_an_answer_returns_to_the_empty_chat_without_asking_again()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var answers = 0;
        chat.Page.Request += (_, r) => { if (r.Url.Contains("handler=Answer", StringComparison.Ordinal)) Interlocked.Increment(ref answers); };
        await chat.AskAsync(RevenueByRegion);
        await Expect(chat.Page).ToHaveURLAsync(ConversationUrl);
        var conversation = chat.Page.Url;

        await chat.Page.GoBackAsync();
        await Expect(chat.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(app.BaseUrl)}/Chat(\\?data=ds_[0-9a-f]+)?$"));
        await Expect(chat.EmptyState).ToBeVisibleAsync();
        await Expect(chat.Answers).ToHaveCountAsync(0);
        await Expect(chat.Pending).ToHaveCountAsync(0);
        await Expect(chat.ConversationId).ToHaveValueAsync("");

        await chat.Page.GoForwardAsync();
        await Expect(chat.Page).ToHaveURLAsync(conversation);
        await Expect(chat.Answers).ToHaveCountAsync(1);
        await Expect(chat.Answer(0).Rows).ToHaveCountAsync(5);
        await Expect(chat.Page).ToHaveURLAsync(conversation);
        Assert.Equal(1, answers);
        ui.AssertNoErrors();
    }

    private static async Task ExpectConversationAsync(ChatPage chat, string conversation, string[] messages)
    {
        await Expect(chat.Answers).ToHaveCountAsync(messages.Length);
        for (var i = 0; i < messages.Length; i++)
            await Expect(chat.Answers.Nth(i)).ToHaveAttributeAsync("data-message", messages[i]);
        await Expect(chat.Answer(0).QuestionText).ToHaveTextAsync(RevenueByRegion);
        await Expect(chat.Answer(1).QuestionText).ToHaveTextAsync("and only online");
        await Expect(chat.Answer(0).Rows).ToHaveCountAsync(5);
        await Expect(chat.Answer(1).SqlBox).ToHaveValueAsync(new Regex("'Online'"));
        await chat.Answer(0).ExpectChartLoadedAsync();
        await chat.Answer(1).ExpectChartLoadedAsync();
        await Expect(chat.ConversationId).ToHaveValueAsync(conversation);
        await Expect(chat.EmptyState).ToHaveCountAsync(0);
    }
}
