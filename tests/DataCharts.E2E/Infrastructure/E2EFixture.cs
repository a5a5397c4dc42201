using Microsoft.Playwright;

namespace DataCharts.E2E.Infrastructure;

/// <summary>Assembly-wide fixture: one app server with a throwaway data directory and one headless Chromium for all tests.</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download cannot work on these machines.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "datacharts-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private DataChartsServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl => Server.BaseUrl;
    public DataChartsServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");
    private string DataDir => Path.Combine(_root, "data");

    /// <summary>The server's report folder: a copy of the repository's pages/*.md that tests may add to and edit.</summary>
    public string PagesDir => Path.Combine(_root, "pages");

    /// <summary>Scratch folder for files the tests upload.</summary>
    public string FilesDir => Path.Combine(_root, "files");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Where page screenshots go (for humans; nothing asserts on pixels).</summary>
    public string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("DATACHARTS_CHROMIUM") is { Length: > 0 } custom ? custom : DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. The E2E tests drive Debian's Chromium, not a Playwright download. " +
                "Install it and run the tests as tests/DataCharts.E2E/README.md says: " +
                "`apt-get install -y chromium && dotnet test tests/DataCharts.E2E`.");

        Directory.CreateDirectory(DataDir);
        Directory.CreateDirectory(FilesDir);
        Directory.CreateDirectory(ScreenshotDir);
        Directory.CreateDirectory(PagesDir);
        foreach (var page in Directory.EnumerateFiles(RepoPages(), "*.md")) File.Copy(page, Path.Combine(PagesDir, Path.GetFileName(page)));
        _server = new DataChartsServer(DataDir, PagesDir, demoData: true);
        _server.Start();
        if (!Directory.EnumerateFileSystemEntries(DataDir).Any())
            throw new InvalidOperationException($"The app did not write into the test data directory {DataDir}; DataCharts:DataDir was not applied.");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>Writes a UTF-8 file (no BOM) into <see cref="FilesDir"/> and returns its full path.</summary>
    public async Task<string> WriteFileAsync(string name, string content)
    {
        var path = Path.Combine(FilesDir, name);
        await File.WriteAllTextAsync(path, content, new System.Text.UTF8Encoding(false), TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>Writes a report page (UTF-8, no BOM) into the server's report folder and returns its full path.</summary>
    public async Task<string> WritePageAsync(string name, string content)
    {
        var path = Path.Combine(PagesDir, name);
        await File.WriteAllTextAsync(path, content, new System.Text.UTF8Encoding(false), TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>The repository's top-level pages/ folder (the demo reports).</summary>
    private static string RepoPages()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln"))) return Path.Combine(dir.FullName, "pages");
        throw new InvalidOperationException($"The repository root (with DataCharts.Web.sln) was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A fresh browser context (own storage, light colour scheme) and page on the app.</summary>
    public Task<UiPage> NewPageAsync() => NewPageAsync(BaseUrl);

    /// <summary>A fresh browser context and page on another server (e.g. one with sign-in on).</summary>
    public Task<UiPage> NewPageAsync(string baseUrl) => NewPageAsync(baseUrl, "en-US");

    /// <summary>A fresh browser context whose browser speaks <paramref name="locale"/> (its Accept-Language), and a page on the app.</summary>
    public async Task<UiPage> NewPageAsync(string baseUrl, string locale)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ColorScheme = ColorScheme.Light,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await UiPage.CreateAsync(context, ScreenshotDir);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
        finally
        {
            DeleteDirectory(_root);
        }
    }

    private static void DeleteDirectory(string dir)
    {
        for (var attempt = 0; Directory.Exists(dir); attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < 5)
            {
                Thread.Sleep(200); // a file handle (SQLite, DuckDB, the log) may close a moment after the host stops
            }
        }
    }
}
