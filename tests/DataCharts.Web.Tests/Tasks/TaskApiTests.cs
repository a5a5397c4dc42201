using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Tasks;

/// <summary>Imports as background tasks: 202 with a task, progress over Server-Sent Events, cancel.</summary>
public sealed class TaskApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_async_upload_streams_progress_until_the_end()
    {
        using var client = app.CreateClient();
        var r = await client.UploadAsync("stream.csv", Files.NumberedRows(5000), "?async=true");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
        var accepted = await r.JsonAsync();
        var events = accepted.GetProperty("events_url").GetString()!;
        using var req = new HttpRequestMessage(HttpMethod.Get, events);
        using var sse = await client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        var text = await sse.Content.ReadAsStringAsync(); // the stream ends with the task
        Assert.Contains("event: progress", text);
        Assert.Contains("event: end", text);
        Assert.Contains("\"status\":\"completed\"", text);
        var task = await (await client.GetAsync(accepted.GetProperty("status_url").GetString())).JsonAsync();
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Equal(100, task.GetProperty("percent").GetInt32());
        var dataId = task.GetProperty("result").GetProperty("DataId").GetString();
        var meta = await (await client.GetAsync($"/api/data/{dataId}")).JsonAsync();
        Assert.Equal(5000, meta.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
        var list = await (await client.GetAsync("/api/tasks")).JsonAsync();
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("task_id").GetString() == accepted.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task A_failed_async_import_says_why_on_the_task()
    {
        using var client = app.CreateClient();
        var accepted = await (await client.UploadAsync("bad.csv", Files.Utf8("a,b\n1,2,3\n"), "?async=true")).JsonAsync();
        using var sse = await client.GetAsync(accepted.GetProperty("events_url").GetString());
        var task = await (await client.GetAsync(accepted.GetProperty("status_url").GetString())).JsonAsync();
        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Contains("Line 2", task.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Cancelling_a_finished_task_is_a_conflict()
    {
        using var client = app.CreateClient();
        var accepted = await (await client.UploadAsync("small.csv", Files.Utf8("a\n1\n"), "?async=true")).JsonAsync();
        var id = accepted.GetProperty("task_id").GetString();
        using (await client.GetAsync($"/api/tasks/{id}/events")) { }
        await (await client.PostAsync($"/api/tasks/{id}/cancel", null)).AssertProblemAsync(409, "already");
    }

    [Fact]
    public async Task Cancelling_a_running_import_keeps_nothing()
    {
        using var client = app.CreateClient();
        var before = await client.DatasetCountAsync();
        var accepted = await (await client.UploadAsync("large.csv", Files.NumberedRows(1_500_000), "?async=true")).JsonAsync();
        var id = accepted.GetProperty("task_id").GetString();
        var cancel = await client.PostAsync($"/api/tasks/{id}/cancel", null);
        Assert.True(cancel.StatusCode is System.Net.HttpStatusCode.Accepted or System.Net.HttpStatusCode.Conflict);
        using (await client.GetAsync($"/api/tasks/{id}/events")) { }
        var task = await (await client.GetAsync($"/api/tasks/{id}")).JsonAsync();
        if (cancel.StatusCode == System.Net.HttpStatusCode.Accepted)
        {
            Assert.Equal("cancelled", task.GetProperty("status").GetString());
            Assert.Equal(before, await client.DatasetCountAsync());
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
    }
}
