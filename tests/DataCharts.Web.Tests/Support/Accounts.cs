using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Support;

/// <summary>Signing in and posting to pages the way a browser does: real cookies, antiforgery tokens from the page.</summary>
public static partial class Accounts
{
    public const string Password = "correct horse battery";

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each 302.</summary>
    public static HttpClient Browser(this AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real form (antiforgery token included); asserts it worked.</summary>
    public static async Task<HttpClient> SignInAsync(this AppFactory app, string userName, string password = Password)
    {
        var client = app.Browser();
        var r = await client.PostSignInAsync(userName, password);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"sign-in as {userName}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(this HttpClient client, string userName, string password, string? returnUrl = null, bool htmx = false)
    {
        var token = FormToken(await client.GetStringAsync("/Account/SignIn"));
        var form = new Dictionary<string, string> { ["userName"] = userName, ["password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null) form["returnUrl"] = returnUrl;
        using var req = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn") { Content = new FormUrlEncodedContent(form) };
        if (htmx) req.Headers.Add("HX-Request", "true");
        return await client.SendAsync(req);
    }

    /// <summary>Makes a user directly (setup for tests where the users page is not what is under test).</summary>
    public static async Task CreateUserAsync(this AppFactory app, string userName, string role, string password = Password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(userName, role, password, CancellationToken.None);
    }

    /// <summary>The antiforgery token a page hands to htmx (the htmx-config meta), for the person the client is signed in as.</summary>
    public static async Task<string> TokenAsync(this HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var token = RequestToken().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {page}");
        return token;
    }

    /// <summary>Posts a form the way htmx does: the token in the header, HX-Request set.</summary>
    public static async Task<HttpResponseMessage> HtmxPostAsync(this HttpClient client, string url, string token, IDictionary<string, string> form)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        req.Headers.Add("RequestVerificationToken", token);
        req.Headers.Add("HX-Request", "true");
        return await client.SendAsync(req);
    }

    public static string FormToken(string html)
    {
        var token = FormTokenInput().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no __RequestVerificationToken input in the form");
        return token;
    }

    [GeneratedRegex("\"requestToken\":\"([^\"]+)\"")]
    private static partial Regex RequestToken();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenInput();
}
