using DataCharts.Core.Ask;
using DataCharts.Core.Reports;
using Microsoft.AspNetCore.Mvc;

namespace DataCharts.Web.Pages.Reports;

/// <summary>
/// A report page from <c>pages/{slug}.md</c>: inputs from the query string, blocks evaluated through the guard, errors
/// inline; the fragment handlers come from <see cref="LiveDocumentModel"/>.
/// </summary>
public sealed class ViewModel(ReportLibrary library, ReportEvaluator evaluator, ResultExport export, DataCharts.Web.Pages.Shared.ResultFormats formats)
    : LiveDocumentModel(evaluator, export, formats)
{
    public ReportFile Report { get; private set; } = null!;
    public IReadOnlyList<ReportFile> All { get; private set; } = [];
    public override string BaseUrl => "/reports/" + Uri.EscapeDataString(Report.Slug);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await EvaluateAsync(null, ct) is null) return NotFound();
        All = library.List();
        return Page();
    }

    protected override Task<LiveSource?> SourceAsync(CancellationToken ct)
    {
        var found = library.Find(RouteData.Values["slug"] as string ?? "");
        if (found is null) return Task.FromResult<LiveSource?>(null);
        Report = found.Value.File;
        return Task.FromResult<LiveSource?>(new LiveSource(found.Value.Doc, null, Report.Slug));
    }
}
