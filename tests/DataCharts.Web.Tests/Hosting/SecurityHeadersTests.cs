using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Reports;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Accounts;
using DataCharts.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Hosting;

/// <summary>
/// Every page and fragment of the app, rendered for an admin (who sees every control): security headers on each, and no
/// inline script or event-handler attribute anywhere, since the content security policy would block them.
/// </summary>
public sealed partial class SecurityHeadersTests(AccessFixture app) : IClassFixture<AccessFixture>
{
    /// <summary>Every GET of the route table that is not the JSON API, plus a notebook, a report page and static files.</summary>
    private async Task<List<string>> AddressesAsync()
    {
        var paths = RouteTable.Routes.Where(r => r.Method == "GET" && !r.Path.StartsWith("/api/", StringComparison.Ordinal) && r.Path != "/metrics")
            .Select(r => app.Ids.Aggregate(r.Path, (p, id) => p.Replace("{" + id.Key + "}", Uri.EscapeDataString(id.Value)))).ToList();
        var analyst = app.Clients[Roles.Analyst];
        var nb = await (await analyst.PostJsonAsync("/api/notebooks", new { title = "Headers", data_id = app.Ids["data"] })).JsonAsync();
        var id = nb.GetProperty("notebook_id").GetString()!;
        await analyst.PostJsonAsync($"/api/notebooks/{id}/pin", new { message_id = app.Ids["message"] });
        paths.Add("/Analysis/" + id);
        paths.AddRange(app.Services.GetRequiredService<ReportLibrary>().List().Select(f => "/reports/" + f.Slug));
        return paths;
    }

    [Fact]
    public async Task Every_page_sends_the_security_headers_and_has_no_inline_script()
    {
        var admin = app.Clients[Roles.Admin];
        var problems = new List<string>();
        var pages = 0;
        foreach (var path in await AddressesAsync())
        {
            var r = await admin.GetAsync(path);
            AssertHeaders(r, path);
            if (r.Content.Headers.ContentType?.MediaType != "text/html") continue;
            pages++;
            var html = await r.Content.ReadAsStringAsync();
            // The API reference (Scalar) has one inline script, allowed by the nonce its response's policy names.
            var nonce = Regex.Match(r.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
            problems.AddRange(InlineScript().Matches(html).Where(m => nonce.Length == 0 || !m.Value.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal))
                .Select(m => $"{path}: inline script {Trim(m.Value)}"));
            problems.AddRange(HandlerAttribute().Matches(html).Select(m => $"{path}: event handler {Trim(m.Value)}"));
            problems.AddRange(EvalAttribute().Matches(html).Select(m => $"{path}: htmx eval {Trim(m.Value)}"));
        }
        Assert.True(pages > 20, $"only {pages} HTML pages were checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_layout_turns_htmx_eval_and_script_tags_off()
    {
        var html = await app.Clients[Roles.Admin].GetStringAsync("/");
        var meta = Regex.Match(html, "<meta name=\"htmx-config\"[^>]*>").Value;
        Assert.Contains("\"allowEval\":false", meta);
        Assert.Contains("\"allowScriptTags\":false", meta);
        Assert.Contains("\"selfRequestsOnly\":true", meta);
    }

    [Fact]
    public async Task The_api_errors_and_static_files_send_them_too()
    {
        foreach (var path in new[] { "/api/data", "/no-such-page", "/css/app.css", "/js/app.js", "/health" })
            AssertHeaders(await app.Clients["anonymous"].GetAsync(path), path);
    }

    [Fact]
    public async Task State_changing_requests_from_an_opaque_origin_are_refused()
    {
        var analyst = app.Clients[Roles.Analyst];
        using var api = new HttpRequestMessage(HttpMethod.Post, "/api/data/manual") { Content = new StringContent("{\"content\":\"a\\n1\",\"format\":\"csv\"}", Encoding.UTF8, "application/json") };
        api.Headers.Add("Origin", "null");
        await (await analyst.SendAsync(api)).AssertProblemAsync(403, "Origin: null");

        // Pages too (before antiforgery is even looked at), and every verb that changes things.
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            using var req = new HttpRequestMessage(method, method == HttpMethod.Post ? "/Account/SignIn" : "/api/data/ds_missing") { Content = new StringContent("") };
            req.Headers.Add("Origin", "null");
            await (await app.Clients["anonymous"].SendAsync(req)).AssertProblemAsync(403, "Origin: null");
        }
        // Reading is not a change.
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/data");
        get.Headers.Add("Origin", "null");
        Assert.Equal(HttpStatusCode.OK, (await analyst.SendAsync(get)).StatusCode);
    }

    private static void AssertHeaders(HttpResponseMessage r, string path)
    {
        var csp = r.Headers.TryGetValues("Content-Security-Policy", out var v) ? string.Join(",", v) : "";
        var scripts = path.StartsWith("/docs", StringComparison.Ordinal) ? "script-src 'self'( 'nonce-[A-Za-z0-9_-]{16,}')?;" : "script-src 'self';";
        Assert.True(Regex.IsMatch(csp, scripts), $"{path}: CSP {csp}");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", r.Headers.GetValues("Referrer-Policy").Single());
    }

    private static string Trim(string s) => s.Length > 120 ? s[..120] : s;

    // A <script> tag without a src attribute.
    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // onclick=, oninput=, … inside a tag.
    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    // htmx attributes that evaluate code: hx-on*, js:/javascript: values, trigger filters in brackets.
    // (A bracket right after an event name is a filter; one inside a from: selector, as in input[name=x], is not.)
    [GeneratedRegex("\\shx-on[:\\-][^=]*=|hx-vals='js:|hx-vals=\"js:|hx-trigger=\"(?:[^\"]*,\\s*)?(?:every\\s+\\S+?|[\\w:.-]+)\\s*\\[", RegexOptions.IgnoreCase)]
    private static partial Regex EvalAttribute();
}
