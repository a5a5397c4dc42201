using System.Net;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>Signing in and out with sign-in on: the configured first admin, wrong passwords, where you land (throttling: ThrottleTests).</summary>
public sealed class SignInTests(AuthAppFactory app) : IClassFixture<AuthAppFactory>
{
    [Fact]
    public async Task A_wrong_password_shows_an_inline_error_and_signs_nobody_in()
    {
        using var client = app.Browser();
        var r = await client.PostSignInAsync(AuthAppFactory.AdminUser, "not the password");
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Wrong user name or password.", html);
        Assert.Contains($"value=\"{AuthAppFactory.AdminUser}\"", html); // the name stays typed in
        Assert.DoesNotContain("not the password", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Data")).StatusCode);

        // Through htmx the form alone comes back, ready to swap in place.
        var fragment = await client.PostSignInAsync(AuthAppFactory.AdminUser, "still wrong", htmx: true);
        var part = await fragment.Content.ReadAsStringAsync();
        Assert.StartsWith("<section class=\"panel\" id=\"sign-in\">", part.Trim());
        Assert.Contains("Wrong user name or password.", part);
    }

    [Fact]
    public async Task The_configured_admin_signs_in_lands_where_they_were_headed_and_signs_out()
    {
        using var client = app.Browser();
        var challenge = await client.GetAsync("/Settings");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/Account/SignIn?ReturnUrl=%2FSettings", challenge.Headers.Location!.PathAndQuery);

        var r = await client.PostSignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword, returnUrl: "/Settings");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/Settings", r.Headers.Location!.OriginalString);
        var settings = await client.GetAsync("/Settings");
        var html = await settings.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("admin <span class=\"muted\">· admin</span>", html);
        Assert.Contains("action=\"/Account/SignOut\"", html);

        // Sign out is a POST with the antiforgery token of the page.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent([]))).StatusCode);
        var token = Support.Accounts.FormToken(html);
        var signOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/Account/SignIn", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Settings")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_through_htmx_navigates_the_whole_window()
    {
        using var client = app.Browser();
        var r = await client.PostSignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword, returnUrl: "/Reports", htmx: true);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal("/Reports", r.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task A_return_address_outside_the_app_is_ignored()
    {
        using var client = app.Browser();
        var r = await client.PostSignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword, returnUrl: "https://evil.example/");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_htmx_request_after_the_session_ended_sends_the_window_to_sign_in_and_back()
    {
        using var client = app.Browser();
        using var req = new HttpRequestMessage(HttpMethod.Get, "/Data?handler=List");
        req.Headers.Add("HX-Request", "true");
        req.Headers.Add("HX-Current-URL", "http://localhost/Data?id=ds_1");
        var r = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("/Account/SignIn?ReturnUrl=%2FData%3Fid%3Dds_1", r.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task The_api_answers_401_problem_json_to_anonymous_callers_never_a_redirect()
    {
        using var client = app.Browser();
        var r = await client.GetAsync("/api/data");
        await r.AssertProblemAsync(401, "Sign in");
        Assert.Null(r.Headers.Location);
        // The probes and the version stay open for load balancers and monitoring.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/system/info")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_shows_no_navigation_to_anonymous_visitors()
    {
        using var client = app.Browser();
        var html = await client.GetStringAsync("/Account/SignIn");
        Assert.DoesNotContain("href=\"/Data\"", html);
        Assert.DoesNotContain("href=\"/Settings\"", html);
        Assert.Contains("autocomplete=\"current-password\"", html);
    }
}
