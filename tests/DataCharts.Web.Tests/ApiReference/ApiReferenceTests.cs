using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.ApiReference;

/// <summary>
/// The OpenAPI document at /openapi/v1.json covers every /api route the app maps, with problem+json errors, and the
/// browsable reference at /docs (where the predecessor served its own) works offline (issue 10 §5).
/// </summary>
public sealed partial class ApiReferenceTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<JsonElement> DocumentAsync(HttpClient client)
    {
        var r = await client.GetAsync("/openapi/v1.json");
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A route pattern as OpenAPI writes it: parameters without constraints, defaults, optional or catch-all marks.</summary>
    private static string OpenApiPath(string raw) =>
        "/" + Parameter().Replace(raw.Trim('/'), m => "{" + m.Groups[1].Value + "}");

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Every_api_route_the_app_maps_is_in_the_document()
    {
        using var client = app.CreateClient();
        var paths = (await DocumentAsync(client)).GetProperty("paths");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: OpenApiPath(e.RoutePattern.RawText!))))
            .Distinct().ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} /api routes were found");

        var missing = routes.Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method.ToLowerInvariant(), out _))
            .Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_api_operation_documents_its_problem_json_errors()
    {
        using var client = app.CreateClient();
        var document = await DocumentAsync(client);
        Assert.Equal("DataCharts API", document.GetProperty("info").GetProperty("title").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.Equal(["type", "title", "status", "detail", "instance", "field"], problem.GetProperty("properties").EnumerateObject().Select(p => p.Name));

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/", path.Name, StringComparison.Ordinal); // pages, probes and scripts are not the API
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var responses = operation.Value.GetProperty("responses");
                foreach (var status in new[] { "400", "404", "422" })
                {
                    Assert.True(responses.TryGetProperty(status, out var response), $"{operation.Name} {path.Name} has no {status}");
                    var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                    Assert.Equal("#/components/schemas/ProblemDetails", schema.GetProperty("$ref").GetString());
                }
            }
        }
        // The predecessor's paths answer 200 (issue 10 §5); request bodies are described in snake_case.
        var manual = document.GetProperty("paths").GetProperty("/api/data/manual").GetProperty("post");
        Assert.True(manual.GetProperty("responses").TryGetProperty("200", out _) || manual.GetProperty("responses").TryGetProperty("default", out _), manual.ToString());
    }

    [Fact]
    public async Task Docs_is_a_browsable_reference_whose_scripts_are_served_by_the_app()
    {
        using var client = app.CreateClient();
        // Scalar sends /docs on to /docs/, so that the page's relative addresses (its script, the document) resolve.
        var r = await client.GetAsync("/docs");
        var html = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal("/docs/", r.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>DataCharts API</title>", html);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);

        // Offline: nothing is loaded from another host, and every script the page names is served here.
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal));
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"withDefaultFonts\":false", html); // the default fonts come from Scalar's CDN
        // Its scripts carry a fresh nonce, so a Content-Security-Policy without 'unsafe-inline' can allow exactly them.
        Assert.Matches("<script type=\"module\" nonce=\"[A-Za-z0-9_-]{20,}\">", html);
        foreach (var src in sources)
        {
            var script = await client.GetAsync(new Uri(new Uri("http://localhost/docs/"), src).PathAndQuery);
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"{src}: {(int)script.StatusCode}");
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
