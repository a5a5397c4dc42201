using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Filters;
using DataCharts.Core.Jobs;
using DataCharts.Core.Processing;
using DataCharts.Core.Query;
using DataCharts.Web.Api;
using DataCharts.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>The Data page: upload or paste data, browse datasets, preview rows, profile columns, filter, rename, describe, delete, clean up, export.</summary>
[StreamedUpload("Upload")]
public sealed class IndexModel(DatasetCatalog catalog, DatasetReader reader, DatasetImports imports, JobRunner jobs, DatasetProcessor processor, FilterService filters) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];
    public DetailView? Detail { get; private set; }
    public string UploadLimit => DatasetImports.Format(imports.MaxUploadBytes);

    public async Task<IActionResult> OnGetAsync(string? id, string? table, CancellationToken ct)
    {
        Datasets = await catalog.ListAsync(ct);
        var selected = id is null ? Datasets.FirstOrDefault() : Datasets.FirstOrDefault(d => d.Id == id);
        if (id is not null && selected is null) return NotFound();
        if (selected is not null) Detail = await DetailAsync(selected.Id, table, ct);
        return Page();
    }

    /// <summary>Fragment for #dataset-list.</summary>
    public async Task<IActionResult> OnGetListAsync(string? selected, CancellationToken ct) =>
        Partial("Partials/_DatasetList", new DatasetListView(await catalog.ListAsync(ct), selected));

    /// <summary>Fragment for #dataset-detail.</summary>
    public async Task<IActionResult> OnGetDetailAsync(string id, string? table, CancellationToken ct)
    {
        var detail = await DetailAsync(id, table, ct);
        Response.Htmx(h => h.PushUrl(Url.Page("/Data/Index", new { id, table = detail.Table.Name })!));
        return Partial("Partials/_DatasetDetail", detail);
    }

    /// <summary>Fragment for #preview: one page of rows.</summary>
    /// <remarks>"page" is also a Razor Pages route value (the page path), which wins over the query string unless the source is explicit.</remarks>
    public async Task<IActionResult> OnGetPreviewAsync(string id, string? table, [FromQuery(Name = "page")] int page, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        var t = DatasetReader.Table(d, table);
        page = Math.Clamp(page, 0, LastPage(t));
        var rows = await reader.PageAsync(d, t.Name, (long)page * PageSize, PageSize, ct);
        return Partial("Partials/_Preview", new PreviewView(d, rows, page, Math.Max(LastPage(t), rows.HasMore ? page + 1 : page)));
    }

    /// <summary>Fragment for #profile.</summary>
    public async Task<IActionResult> OnGetProfileAsync(string id, string table, string column, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        return Partial("Partials/_Profile", new ProfileView(d, table, await reader.ProfileAsync(d, table, column, ct: ct)));
    }

    /// <summary>Fragment for #filter-results: live counts and the page of matching rows, each row's count or error out of band.</summary>
    public async Task<IActionResult> OnPostFilterAsync(FilterForm form, CancellationToken ct)
    {
        var view = await FilterView.RunAsync(filters, await catalog.GetAsync(form.Id, ct), form, null, ct);
        return Partial("Partials/_FilterResults", new FilterResultsView(view, Oob: true));
    }

    /// <summary>Fragment for #filter: the builder with a row added or removed, run again.</summary>
    public async Task<IActionResult> OnPostFilterBuilderAsync(FilterForm form, string? add, int? remove, CancellationToken ct)
    {
        if (remove is { } i && i >= 0 && i < form.Conditions.Count) form.Conditions.RemoveAt(i);
        if (add is not null) form.Conditions.Add(new FilterRowForm { Operation = "equals" });
        form.Offset = 0;
        return Partial("Partials/_Filter", await FilterView.RunAsync(filters, await catalog.GetAsync(form.Id, ct), form, null, ct));
    }

    /// <summary>Fragment for #filter-results: every matching row saved as a new dataset, with a link to it.</summary>
    public async Task<IActionResult> OnPostFilterSaveAsync(FilterForm form, CancellationToken ct)
    {
        var view = await FilterView.RunAsync(filters, await catalog.GetAsync(form.Id, ct), form, form.SaveName ?? "", ct);
        if (view.Saved is not null) Response.Htmx(h => h.WithTrigger("datasets-changed"));
        return Partial("Partials/_FilterResults", new FilterResultsView(view, Oob: true));
    }

    /// <summary>
    /// Starts the import job for the file <see cref="UploadFormMiddleware"/> staged (it streams the body, so text fields stay
    /// small); the fragment follows the job's progress over SSE.
    /// </summary>
    public async Task<IActionResult> OnPostUploadAsync(string? name, CancellationToken ct)
    {
        var upload = HttpContext.Features.Get<StagedUploadFeature>();
        if (upload?.Error is { } error) return Alert(error);
        if (upload?.Upload is not { } staged) return Alert("Choose a file to upload first.");
        try
        {
            var jobId = await imports.EnqueueAsync(staged, name, null, ct);
            upload.Taken = true;
            return Partial("Partials/_ImportProgress", new ImportView(jobId, staged.FileName));
        }
        catch (UserFacingException ex)
        {
            return Alert(ex);
        }
    }

    /// <summary>Imports pasted CSV/TSV/JSON text.</summary>
    public async Task<IActionResult> OnPostPasteAsync(string? content, string? format, string? name, CancellationToken ct)
    {
        try
        {
            var staged = await imports.StageTextAsync(content ?? "", format ?? "csv", name, ct);
            var jobId = await imports.EnqueueAsync(staged, name, null, ct);
            return Partial("Partials/_ImportProgress", new ImportView(jobId, staged.FileName));
        }
        catch (UserFacingException ex)
        {
            return Alert(ex);
        }
    }

    /// <summary>Called when the job ends: the new dataset (and a refreshed list), or the error in place.</summary>
    public async Task<IActionResult> OnGetImportResultAsync(string jobId, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, ct) ?? throw new NotFoundException($"No import job '{jobId}'.");
        if (!job.IsFinished) return Partial("Partials/_ImportProgress", new ImportView(jobId, job.Title));
        try
        {
            var d = await imports.ResultAsync(job, ct);
            Response.Htmx(h => h.WithTrigger("datasets-changed", timing: HtmxTriggerTiming.AfterSettle).PushUrl(Url.Page("/Data/Index", new { id = d.Id })!));
            return Partial("Partials/_ImportDone", await DetailAsync(d.Id, null, ct));
        }
        catch (UserFacingException ex)
        {
            return Alert(ex);
        }
    }

    public async Task<IActionResult> OnPostCancelImportAsync(string jobId)
    {
        await jobs.CancelAsync(jobId);
        return new NoContentResult();
    }

    public async Task<IActionResult> OnPostRenameAsync(string id, string? name, CancellationToken ct)
    {
        try
        {
            await catalog.RenameAsync(id, name ?? "", ct);
            Response.Htmx(h => h.WithTrigger("datasets-changed"));
            return Partial("Partials/_DatasetDetail", await DetailAsync(id, null, ct));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            var detail = await DetailAsync(id, null, ct);
            return Partial("Partials/_DatasetDetail", detail with { Error = ex.Message });
        }
    }

    /// <summary>Saves a column's display name and description; returns the row.</summary>
    public async Task<IActionResult> OnPostColumnAsync(string id, string table, string column, string? label, string? description, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        try
        {
            var c = await catalog.UpdateColumnAsync(id, table, column, label, description, ct);
            return Partial("Partials/_ColumnRow", new ColumnRowView(d, table, c, "Saved", null));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            var c = DatasetReader.Column(DatasetReader.Table(d, table), column);
            return Partial("Partials/_ColumnRow", new ColumnRowView(d, table, c, null, ex.Message));
        }
    }

    /// <summary>
    /// Makes a cleaned copy of a table (the same service as <c>POST /api/data/process</c>); answers with the steps summary
    /// and a link to the new dataset, or the refusal in place. A plain (non-htmx) post goes to the new dataset.
    /// </summary>
    /// <remarks>
    /// <c>fill[column]</c> is a value or a strategy word (mean, median, mode, zero, empty) and <c>cast[column]</c> a type;
    /// blank means leave as is. They are read from the form by hand: dictionary model binding falls back to the whole
    /// form when no key has the prefix, which would turn <c>id</c> into a column.
    /// </remarks>
    public async Task<IActionResult> OnPostProcessAsync(string id, string? table, string? name, bool trim, bool dropEmpty, bool dedupe,
        string[]? dedupeColumns, CancellationToken ct)
    {
        Dictionary<string, string> Indexed(string prefix) => Request.Form
            .Where(kv => kv.Key.StartsWith(prefix + "[", StringComparison.Ordinal) && kv.Key.EndsWith(']'))
            .ToDictionary(kv => kv.Key[(prefix.Length + 1)..^1], kv => kv.Value.ToString());
        var fill = Indexed("fill");
        var cast = Indexed("cast");
        try
        {
            var options = new PreprocessOptions
            {
                TrimWhitespace = trim,
                DropEmptyRows = dropEmpty,
                RemoveDuplicates = dedupe,
                DedupeColumns = dedupe ? dedupeColumns ?? [] : [],
                FillNulls = fill.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
                    .ToDictionary(kv => kv.Key, kv => PreprocessOptions.ParseFill(kv.Value), StringComparer.OrdinalIgnoreCase),
                CastTypes = cast.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
                    .ToDictionary(kv => kv.Key, kv => PreprocessOptions.ParseType(kv.Value, $"cast {kv.Key}"), StringComparer.OrdinalIgnoreCase),
            };
            var outcome = await processor.ProcessAsync(new ProcessRequest(id, table, name, options), ct);
            if (!Request.IsHtmx()) return Redirect(Url.Page("/Data/Index", new { id = outcome.Result.Id })!);
            Response.Htmx(h => h.WithTrigger("datasets-changed"));
            return Partial("Partials/_ProcessResult", outcome);
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Alert(ex);
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        await catalog.DeleteAsync(id, ct);
        Response.Htmx(h => h.WithTrigger("datasets-changed").PushUrl(Url.Page("/Data/Index")!));
        return Partial("Partials/_Deleted", d.Name);
    }

    private Task<DetailView> DetailAsync(string id, string? table, CancellationToken ct) => DetailView.LoadAsync(catalog, reader, id, table, ct);

    /// <summary>The last preview page by the table's row count (for a live table the server's estimate, so later pages may exist).</summary>
    internal static int LastPage(DatasetTableRecord t) => (int)Math.Max(0, (t.RowCount - 1) / PageSize);

    private PartialViewResult Alert(string message) => Partial("Partials/_Alert", new AlertView(message, null, null));

    private PartialViewResult Alert(UserFacingException ex)
    {
        Response.StatusCode = 200; // htmx swaps 2xx only; the message replaces the progress area in place
        return Partial("Partials/_Alert", new AlertView(ex.Message, ex.Line, ex.Column));
    }
}

