using DataCharts.Web.Accounts;
using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Analysis;

/// <summary>Analysis: the notebooks (viewers see the published ones), and creating one — empty or from a report file.</summary>
public sealed class IndexModel(NotebookService notebooks, DatasetCatalog catalog, ReportLibrary reports) : PageModel
{
    public IReadOnlyList<NotebookRecord> Notebooks { get; private set; } = [];
    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];
    public IReadOnlyList<ReportFile> Reports { get; private set; } = [];
    public bool CanEdit => User.CanEdit();
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? title, string? dataId, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        try
        {
            var nb = await notebooks.CreateAsync(title ?? "", dataId ?? "", null, ct);
            return Redirect($"/Analysis/{nb.Id}");
        }
        catch (UserFacingException ex)
        {
            Error = ex.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>Opens a report file as a new notebook: its Markdown, inputs, queries and charts become cells.</summary>
    public async Task<IActionResult> OnPostFromReportAsync(string slug, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        var found = reports.Find(slug);
        if (found is null) return NotFound();
        var dataset = found.Value.Doc.Data is { } d ? await catalog.FindByIdOrNameAsync(d, ct) : null;
        if (dataset is null)
        {
            Error = $"The report \"{found.Value.File.Title}\" names no dataset that exists (data: {found.Value.Doc.Data ?? "missing"}).";
            await LoadAsync(ct);
            return Page();
        }
        var nb = await notebooks.CreateAsync(found.Value.Doc.Title, dataset.Id, NotebookDocument.FromReport(found.Value.Doc), ct);
        return Redirect($"/Analysis/{nb.Id}");
    }

    public async Task<IActionResult> OnPostDuplicateAsync(string id, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        var copy = await notebooks.DuplicateAsync(id, ct);
        return Redirect($"/Analysis/{copy.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        await notebooks.DeleteAsync(id, ct);
        return Redirect("/Analysis");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Notebooks = await notebooks.ListAsync(publishedOnly: !CanEdit, dataId: null, ct);
        if (CanEdit)
        {
            Datasets = await catalog.ListAsync(ct);
            Reports = reports.List();
        }
    }
}
