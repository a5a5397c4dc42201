using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>Who may reach a route: anyone, or the least role that may (viewer &lt; analyst &lt; admin).</summary>
public enum Access { Anyone, Viewer, Analyst, Admin }

/// <summary>
/// One request and who may make it. <paramref name="Allowed"/> is the status when access is granted: for changes it is a
/// harmless refusal (a missing id, an empty body, no antiforgery token) that proves the request got past authorization.
/// Placeholders in braces ({data}, {table}, {column}, {chart}, {message}, {conversation}) are real ids made at setup.
/// <paramref name="WithoutSignIn"/> is the status when sign-in is off, where it differs.
/// </summary>
public sealed record RouteAccess(string Method, string Path, Access Access, int Allowed, int? WithoutSignIn = null);

/// <summary>
/// The route × role table. Every page and endpoint needs a row (a test checks it against the app's endpoints), so notebooks,
/// /reports/{slug} and /Analysis/{id} get theirs when they land.
/// </summary>
public static class RouteTable
{
    public static readonly IReadOnlyList<RouteAccess> Routes =
    [
        // Anyone: probes, version, static files, the sign-in page, errors.
        new("GET", "/health", Access.Anyone, 200),
        new("GET", "/health/live", Access.Anyone, 200),
        new("GET", "/health/ready", Access.Anyone, 200),
        new("GET", "/api/system/info", Access.Anyone, 200),
        new("GET", "/css/app.css", Access.Anyone, 200),
        new("GET", "/lib/htmx/htmx.min.js", Access.Anyone, 200),
        new("GET", "/_htmx/antiforgery.js", Access.Anyone, 200),
        // Scalar's own script and icon for /docs: the package serves them to anyone (they are the library, not our data).
        new("GET", "/docs/scalar.js", Access.Anyone, 200),
        new("GET", "/docs/scalar.aspnetcore.js", Access.Anyone, 200),
        new("GET", "/docs/favicon.svg", Access.Anyone, 200),
        new("GET", "/Account/SignIn", Access.Anyone, 200, WithoutSignIn: 302),
        new("GET", "/Error?code=404", Access.Anyone, 404),
        new("GET", "/no-such-page", Access.Anyone, 404),
        new("GET", "/api/no/such/thing", Access.Anyone, 404),

        // Viewers: home, shared reports and notebooks.
        new("GET", "/", Access.Viewer, 200),
        new("GET", "/Reports", Access.Viewer, 200),
        new("GET", "/Analysis", Access.Viewer, 200),
        new("GET", "/reports/no-such-report", Access.Viewer, 404),
        new("GET", "/Analysis/nb_missing", Access.Viewer, 404),
        new("GET", "/api/notebooks", Access.Viewer, 200),
        new("GET", "/api/notebooks/nb_missing", Access.Viewer, 404),
        new("POST", "/api/notebooks", Access.Analyst, 400),
        new("PUT", "/api/notebooks/nb_missing", Access.Analyst, 400),
        new("PUT", "/api/notebooks/nb_missing/cells", Access.Analyst, 400),
        new("POST", "/api/notebooks/nb_missing/run", Access.Analyst, 404),
        new("POST", "/api/notebooks/nb_missing/pin", Access.Analyst, 400),
        new("DELETE", "/api/notebooks/nb_missing", Access.Analyst, 404),
        new("GET", "/api/reports/events?slug=no-such-report", Access.Viewer, 404),
        new("GET", "/api/notebooks/nb_missing/export?format=md", Access.Viewer, 404),

        // Analysts: the Data and Chat pages and their handlers, the data, task, ask and conversation APIs, answers' charts and rows.
        new("GET", "/Data", Access.Analyst, 200),
        new("GET", "/Data?id={data}", Access.Analyst, 200),
        new("GET", "/Data?handler=Preview&id={data}&table={table}&page=0", Access.Analyst, 200),
        new("POST", "/Data?handler=Delete", Access.Analyst, 400),
        new("POST", "/Data?handler=Upload", Access.Analyst, 400),
        new("GET", "/Tasks", Access.Analyst, 200),
        new("GET", "/Tasks?handler=Panel", Access.Analyst, 200),
        new("GET", "/Tasks?handler=Badge", Access.Analyst, 200),
        new("POST", "/Tasks?handler=Cancel&id=job_missing", Access.Analyst, 400),
        new("POST", "/Data?handler=Process", Access.Analyst, 400),
        new("POST", "/Data?handler=Filter", Access.Analyst, 400),
        new("POST", "/Data?handler=FilterBuilder", Access.Analyst, 400),
        new("POST", "/Data?handler=FilterSave", Access.Analyst, 400),
        new("GET", "/Data/Derive?id={data}", Access.Analyst, 200),
        new("POST", "/Data/Derive?handler=Check", Access.Analyst, 400),
        new("POST", "/Data/Derive?handler=Apply", Access.Analyst, 400),
        new("GET", "/Data/SemanticModel?id={data}", Access.Analyst, 200),
        new("POST", "/Data/SemanticModel?handler=Measure", Access.Analyst, 400),
        new("GET", "/Data/Generate", Access.Analyst, 200),
        new("GET", "/Data/Generate?handler=Result&jobId=job_none", Access.Analyst, 404),
        new("POST", "/Data/Generate?handler=Start", Access.Analyst, 400),
        new("POST", "/Data/Generate?handler=Cancel", Access.Analyst, 400),
        new("GET", "/Data/Quality?id={data}", Access.Analyst, 200),
        new("POST", "/Data/Quality?handler=Assess", Access.Analyst, 400),
        new("GET", "/Data/Quality?handler=Result&jobId=job_missing", Access.Analyst, 404),
        new("GET", "/Data/Connect", Access.Analyst, 200),
        new("POST", "/Data/Connect?handler=Test", Access.Analyst, 400),
        new("POST", "/Data/Connect?handler=Save", Access.Analyst, 400),
        new("POST", "/Data/Connect?handler=Refresh", Access.Analyst, 400),
        new("POST", "/Data/Connect?handler=Copy", Access.Analyst, 400),
        new("GET", "/Data/Connect?handler=CopyResult&jobId=job_missing", Access.Analyst, 404),
        new("GET", "/Chat", Access.Analyst, 200),
        new("GET", "/Chat?c={conversation}", Access.Analyst, 200),
        new("POST", "/Chat?handler=Ask", Access.Analyst, 400),
        new("GET", "/api/data", Access.Analyst, 200),
        new("GET", "/api/data/{data}", Access.Analyst, 200),
        new("GET", "/api/data/{data}/tables/{table}/rows", Access.Analyst, 200),
        new("GET", "/api/data/{data}/tables/{table}/columns/{column}/profile", Access.Analyst, 200),
        new("GET", "/api/data/{data}/tables/{table}/columns/{column}/profile.png", Access.Analyst, 200),
        new("POST", "/api/data/upload", Access.Analyst, 415),
        new("POST", "/api/data/manual", Access.Analyst, 400),
        new("POST", "/api/data/process", Access.Analyst, 400),
        new("POST", "/api/data/generate", Access.Analyst, 400),
        new("GET", "/api/data/{data}/export?format=jsonl", Access.Analyst, 200),
        new("GET", "/api/data/{data}/export?format=alpaca&instruction=region&output=amount", Access.Analyst, 200),
        new("POST", "/api/data/filter", Access.Analyst, 400),
        new("POST", "/api/quality/assess", Access.Analyst, 400),
        new("GET", "/api/quality/qa_missing", Access.Analyst, 404),
        new("GET", "/api/quality/qa_missing/export?format=html", Access.Analyst, 404),
        new("PATCH", "/api/data/ds_missing", Access.Analyst, 400),
        new("DELETE", "/api/data/ds_missing", Access.Analyst, 404),
        new("PATCH", "/api/data/ds_missing/tables/t/columns/c", Access.Analyst, 404),
        new("GET", "/api/data/{data}/model", Access.Analyst, 200),
        new("GET", "/api/data/{data}/model/export", Access.Analyst, 200),
        new("GET", "/api/data/{data}/schema", Access.Analyst, 200),
        new("POST", "/api/connections/test", Access.Analyst, 400),
        new("POST", "/api/connections", Access.Analyst, 400),
        new("POST", "/api/connections/ds_missing/refresh", Access.Analyst, 404),
        new("POST", "/api/connections/ds_missing/import", Access.Analyst, 404),
        new("PUT", "/api/data/ds_missing/model", Access.Analyst, 404),
        new("GET", "/api/tasks", Access.Analyst, 200),
        new("GET", "/api/tasks/job_missing", Access.Analyst, 404),
        new("POST", "/api/tasks/job_missing/cancel", Access.Analyst, 404),
        new("GET", "/api/tasks/job_missing/events", Access.Analyst, 404),
        new("POST", "/api/function/parse", Access.Analyst, 200),
        new("POST", "/api/function/apply", Access.Analyst, 400),
        new("GET", "/api/function/library", Access.Analyst, 200),
        new("POST", "/api/ask", Access.Analyst, 400),
        new("GET", "/api/conversations", Access.Analyst, 200),
        new("GET", "/api/conversations/{conversation}", Access.Analyst, 200),
        new("GET", "/api/chart/{chart}", Access.Analyst, 200),
        new("GET", "/api/chart/{chart}/export?format=png", Access.Analyst, 200),
        new("GET", "/api/chart/{chart}/export?format=svg", Access.Analyst, 200),
        new("GET", "/api/results/{message}/export?format=csv", Access.Analyst, 200),
        new("GET", "/api/results/{message}/export?format=xlsx", Access.Analyst, 200),
        new("POST", "/api/chart/create", Access.Analyst, 400),
        new("PUT", "/api/chart/ch_missing", Access.Analyst, 404),
        // The API reference describes what analysts may call (issue 10 §5); /docs sends on to /docs/ for its relative addresses.
        new("GET", "/openapi/v1.json", Access.Analyst, 200),
        new("GET", "/docs", Access.Analyst, 302),
        new("GET", "/docs/v1", Access.Analyst, 200),

        // Admins: Settings and users.
        new("GET", "/Settings", Access.Admin, 200),
        new("GET", "/Settings/Users", Access.Admin, 200),
        new("GET", "/Settings/Monitoring", Access.Admin, 200),
        new("GET", "/Settings/Monitoring?handler=Live", Access.Admin, 200),
        new("GET", "/Settings/Monitoring?handler=Chart&name=requests", Access.Admin, 200),
        new("GET", "/metrics", Access.Admin, 200),
        new("POST", "/Settings?handler=Save", Access.Admin, 400),
        new("POST", "/Settings/Users?handler=Add", Access.Admin, 400),
        new("POST", "/Settings/Users?handler=Delete", Access.Admin, 400),
    ];