public sealed record DatasetListView(IReadOnlyList<DatasetRecord> Datasets, string? Selected);

public sealed record PreviewView(DatasetRecord Dataset, TablePage Page, int PageIndex, int LastPage);

/// <summary>
/// A dataset's detail: one table's columns and first page of rows, an error or a notice in place. The preview is missing
/// only when a live database could not be reached.
/// </summary>
public sealed record DetailView(DatasetRecord Dataset, DatasetTableRecord Table, PreviewView? Preview, string? Error, string? Notice = null)
{
    /// <summary>The detail of <paramref name="table"/> (the first when null) with its first page of rows.</summary>
    public static async Task<DetailView> LoadAsync(DatasetCatalog catalog, DatasetReader reader, string id, string? table, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        var t = DatasetReader.Table(d, table);
        TablePage page;
        try
        {
            page = await reader.PageAsync(d, t.Name, 0, IndexModel.PageSize, ct);
        }
        catch (UserFacingException ex) when (d.IsLive() && ex is not NotFoundException)
        {
            // The database is down or refused: its tables and columns still show, from what was read when it was saved.
            return new DetailView(d, t, null, $"The preview could not be read from the database: {ex.Message}");
        }
        return new DetailView(d, t, new PreviewView(d, page, 0, Math.Max(IndexModel.LastPage(t), page.HasMore ? 1 : 0)), null);
    }
}

