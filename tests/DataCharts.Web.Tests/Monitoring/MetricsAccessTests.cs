using System.Net;
using System.Net.Http.Headers;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Monitoring;

/// <summary>Sign-in on, with a metrics token for the scraper.</summary>
public sealed class MetricsTokenAppFactory : AuthAppFactory
{
    public const string Token = "scrape-me-7f3a9c";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["DataCharts:Monitoring:MetricsToken"] = Token,
    };
}

/// <summary>/metrics with sign-in on: 401/403 problem+json (never a redirect) to those not allowed; the bearer token for Prometheus.</summary>
public sealed class MetricsAccessTests(MetricsTokenAppFactory app) : IClassFixture<MetricsTokenAppFactory>
{
    [Fact]
    public async Task Anonymous_scrapers_get_401_problem_json_not_a_redirect()
    {
        using var client = app.Browser();
        var r = await client.GetAsync("/metrics");
        await r.AssertProblemAsync(401, "metrics token");
        Assert.Null(r.Headers.Location);
        Assert.StartsWith("Bearer", r.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_configured_bearer_token_may_scrape_and_a_wrong_one_may_not()
    {
        using var client = app.Browser();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsTokenAppFactory.Token + "x");
        await (await client.SendAsync(wrong)).AssertProblemAsync(401);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsTokenAppFactory.Token);
        var r = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("# TYPE", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_in_non_admins_get_403_and_admins_200()
    {
        await app.CreateUserAsync("mira", Roles.Analyst);
        using var analyst = await app.SignInAsync("mira");
        await (await analyst.GetAsync("/metrics")).AssertProblemAsync(403, "does not allow");
        using var admin = await app.SignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics")).StatusCode);
    }
}