    public static RouteAccess Find(string method, string path) => Routes.Single(r => r.Method == method && r.Path == path);

    /// <summary>Sends the row's request (an empty JSON object as the body of a change) with the placeholders filled in.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, RouteAccess route, IReadOnlyDictionary<string, string> ids)
    {
        var path = ids.Aggregate(route.Path, (p, id) => p.Replace("{" + id.Key + "}", Uri.EscapeDataString(id.Value)));
        using var req = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is not ("GET" or "HEAD")) req.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return await client.SendAsync(req);
    }
}

/// <summary>A running app with sign-in on, one signed-in client per role, and a dataset, an answer and a chart to reach.</summary>
public sealed class AccessFixture : AuthAppFactory, IAsyncLifetime
{
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public Dictionary<string, string> Ids { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await this.CreateUserAsync("vera", Roles.Viewer);
        await this.CreateUserAsync("anna", Roles.Analyst);
        Clients["anonymous"] = this.Browser();
        Clients[Roles.Viewer] = await this.SignInAsync("vera");
        Clients[Roles.Analyst] = await this.SignInAsync("anna");
        Clients[Roles.Admin] = await this.SignInAsync(AdminUser, AdminPassword);
        await Shared.MakeThingsToReachAsync(Clients[Roles.Analyst], Ids);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>The same app with sign-in off (the default): one client that never signs in.</summary>
public sealed class NoSignInFixture : AppFactory, IAsyncLifetime
{
    public HttpClient Client { get; private set; } = null!;
    public Dictionary<string, string> Ids { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Client = this.Browser();
        await Shared.MakeThingsToReachAsync(Client, Ids);
    }

    public override async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
    }
}

internal static class Shared
{
    /// <summary>A dataset, a question answered with a chart, and a chart made by hand: the ids the table's placeholders need.</summary>
    public static async Task MakeThingsToReachAsync(HttpClient analyst, Dictionary<string, string> ids)
    {
        var created = await analyst.PostJsonAsync("/api/data/manual", new { content = "region,amount\nnorth,10\nsouth,20\nnorth,5\n", format = "csv", name = "Access" });
        var data = await created.JsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.OK, data.ToString());
        ids["data"] = data.GetProperty("data_id").GetString()!;
        ids["table"] = data.GetProperty("tables")[0].GetProperty("name").GetString()!;
        ids["column"] = "amount";
        var answer = await (await analyst.PostJsonAsync("/api/ask", new { data_id = ids["data"], question = "total amount by region" })).JsonAsync();
        ids["message"] = answer.GetProperty("message_id").GetString()!;
        ids["conversation"] = answer.GetProperty("conversation_id").GetString()!;
        var chart = await (await analyst.PostJsonAsync("/api/chart/create", new { data_id = ids["data"], chart_type = "bar", config = new { x = "region", y = "amount", aggregation = "sum" } })).JsonAsync();
        ids["chart"] = chart.GetProperty("chart_id").GetString()!;
    }
}