public sealed record ProfileView(DatasetRecord Dataset, string Table, ColumnProfile Profile);

public sealed record ColumnRowView(DatasetRecord Dataset, string Table, DatasetColumnRecord Column, string? Saved, string? Error);

public sealed record ImportView(string JobId, string FileName);

public sealed record AlertView(string Message, long? Line, long? Column);

/// <summary>Formatting shared by the Data partials.</summary>
public static class Cells
{
    public static string Text(object? v) => v switch
    {
        null => "",
        double d => d.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public static bool IsNumber(object? v) => v is long or double;
}

/// <summary>How the Data partials name a data source and its row counts: live databases say so, and their counts are estimates.</summary>
public static class Sources
{
    /// <summary>"Live · PostgreSQL" or "Live · MySQL" for a live connection; null for an imported dataset.</summary>
    public static string? LiveBadge(DatasetRecord d) => d.Dialect() switch
    {
        SqlDialect.PostgreSql => "Live · PostgreSQL",
        SqlDialect.MySql => "Live · MySQL",
        _ => null,
    };

    /// <summary>
    /// A table's rows: exact for an imported dataset; for a live one the server's estimate, which is 0 until the server
    /// has gathered statistics (so 0 is said as "not estimated yet" rather than "empty").
    /// </summary>
    public static string Rows(DatasetRecord d, long rows) => !d.IsLive() ? $"{rows:N0} rows"
        : rows > 0 ? $"~{rows:N0} rows (estimate)"
        : "rows not estimated yet";
}
