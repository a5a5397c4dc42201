using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>Sign-in with a small per-name allowance (two free failures, then a minute's wait) and a password hasher that counts its work.</summary>
public sealed class ThrottleAppFactory : AuthAppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["DataCharts:Auth:Throttle:FreeFailures"] = "2",
        ["DataCharts:Auth:Throttle:FirstDelaySeconds"] = "60",
        ["DataCharts:Auth:Throttle:MaxDelaySeconds"] = "120",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<IdentityUser>, CountingHasher>());
    }
}

/// <summary>The real hasher, counting how many passwords it verified (the proof that unknown names cost a hash too).</summary>
public sealed class CountingHasher : IPasswordHasher<IdentityUser>
{
    private readonly PasswordHasher<IdentityUser> inner = new();
    private int verified;

    public int Verified => Volatile.Read(ref verified);

    public string HashPassword(IdentityUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verified);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>
/// No user enumeration and no lockout strangers can trigger: an unknown name and a wrong password get the same answer and
/// the same work, failures slow down further attempts on that name (429, Retry-After) without locking the account.
/// </summary>
public sealed partial class ThrottleTests(ThrottleAppFactory app) : IClassFixture<ThrottleAppFactory>
{
    [Fact]
    public async Task An_unknown_name_and_a_wrong_password_get_the_same_answer_and_both_verify_a_hash()
    {
        await app.CreateUserAsync("ulla", Roles.Viewer);
        var hasher = (CountingHasher)app.Services.GetRequiredService<IPasswordHasher<IdentityUser>>();
        using var client = app.Browser();
        foreach (var htmx in new[] { false, true })
        {
            var before = hasher.Verified;
            var wrong = await client.PostSignInAsync("ulla", "not her password", htmx: htmx);
            Assert.Equal(1, hasher.Verified - before);

            before = hasher.Verified;
            var unknown = await client.PostSignInAsync("no-such-person", "not her password", htmx: htmx);
            Assert.Equal(1, hasher.Verified - before); // the dummy hash: an unknown name costs what a real one does

            Assert.Equal(wrong.StatusCode, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var a = Normalize(await wrong.Content.ReadAsStringAsync(), "ulla");
            var b = Normalize(await unknown.Content.ReadAsStringAsync(), "no-such-person");
            Assert.Contains("Wrong user name or password.", a);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public async Task A_strangers_wrong_passwords_slow_the_owner_down_but_never_lock_the_account()
    {
        await app.CreateUserAsync("olive", Roles.Analyst);
        using var stranger = app.Browser();
        for (var i = 0; i < 3; i++)
            Assert.Contains("Wrong user name or password.", await (await stranger.PostSignInAsync("olive", "guess " + i)).Content.ReadAsStringAsync());

        // The owner, from another browser, with the right password: asked to wait, not told the account is locked.
        using var owner = app.Browser();
        var r = await owner.PostSignInAsync("olive", Support.Accounts.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        var wait = int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 60);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("Too many sign-in attempts. Wait", body);
        Assert.DoesNotContain("locked", body, StringComparison.OrdinalIgnoreCase);

        // Through htmx the form comes back in place with the same words and status.
        var fragment = await owner.PostSignInAsync("olive", Support.Accounts.Password, htmx: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, fragment.StatusCode);
        Assert.StartsWith("<section class=\"panel\" id=\"sign-in\">", (await fragment.Content.ReadAsStringAsync()).Trim());

        // Identity's lockout is never set by failures.
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("olive"))!));

        // A name nobody has is throttled the same way, with the same words: the throttle reveals no accounts.
        using var other = app.Browser();
        for (var i = 0; i < 3; i++) await other.PostSignInAsync("nobody-at-all", "guess " + i);
        var ghost = await other.PostSignInAsync("nobody-at-all", "guess 4");
        Assert.Equal(HttpStatusCode.TooManyRequests, ghost.StatusCode);
        Assert.Equal(Normalize(body, "olive"), Normalize(await ghost.Content.ReadAsStringAsync(), "nobody-at-all"));
    }

    [Fact]
    public async Task Other_accounts_are_not_slowed_by_failures_on_one_name()
    {
        await app.CreateUserAsync("nils", Roles.Viewer);
        using var stranger = app.Browser();
        for (var i = 0; i < 4; i++) await stranger.PostSignInAsync("someone-else", "guess " + i);
        await app.SignInAsync("nils");
    }

    /// <summary>The response with the typed name, antiforgery tokens and the wait (which may tick by a second) blanked.</summary>
    private static string Normalize(string html, string userName) =>
        Seconds().Replace(Token().Replace(html.Replace($"value=\"{userName}\"", "value=\"NAME\""), "TOKEN"), "Wait N seconds");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|\"requestToken\":\"[^\"]+\"")]
    private static partial Regex Token();

    [GeneratedRegex("Wait \\d+ seconds")]
    private static partial Regex Seconds();
}

/// <summary>Sign-in with a per-address allowance of three attempts a minute.</summary>
public sealed class AddressLimitAppFactory : AuthAppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["DataCharts:Auth:Throttle:PerAddressPermits"] = "3",
        ["DataCharts:Auth:Throttle:PerAddressWindowSeconds"] = "600",
    };
}

/// <summary>The ASP.NET Core rate limiter on sign-in POSTs, per client address.</summary>
public sealed class AddressLimitTests(AddressLimitAppFactory app) : IClassFixture<AddressLimitAppFactory>
{
    [Fact]
    public async Task One_address_gets_a_few_attempts_then_429_with_retry_after()
    {
        using var client = app.Browser();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostSignInAsync("name" + i, "wrong password")).StatusCode);

        var page = await client.PostSignInAsync("name9", "wrong password");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(int.Parse(page.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Too many attempts", await page.Content.ReadAsStringAsync());

        var fragment = await client.PostSignInAsync("name9", "wrong password", htmx: true);
        await fragment.AssertProblemAsync(429, "Too many sign-in attempts");

        // Reading the form is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/SignIn")).StatusCode);
    }
}
