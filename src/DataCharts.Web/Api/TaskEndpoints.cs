using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Jobs;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Api;

/// <summary><c>/api/tasks…</c>: background jobs: list, get, cancel, and progress as Server-Sent Events.</summary>
public static class TaskEndpoints
{
    public static void MapTaskApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasks");
        api.MapGet("", async (int? limit, JobRunner jobs, CancellationToken ct) => (await jobs.ListAsync(Math.Clamp(limit ?? 50, 1, 500), ct)).Select(j => j.ToDto()));
        api.MapGet("/{taskId}", async (string taskId, JobRunner jobs, CancellationToken ct) =>
            (await jobs.GetAsync(taskId, ct) ?? throw new NotFoundException($"No task with id '{taskId}'.")).ToDto());
        api.MapPost("/{taskId}/cancel", async (string taskId, JobRunner jobs, CancellationToken ct) =>
        {
            var job = await jobs.GetAsync(taskId, ct) ?? throw new NotFoundException($"No task with id '{taskId}'.");
            if (job.IsFinished) throw new UserFacingException($"The task has already {job.Status.ToString().ToLowerInvariant()}.", 409, "Task already finished");
            await jobs.CancelAsync(taskId);
            return Results.Accepted($"/api/tasks/{taskId}", (await jobs.GetAsync(taskId, ct))!.ToDto());
        }).DisableAntiforgery();
        api.MapGet("/{taskId}/events", async (string taskId, JobRunner jobs, CancellationToken ct) =>
        {
            _ = await jobs.GetAsync(taskId, ct) ?? throw new NotFoundException($"No task with id '{taskId}'.");
            return TypedResults.ServerSentEvents(EventsAsync(jobs, taskId, ct));
        });
    }

    /// <summary>A "progress" event per change, then "end" once the task has finished.</summary>
    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(JobRunner jobs, string taskId, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var snap in jobs.WatchAsync(taskId, ct))
        {
            var json = JsonSerializer.Serialize(snap.ToDto(), ApiJson.Options);
            yield return new SseItem<string>(json, "progress");
            if (snap.IsFinished) yield return new SseItem<string>(json, "end");
        }
    }
}
