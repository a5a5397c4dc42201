using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static DataCharts.E2E.Infrastructure.NotebookCells;

namespace DataCharts.E2E;

/// <summary>
/// Notebook cells as an analyst works them: a chart built from dropdowns that stay in step with its text, a query that reads
/// an earlier cell by name, a failing query that looks failed, and question cells asked with the button or Ctrl+Enter that
/// answer in place without turning up in Chat.
/// </summary>
public sealed class NotebookCellTests(E2EFixture app)
{
    /// <summary>The rows of a cell's result table (its chart's "Show as table" has rows of its own).</summary>
    private static ILocator Rows(ILocator cell) => cell.Locator(".block-sql table tbody tr");

    /// <summary>A new notebook on the demo data, opened.</summary>
    private static async Task NewNotebookAsync(UiPage ui, string title)
    {
        await ui.GotoAsync("/Analysis");
        await ui.Page.Locator("#nb-title").FillAsync(title);
        await ui.Page.Locator("#nb-data").SelectOptionAsync(new SelectOptionValue { Label = "Demo sales" });
        await ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create notebook" }).ClickAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex("/Analysis/nb_[0-9a-f]+$"));
        await Expect(ui.Page.Locator("#nb-title")).ToHaveValueAsync(title);
    }

    private static async Task NameAsync(ILocator cell, string name) => await SavedAsync(cell, async () =>
    {
        await cell.Locator("input[name='name']").FillAsync(name);
        await cell.Locator("input[name='name']").PressAsync("Tab");
    });

    private static async Task RunAsync(UiPage ui, ILocator cell)
    {
        await cell.Locator("[data-run-cell]").ClickAsync();
        await Expect(cell.Locator(".cell-snapshot")).Not.ToContainTextAsync("not run yet");
        await ui.ExpectSettledAsync();
    }

