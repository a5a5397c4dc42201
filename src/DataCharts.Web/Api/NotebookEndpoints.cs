using DataCharts.Web.Accounts;
using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Analysis;
using DataCharts.Web.Pages.Shared;

namespace DataCharts.Web.Api;

/// <summary><c>/api/notebooks…</c>: list, create, get, update cells, run, delete, export (PRODUCT.md §4).</summary>
public static class NotebookEndpoints
{
    public sealed record CellDto(string? CellId, string? Kind, string? Source, string? Name, string? Sql, string? Chart, string? Answer);
    public sealed record CreateBody(string? Title, string? DataId, IReadOnlyList<CellDto>? Cells);
    public sealed record UpdateBody(long? Version, string? Title, bool? Published, IReadOnlyList<CellDto>? Cells);
    public sealed record RunBody(string? CellId, Dictionary<string, JsonElement>? Inputs, bool? Ask);
    public sealed record PinBody(string? MessageId);

    public static void MapNotebookApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notebooks").WithTags("Notebooks");
        api.MapGet("", async (NotebookService notebooks, HttpContext http, CancellationToken ct) =>
            (await notebooks.ListAsync(!http.User.CanEdit(), null, ct)).Select(Summary));
        api.MapPost("", async (CreateBody body, NotebookService notebooks, CancellationToken ct) =>
        {
            var nb = await notebooks.CreateAsync(body.Title ?? "", Required(body.DataId, "data_id"), body.Cells is null ? null : Cells(body.Cells), ct);
            return Results.Created($"/api/notebooks/{nb.Id}", Full(nb));
        }).DisableAntiforgery();
        api.MapGet("/{id}", async (string id, NotebookService notebooks, HttpContext http, CancellationToken ct) => Full(await VisibleAsync(id, notebooks, http, ct)));
        api.MapPut("/{id}", async (string id, UpdateBody body, NotebookService notebooks, CancellationToken ct) => Full(await UpdateAsync(id, body, notebooks, ct))).DisableAntiforgery();
        api.MapPut("/{id}/cells", async (string id, UpdateBody body, NotebookService notebooks, CancellationToken ct) =>
            Full(await UpdateAsync(id, body with { Cells = body.Cells ?? throw new UserFacingException("cells is required.") { Field = "cells" } }, notebooks, ct))).DisableAntiforgery();
        api.MapPost("/{id}/run", async (string id, RunBody? body, NotebookRunner runner, CancellationToken ct) =>
        {
            var inputs = body?.Inputs ?? [];
            var result = await runner.RunAsync(id, body?.CellId, body?.Ask ?? false, name => InputValues(inputs, name), ct);
            return new
            {
                notebook_id = id,
                version = result.Notebook.Version,
                error = result.Error,
                cells = result.Notebook.Cells.Where(c => body?.CellId is null || c.Id == body.CellId).Select(c => CellResult(c, result)).ToList(),
            };
        }).DisableAntiforgery();
        api.MapPost("/{id}/pin", async (string id, PinBody body, NotebookService notebooks, CancellationToken ct) =>
            Full(await notebooks.PinAsync(id, Required(body.MessageId, "message_id"), ct))).DisableAntiforgery();
        api.MapDelete("/{id}", async (string id, NotebookService notebooks, CancellationToken ct) =>
        {
            await notebooks.DeleteAsync(id, ct);
            return Results.NoContent();
        }).DisableAntiforgery();
        api.MapGet("/{id}/export", async (string id, string? format, NotebookService notebooks, NotebookExport export, DatasetCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            var nb = await VisibleAsync(id, notebooks, http, ct);
            var name = Downloads.FileName(nb.Title);
            switch (format?.ToLowerInvariant())
            {
                case "md" or "markdown":
                    var dataset = await catalog.FindAsync(nb.DataId, ct);
                    return Results.File(System.Text.Encoding.UTF8.GetBytes(NotebookDocument.ToMarkdown(nb.Title, dataset?.Name ?? nb.DataId, nb.Cells)),
                        "text/markdown; charset=utf-8", name + ".md");
                case null or "" or "html":
                    return Results.File(System.Text.Encoding.UTF8.GetBytes(await export.HtmlAsync(http, nb, ct)), "text/html; charset=utf-8", name + ".html");
                default:
                    throw new UserFacingException($"Unknown notebook export format '{format}': use html or md.") { Field = "format" };
            }
        });
    }

    private static async Task<NotebookRecord> VisibleAsync(string id, NotebookService notebooks, HttpContext http, CancellationToken ct)
    {
        var nb = await notebooks.GetAsync(id, ct);
        // Viewers see published notebooks only; an unpublished one does not exist for them.
        return nb.Published || http.User.CanEdit() ? nb : throw new NotFoundException($"No notebook with id '{id}'.");
    }

    private static Task<NotebookRecord> UpdateAsync(string id, UpdateBody body, NotebookService notebooks, CancellationToken ct)
    {
        var version = body.Version ?? throw new UserFacingException("version is required: send the version you loaded, so a newer save is never overwritten.") { Field = "version" };
        return notebooks.UpdateAsync(id, version, body.Title, body.Published, body.Cells is null ? null : Cells(body.Cells), ct);
    }

    private static List<NotebookCell> Cells(IReadOnlyList<CellDto> cells) => cells.Select((c, i) => new NotebookCell(
        string.IsNullOrWhiteSpace(c.CellId) ? NotebookCell.NewId() : c.CellId!,
        Enum.TryParse<CellKind>(c.Kind, ignoreCase: true, out var k) && Enum.IsDefined(k)
            ? k
            : throw new UserFacingException($"Cell {i + 1}: kind must be markdown, sql, chart, question or input; found \"{c.Kind}\".", 422) { Field = "cells" },
        c.Source ?? "", string.IsNullOrWhiteSpace(c.Name) ? null : c.Name, c.Sql, c.Chart, c.Answer)).ToList();

    private static IReadOnlyList<string>? InputValues(Dictionary<string, JsonElement> inputs, string name)
    {
        var match = inputs.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
        if (match.Key is null) return null;
        return match.Value.ValueKind switch
        {
            JsonValueKind.Array => match.Value.EnumerateArray().Select(Text).ToList(),
            JsonValueKind.Null => null,
            _ => [Text(match.Value)],
        };
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new UserFacingException($"{field} is required.") { Field = field } : value;

    private static object Summary(NotebookRecord n) => new
    {
        notebook_id = n.Id, title = n.Title, data_id = n.DataId, published = n.Published, version = n.Version,
        cell_count = n.Cells.Count, created_at = n.CreatedAt, updated_at = n.UpdatedAt,
    };

    private static object Full(NotebookRecord n) => new
    {
        notebook_id = n.Id, title = n.Title, data_id = n.DataId, published = n.Published, version = n.Version,
        created_at = n.CreatedAt, updated_at = n.UpdatedAt,
        cells = n.Cells.Select(c => new
        {
            cell_id = c.Id, kind = c.Kind.ToString().ToLowerInvariant(), source = c.Source, name = c.Name, sql = c.Sql, chart = c.Chart, answer = c.Answer,
            stale = NotebookDocument.IsStale(c),
            snapshot = c.Snapshot is null ? null : new { row_count = c.Snapshot.RowCount, elapsed_ms = c.Snapshot.ElapsedMs, ran_at = c.Snapshot.RanAt, error = c.Snapshot.Error },
        }),
    };

    private static object CellResult(NotebookCell c, NotebookRun result)
    {
        var blocks = result.CellBlocks.GetValueOrDefault(c.Id, []);
        var sql = blocks.Select(i => result.Run.Queries.GetValueOrDefault(i)).FirstOrDefault(q => q is not null);
        var chart = blocks.Select(i => result.Run.Charts.GetValueOrDefault(i)).FirstOrDefault(q => q is not null);
        var error = blocks.Select(i => result.Run.Document.Blocks[i]).OfType<ErrorBlock>().FirstOrDefault()?.Message ?? sql?.Error ?? chart?.Error;
        return new
        {
            cell_id = c.Id, kind = c.Kind.ToString().ToLowerInvariant(), error,
            row_count = sql?.Query?.Result.Rows.Count, elapsed_ms = sql?.Query?.Elapsed.TotalMilliseconds, truncated = sql?.Query?.Truncated,
            truncated_reason = sql?.Query?.TruncatedReason,
            columns = sql?.Query?.Result.Columns.Select(x => x.Name).ToList(),
            rows = sql?.Query?.Result.Rows.Take(1000).ToList(),
        };
    }
}
