using System.Text.Json;
using DataCharts.Core.Generation;

namespace DataCharts.Web.Api;

/// <summary><c>POST /api/data/generate</c>: synthetic data as a new dataset (variation, template, rule_based, llm_based).</summary>
public static class GenerationEndpoints
{
    public static void MapGenerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/data").WithTags("Data");
        // The body is read as JSON and checked by hand, so a bad spec is a 400 that names its field before any job starts.
        // Small requests wait for their job (200, as the predecessor answered); async ones and those over the sync limit answer 202 with the task.
        api.MapPost("/generate", async (JsonElement body, DataGenerations generations, CancellationToken ct) =>
        {
            var started = await generations.StartAsync(body, ct);
            if (started.RunsOn)
            {
                var id = started.TaskId;
                return Results.Accepted($"/api/tasks/{id}", new { task_id = id, status_url = $"/api/tasks/{id}", events_url = $"/api/tasks/{id}/events" });
            }
            var result = await generations.WaitAsync(started.TaskId, ct);
            return OkAt.Result($"/api/data/{result.DataId}", JsonSerializer.SerializeToElement(result, GenerationResult.Json));
        }).DisableAntiforgery();
    }
}
