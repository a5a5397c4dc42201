using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DataCharts.Web.Api;

/// <summary><c>/api/data…</c>: upload, paste, read, page, profile, rename, describe and delete datasets.</summary>
public static class DataEndpoints
{
    public const int DefaultPreviewRows = 100;

    public sealed record ManualOptions(string? Delimiter, bool? Header, string? Name);

    public sealed record ManualRequest(string? Content, string? Format, ManualOptions? Options, string? Name);

    public sealed record RenameRequest(string? Name);

    public sealed record ColumnUpdateRequest(string? Label, string? Description);

    public static void MapDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/data").WithTags("Data");
        api.MapGet("", async (DatasetCatalog catalog, CancellationToken ct) => (await catalog.ListAsync(ct)).Select(d => d.ToDto()));
        api.MapPost("/upload", UploadAsync).DisableAntiforgery().WithMetadata(new LargeBodyAttribute());
        api.MapPost("/manual", ManualAsync).DisableAntiforgery().WithMetadata(new LargeBodyAttribute());
        api.MapGet("/{dataId}", GetAsync);
        api.MapGet("/{dataId}/schema", SchemaEndpoints.GetAsync);
        api.MapPatch("/{dataId}", async (string dataId, RenameRequest body, DatasetCatalog catalog, CancellationToken ct) =>
            (await catalog.RenameAsync(dataId, body.Name ?? "", ct)).ToDto()).DisableAntiforgery();
        api.MapDelete("/{dataId}", async (string dataId, DatasetCatalog catalog, CancellationToken ct) =>
        {
            await catalog.DeleteAsync(dataId, ct);
            return Results.NoContent();
        }).DisableAntiforgery();
        api.MapGet("/{dataId}/tables/{table}/rows", async (string dataId, string table, long? offset, int? limit, DatasetCatalog catalog, DatasetReader reader, CancellationToken ct) =>
            (await reader.PageAsync(await catalog.GetAsync(dataId, ct), table, offset ?? 0, limit ?? DefaultPreviewRows, ct)).ToDto());
        api.MapPatch("/{dataId}/tables/{table}/columns/{column}", async (string dataId, string table, string column, ColumnUpdateRequest body, DatasetCatalog catalog, CancellationToken ct) =>
        {
            var c = await catalog.UpdateColumnAsync(dataId, table, column, body.Label, body.Description, ct);
            return new ColumnDto(c.Name, c.Label, c.Type.DisplayName(), c.Description);
        }).DisableAntiforgery();
        api.MapGet("/{dataId}/tables/{table}/columns/{column}/profile", async (string dataId, string table, string column, DatasetCatalog catalog, DatasetReader reader, CancellationToken ct) =>
            (await reader.ProfileAsync(await catalog.GetAsync(dataId, ct), table, column, ct: ct)).ToDto(dataId, table));
        api.MapGet("/{dataId}/tables/{table}/columns/{column}/profile.png", async (string dataId, string table, string column, bool? dark, DatasetCatalog catalog, DatasetReader reader, CancellationToken ct) =>
            Results.File(DatasetReader.ProfilePng(await reader.ProfileAsync(await catalog.GetAsync(dataId, ct), table, column, ct: ct), dark ?? false), "image/png"));
    }

    private static async Task<DatasetDto> GetAsync(string dataId, string? table, long? offset, int? limit, DatasetCatalog catalog, DatasetReader reader, CancellationToken ct)
    {
        var d = await catalog.GetAsync(dataId, ct);
        return d.ToDto(await reader.PageAsync(d, table, offset ?? 0, limit ?? DefaultPreviewRows, ct));
    }

    /// <summary>
    /// Streams the multipart body straight to the staging area (never the whole file in memory, text fields held to the form
    /// limits: <see cref="UploadForm"/>), then imports. <c>?async=true</c> answers 202 with the task at once; otherwise the
    /// import runs to its end and the dataset comes back.
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, DatasetImports imports, IOptions<FormOptions> limits, CancellationToken ct)
    {
        var form = await UploadForm.ReadAsync(request, imports, limits.Value, ct);
        var staged = form.File ?? throw new UserFacingException($"No file was sent: add it in a multipart field named '{UploadForm.FileField}'.") { Field = UploadForm.FileField };
        try
        {
            var hints = new ImportOptions(ParseDelimiter(form.Fields.GetValueOrDefault("delimiter")), ParseBool(form.Fields.GetValueOrDefault("header")));
            var name = form.Fields.GetValueOrDefault("name");
            if (string.Equals(request.Query["async"], "true", StringComparison.OrdinalIgnoreCase))
            {
                var jobId = await imports.EnqueueAsync(staged, name, hints, ct);
                return Results.Accepted($"/api/tasks/{jobId}", new { task_id = jobId, status_url = $"/api/tasks/{jobId}", events_url = $"/api/tasks/{jobId}/events" });
            }
            var d = await imports.ImportAsync(staged, name, hints, ct);
            return OkAt.Result($"/api/data/{d.Id}", d.ToDto());
        }
        catch (Exception)
        {
            if (File.Exists(staged.Path)) File.Delete(staged.Path);
            throw;
        }
    }

    private static async Task<IResult> ManualAsync(ManualRequest body, DatasetImports imports, CancellationToken ct)
    {
        var hints = new ImportOptions(ParseDelimiter(body.Options?.Delimiter), body.Options?.Header);
        var staged = await imports.StageTextAsync(body.Content ?? "", body.Format ?? "", body.Name ?? body.Options?.Name, ct);
        var d = await imports.ImportAsync(staged, body.Name ?? body.Options?.Name, hints, ct);
        return OkAt.Result($"/api/data/{d.Id}", d.ToDto());
    }

    public static char? ParseDelimiter(string? value) => value switch
    {
        null or "" => null,
        "\\t" or "tab" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        "pipe" => '|',
        { Length: 1 } => value[0],
        _ => throw new UserFacingException($"Unknown delimiter '{value}': use one character, or tab/comma/semicolon/pipe.") { Field = "delimiter" },
    };

    private static bool? ParseBool(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };
}
