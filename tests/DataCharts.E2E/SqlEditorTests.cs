using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// The SQL editor in Chat and in notebook SQL cells as an analyst uses it: highlighted SQL with line numbers, the
/// dataset's tables and columns completed and browsable, Ctrl+Enter to run, errors marked at their line and column,
/// a keyboard that can leave it, dark mode and a phone-wide screen.
/// </summary>
public sealed class SqlEditorTests(E2EFixture app)
{
    private const string RevenueByRegion = "What is the total revenue by region?";

    /// <summary>The relative luminance (0 black … 1 white) of a CSS colour like "rgb(22, 23, 27)".</summary>
    private static double Luminance(string css)
    {
        var m = Regex.Match(css, @"rgba?\((\d+),\s*(\d+),\s*(\d+)");
        Assert.True(m.Success, $"not an rgb colour: {css}");
        return (0.2126 * int.Parse(m.Groups[1].Value) + 0.7152 * int.Parse(m.Groups[2].Value) + 0.0722 * int.Parse(m.Groups[3].Value)) / 255;
    }

    /// <summary>What the screen shows now (the completion list is a floating tooltip that a full-page capture loses).</summary>
    private Task ViewportShotAsync(UiPage ui, string name) =>
        ui.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, name + ".png") });

    private static Task<string> StyleAsync(ILocator element, string property) =>
        element.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    private static async Task<AnswerCard> OpenAnswerSqlAsync(ChatPage chat)
    {
        var card = await chat.AskAsync(RevenueByRegion);
        await card.OpenSqlAsync();
        return card;
    }

    [Fact]
    public async Task Chat_sql_is_highlighted_with_line_numbers_and_completes_browses_and_runs_with_ctrl_enter()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await OpenAnswerSqlAsync(chat);
        var editor = card.SqlEditor;

        // The answer's SQL is in the editor, highlighted: keywords are token spans, lines are numbered.
        await Expect(card.SqlBox).ToBeHiddenAsync();
        await Expect(editor.Content).ToContainTextAsync(new Regex("SELECT", RegexOptions.IgnoreCase));
        await Expect(editor.Content.Locator(".tok-keyword").First).ToHaveTextAsync("SELECT");
        Assert.True(await editor.Content.Locator(".tok-keyword").CountAsync() >= 2);
        await Expect(editor.Box.Locator(".cm-lineNumbers .cm-gutterElement", new LocatorLocatorOptions { HasText = "1" }).First).ToBeVisibleAsync();
        Assert.Equal(await card.SqlBox.InputValueAsync(), string.Join("\n", await editor.Lines.AllTextContentsAsync()));

        // Under the page's content security policy CodeMirror's own injected styles and the editor theme apply (a
        // refused style would also be a console error, which AssertNoErrors reports).
        var csp = (await ui.Page.APIRequest.GetAsync("/Chat")).Headers["content-security-policy"];
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("flex", await StyleAsync(editor.Editor, "display"));
        Assert.Equal("relative", await StyleAsync(editor.Editor, "position"));
        Assert.NotEqual("0px", await StyleAsync(editor.Box.Locator(".cm-gutters"), "borderRightWidth"));

        // The schema browser lists the dataset's columns with their types; a click inserts the name at the cursor.
        await editor.FillAsync("SELECT ");
        await ui.Page.Keyboard.PressAsync("End");
        await Expect(card.SchemaBrowser).ToBeVisibleAsync();
        await card.SchemaBrowser.Locator("summary").ClickAsync();
        var row = card.SchemaBrowser.Locator(".schema-columns .schema-row", new LocatorLocatorOptions
        {
            Has = ui.Page.Locator("button.schema-name", new PageLocatorOptions { HasTextRegex = new Regex("^channel$") }),
        });
        var channel = row.Locator("button.schema-name");
        await Expect(channel).ToBeVisibleAsync();
        await Expect(row.Locator(".schema-type")).ToHaveTextAsync("text");
        await channel.ClickAsync();
        await Expect(card.SqlBox).ToHaveValueAsync("SELECT channel");

        // Completion: a prefix of the table offers it; Enter accepts. Columns complete at the top level too.
        await Expect(editor.Editor).ToHaveClassAsync(new Regex(@"\bcm-focused\b"));
        await editor.TypeAsync(", count(*) AS n FROM ord");
        await Expect(editor.Completions.First).ToBeVisibleAsync();
        await Expect(editor.Completions.Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^orders") })).ToHaveCountAsync(1);
        await ViewportShotAsync(ui, "sql-editor-completion-light");
        await editor.AcceptCompletionAsync("orders");
        await Expect(card.SqlBox).ToHaveValueAsync("SELECT channel, count(*) AS n FROM orders");
        await editor.TypeAsync(" GROUP BY chann");
        await Expect(editor.Completions.Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^channel") })).ToHaveCountAsync(1);
        await editor.AcceptCompletionAsync("channel");
        await Expect(card.SqlBox).ToHaveValueAsync("SELECT channel, count(*) AS n FROM orders GROUP BY channel");
        await ui.ScreenshotAsync("sql-editor-chat-light");

        // Ctrl+Enter runs the edited SQL as a new answer.
        await ui.Page.Keyboard.PressAsync("Control+Enter");
        await Expect(chat.Answers).ToHaveCountAsync(2);
        var edited = chat.Answer(1);
        await Expect(edited.HeaderCells).ToHaveTextAsync(new Regex[] { new("^[Cc]hannel$"), new("^[Nn]$") });
        await Expect(edited.Rows).ToHaveCountAsync(3);
        await Expect(edited.SqlBox).ToHaveValueAsync("SELECT channel, count(*) AS n FROM orders GROUP BY channel");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_bad_query_in_chat_is_marked_at_its_line_and_column_and_the_keyboard_can_leave_the_editor()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await OpenAnswerSqlAsync(chat);
        var editor = card.SqlEditor;

        await editor.FillAsync("SELECT channel,\n  count(*) AS n,\n  regoin\nFROM orders\nGROUP BY channel");
        await ui.Page.Keyboard.PressAsync("Control+Enter");

        // The refusal in the thread says where, as words and as data for the editor.
        await Expect(chat.ThreadErrors).ToHaveCountAsync(1);
        var error = chat.ThreadErrors.First;
        await Expect(error).ToContainTextAsync("Line 3, column 3");
        await Expect(error).ToHaveAttributeAsync("data-error-line", "3");
        await Expect(error).ToHaveAttributeAsync("data-error-column", "3");
        await Expect(chat.Answers).ToHaveCountAsync(1);

        // The editor underlines the bad name on line 3 and shows the message under it.
        await Expect(editor.ErrorMark).ToHaveTextAsync("regoin");
        await Expect(editor.Lines.Nth(2).Locator(".cm-lintRange-error")).ToHaveCountAsync(1);
        await Expect(editor.ErrorMessage).ToBeVisibleAsync();
        await Expect(editor.ErrorMessage).ToContainTextAsync("Line 3, column 3");
        await Expect(editor.ErrorMessage).ToContainTextAsync("regoin");
        await ui.ScreenshotAsync("sql-editor-chat-error");

        // Fixing the text clears the mark.
        await editor.Content.ClickAsync();
        await ui.Page.Keyboard.PressAsync("ControlOrMeta+End");
        await ui.Page.Keyboard.TypeAsync(" ");
        await Expect(editor.ErrorMark).ToHaveCountAsync(0);
        await Expect(editor.ErrorMessage).ToBeHiddenAsync();

        // Escape, then Tab: the focus leaves the editor for the next control, the run button.
        await ui.Page.Keyboard.PressAsync("Escape");
        await ui.Page.Keyboard.PressAsync("Tab");
        Assert.False(await editor.Editor.EvaluateAsync<bool>("e => e.contains(document.activeElement)"), "Tab stayed in the editor");
        await Expect(card.Sql.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Run edited SQL" })).ToBeFocusedAsync();
        // Shift+Tab comes back, with the focus ring visible.
        await ui.Page.Keyboard.PressAsync("Shift+Tab");
        await Expect(editor.Editor).ToHaveClassAsync(new Regex(@"\bcm-focused\b"));
        Assert.NotEqual("none", await StyleAsync(editor.Editor, "outlineStyle"));
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task The_editor_is_dark_in_dark_mode_switching_live_and_fits_a_phone()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await OpenAnswerSqlAsync(chat);
        var editor = card.SqlEditor;
        var keyword = editor.Content.Locator(".tok-keyword").First;
        Assert.True(Luminance(await StyleAsync(editor.Editor, "backgroundColor")) > 0.8, "the light editor is not light");
        var lightKeyword = await StyleAsync(keyword, "color");

        await ui.Page.Locator("#theme-toggle").ClickAsync();
        await Expect(ui.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.True(Luminance(await StyleAsync(editor.Editor, "backgroundColor")) < 0.2, "the dark editor is not dark");
        Assert.True(Luminance(await StyleAsync(editor.Content, "color")) > 0.7, "the dark editor's text is not light");
        Assert.True(Luminance(await StyleAsync(editor.Box.Locator(".cm-gutters"), "backgroundColor")) < 0.25, "the gutter stayed light");
        Assert.NotEqual(lightKeyword, await StyleAsync(keyword, "color"));
        Assert.True(Luminance(await StyleAsync(keyword, "color")) > 0.45, "keywords are too dark on the dark editor");

        // Completion in dark mode: its list is dark too.
        await card.SchemaBrowser.Locator("summary").ClickAsync();
        await Expect(card.SchemaBrowser.Locator(".schema-columns button.schema-name").First).ToBeVisibleAsync();
        await editor.Content.ClickAsync();
        await ui.Page.Keyboard.PressAsync("ControlOrMeta+End");
        await editor.TypeAsync(" -- reg\n");
        await editor.TypeAsync("reg");
        await Expect(editor.Completions.First).ToBeVisibleAsync();
        Assert.True(Luminance(await StyleAsync(ui.Page.Locator(".cm-tooltip-autocomplete"), "backgroundColor")) < 0.25, "the completion list is light in dark mode");
        await ViewportShotAsync(ui, "sql-editor-completion-dark");
        await ui.ScreenshotAsync("sql-editor-chat-dark");
        await ui.Page.Keyboard.PressAsync("Escape");

        // A phone: the editor and the schema browser stay inside the screen.
        await ui.Page.SetViewportSizeAsync(390, 844);
        await editor.Editor.ScrollIntoViewIfNeededAsync();
        var box = await editor.Editor.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the editor spans {box.X}…{box.X + box.Width} on a 390 px screen");
        var browser = await card.SchemaBrowser.BoundingBoxAsync();
        Assert.True(browser is not null && browser.X + browser.Width <= 390, "the schema browser overflows a 390 px screen");
        Assert.True(await editor.Box.Locator(".cm-scroller").EvaluateAsync<bool>("s => s.scrollWidth <= s.clientWidth"), "the SQL scrolls sideways at 390 px");
        await ui.ScreenshotAsync("sql-editor-chat-phone-dark");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_notebook_sql_cell_autosaves_from_the_editor_runs_with_ctrl_enter_and_marks_errors()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/Analysis");
        await page.Locator("#nb-title").FillAsync("SQL editor notebook");
        await page.Locator("#nb-data").SelectOptionAsync(new SelectOptionValue { Label = "Demo sales" });
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create notebook" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Analysis/nb_[0-9a-f]+$"));
        await ui.ExpectSettledAsync();
        await page.Locator("[data-add-cell='sql']").ClickAsync();
        var cell = page.Locator("#cells section.cell.cell-sql").Last;
        await Expect(cell).ToBeVisibleAsync();
        await ui.ExpectSettledAsync();
        var cellId = await cell.GetAttributeAsync("id");
        cell = page.Locator($"#{cellId}");
        var editor = new SqlEditorBox(cell.Locator("textarea[name='source']"));
        await Expect(editor.Editor).ToBeVisibleAsync();

        // Typing in the editor autosaves the cell (the revision moves on and the status says so).
        var rev = cell.Locator("input[name='rev']");
        var before = int.Parse(await rev.InputValueAsync());
        await editor.FillAsync("SELECT region, count(*) AS n\nFROM orders\nGROUP BY region\nORDER BY region");
        await Expect(rev).ToHaveValueAsync((before + 1).ToString());
        await Expect(cell.Locator(".cell-bar [role=status]").First).ToContainTextAsync("Saved");
        await Expect(editor.Content.Locator(".tok-keyword").First).ToHaveTextAsync("SELECT");

        // The schema browser of the cell inserts a column at the cursor (and that edit autosaves too).
        var browser = cell.Locator(".schema-browser");
        await browser.Locator("summary").ClickAsync();
        await editor.Content.ClickAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+Home");
        await page.Keyboard.PressAsync("End");
        await editor.TypeAsync(", sum(");
        await browser.Locator(".schema-columns button.schema-name", new LocatorLocatorOptions { HasTextRegex = new Regex("^units$") }).ClickAsync();
        await Expect(editor.Textarea).ToHaveValueAsync(new Regex(@"^SELECT region, count\(\*\) AS n, sum\(units\)\n"));
        await page.Keyboard.PressAsync("End");
        await editor.TypeAsync(" AS units");
        await Expect(editor.Textarea).ToHaveValueAsync(new Regex(@"^SELECT region, count\(\*\) AS n, sum\(units\) AS units\n"));
        await Expect(rev).ToHaveValueAsync((before + 2).ToString());

        // Ctrl+Enter in the editor saves and runs the cell; the focus comes back to the re-rendered editor.
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(cell.Locator(".cell-snapshot")).ToContainTextAsync("5 rows");
        await Expect(cell.Locator(".cell-output table thead th")).ToHaveTextAsync(new Regex[] { new("^[Rr]egion$"), new("^[Nn]$"), new("^[Uu]nits$") });
        await Expect(cell.Locator(".cell-output table tbody tr")).ToHaveCountAsync(5);
        await Expect(editor.Editor).ToHaveClassAsync(new Regex(@"\bcm-focused\b"));
        await ui.ScreenshotAsync("sql-editor-notebook-light");

        // A refused call on line 2: the cell's error says where, and the editor underlines it.
        await editor.FillAsync("SELECT region,\n  getenv('HOME') AS home\nFROM orders");
        await page.Keyboard.PressAsync("Control+Enter");
        var alert = cell.Locator(".cell-output .alert.error");
        await Expect(alert).ToContainTextAsync("Line 2, column 3");
        await Expect(alert).ToHaveAttributeAsync("data-error-line", "2");
        await Expect(alert).ToHaveAttributeAsync("data-error-column", "3");
        await Expect(editor.ErrorMark).ToHaveTextAsync("getenv");
        await Expect(editor.Lines.Nth(1).Locator(".cm-lintRange-error")).ToHaveCountAsync(1);
        // The message is right below in the cell, so the editor does not repeat it; hovering the mark shows it.
        await Expect(editor.ErrorMessage).ToBeHiddenAsync();
        await editor.ErrorMark.HoverAsync();
        await Expect(page.Locator(".cm-tooltip-lint")).ToContainTextAsync("Line 2, column 3");
        await Expect(page.Locator(".cm-tooltip-lint")).ToContainTextAsync("getenv");

        await page.Locator("#theme-toggle").ClickAsync();
        Assert.True(Luminance(await StyleAsync(editor.Editor, "backgroundColor")) < 0.2, "the dark editor is not dark");
        await ui.ScreenshotAsync("sql-editor-notebook-dark");
        ui.AssertNoErrors();

        // Without JavaScript the cell keeps its plain textarea, and the schema browser (which needs a script) is hidden.
        await using var plain = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, JavaScriptEnabled = false });
        var nojs = await plain.NewPageAsync();
        await nojs.GotoAsync(page.Url);
        var box = nojs.Locator($"#{cellId} textarea[name='source']");
        await Expect(box).ToBeVisibleAsync();
        await Expect(box).ToHaveValueAsync(new Regex("getenv"));
        await Expect(nojs.Locator($"#{cellId} .schema-browser")).ToBeHiddenAsync();
        await Expect(nojs.Locator($"#{cellId} .cm-editor")).ToHaveCountAsync(0);
    }
}
