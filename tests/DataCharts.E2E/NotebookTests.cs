using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>A notebook as an analyst builds it: pin a chat answer, add Markdown, an input, SQL and a chart, run, filter, publish, download, reorder.</summary>
public sealed class NotebookTests(E2EFixture app)
{
    private const string Question = "What is the total revenue by region?";

    private static ILocator Cells(IPage page) => page.Locator("#cells section.cell");
    private static ILocator Rev(ILocator cell) => cell.Locator("input[name='rev']");

    /// <summary>Does <paramref name="edit"/> in <paramref name="cell"/> and waits until the autosave answered with the next revision.</summary>
    private static async Task SavedAsync(ILocator cell, Func<Task> edit)
    {
        var rev = int.Parse(await Rev(cell).InputValueAsync());
        await edit();
        await Expect(Rev(cell)).ToHaveValueAsync((rev + 1).ToString());
        await Expect(cell.Locator(".cell-bar [role=status]").First).ToContainTextAsync("Saved");
    }

    /// <summary>Replaces a cell's text and lets the debounced keyup autosave it.</summary>
    private static Task WriteAsync(ILocator cell, string text) => SavedAsync(cell, async () =>
    {
        var box = cell.Locator("textarea[name='source']");
        await box.FillAsync(text);
        await box.PressAsync("End");
    });

    private static async Task<ILocator> AddAsync(IPage page, string kind)
    {
        var before = await Cells(page).CountAsync();
        await page.Locator($"[data-add-cell='{kind}']").ClickAsync();
        await Expect(Cells(page)).ToHaveCountAsync(before + 1);
        var cell = Cells(page).Last;
        await Expect(cell).ToHaveClassAsync(new Regex($"\\bcell-{kind}\\b"));
        return page.Locator($"#{await cell.GetAttributeAsync("id")}");
    }

    [Fact]
    public async Task Pin_an_answer_then_build_run_filter_publish_download_and_reorder_a_notebook()
    {
        await using var ui = await app.NewPageAsync();
        var chat = await ChatPage.OpenAsync(ui);
        var card = await chat.AskAsync(Question);
        await card.Root.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Pin to notebook" }).ClickAsync();
        var pinForm = card.Root.Locator("form[hx-post*='handler=Pin']");
        await Expect(pinForm.Locator("select[name='notebook']")).ToHaveValueAsync("");
        await pinForm.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Pin", Exact = true }).ClickAsync();
        var pinned = card.Root.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Question });
        await Expect(pinned).ToHaveAttributeAsync("href", new Regex("^/Analysis/nb_"));
        await ui.FollowAsync(pinned, "the pinned notebook");
        var page = ui.Page;
        var url = page.Url;

        // The answer is a question cell with its rows snapshot.
        var question = Cells(page).First;
        await Expect(question).ToHaveClassAsync(new Regex(@"\bcell-question\b"));
        await Expect(question.Locator("textarea[name='source']")).ToHaveValueAsync(Question);
        await Expect(question.Locator(".cell-snapshot")).ToContainTextAsync("5 rows");

        // Markdown autosaves and survives a reload.
        var md = await AddAsync(page, "markdown");
        var mdBox = md.Locator("textarea[name='source']");
        await mdBox.FocusAsync();
        await mdBox.PressAsync("Control+End");
        await SavedAsync(md, () => mdBox.PressSequentiallyAsync(" Notes by channel."));
        await ui.ReloadAsync();
        await Expect(md.Locator("textarea[name='source']")).ToHaveValueAsync(new Regex("Notes by channel\\.$"));
        await Expect(md.Locator(".cell-output")).ToContainTextAsync("Notes by channel.");

        // An input named region, a query bound to it and a chart of the query.
        var input = await AddAsync(page, "input");
        await WriteAsync(input, "type: select\noptions: North, South\ndefault: North");
        await SavedAsync(input, async () =>
        {
            await input.Locator("input[name='name']").FillAsync("region");
            await input.Locator("input[name='name']").PressAsync("Tab");
        });
        await Expect(input.Locator("select#in-region")).ToHaveValueAsync("North");
        var sql = await AddAsync(page, "sql");
        var sqlName = await sql.Locator("input[name='name']").InputValueAsync();
        await WriteAsync(sql, "SELECT channel, ROUND(SUM(revenue), 2) AS revenue\nFROM orders\nWHERE region = $region\nGROUP BY channel\nORDER BY channel");
        await Expect(sql.Locator(".cell-output")).ToContainTextAsync("Run");
        var chart = await AddAsync(page, "chart");
        await WriteAsync(chart, $"data: {sqlName}\ntype: bar\nx: channel\ny: revenue\ntitle: Revenue by channel");

        await page.Locator("#run-all").ClickAsync();
        await Expect(sql.Locator(".cell-snapshot")).ToContainTextAsync("3 rows");
        var image = chart.Locator("img.chart-img");
        await Expect(image).ToBeVisibleAsync();
        var table = sql.Locator("table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        var srcNorth = await image.GetAttributeAsync("src");
        var revenueNorth = await table.Locator("tbody tr").First.Locator("td").Nth(1).InnerTextAsync();
        await UiPage.ExpectImageLoadedAsync(image);

        // Changing the input re-runs the query and the chart.
        await input.Locator("select#in-region").SelectOptionAsync("South");
        await Expect(image).Not.ToHaveAttributeAsync("src", srcNorth!);
        await Expect(image).ToHaveAttributeAsync("src", new Regex("region=South"));
        await Expect(table.Locator("tbody tr").First.Locator("td").Nth(1)).Not.ToHaveTextAsync(revenueNorth);
        await Expect(image).ToBeVisibleAsync();

        // Publish.
        await page.GetByLabel("Published").CheckAsync();
        await Expect(page.Locator("#publish-status")).ToContainTextAsync("Published");

        // Downloads: the rows as CSV and the chart as PNG, for South.
        var csv = await page.RunAndWaitForDownloadAsync(() => sql.Locator("a[href*='_format=csv']").ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);
        var csvText = await File.ReadAllTextAsync((await csv.PathAsync())!, TestContext.Current.CancellationToken);
        var lines = csvText.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("channel,revenue", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("Online,", StringComparison.Ordinal));
        var png = await page.RunAndWaitForDownloadAsync(() => chart.Locator("a[href*='_format=png']").ClickAsync());
        Assert.EndsWith(".png", png.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await png.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.True(bytes.Length > 1000 && bytes[0] == 0x89 && bytes[1] == (byte)'P', $"not a PNG ({bytes.Length} bytes)");

        // Alt+ArrowUp moves the chart above the query.
        var order = await Cells(page).EvaluateAllAsync<string[]>("cs => cs.map(c => c.id)");
        var chartId = await chart.GetAttributeAsync("id");
        await chart.Locator("textarea[name='source']").FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        string[] expected = [order[0], order[1], order[2], chartId!, order[3]];
        await Expect(Cells(page)).ToHaveCountAsync(5);
        await Expect(page.Locator("#cells section.cell").Nth(3)).ToHaveIdAsync(chartId!);
        Assert.Equal(expected, await Cells(page).EvaluateAllAsync<string[]>("cs => cs.map(c => c.id)"));
        await ui.ReloadAsync();
        Assert.Equal(expected, await Cells(page).EvaluateAllAsync<string[]>("cs => cs.map(c => c.id)"));
        // The URL keeps the input's value, so the reload shows South still.
        Assert.Equal(url + "?region=South", page.Url);
        await Expect(page.Locator("select#in-region")).ToHaveValueAsync("South");
        await ui.ScreenshotAsync("notebook");
        ui.AssertNoErrors();
    }
}
