using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static DataCharts.E2E.Infrastructure.NotebookCells;

namespace DataCharts.E2E;

/// <summary>
/// A notebook as an analyst builds it with sign-in on — pin a chat answer, add Markdown, an input, SQL and a chart, run,
/// filter, publish, download, reorder — and as a viewer then opens it, changes its input and downloads.
/// </summary>
public sealed class NotebookTests(E2EFixture app, SignInServer server) : IClassFixture<SignInServer>
{
    private const string Viewer = "nina", ViewerPassword = "viewer passphrase";

    private const string Question = "What is the total revenue by region?";


    [Fact]
    public async Task Pin_an_answer_build_run_filter_publish_and_reorder_a_notebook_then_a_viewer_opens_it_changes_the_input_and_downloads()
    {
        await server.CreateUserAsync(Viewer, "viewer", ViewerPassword);
        await using var viewer = await app.NewPageAsync(server.BaseUrl);
        await viewer.GotoAsync("/Analysis");
        await SignInServer.SignInAsync(viewer.Page, Viewer, ViewerPassword);
        await Expect(viewer.Page).ToHaveURLAsync($"{server.BaseUrl}/Analysis");
        await Expect(viewer.Page.Locator(".empty")).ToContainTextAsync("Nothing has been published yet.");

        await using var ui = await app.NewPageAsync(server.BaseUrl);
        await ui.GotoAsync("/Chat");
        await SignInServer.SignInAsync(ui.Page, SignInServer.AdminUser, SignInServer.AdminPassword);
        await Expect(ui.Page).ToHaveURLAsync($"{server.BaseUrl}/Chat");
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
        var md = await AddAsync(ui, "markdown");
        var mdBox = md.Locator("textarea[name='source']");
        await mdBox.FocusAsync();
        await mdBox.PressAsync("Control+End");
        await SavedAsync(md, () => mdBox.PressSequentiallyAsync(" Notes by channel."));
        await ui.ReloadAsync();
        await Expect(md.Locator("textarea[name='source']")).ToHaveValueAsync(new Regex("Notes by channel\\.$"));
        await Expect(md.Locator(".cell-output")).ToContainTextAsync("Notes by channel.");

        // An input named region, a query bound to it and a chart of the query.
        var input = await AddAsync(ui, "input");
        await WriteAsync(input, "type: select\noptions: North, South\ndefault: North");
        await SavedAsync(input, async () =>
        {
            await input.Locator("input[name='name']").FillAsync("region");
            await input.Locator("input[name='name']").PressAsync("Tab");
        });
        await Expect(input.Locator("select#in-region")).ToHaveValueAsync("North");
        var sql = await AddAsync(ui, "sql");
        var sqlName = await sql.Locator("input[name='name']").InputValueAsync();
        await WriteAsync(sql, "SELECT channel, ROUND(SUM(revenue), 2) AS revenue\nFROM orders\nWHERE region = $region\nGROUP BY channel\nORDER BY channel");
        await Expect(sql.Locator(".cell-output")).ToContainTextAsync("Run");
        var chart = await AddAsync(ui, "chart");
        await chart.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Edit as text" }).ClickAsync();
        await WriteAsync(chart, $"data: {sqlName}\ntype: bar\nx: channel\ny: revenue\ntitle: Revenue by channel");

        await page.Locator("#run-all").ClickAsync();
        await Expect(sql.Locator(".cell-snapshot")).ToContainTextAsync("3 rows");
        await ui.ExpectSettledAsync();
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
        await chart.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Edit as text" }).FocusAsync();
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

        // The viewer: the published notebook is listed; it opens read-only with its input, which still filters.
        var vp = viewer.Page;
        await viewer.ReloadAsync();
        var path = new Uri(url).AbsolutePath;
        await viewer.FollowAsync(vp.Locator($".notebook-list a[href='{path}']"), "the published notebook");
        await Expect(vp.Locator("#cells section.cell")).ToHaveCountAsync(5);
        await Expect(vp.Locator("#cells textarea")).ToHaveCountAsync(0);
        await Expect(vp.Locator("#run-all")).ToHaveCountAsync(0);
        await Expect(vp.Locator("[data-add-cell]")).ToHaveCountAsync(0);
        var vSql = vp.Locator($"#{await sql.GetAttributeAsync("id")}");
        var vChart = vp.Locator($"#{chartId}");
        var vImage = vChart.Locator("img.chart-img");
        await Expect(vp.Locator("select#in-region")).ToHaveValueAsync("North");
        await Expect(vSql.Locator("tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync(revenueNorth);
        await UiPage.ExpectImageLoadedAsync(vImage);
        await vp.Locator("select#in-region").SelectOptionAsync("South");
        await Expect(vp).ToHaveURLAsync(new Regex(@"\?region=South$"));
        await Expect(vImage).ToHaveAttributeAsync("src", new Regex("region=South"));
        await Expect(vSql.Locator("tbody tr").First.Locator("td").Nth(1)).Not.ToHaveTextAsync(revenueNorth);
        await UiPage.ExpectImageLoadedAsync(vImage);

        // Its downloads are the analyst's, for South.
        var vCsv = await vp.RunAndWaitForDownloadAsync(() => vSql.Locator("a[href*='_format=csv']").ClickAsync());
        Assert.Equal(csvText, await File.ReadAllTextAsync((await vCsv.PathAsync())!, TestContext.Current.CancellationToken));
        var vPng = await vp.RunAndWaitForDownloadAsync(() => vChart.Locator("a[href*='_format=png']").ClickAsync());
        Assert.EndsWith(".png", vPng.SuggestedFilename, StringComparison.Ordinal);
        var vBytes = await File.ReadAllBytesAsync((await vPng.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.True(vBytes.Length > 1000 && vBytes[0] == 0x89 && vBytes[1] == (byte)'P', $"not a PNG ({vBytes.Length} bytes)");
        await viewer.ScreenshotAsync("notebook-viewer");
        viewer.AssertNoErrors();
    }
}
