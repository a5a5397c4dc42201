using System.Text;
using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Jobs;
using DataCharts.Core.Quality;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Data;

namespace DataCharts.Web.Api;

/// <summary>
/// <c>/api/quality…</c>: assess a dataset's quality (at once, or as a job for large tables and <c>async: true</c>), read a
/// kept assessment, and download it as JSON or a standalone HTML report.
/// </summary>
public static class QualityEndpoints
{
    public static void MapQualityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quality").WithTags("Quality");
        api.MapPost("/assess", AssessAsync).DisableAntiforgery();
        api.MapGet("/{assessmentId}", (string assessmentId, QualityStore store, CancellationToken ct) => store.GetAsync(assessmentId, ct));
        api.MapGet("/{assessmentId}/export", ExportAsync);
    }

    /// <summary>Validates first (so bad requests are 400/404 even when the work would be a job), then runs or queues.</summary>
    private static async Task<IResult> AssessAsync(QualityRequest body, QualityService quality, JobRunner jobs, CancellationToken ct)
    {
        var plan = await quality.PlanAsync(body, ct);
        if (body.Async == true || (body.Async is null && plan.Table.RowCount > QualityJobHandler.AsyncRowThreshold))
        {
            var jobId = await jobs.EnqueueAsync(QualityJobHandler.JobKind, $"Quality of {plan.Dataset.Name}", body with { Async = false }, ct);
            return Results.Accepted($"/api/tasks/{jobId}", new { task_id = jobId, status_url = $"/api/tasks/{jobId}", events_url = $"/api/tasks/{jobId}/events" });
        }
        return Results.Ok(await quality.RunAsync(plan, null, ct));
    }

    private static async Task<IResult> ExportAsync(string assessmentId, string? format, HttpContext http, QualityStore store, PartialRenderer partials, CancellationToken ct)
    {
        var a = await store.GetAsync(assessmentId, ct);
        var name = Downloads.FileName($"quality {a.DatasetName} {a.AssessmentId}");
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "json":
                return Results.File(JsonSerializer.SerializeToUtf8Bytes(a, ApiJson.Options), "application/json", name + ".json");
            case "html":
                var html = await partials.RenderAsync(http, "/Pages/Data/Partials/_QualityExport.cshtml", QualityReportView.For(a));
                return Results.File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", name + ".html");
            default:
                throw new UserFacingException($"Unknown export format '{format}': use html or json.") { Field = "format" };
        }
    }
}
