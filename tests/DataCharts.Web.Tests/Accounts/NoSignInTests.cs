using System.Net;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>Sign-in off (the default): one local admin, no sign-in page, users can still be prepared.</summary>
public sealed class NoSignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Everything_works_without_signing_in_and_no_account_shows()
    {
        using var client = app.Browser();
        var html = await client.GetStringAsync("/");
        foreach (var nav in new[] { "/Chat", "/Analysis", "/Data", "/Reports", "/Settings" }) Assert.Contains($"href=\"{nav}\"", html);
        Assert.DoesNotContain("Sign out", html);
        var signIn = await client.GetAsync("/Account/SignIn?ReturnUrl=%2FData");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/Data", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_users_page_says_sign_in_is_off_and_still_lets_the_admin_prepare_users()
    {
        using var client = app.Browser();
        var page = await client.GetStringAsync("/Settings/Users");
        Assert.Contains("Sign-in is off", page);
        var token = await client.TokenAsync("/Settings/Users");
        var r = await client.HtmxPostAsync("/Settings/Users?handler=Add", token,
            new Dictionary<string, string> { ["userName"] = "later", ["role"] = "analyst", ["password"] = Support.Accounts.Password });
        Assert.Contains("Added later as analyst.", await r.Content.ReadAsStringAsync());
    }
}

/// <summary>Start-up with sign-in on but nobody who could ever sign in.</summary>
public sealed class SignInStartupTests
{
    private sealed class NoAdminFactory : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataCharts:Auth:Enabled"] = "true" };
    }

    private sealed class HalfConfiguredFactory : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataCharts:Auth:AdminUser"] = "root" };
    }

    [Fact]
    public async Task Sign_in_on_without_an_admin_refuses_to_start_and_says_what_to_set()
    {
        await using var app = new NoAdminFactory();
        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("DataCharts__Auth__AdminUser", ex.ToString());
    }

    [Fact]
    public async Task An_admin_user_without_a_password_is_a_configuration_error()
    {
        await using var app = new HalfConfiguredFactory();
        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("AdminPassword", ex.ToString());
    }
}
