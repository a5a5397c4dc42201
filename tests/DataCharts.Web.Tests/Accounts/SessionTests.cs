using System.Net;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>
/// A session ends on the server: a copy of the sign-in cookie taken before sign-out, a new password or deletion is refused
/// afterwards (401 from the API, the sign-in redirect from pages), not just dropped by the browser that signed out.
/// </summary>
public sealed class SessionTests(AuthAppFactory app) : IClassFixture<AuthAppFactory>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it()
    {
        await app.CreateUserAsync("sigrid", Roles.Analyst);
        var (cookie, _) = await SignInForCookieAsync("sigrid");
        await AssertWorksAsync(cookie);

        // Sign out through the page, with this session's cookie and the page's token (and the antiforgery cookie it set).
        using var browser = Raw();
        var html = await SendAsync(browser, HttpMethod.Get, "/Data", cookie);
        var antiforgery = string.Join("; ", Cookies(html).Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)));
        var token = Support.Accounts.FormToken(await html.Content.ReadAsStringAsync());
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/Account/SignOut")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        signOut.Headers.Add("Cookie", cookie + "; " + antiforgery);
        var r = await browser.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        await AssertRefusedAsync(cookie);
    }

    [Fact]
    public async Task A_cookie_copied_before_an_admin_sets_a_new_password_no_longer_works()
    {
        await app.CreateUserAsync("pavel", Roles.Analyst);
        var (cookie, _) = await SignInForCookieAsync("pavel");
        await AssertWorksAsync(cookie);

        using var admin = await app.SignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword);
        var token = await admin.TokenAsync("/Settings/Users");
        var set = await admin.HtmxPostAsync("/Settings/Users?handler=Password", token,
            new Dictionary<string, string> { ["id"] = await IdOfAsync("pavel"), ["password"] = "another long passphrase" });
        Assert.Contains("Password set.", await set.Content.ReadAsStringAsync());

        await AssertRefusedAsync(cookie);
    }

    [Fact]
    public async Task A_cookie_of_a_deleted_user_no_longer_works()
    {
        await app.CreateUserAsync("dmitri", Roles.Viewer);
        var (cookie, _) = await SignInForCookieAsync("dmitri");
        using (var client = Raw()) Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/notebooks", cookie)).StatusCode);

        using var admin = await app.SignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword);
        var token = await admin.TokenAsync("/Settings/Users");
        var r = await admin.HtmxPostAsync("/Settings/Users?handler=Delete", token, new Dictionary<string, string> { ["id"] = await IdOfAsync("dmitri") });
        Assert.Contains("Deleted dmitri.", await r.Content.ReadAsStringAsync());

        using var again = Raw();
        await (await SendAsync(again, HttpMethod.Get, "/api/notebooks", cookie)).AssertProblemAsync(401, "Sign in");
        var page = await SendAsync(again, HttpMethod.Get, "/Analysis", cookie);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/SignIn", page.Headers.Location!.AbsolutePath);
    }

    private async Task AssertWorksAsync(string cookie)
    {
        using var client = Raw();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/data", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/Data", cookie)).StatusCode);
    }

    private async Task AssertRefusedAsync(string cookie)
    {
        using var client = Raw();
        var api = await SendAsync(client, HttpMethod.Get, "/api/data", cookie);
        await api.AssertProblemAsync(401, "Sign in");
        var page = await SendAsync(client, HttpMethod.Get, "/Data", cookie);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/SignIn", page.Headers.Location!.AbsolutePath);
    }

    /// <summary>A client that keeps no cookies: each request carries exactly the cookie the test gives it.</summary>
    private HttpClient Raw() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string cookie)
    {
        using var req = new HttpRequestMessage(method, url);
        req.Headers.Add("Cookie", cookie);
        return await client.SendAsync(req);
    }

    /// <summary>Signs in through the form and returns the auth cookie ("name=value") and the antiforgery cookie it used.</summary>
    private async Task<(string Auth, string Antiforgery)> SignInForCookieAsync(string userName)
    {
        using var client = Raw();
        var page = await client.GetAsync("/Account/SignIn");
        var antiforgery = Cookies(page).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = Support.Accounts.FormToken(await page.Content.ReadAsStringAsync());
        using var req = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName,
                ["password"] = Support.Accounts.Password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        req.Headers.Add("Cookie", antiforgery);
        var r = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var auth = string.Join("; ", Cookies(r).Where(c => c.StartsWith("DataCharts.Auth", StringComparison.Ordinal)));
        Assert.False(string.IsNullOrEmpty(auth), "no auth cookie after signing in");
        return (auth, antiforgery);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage r) =>
        r.Headers.TryGetValues("Set-Cookie", out var v) ? v.Select(c => c.Split(';')[0]) : [];

    private async Task<string> IdOfAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByNameAsync(userName);
        return user!.Id;
    }
}