    private static async Task ScreenshotsAsync(UiPage ui, string name)
    {
        await ui.ScreenshotAsync(name);
        await ui.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(ui.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        foreach (var img in await ui.Page.Locator("img.chart-img").AllAsync()) await UiPage.ExpectImageLoadedAsync(img);
        await ui.ScreenshotAsync(name + "-dark");
        await ui.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(ui.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
    }

    [Fact]
    public async Task A_chart_is_built_from_dropdowns_of_the_result_columns_and_its_text_follows_both_ways()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await NewNotebookAsync(ui, "Chart builder");
        var sql = await AddAsync(ui, "sql");
        var name = await sql.Locator("input[name='name']").InputValueAsync();
        await WriteAsync(sql, "SELECT region, channel, ROUND(SUM(revenue), 2) AS revenue, COUNT(*) AS orders\nFROM orders\nGROUP BY region, channel\nORDER BY region, channel");
        await RunAsync(ui, sql);
        await Expect(Rows(sql).First).ToBeVisibleAsync();

        // A new chart cell: no red message, the builder offers the query's columns.
        var chart = await AddAsync(ui, "chart");
        await Expect(chart.Locator(".alert.error")).ToHaveCountAsync(0);
        await Expect(chart.Locator(".chart-pending")).ToContainTextAsync("Choose x and y");
        var builder = chart.Locator("[data-chart-builder]");
        await Expect(builder.GetByLabel("Data")).ToHaveValueAsync(name);
        var x = builder.GetByLabel("X", new LocatorGetByLabelOptions { Exact = true });
        Assert.Equal(["", "region", "channel", "revenue", "orders"], await x.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        var types = await builder.GetByLabel("Chart type").Locator("option").AllTextContentsAsync();
        Assert.Contains("Grouped bars", types);
        Assert.Contains("Scatter plot", types);
        Assert.DoesNotContain("GroupedBar", types);
        var text = Text(chart);
        await Expect(text).ToBeHiddenAsync();

        // Dropdowns draw the chart and write the text.
        await SavedAsync(chart, () => x.SelectOptionAsync("region"));
        await SavedAsync(chart, () => builder.Locator("[data-chart-key='y'] input[value='revenue']").CheckAsync());
        await Expect(text).ToHaveValueAsync(new Regex(@"(^|\n)x: region(\n|$)"));
        await Expect(text).ToHaveValueAsync(new Regex(@"(^|\n)y: revenue(\n|$)"));
        var image = chart.Locator("img.chart-img");
        await UiPage.ExpectImageLoadedAsync(image);
        await Expect(image).ToHaveAttributeAsync("alt", new Regex("revenue.* region"));
        var bars = await image.GetAttributeAsync("src");

        await SavedAsync(chart, () => builder.GetByLabel("Chart type").SelectOptionAsync(new SelectOptionValue { Label = "Grouped bars" }));
        await SavedAsync(chart, () => builder.GetByLabel("Series").SelectOptionAsync("channel"));
        await Expect(text).ToHaveValueAsync(new Regex(@"(^|\n)type: grouped_bar(\n|$)"));
        await Expect(text).ToHaveValueAsync(new Regex(@"(^|\n)series: channel(\n|$)"));
        await Expect(image).Not.ToHaveAttributeAsync("src", bars!);
        await UiPage.ExpectImageLoadedAsync(image);

        // The text, opened, sets the dropdowns.
        var toggle = builder.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Edit as text" });
        await toggle.ClickAsync();
        await Expect(text).ToBeVisibleAsync();
        await Expect(text).ToBeFocusedAsync();
        await Expect(builder.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Hide text" })).ToHaveAttributeAsync("aria-expanded", "true");
        var grouped = await image.GetAttributeAsync("src");
        await WriteAsync(chart, $"data: {name}\ntype: line\nx: channel\ny: revenue, orders\ntitle: By channel");
        await Expect(x).ToHaveValueAsync("channel");
        await Expect(builder.GetByLabel("Chart type")).ToHaveValueAsync("line");
        await Expect(builder.GetByLabel("Series")).ToHaveValueAsync("");
        await Expect(builder.Locator("[data-chart-key='y'] input[value='revenue']")).ToBeCheckedAsync();
        await Expect(builder.Locator("[data-chart-key='y'] input[value='orders']")).ToBeCheckedAsync();
        await Expect(image).ToHaveAttributeAsync("alt", new Regex("^By channel.*revenue, orders.* channel"));
        await Expect(image).Not.ToHaveAttributeAsync("src", grouped!);
        await UiPage.ExpectImageLoadedAsync(image);

        // And back: a dropdown keeps the title typed in the text.
        await SavedAsync(chart, () => builder.Locator("[data-chart-key='y'] input[value='orders']").UncheckAsync());
        await Expect(text).ToHaveValueAsync($"data: {name}\ntype: line\nx: channel\ny: revenue\ntitle: By channel");

        // A name the result lacks stays, marked, and the chart says why it cannot draw it.
        await WriteAsync(chart, $"data: {name}\ntype: line\nx: chanel\ny: revenue");
        await Expect(x.Locator("option:checked")).ToHaveTextAsync("chanel (not in the result)");
        await Expect(chart.Locator(".alert.error")).ToContainTextAsync("unknown column \"chanel\" in x");
        await SavedAsync(chart, () => x.SelectOptionAsync("channel"));
        await Expect(chart.Locator(".alert.error")).ToHaveCountAsync(0);
        await UiPage.ExpectImageLoadedAsync(image);

        await ui.ReloadAsync();
        await Expect(page.Locator($"#{await chart.GetAttributeAsync("id")} [data-chart-builder] select[data-chart-key='x']")).ToHaveValueAsync("channel");
        await ScreenshotsAsync(ui, "notebook-chart-builder");

        // On a phone the builder's fields stack inside the cell.
        await page.SetViewportSizeAsync(390, 844);
        var builderNow = page.Locator($"#{await chart.GetAttributeAsync("id")} [data-chart-builder]");
        Assert.True(await builderNow.EvaluateAsync<bool>("b => b.scrollWidth <= b.clientWidth + 1"), "the chart builder overflows its cell at 390 px");
        await ui.ScreenshotAsync("notebook-chart-builder-phone");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_query_reads_an_earlier_cell_by_name_and_a_failing_query_shows_its_error()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await NewNotebookAsync(ui, "Cells by name");
        var byRegion = await AddAsync(ui, "sql");
        await NameAsync(byRegion, "by_region");
        await WriteAsync(byRegion, "SELECT region, COUNT(*) AS orders, ROUND(SUM(revenue), 2) AS revenue\nFROM orders\nGROUP BY region\nORDER BY region");
        var reader = await AddAsync(ui, "sql");
        await NameAsync(reader, "big_regions");
        await WriteAsync(reader, "SELECT region, revenue\nFROM by_region\nWHERE orders >= 2\nORDER BY revenue DESC");
        await page.Locator("#run-all").ClickAsync();
        await Expect(reader.Locator(".cell-snapshot")).Not.ToContainTextAsync("not run yet");
        await ui.ExpectSettledAsync();

        // The reader's rows are the earlier cell's, filtered and sorted as its SQL says.
        var source = await Rows(byRegion).EvaluateAllAsync<string[][]>("rs => rs.map(r => Array.from(r.cells).map(c => c.textContent.trim()))");
        var expected = source.Where(r => int.Parse(r[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= 2)
            // Revenue reads as money ("$2,603,578.70"); its digits give the order.
            .OrderByDescending(r => double.Parse(Regex.Replace(r[2], "[^0-9.-]", ""), System.Globalization.CultureInfo.InvariantCulture)).Select(r => r[0]).ToArray();
        Assert.NotEmpty(expected);
        await Expect(Rows(reader)).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await Rows(reader).Locator("td:first-child").AllTextContentsAsync());
        await Expect(reader.Locator(".cell-snapshot")).ToContainTextAsync($"{expected.Length} rows");
        await Expect(reader).Not.ToHaveClassAsync(new Regex(@"\bfailed\b"));

        // A cell below cannot be read, and says so at its line.
        var early = await AddAsync(ui, "sql");
        await NameAsync(early, "too_early");
        await WriteAsync(early, "SELECT *\nFROM later_one");
        var later = await AddAsync(ui, "sql");
        await NameAsync(later, "later_one");
        await RunAsync(ui, early);
        await Expect(early).ToHaveClassAsync(new Regex(@"\bfailed\b"));
        await Expect(early.Locator(".alert.error")).ToContainTextAsync("Line 2: \"later_one\" is below this one");

        // A failing query looks failed: red state, the message with its line, no "0 rows".
        var broken = await AddAsync(ui, "sql");
        await WriteAsync(broken, "SELECT region,\n  no_such_column\nFROM orders");
        await RunAsync(ui, broken);
        await Expect(broken).ToHaveClassAsync(new Regex(@"\bfailed\b"));
        await Expect(broken.Locator(".failed-badge")).ToContainTextAsync("failed");
        await Expect(broken.Locator(".cell-snapshot")).Not.ToContainTextAsync("rows");
        await Expect(broken.Locator(".alert.error")).ToContainTextAsync("Line 2, column 3:");
        await Expect(broken.Locator(".alert.error")).ToContainTextAsync("no_such_column");
        await Expect(broken.Locator("table")).ToHaveCountAsync(0);
        var border = await broken.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftColor");
        var fine = await reader.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftColor");
        Assert.NotEqual(fine, border);

        // Fixed, it runs and the failed state goes.
        await WriteAsync(broken, "SELECT region\nFROM orders\nLIMIT 3");
        await RunAsync(ui, broken);
        await Expect(broken).Not.ToHaveClassAsync(new Regex(@"\bfailed\b"));
        await Expect(broken.Locator(".cell-snapshot")).ToContainTextAsync("3 rows");

        await ui.ReloadAsync();
        await Expect(Rows(page.Locator($"#{await reader.GetAttributeAsync("id")}"))).ToHaveCountAsync(expected.Length);
        await Expect(page.Locator($"#{await early.GetAttributeAsync("id")}")).ToHaveClassAsync(new Regex(@"\bfailed\b"));
        await ScreenshotsAsync(ui, "notebook-cells-by-name");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Ask_and_ctrl_enter_answer_a_question_cell_in_place_and_it_is_no_chat_conversation()
    {
        // Worded as no other test words them: the Chat list is shared by every test of the run.
        const string first = "What is the sum of revenue for each region?";
        const string second = "How many orders are there for each channel?";
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await NewNotebookAsync(ui, "Questions");

        // Ask: progress while the agent works (the request is held a moment to see it), then the answer.
        var q1 = await AddAsync(ui, "question");
        await Text(q1).FillAsync(first);
        var release = new TaskCompletionSource();
        await page.RouteAsync(new Regex("handler=Run&cell=.*&ask=true"), async route =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await route.ContinueAsync();
        });
        var ask = q1.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Ask", Exact = true });
        await ask.ClickAsync();
        await Expect(q1.Locator(".asking")).ToHaveClassAsync(new Regex(@"\bhtmx-request\b"));
        await Expect(q1.Locator(".asking")).ToContainTextAsync("Asking…");
        await Expect(ask).ToBeDisabledAsync();
        release.SetResult();
        await Expect(q1.Locator(".answer-text")).ToBeVisibleAsync();
        await page.UnrouteAsync(new Regex("handler=Run&cell=.*&ask=true"));
        await Expect(q1.Locator(".cell-snapshot")).ToContainTextAsync("5 rows");
        await Expect(Rows(q1)).ToHaveCountAsync(5);
        await UiPage.ExpectImageLoadedAsync(q1.Locator("img.chart-img"));
        await Expect(q1.Locator("textarea[name='source']")).ToHaveValueAsync(first);
        // The agent's SQL shows once.
        await Expect(q1.Locator("details.sql-text")).ToHaveCountAsync(1);

        // Ctrl+Enter in the question box asks too.
        var q2 = await AddAsync(ui, "question");
        await Text(q2).FillAsync(second);
        await Text(q2).PressAsync("Control+Enter");
        await Expect(q2.Locator(".answer-text")).ToBeVisibleAsync();
        await Expect(Rows(q2).First).ToBeVisibleAsync();
        await Expect(q2.Locator("details.sql-text")).ToHaveCountAsync(1);
        await Expect(q2.Locator("details.sql-text pre")).ToContainTextAsync("channel", new LocatorAssertionsToContainTextOptions { IgnoreCase = true });
        await Expect(q2.Locator(".cell-bar [role=status].conflict")).ToHaveCountAsync(0);

        // The answers stay in the notebook.
        await ui.ReloadAsync();
        await Expect(page.Locator($"#{await q2.GetAttributeAsync("id")} .answer-text")).ToBeVisibleAsync();
        await ScreenshotsAsync(ui, "notebook-questions");
        ui.AssertNoErrors();

        // Neither question is a Chat conversation.
        await using var chatUi = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(chatUi);
        await Expect(chat.Conversations).ToBeVisibleAsync();
        await Expect(chat.Conversations).Not.ToContainTextAsync(first);
        await Expect(chat.Conversations).Not.ToContainTextAsync(second);
        chatUi.AssertNoErrors();
    }
}
