using DataCharts.E2E.Infrastructure;
using DataCharts.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>A second app, with sign-in on, a configured first admin and the demo data, for the tests of roles (the shared app has sign-in off).</summary>
public sealed class SignInServer : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "first admin passphrase";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "datacharts-e2e-auth-" + Guid.NewGuid().ToString("N")[..12]);
    private DataChartsServer? _server;

    public string BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("The server has not started.");

    public ValueTask InitializeAsync()
    {
        _server = new DataChartsServer(_dataDir, Path.Combine(_dataDir, "pages"), demoData: true, new Dictionary<string, string>
        {
            ["DataCharts:Auth:Enabled"] = "true",
            ["DataCharts:Auth:AdminUser"] = AdminUser,
            ["DataCharts:Auth:AdminPassword"] = AdminPassword,
        });
        _server.Start();
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes a user directly (setup for tests where the users page is not what is under test).</summary>
    public async Task CreateUserAsync(string userName, string role, string password)
    {
        await using var scope = (_server ?? throw new InvalidOperationException("The server has not started.")).Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(userName, role, password, CancellationToken.None);
    }

    /// <summary>Fills in and submits the sign-in form the page shows.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { /* best effort: a log file may close a moment later */ }
    }
}

/// <summary>Signing in, managing users and signing out as people do it, with htmx doing the posts.</summary>
public sealed class SignInTests(E2EFixture app, SignInServer server) : IClassFixture<SignInServer>
{
    private static Task SignInAsync(IPage page, string user, string password) => SignInServer.SignInAsync(page, user, password);

    [Fact]
    public async Task The_admin_signs_in_adds_a_viewer_and_the_viewer_sees_only_what_viewers_may()
    {
        await using var ui = await app.NewPageAsync(server.BaseUrl);
        var page = ui.Page;
        var nav = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" });

        // Anonymous: any page leads to the sign-in form, which remembers where you were going.
        await ui.GotoAsync("/Settings");
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/Account/SignIn?ReturnUrl=%2FSettings");
        await Expect(nav).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("sign-in");

        // A wrong password: the message appears in place, the name stays typed in.
        await SignInAsync(page, SignInServer.AdminUser, "not it");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync(SignInServer.AdminUser);
        await ui.ScreenshotAsync("sign-in-wrong-password");

        await SignInAsync(page, SignInServer.AdminUser, SignInServer.AdminPassword);
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/Settings");
        await Expect(page.Locator(".account")).ToContainTextAsync("admin · admin");

        // Settings → Users: add a viewer.
        var tabs = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Settings" });
        await ui.FollowAsync(tabs.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Users", Exact = true }), "The Users tab");
        var users = page.Locator("#users");
        await users.GetByLabel("User name").FillAsync("vera");
        await users.GetByLabel("Role", new LocatorGetByLabelOptions { Exact = true }).SelectOptionAsync("viewer");
        await users.GetByLabel("Password (8 characters or more)").FillAsync("viewer passphrase");
        await users.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Add" }).ClickAsync();
        await Expect(users.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added vera as viewer.");
        await Expect(users.Locator("tbody tr")).ToHaveCountAsync(2);
        await ui.ScreenshotAsync("settings-users");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/Account/SignIn");

        // The viewer: reports and notebooks, no Chat, Data or Settings.
        await SignInAsync(page, "vera", "viewer passphrase");
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/");
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Analysis", "Reports"]);
        await Expect(page.Locator(".account")).ToContainTextAsync("vera · viewer");
        await ui.ScreenshotAsync("home-viewer");
        ui.AssertNoErrors();
    }
}
