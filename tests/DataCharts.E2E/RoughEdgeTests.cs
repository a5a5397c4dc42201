using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// The rough edges an analyst saw (issue 12 §5): the Conversations sidebar, wide previews, the Home page's recent lists,
/// Monitoring's memory at "now", and the favicon that was logged as a failed /Error request.
/// </summary>
public sealed class RoughEdgeTests(E2EFixture app, SignInServer signIn) : IClassFixture<SignInServer>
{
    [Fact]
    public async Task The_conversations_sidebar_shows_a_new_conversation_after_asking_without_a_reload()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var page = ui.Page;
        await page.EvaluateAsync("() => { window.__sameDocument = true; }"); // gone if the page reloads
        var before = await chat.Conversations.Locator("li").CountAsync();

        const string Question = "How many orders per channel?";
        await chat.AskAsync(Question);
        var conversation = await chat.ConversationId.InputValueAsync();
        Assert.StartsWith("cv_", conversation, StringComparison.Ordinal);
        var link = chat.ConversationLink(conversation);
        await Expect(link).ToContainTextAsync(Question);
        await Expect(link).ToHaveAttributeAsync("aria-current", "true");
        await Expect(link.Locator("time")).ToHaveTextAsync("just now");
        await Expect(chat.Conversations.Locator("li")).ToHaveCountAsync(before + 1);
        await Expect(chat.Conversations.Locator("li").First.Locator("a")).ToHaveAttributeAsync("href", $"/Chat?c={conversation}");

