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
    public async Task The_jobs_menu_shows_imports_with_progress_bars_and_cancels_one_still_waiting_its_turn()
    {
        await using var ui = await app.NewPageAsync();
        var page = ui.Page;
        await ui.GotoAsync("/Reports");
        var menu = page.Locator("#jobs-menu");
        await Expect(menu).ToBeVisibleAsync();

        // Two large imports fill both job slots (the concurrency limit is 2); a small third one then waits its turn.
        // They are sent from outside the browser, as a script would.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        async Task<string> UploadAsync(string name, byte[] content)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
            var r = await http.PostAsync("/api/data/upload?async=true", form, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
            return Regex.Match(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "\"task_id\":\"([^\"]+)\"").Groups[1].Value;
        }
        async Task<string> StatusAsync(string id) =>
            Regex.Match(await http.GetStringAsync($"/api/tasks/{id}", TestContext.Current.CancellationToken), "\"status\":\"([a-z]+)\"").Groups[1].Value;

        var rows = Rows(2_000_000);
        var large = await Task.WhenAll(UploadAsync("jobs-1.csv", rows), UploadAsync("jobs-2.csv", rows));
        for (var i = 0; i < 200 && !(await Task.WhenAll(large.Select(StatusAsync))).All(s => s == "running"); i++) await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.All(await Task.WhenAll(large.Select(StatusAsync)), s => Assert.Equal("running", s));
        var small = await UploadAsync("jobs-3.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"));
        Assert.Equal("queued", await StatusAsync(small));

        await menu.Locator("summary").ClickAsync();
        var panel = page.Locator("#jobs-panel");
        var item = panel.Locator($"[data-job-id='{small}']");
        await Expect(item.Locator(".badge")).ToHaveTextAsync("queued");
        await Expect(item.Locator("progress")).ToBeVisibleAsync();
        await Expect(panel.Locator($"[data-job-id='{large[0]}'] progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync(new Regex("^[1-3]$"));
        await ui.ScreenshotAsync("jobs-menu");

        await item.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(item.Locator(".badge")).ToHaveTextAsync("cancelled");
        await Expect(item.Locator("progress")).ToHaveCountAsync(0);

        // The others finish on their own; the panel, still open, follows them there.
        foreach (var id in large)
            await Expect(panel.Locator($"[data-job-id='{id}'] .badge")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync("");
        ui.AssertNoErrors();
    }
}
