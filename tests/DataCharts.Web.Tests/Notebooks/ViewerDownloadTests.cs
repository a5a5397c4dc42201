using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Accounts;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Notebooks;

/// <summary>
/// Viewers download what a published notebook shows, and nothing else: an answer pinned to a published notebook may be
/// fetched by its ids (rows, chart, chart image); one pinned to an unpublished notebook, or left in Chat, may not.
/// </summary>
public sealed class ViewerDownloadTests(AccessFixture app) : IClassFixture<AccessFixture>
{
    private HttpClient Analyst => app.Clients[Roles.Analyst];
    private HttpClient Viewer => app.Clients[Roles.Viewer];

    private async Task<(string Message, string Chart)> AskAsync()
    {
        var answer = await (await Analyst.PostJsonAsync("/api/ask", new { data_id = app.Ids["data"], question = "total amount by region" })).JsonAsync();
        return (answer.GetProperty("message_id").GetString()!, answer.GetProperty("chart").GetProperty("chart_id").GetString()!);
    }

    private async Task<string> NotebookWithAsync(string messageId, bool published)
    {
        var nb = await (await Analyst.PostJsonAsync("/api/notebooks", new { title = "Downloads", data_id = app.Ids["data"] })).JsonAsync();
        var id = nb.GetProperty("notebook_id").GetString()!;
        var pinned = await (await Analyst.PostJsonAsync($"/api/notebooks/{id}/pin", new { message_id = messageId })).JsonAsync();
        if (published)
        {
            var r = await Analyst.PutAsJsonAsync($"/api/notebooks/{id}", new { version = pinned.GetProperty("version").GetInt64(), published = true });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        return id;
    }

    [Fact]
    public async Task A_viewer_downloads_the_rows_and_chart_a_published_notebook_shows()
    {
        var (message, chart) = await AskAsync();
        await NotebookWithAsync(message, published: true);

        var csv = await Viewer.GetAsync($"/api/results/{message}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("north", await csv.Content.ReadAsStringAsync());
        var png = await Viewer.GetAsync($"/api/chart/{chart}/export?format=png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var spec = await Viewer.GetAsync($"/api/chart/{chart}");
        Assert.Equal(HttpStatusCode.OK, spec.StatusCode);
        Assert.Equal(chart, (await spec.JsonAsync()).GetProperty("chart_id").GetString());

        // Changing charts stays with analysts.
        Assert.Equal(HttpStatusCode.Forbidden, (await Viewer.PutAsJsonAsync($"/api/chart/{chart}", new { chart_type = "line" })).StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_not_download_an_unpublished_notebooks_answer_or_a_chat_answer()
    {
        var (hidden, hiddenChart) = await AskAsync();
        await NotebookWithAsync(hidden, published: false);
        var (chat, chatChart) = await AskAsync();

        foreach (var url in new[]
                 {
                     $"/api/results/{hidden}/export?format=csv", $"/api/chart/{hiddenChart}/export?format=png", $"/api/chart/{hiddenChart}",
                     $"/api/results/{chat}/export?format=csv", $"/api/chart/{chatChart}/export?format=png", $"/api/chart/{chatChart}",
                     "/api/results/msg_missing/export?format=csv", "/api/chart/ch_missing",
                 })
            await (await Viewer.GetAsync(url)).AssertProblemAsync(403, "does not allow");

        // The analyst who made them still downloads them.
        Assert.Equal(HttpStatusCode.OK, (await Analyst.GetAsync($"/api/results/{chat}/export?format=csv")).StatusCode);
    }

    [Fact]
    public async Task An_edited_pinned_cell_no_longer_shows_the_answer_so_its_ids_close_again()
    {
        var (message, chart) = await AskAsync();
        var id = await NotebookWithAsync(message, published: true);
        Assert.Equal(HttpStatusCode.OK, (await Viewer.GetAsync($"/api/chart/{chart}")).StatusCode);

        var nb = await (await Analyst.GetAsync($"/api/notebooks/{id}")).JsonAsync();
        var cells = nb.GetProperty("cells").EnumerateArray().Select(c => new
        {
            cell_id = c.GetProperty("cell_id").GetString(),
            kind = c.GetProperty("kind").GetString(),
            source = c.GetProperty("source").GetString(),
            name = Text(c, "name"),
            sql = Text(c, "sql") is { } sql ? sql + " LIMIT 1" : null,
            chart = Text(c, "chart"),
            answer = Text(c, "answer"),
        }).ToList();
        var r = await Analyst.PutAsJsonAsync($"/api/notebooks/{id}", new { version = nb.GetProperty("version").GetInt64(), cells });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        await (await Viewer.GetAsync($"/api/chart/{chart}")).AssertProblemAsync(403);
        await (await Viewer.GetAsync($"/api/results/{message}/export?format=csv")).AssertProblemAsync(403);
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