/// <summary>Every route × every role, from the one table above: the status, and for refusals what kind of refusal.</summary>
public sealed class AccessTests(AccessFixture app) : IClassFixture<AccessFixture>
{
    private static readonly string[] People = ["anonymous", Roles.Viewer, Roles.Analyst, Roles.Admin];

    public static TheoryData<string, string, string> RoutesByRole()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in People)
            foreach (var r in RouteTable.Routes)
                data.Add(role, r.Method, r.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesByRole))]
    public async Task Each_role_reaches_exactly_what_it_may(string role, string method, string path)
    {
        var route = RouteTable.Find(method, path);
        var r = await RouteTable.SendAsync(app.Clients[role], route, app.Ids);
        var body = await r.Content.ReadAsStringAsync();
        var status = (int)r.StatusCode;
        // /metrics answers like the API (problem+json, never a redirect): scrapers cannot fill in a sign-in form.
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal) || path == "/metrics";
        var rank = Array.IndexOf(People, role); // anonymous 0, viewer 1, analyst 2, admin 3

        if (route.Access == Access.Anyone || rank >= (int)route.Access)
        {
            Assert.True(status == route.Allowed, $"{role} {method} {path}: expected {route.Allowed}, got {status}: {Trim(body)}");
        }
        else if (role == "anonymous" && isApi)
        {
            Assert.True(status == 401, $"{method} {path} anonymous: expected 401, got {status}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Sign in", body);
        }
        else if (role == "anonymous")
        {
            Assert.True(status == 302, $"{method} {path} anonymous: expected a redirect to sign in, got {status}");
            Assert.Equal("/Account/SignIn", r.Headers.Location!.AbsolutePath);
            Assert.Contains("ReturnUrl=", r.Headers.Location.Query);
        }
        else
        {
            Assert.True(status == 403, $"{role} {method} {path}: expected 403, got {status}: {Trim(body)}");
            if (isApi)
            {
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                Assert.Contains("does not allow", body);
            }
            else
            {
                Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Not allowed", body);
            }
        }
    }

    [Fact]
    public void Every_page_and_endpoint_of_the_app_has_a_row_in_the_table()
    {
        // A page or endpoint added without a row would escape the walk above; this keeps the table complete.
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var rows = RouteTable.Routes.Select(r => (r.Method, Path: r.Path.Split('?')[0])).ToList();
        bool Covered(RouteEndpoint e, string? method) => rows.Any(r => (method is null || r.Method == method) && Matches(e.RoutePattern, r.Path));

        var missing = new List<string>();
        foreach (var page in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
                     .GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath))
            if (page.Key != "/Account/SignOut" && !page.Any(e => Covered(e, null))) missing.Add("page " + page.Key);
        foreach (var e in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null))
        {
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (methods.Count == 0 && !Covered(e, null)) missing.Add("/" + e.RoutePattern.RawText?.TrimStart('/'));
            missing.AddRange(methods.Where(m => !Covered(e, m)).Select(m => $"{m} /{e.RoutePattern.RawText?.TrimStart('/')}"));
        }
        Assert.True(endpoints.Count(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null) > 5, "no Razor Pages endpoints were found");
        Assert.True(missing.Count == 0, "no row in RouteTable.Routes for:\n" + string.Join("\n", missing));
    }

    /// <summary>Does a concrete path (placeholders such as {data} count as one segment) match a route pattern?</summary>
    private static bool Matches(RoutePattern pattern, string path)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart l => Regex.Escape(l.Content),
            RoutePatternSeparatorPart sep => Regex.Escape(sep.Content),
            RoutePatternParameterPart { IsCatchAll: true } => ".*",
            RoutePatternParameterPart => "[^/]+",
            _ => "",
        })));
        return Regex.IsMatch(path, "^/" + string.Join("/", segments) + "$", RegexOptions.IgnoreCase);
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}

/// <summary>With sign-in off (the default) every route of the table answers without signing in, as for an admin.</summary>
public sealed class NoSignInAccessTests(NoSignInFixture app) : IClassFixture<NoSignInFixture>
{
    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var r in RouteTable.Routes) data.Add(r.Method, r.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_without_signing_in(string method, string path)
    {
        var route = RouteTable.Find(method, path);
        var r = await RouteTable.SendAsync(app.Client, route, app.Ids);
        var expected = route.WithoutSignIn ?? route.Allowed;
        Assert.True((int)r.StatusCode == expected, $"{method} {path}: expected {expected}, got {(int)r.StatusCode}");
    }
}
