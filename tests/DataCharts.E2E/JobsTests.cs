using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>A second app that runs one background job at a time, so a job started behind another one waits its turn.</summary>
public sealed class OneJobAtATimeServer : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "datacharts-e2e-jobs-" + Guid.NewGuid().ToString("N")[..12]);
    private DataChartsServer? _server;

    public string BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("The server has not started.");

    public ValueTask InitializeAsync()
    {
        _server = new DataChartsServer(_dataDir, Path.Combine(_dataDir, "pages"), demoData: false,
            new Dictionary<string, string> { ["DataCharts:JobConcurrency"] = "1" });
        _server.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { /* best effort: a log file may close a moment later */ }
    }
}

/// <summary>The Jobs menu in the top bar: background work with progress bars, from any page, and cancel.</summary>
public sealed class JobsTests(E2EFixture app, OneJobAtATimeServer server) : IClassFixture<OneJobAtATimeServer>
{
    [Fact]
    public async Task The_jobs_menu_shows_a_running_job_s_progress_bar_and_cancels_a_waiting_and_a_running_job()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        async Task<string> StartAsync(string path, HttpContent body)
        {
            var r = await http.PostAsync(path, body, ct);
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            return Regex.Match(await r.Content.ReadAsStringAsync(ct), "\"task_id\":\"([^\"]+)\"").Groups[1].Value;
        }
        async Task<string> StatusAsync(string id) => Regex.Match(await http.GetStringAsync($"/api/tasks/{id}", ct), "\"status\":\"([a-z]+)\"").Groups[1].Value;

        // A million generated rows keep the one job slot busy for seconds; an import sent after it waits its turn.
        // Both are started from outside the browser, as a script would.
        const string generate = """
            {"generation_method": "template", "count": 1000000, "random_seed": 7, "name": "Jobs test rows", "async": true,
             "template": {"id": {"type": "integer", "min": 1, "max": 1000000000}, "code": {"type": "string", "pattern": "ORD-####-??"},
                          "amount": {"type": "float", "min": 1, "max": 500, "decimals": 2}, "day": {"type": "date", "start": "2020-01-01", "end": "2025-12-31"}}}
            """;
        var running = await StartAsync("/api/data/generate", new StringContent(generate, Encoding.UTF8, "application/json"));
        for (var i = 0; i < 200 && await StatusAsync(running) != "running"; i++) await Task.Delay(50, ct);
        Assert.Equal("running", await StatusAsync(running));
        using var csv = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n")), "file", "waiting.csv" } };
        var waiting = await StartAsync("/api/data/upload?async=true", csv);
        Assert.Equal("queued", await StatusAsync(waiting));

        await using var ui = await app.NewPageAsync(server.BaseUrl);
        var page = ui.Page;
        await ui.GotoAsync("/Reports");
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync("2");
        await page.Locator("#jobs-menu summary").ClickAsync();
        var panel = page.Locator("#jobs-panel");
        var gen = panel.Locator($"[data-job-id='{running}']");
        var import = panel.Locator($"[data-job-id='{waiting}']");
        await Expect(gen.Locator(".badge")).ToHaveTextAsync("running");
        await Expect(import.Locator(".badge")).ToHaveTextAsync("queued");
        var bar = gen.Locator("progress");
        await Expect(bar).ToBeVisibleAsync();
        // The bar shows how far the job is, as a number too. (Waiting here for it to move would let the job finish
        // before the cancels below: under load a million rows take only seconds.)
        await Expect(bar).ToHaveAttributeAsync("value", new Regex("^[0-9]{1,3}$"));
        await Expect(gen).ToContainTextAsync(new Regex(@"· \d{1,3}%"));
        await ui.ScreenshotAsync("jobs-menu");

        await import.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(import.Locator(".badge")).ToHaveTextAsync("cancelled");
        await Expect(import.Locator("progress")).ToHaveCountAsync(0);
        await gen.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(gen.Locator(".badge")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#jobs-badge")).ToHaveTextAsync("");

        // Nothing of either was kept.
        var datasets = await http.GetStringAsync("/api/data", ct);
        Assert.DoesNotContain("Jobs test rows", datasets);
        Assert.DoesNotContain("waiting", datasets);
        ui.AssertNoErrors();
    }
}