        // A follow-up keeps one entry for the conversation, still first and current.
        await chat.AskAsync("only the Online channel");
        await Expect(chat.Conversations.Locator("li")).ToHaveCountAsync(before + 1);
        await Expect(chat.Conversations.Locator("li").First.Locator("a")).ToHaveAttributeAsync("aria-current", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page reloaded to show the conversation.");
        await ui.ScreenshotAsync("chat-sidebar-updated");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task A_wide_preview_scrolls_inside_its_card_and_the_column_editor_shows_every_column()
    {
        const int Columns = 36;
        var header = string.Join(",", Enumerable.Range(1, Columns).Select(i => $"measurement_{i:00}"));
        var rows = string.Join("\n", Enumerable.Range(1, 5).Select(r => string.Join(",", Enumerable.Range(1, Columns).Select(c => $"value {r}-{c} in words"))));
        var name = "Wide preview " + Guid.NewGuid().ToString("N")[..6];

        foreach (var (width, label) in new[] { (1280, "desktop"), (PageScreenshotTests.PhoneWidth, "phone") })
        {
            await using var ui = await app.NewPageAsync();
            await ui.Page.SetViewportSizeAsync(width, 900);
            var data = await DataPage.OpenAsync(ui);
            if (label == "desktop")
            {
                await data.PasteAsync(header + "\n" + rows + "\n", name);
                await data.ExpectImportedAsync(name, "5");
            }
            else
            {
                await data.ListEntry(name).GetByRole(AriaRole.Link).ClickAsync(); // opens in place (htmx)
                await Expect(data.Title).ToHaveTextAsync(name);
            }
            await ui.ExpectSettledAsync();

            var box = ui.Page.Locator("#preview .table-wrap");
            // The preview arrives by its own request after the dataset opens: measure it once its rows are laid out.
            await Expect(box.Locator("table tbody tr").First).ToBeVisibleAsync();
            var size = await SizesAsync(box);
            Assert.True(size.ScrollWidth > size.ClientWidth, $"{label}: the preview does not scroll sideways ({size.ScrollWidth} ≤ {size.ClientWidth}).");
            Assert.True(await DocumentOverflowAsync(ui.Page) <= 0, $"{label}: the page itself scrolls sideways.");
            var card = await ui.Page.Locator("#dataset-detail").BoundingBoxAsync();
            var boxRect = await box.BoundingBoxAsync();
            Assert.True(boxRect!.X + boxRect.Width <= card!.X + card.Width + 1, $"{label}: the preview sticks out of its card.");
            await Expect(box).ToHaveClassAsync(new Regex(@"\bmore-right\b")); // the shadow that says there is more

            // The keyboard scrolls it: the box takes focus and the arrow keys move it, until the last column shows.
            await box.FocusAsync();
            for (var i = 0; i < 5; i++) await ui.Page.Keyboard.PressAsync("ArrowRight");
            // Keyboard scrolling is smooth (animated): wait for it rather than read it at once.
            var scrolled = await ui.Page.WaitForFunctionAsync("b => b.scrollLeft > 0", await box.ElementHandleAsync(), new() { Timeout = 5000 })
                .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(scrolled, $"{label}: the arrow keys did not scroll the preview.");
            await box.EvaluateAsync("b => { b.scrollLeft = b.scrollWidth; }");
            var last = ui.Page.Locator("#preview thead th").Last;
            await Expect(last).ToContainTextAsync(new Regex($"measurement[ _]{Columns:00}", RegexOptions.IgnoreCase)); // its label or its name
            var lastRect = await last.BoundingBoxAsync();
            boxRect = await box.BoundingBoxAsync();
            Assert.True(lastRect!.X + lastRect.Width <= boxRect!.X + boxRect.Width + 1, $"{label}: the last column stays out of view after scrolling to the end.");

            // The column editor: every column, no scroll box of its own.
            var editor = ui.Page.Locator("#dataset-detail .columns-wrap");
            await Expect(editor.Locator("tbody tr")).ToHaveCountAsync(Columns);
            var editorSize = await SizesAsync(editor);
            Assert.True(editorSize.ScrollHeight <= editorSize.ClientHeight + 1, $"{label}: the column editor scrolls inside itself ({editorSize.ScrollHeight} > {editorSize.ClientHeight}).");
            await ui.ScreenshotAsync($"data-wide-preview-{label}");
            ui.AssertNoErrors();
        }
    }

    [Fact]
    public async Task Home_lists_what_was_made_last_each_kind_with_its_time_and_says_what_to_do_when_a_kind_is_empty()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;

        var dataset = $"Recent data {tag}";
        var data = await DataPage.OpenAsync(ui);
        await data.PasteAsync("city,visits\nParis,3\nLyon,5\n", dataset);
        await data.ExpectImportedAsync(dataset, "2");

        var chat = await ChatPage.OpenAsync(ui);
        var question = "What is the average revenue by channel?";
        await chat.AskAsync(question);
        var conversation = await chat.ConversationId.InputValueAsync();

        var notebook = $"Recent notebook {tag}";
        await ui.GotoAsync("/Analysis");
        await page.GetByLabel("Title").FillAsync(notebook);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create notebook" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Analysis/nb_"));
        var notebookPath = new Uri(page.Url).AbsolutePath;

        var report = $"Recent report {tag}";
        await app.WritePageAsync($"recent-{tag}.md", $"---\ntitle: {report}\ndata: Demo sales\n---\nWritten for the Home page test.\n");

        await ui.GotoAsync("/");
        async Task ExpectFirstAsync(string list, string title, string href)
        {
            var first = page.Locator($"#recent-{list} li").First.Locator("a");
            await Expect(first).ToContainTextAsync(title);
            await Expect(first).ToHaveAttributeAsync("href", href);
            await Expect(first.Locator("time")).ToHaveTextAsync("just now");
        }
        var datasetId = await page.Locator("#recent-datasets li a", new PageLocatorOptions { HasText = dataset }).GetAttributeAsync("href");
        await ExpectFirstAsync("datasets", dataset, datasetId!);
        Assert.Matches("^/Data\\?id=ds_", datasetId!);
        await ExpectFirstAsync("conversations", question, $"/Chat?c={conversation}");
        await ExpectFirstAsync("notebooks", notebook, notebookPath);
        await ExpectFirstAsync("reports", report, $"/reports/recent-{tag}");
        await ui.ScreenshotAsync("home-recent");
        await ui.FollowAsync(page.Locator("#recent-notebooks li").First.Locator("a"), "the recent notebook");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + notebookPath);
        ui.AssertNoErrors();

        // A fresh app (sign-in on, demo data only): nothing asked, no notebook, no report page yet.
        await using var fresh = await app.NewPageAsync(signIn.BaseUrl);
        await fresh.GotoAsync("/");
        await SignInServer.SignInAsync(fresh.Page, SignInServer.AdminUser, SignInServer.AdminPassword);
        await Expect(fresh.Page.Locator("#recent-datasets li")).ToContainTextAsync(["Demo sales"]);
        await Expect(fresh.Page.Locator("#recent-conversations [data-empty]")).ToContainTextAsync("No questions asked yet.");
        await Expect(fresh.Page.Locator("#recent-conversations").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Ask a question" })).ToHaveAttributeAsync("href", "/Chat");
        await Expect(fresh.Page.Locator("#recent-notebooks [data-empty]")).ToContainTextAsync("No notebooks yet.");
        await Expect(fresh.Page.Locator("#recent-reports [data-empty]")).ToContainTextAsync("No report pages yet.");
        await fresh.ScreenshotAsync("home-empty");
        fresh.AssertNoErrors();
    }

    [Fact]
    public async Task Monitoring_memory_at_now_is_the_last_reading_not_zero()
    {
        await using var ui = await app.NewPageAsync();
        await ui.GotoAsync("/Settings/Monitoring");
        var image = ui.Page.Locator("img[src*='name=memory']");
        await UiPage.ExpectImageLoadedAsync(image);
        await Expect(image).ToHaveAttributeAsync("alt", "Working set over the last 10 minutes");

        // The chart's points, read through the handler it is drawn from, for more than one sampling interval (10 s):
        // the bucket of "now" has no reading of its own during part of every interval, and must not read zero then.
        var seen = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var response = await ui.Page.APIRequest.GetAsync("/Settings/Monitoring?handler=Series&name=memory");
            Assert.Equal(200, response.Status);
            using var json = JsonDocument.Parse(await response.TextAsync());
            Assert.Equal("MB", json.RootElement.GetProperty("unit").GetString());
            var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
            Assert.NotEmpty(points);
            var (minutes, megabytes) = (points[^1][0].GetDouble(), points[^1][1].GetDouble());
            seen.Add($"{minutes} min: {megabytes} MB");
            // An interval is 10 s, a sixth of a minute: the last point starts at most that long before now.
            Assert.True(minutes is <= 0 and >= -0.17, $"The last point is not the interval of now: {minutes} min.");
            Assert.True(megabytes > 0, "Memory drops to zero at now: " + string.Join("; ", seen));
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
        Assert.Equal(404, (await ui.Page.APIRequest.GetAsync("/Settings/Monitoring?handler=Series&name=nope")).Status);
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task The_favicon_is_served_and_a_missing_file_is_logged_once_under_its_own_path_never_as_Error()
    {
        var errorLinesBefore = ErrorPageLines();
        await using var ui = await app.NewPageAsync();
        var icon = await ui.Page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, icon.Status);
        var bytes = await icon.BodyAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // an ICO header
        var svg = await ui.Page.APIRequest.GetAsync("/favicon.svg");
        Assert.Equal(200, svg.Status);
        Assert.StartsWith("image/svg+xml", svg.Headers["content-type"], StringComparison.Ordinal);

        // Pages as a browser loads them (the browser asks for the icon itself).
        foreach (var path in new[] { "/", "/Data", "/Reports", "/Settings/Monitoring" }) await ui.GotoAsync(path);
        await Expect(ui.Page.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", "/favicon.svg");

        // A file that is not there: one 404 in the log under its own path, and no request logged as /Error.
        var missing = $"/no-such-file-{Guid.NewGuid():N}.png";
        Assert.Equal(404, (await ui.Page.APIRequest.GetAsync(missing)).Status);
        string log = "";
        for (var i = 0; i < 50 && !log.Contains(missing, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            log = ReadLog();
        }
        Assert.Single(Regex.Matches(log, $@"HTTP GET {Regex.Escape(missing)} responded 404"));
        Assert.DoesNotMatch(@"HTTP GET /favicon\.(ico|svg) responded 404", log);
        Assert.Equal(errorLinesBefore, ErrorPageLines());
        ui.AssertNoErrors(); // a 404 for the favicon would be counted here too
    }

    private int ErrorPageLines() => Regex.Matches(ReadLog(), @"HTTP \w+ /Error responded").Count;

    /// <summary>The app's request log so far (the files are open for writing, hence the sharing flags).</summary>
    private string ReadLog()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(app.Server.DataDir, "logs"), "*.log").Order())
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    private static async Task<(double ScrollWidth, double ClientWidth, double ScrollHeight, double ClientHeight)> SizesAsync(ILocator box)
    {
        var s = await box.EvaluateAsync<double[]>("b => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]");
        return (s[0], s[1], s[2], s[3]);
    }

    /// <summary>How far the document reaches past the window's width (0 or less: no sideways scroll).</summary>
    public static Task<double> DocumentOverflowAsync(IPage page) =>
        page.EvaluateAsync<double>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
}
