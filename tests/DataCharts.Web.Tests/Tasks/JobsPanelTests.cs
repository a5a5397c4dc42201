using System.Net;
using DataCharts.Web.Tests.Reports;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Tasks;

/// <summary>The Jobs menu on every page and the /Tasks page: recent jobs with status, progress, errors and cancel.</summary>
public sealed class JobsPanelTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<string> ImportAndWaitAsync(HttpClient client, string name, byte[] content)
    {
        var accepted = await (await client.UploadAsync(name, content, "?async=true")).JsonAsync();
        var id = accepted.GetProperty("task_id").GetString()!;
        using (await client.GetAsync($"/api/tasks/{id}/events")) { } // the stream ends with the task
        return id;
    }

    [Fact]
    public async Task Every_page_has_a_jobs_menu_whose_panel_lists_finished_and_failed_jobs_with_their_errors()
    {
        using var client = app.CreateClient();
        var home = await client.GetStringAsync("/");
        Assert.Contains("id=\"jobs-menu\"", home);
        Assert.Contains("id=\"jobs-badge\"", home);

        var ok = await ImportAndWaitAsync(client, "panel-ok.csv", Files.NumberedRows(10));
        var bad = await ImportAndWaitAsync(client, "panel-<b>bad</b>.csv", Files.Utf8("a,b\n1,2,3\n"));
        var panel = await client.GetStringAsync("/Tasks?handler=Panel");
        Assert.DoesNotContain("<html", panel);
        var okItem = Html.Element(panel, ok, "data-job-id");
        Assert.Contains("completed", okItem);
        Assert.DoesNotContain("Cancel", okItem);
        var badItem = Html.Element(panel, bad, "data-job-id");
        Assert.Contains("failed", badItem);
        Assert.Contains("Line 2", badItem);
        Assert.DoesNotContain("<b>bad</b>", panel);
        Assert.Contains("All jobs", panel);
        // The badge rides along out of band: no job is running now, so it is empty.
        Assert.Contains("id=\"jobs-badge\"", panel);
        Assert.Contains("aria-label=\"0 active jobs\"", panel);

        var page = await client.GetStringAsync("/Tasks");
        Assert.Contains("<h1>Jobs</h1>", page);
        Assert.Contains(ok, page);
    }

    [Fact]
    public async Task Cancel_in_the_panel_stops_a_running_import_and_says_so_when_it_had_already_finished()
    {
        using var client = app.CreateClient();
        var token = await client.TokenAsync("/Tasks");
        var accepted = await (await client.UploadAsync("panel-large.csv", Files.NumberedRows(1_500_000), "?async=true")).JsonAsync();
        var id = accepted.GetProperty("task_id").GetString()!;
        var r = await client.HtmxPostAsync($"/Tasks?handler=Cancel&id={id}", token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        using (await client.GetAsync($"/api/tasks/{id}/events")) { }
        var status = (await (await client.GetAsync($"/api/tasks/{id}")).JsonAsync()).GetProperty("status").GetString();
        if (status == "cancelled") Assert.DoesNotContain("had already", html);
        else Assert.Contains("had already completed", html); // the import won the race

        var again = await (await client.HtmxPostAsync($"/Tasks?handler=Cancel&id={id}", token, new Dictionary<string, string>())).Content.ReadAsStringAsync();
        Assert.Contains($"had already {status}", again);
        var missing = await (await client.HtmxPostAsync("/Tasks?handler=Cancel&id=job_missing", token, new Dictionary<string, string>())).Content.ReadAsStringAsync();
        Assert.Contains("no longer exists", missing);
    }
}
