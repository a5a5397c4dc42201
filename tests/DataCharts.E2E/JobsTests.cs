using System.Text;
using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The Jobs menu in the top bar: background work with progress bars, from any page, and cancel.</summary>
public sealed class JobsTests(E2EFixture app)
{
    private static byte[] Rows(int n)
    {
        var sb = new StringBuilder("id,name,value\n");
        for (var i = 0; i < n; i++) sb.Append(i).Append(",name").Append(i).Append(',').Append(i * 0.25).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public async Task The_jobs_menu_shows_imports_with_progress_bars_and_cancels_one_before_it_finishes()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/Reports");
        var menu = page.Locator("#jobs-menu");
        await Expect(menu).ToBeVisibleAsync();

        // The menu is open (it polls while open) before four large imports start: two run at a time (the concurrency
        // limit), so the last one cannot finish before the click that cancels it.
        await menu.Locator("summary").ClickAsync();
        var panel = page.Locator("#jobs-panel");
        await Expect(panel).ToContainTextAsync(new Regex("No jobs yet|All jobs"));
        // Uploaded side by side from outside the browser (as a script would), so all four are queued at once.
        var rows = Rows(1_500_000);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(async i =>
        {
            await Task.Delay(i * 50); // keep their order
            using var content = new MultipartFormDataContent { { new ByteArrayContent(rows), "file", $"jobs-{i}.csv" } };
            var r = await http.PostAsync("/api/data/upload?async=true", content);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
            return Regex.Match(await r.Content.ReadAsStringAsync(), "\"task_id\":\"([^\"]+)\"").Groups[1].Value;
        }));
        var ids = responses.ToList();
        var waiting = panel.Locator($"[data-job-id='{ids[3]}']");
        await Expect(waiting).ToBeVisibleAsync();
        await Expect(waiting.Locator("progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync(new Regex("^[1-3]$"));
        await ui.ScreenshotAsync("jobs-menu");

        await waiting.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(waiting.Locator(".badge")).ToHaveTextAsync("cancelled");
        await Expect(waiting.Locator("progress")).ToHaveCountAsync(0);

        // The others finish on their own; the panel, still open, follows them there.
        foreach (var id in ids.Take(3))
            await Expect(panel.Locator($"[data-job-id='{id}'] .badge")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync("");
        ui.AssertNoErrors();
    }
}
