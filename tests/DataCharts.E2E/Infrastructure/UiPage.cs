using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace DataCharts.E2E.Infrastructure;

/// <summary>One browser page in its own context: navigation that checks the status, console-error collection, screenshots.</summary>
public sealed class UiPage : IAsyncDisposable
{
    /// <summary>Records what the import progress UI showed after each job event, since the job element is swapped away when it ends.</summary>
    private const string JobRecorderScript = """
        window.__jobEvents = [];
        document.addEventListener("htmx:sseMessage", function (e) {
          var job = e.target.closest && e.target.closest("[data-job]");
          if (!job) return;
          // After app.js (registered later) has updated the bar for this event.
          setTimeout(function () {
            var bar = job.querySelector("[data-job-bar]"), pct = job.querySelector("[data-job-percent]");
            window.__jobEvents.push({ job: job.getAttribute("data-job"), status: job.getAttribute("data-status") || "",
                                      bar: bar ? bar.value : -1, label: pct ? pct.textContent : "" });
          }, 0);
        });
        """;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext _context;
    private readonly string _screenshotDir;
    private readonly ConcurrentQueue<string> _errors = new();
    private string? _heldAfterRequest;

    private UiPage(IBrowserContext context, IPage page, string screenshotDir)
    {
        _context = context;
        _screenshotDir = screenshotDir;
        Page = page;
        page.Console += (_, msg) =>
        {
            if (msg.Type != "error") return;
            // htmx logs a request it aborted itself (hx-sync="this:replace" when a newer edit supersedes it) as the error
            // pair "htmx:afterRequest", "htmx:sendAbort"; that is the debounce working, not a fault. A lone afterRequest is kept.
            if (msg.Text == "htmx:afterRequest")
            {
                if (_heldAfterRequest is { } earlier) _errors.Enqueue(earlier);
                _heldAfterRequest = $"console: {msg.Text} ({msg.Location})";
                return;
            }
            if (msg.Text == "htmx:sendAbort" && _heldAfterRequest is not null)
            {
                _heldAfterRequest = null;
                return;
            }
            FlushHeld();
            _errors.Enqueue($"console: {msg.Text} ({msg.Location})");
        };
        page.PageError += (_, error) => _errors.Enqueue($"uncaught: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                _errors.Enqueue($"HTTP {response.Status} for {response.Request.Method} {response.Url}");
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, uncaught exceptions and 4xx/5xx responses seen so far (htmx's note of a request it aborted for a newer one is not counted).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            FlushHeld();
            return [.. _errors];
        }
    }

    internal static async Task<UiPage> CreateAsync(IBrowserContext context, string screenshotDir)
    {
        await context.AddInitScriptAsync(JobRecorderScript);
        var page = await context.NewPageAsync();
        return new UiPage(context, page, screenshotDir);
    }

    /// <summary>Opens a path of the app and asserts the document came back 200.</summary>
    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        AssertOk(response, path);
    }

    /// <summary>Clicks <paramref name="link"/> and asserts the document it navigates to came back 200.</summary>
    public async Task FollowAsync(ILocator link, string what)
    {
        var response = await Page.RunAndWaitForResponseAsync(
            () => link.ClickAsync(), r => r.Request.IsNavigationRequest && r.Request.Frame == Page.MainFrame);
        AssertOk(response, what);
    }

    /// <summary>Reloads the page and asserts it came back 200.</summary>
    public async Task ReloadAsync() => AssertOk(await Page.ReloadAsync(), "Reloading " + Page.Url);

    /// <summary>Progress UI states recorded for import jobs on the current document, oldest first.</summary>
    public async Task<IReadOnlyList<JobEvent>> JobEventsAsync() =>
        JsonSerializer.Deserialize<JobEvent[]>(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__jobEvents || [])"), JsonOptions) ?? [];

    /// <summary>Saves a full-page screenshot as <c>{name}.png</c> in the screenshot folder.</summary>
    public async Task ScreenshotAsync(string name)
    {
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the sticky top bar lands mid-picture otherwise
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshotDir, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Waits until htmx has settled what it last swapped in: new elements carry <c>htmx-added</c> until htmx has wired up
    /// their triggers (one settle delay later), and a key typed before that is lost.
    /// </summary>
    public Task ExpectSettledAsync() => Assertions.Expect(Page.Locator(".htmx-added, .htmx-settling")).ToHaveCountAsync(0);

    /// <summary>Waits until <paramref name="image"/> has actually loaded (scrolling it into view first: chart images load lazily).</summary>
    public static async Task ExpectImageLoadedAsync(ILocator image)
    {
        await image.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(image).ToBeVisibleAsync();
        var handle = await image.ElementHandleAsync();
        await image.Page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", handle);
    }

    public void AssertNoErrors()
    {
        FlushHeld();
        Assert.True(_errors.IsEmpty, "The page logged errors:\n" + string.Join("\n", _errors));
    }

    /// <summary>An "htmx:afterRequest" console error not followed by "htmx:sendAbort" is a real failure.</summary>
    private void FlushHeld()
    {
        if (Interlocked.Exchange(ref _heldAfterRequest, null) is { } held) _errors.Enqueue(held);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static void AssertOk(IResponse? response, string what)
    {
        Assert.NotNull(response);
        Assert.True(response.Status == 200, $"{what} answered {response.Status} {response.StatusText} ({response.Url}).");
    }

}

/// <summary>What the import progress element showed after one job event.</summary>
public sealed record JobEvent(string Job, string Status, double Bar, string Label);
