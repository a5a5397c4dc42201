using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Pages;

/// <summary>One theory over every route: status, media type and a piece of text a person would see.</summary>
public sealed class RouteTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    public static TheoryData<string, int, string, string> Routes() => new()
    {
        { "/", 200, "text/html", "Welcome to DataCharts" },
        { "/Data", 200, "text/html", "Demo sales" },
        { "/Chat", 200, "text/html", "Ask a question about Demo sales" },
        { "/Analysis", 200, "text/html", "No notebooks yet" },
        { "/Reports", 200, "text/html", "Every Markdown file in the report folder is a page" },
        { "/Settings", 200, "text/html", "Built-in offline planner" },
        { "/Error?code=500", 500, "text/html", "Something went wrong" },
        { "/no-such-page", 404, "text/html", "Page not found" },
        { "/health", 200, "application/json", "\"healthy\"" },
        { "/health/live", 200, "application/json", "\"healthy\"" },
        { "/health/ready", 200, "application/json", "data-engine" },
        { "/api/system/info", 200, "application/json", "\"duckdb\"" },
        { "/api/data", 200, "application/json", "\"Demo sales\"" },
        { "/api/tasks", 200, "application/json", "[" },
        { "/api/data/ds_000000000000", 404, "application/problem+json", "No dataset" },
        { "/api/tasks/job_missing", 404, "application/problem+json", "No task" },
        { "/api/nothing/here", 404, "application/problem+json", "Nothing is at" },
        { "/lib/htmx/htmx.min.js", 200, "text/javascript", "htmx" },
        { "/lib/htmx-ext-sse/sse.min.js", 200, "text/javascript", "sse" },
        { "/css/app.css", 200, "text/css", "--accent" },
        { "/_htmx/antiforgery.js", 200, "text/javascript", "antiForgery" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_answers_with_the_right_status_type_and_text(string path, int status, string mediaType, string text)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var r = await client.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"{path}: {(int)r.StatusCode}");
        Assert.Equal(mediaType, r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(text, body);
        Assert.True(r.Headers.Contains("X-Process-Time"), $"{path} lacks X-Process-Time");
    }

    [Theory]
    [InlineData("/", "")]
    [InlineData("/Chat", "Chat")]
    [InlineData("/Analysis", "Analysis")]
    [InlineData("/Data", "Data")]
    [InlineData("/Reports", "Reports")]
    [InlineData("/Settings", "Settings")]
    public async Task Every_page_has_the_navigation_htmx_and_antiforgery_config(string path, string current)
    {
        var html = await app.CreateClient().GetStringAsync(path);
        foreach (var nav in new[] { "/Chat", "/Analysis", "/Data", "/Reports", "/Settings" }) Assert.Contains($"href=\"{nav}\"", html);
        Assert.Contains("htmx.min.js", html);
        Assert.Contains("sse.min.js", html);
        Assert.Contains("name=\"htmx-config\"", html);
        Assert.Contains("requestToken", html);
        Assert.Contains("Skip to content", html);
        if (current.Length > 0) Assert.Contains($"href=\"/{current}\" aria-current=\"page\"", html);
    }

    [Fact]
    public async Task The_demo_dataset_is_generated_the_same_every_time()
    {
        using var client = app.CreateClient();
        var list = await (await client.GetAsync("/api/data")).JsonAsync();
        var demo = list.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "Demo sales");
        var table = demo.GetProperty("tables")[0];
        Assert.Equal(24_000, table.GetProperty("row_count").GetInt32());
        var first = await (await client.GetAsync($"/api/data/{demo.GetProperty("data_id").GetString()}?limit=3")).JsonAsync();
        var rows = first.GetProperty("preview").GetProperty("rows");
        // Seeded generation: the first order is always the same one.
        Assert.Equal("2021-01-01", rows[0][1].GetString());
        Assert.Equal(3, rows.GetArrayLength());
        await using var again = new DemoAppFactory();
        using var c2 = again.CreateClient();
        var other = (await (await c2.GetAsync("/api/data")).JsonAsync())[0];
        var otherRows = (await (await c2.GetAsync($"/api/data/{other.GetProperty("data_id").GetString()}?limit=3")).JsonAsync()).GetProperty("preview").GetProperty("rows");
        Assert.Equal(rows.ToString(), otherRows.ToString());
    }
}
