using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Processing;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Api;

/// <summary>A column of a cleaned dataset.</summary>
public sealed record ProcessColumnDto(string Name, string Type);

/// <summary>What one clean-up step did.</summary>
public sealed record ProcessStepDto(string Step, string Detail, long RowsAffected);

/// <summary>The answer of <c>POST /api/data/process</c>: the new dataset (<c>result_id</c> = <c>data_id</c>) and what each step did.</summary>
public sealed record ProcessResultDto(string ResultId, string DataId, string Name, string SourceId, string Table, long RowCount, long RowsBefore,
    long RowsRemoved, IReadOnlyList<ProcessColumnDto> Columns, IReadOnlyList<ProcessStepDto> Steps)
{
    public static ProcessResultDto From(ProcessOutcome o) => new(
        o.Result.Id, o.Result.Id, o.Result.Name, o.Source.Id, o.Table, o.RowCount, o.RowsBefore, o.RowsRemoved,
        o.Result.Tables[0].Columns.Select(c => new ProcessColumnDto(c.Name, c.Type.DisplayName())).ToList(),
        o.Steps.Select(s => new ProcessStepDto(s.Step, s.Detail, s.RowsAffected)).ToList());
}

/// <summary><c>/api/data/process</c> (a cleaned copy of a table) and <c>/api/data/{id}/export</c> (the whole table, for training data or as rows).</summary>
public static class ProcessingEndpoints
{
    public static void MapProcessingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/data").WithTags("Data");
        // The body is read as JSON and checked by hand, so an unknown or mistyped option is a 400 that names it.
        api.MapPost("/process", async (JsonElement body, DatasetProcessor processor, CancellationToken ct) =>
        {
            var outcome = await processor.ProcessAsync(ProcessRequest.FromJson(body), ct);
            return OkAt.Result($"/api/data/{outcome.Result.Id}", ProcessResultDto.From(outcome));
        }).DisableAntiforgery();
        api.MapGet("/{dataId}/export", async (string dataId, string? format, string? table, string? instruction, string? input, string? output, string? system,
            DatasetCatalog catalog, DatasetExport export, HttpContext http, CancellationToken ct) =>
        {
            var plan = DatasetExport.Plan(await catalog.GetAsync(dataId, ct), table, format, new TrainingColumns(instruction, input, output, system));
            Downloads.Attach(http, plan.ContentType, plan.FileName);
            await export.WriteAsync(plan, http.Response.Body, ct);
        });
    }
}
