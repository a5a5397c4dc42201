using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Pages.Analysis;

/// <summary>A notebook evaluated for export: its run, and each chart as a PNG data URI so the file opens offline.</summary>
public sealed record NotebookExportView(NotebookRecord Notebook, string DataName, ReportRun Run,
    IReadOnlyDictionary<string, IReadOnlyList<int>> CellBlocks, IReadOnlyDictionary<int, string> Charts, DateTime GeneratedAt)
{
    public const int MaxRows = 500;
}

/// <summary>Standalone HTML of a notebook (styles, tables and charts inline; no scripts, no outside requests).</summary>
public sealed class NotebookExport(ReportEvaluator evaluator, DatasetCatalog catalog, PartialRenderer partials, TimeProvider clock)
{
    public async Task<string> HtmlAsync(HttpContext http, NotebookRecord nb, CancellationToken ct)
    {
        var (doc, owned) = NotebookDocument.ToReport(nb.Title, nb.DataId, nb.Cells);
        var dataset = await catalog.FindAsync(nb.DataId, ct);
        var run = await evaluator.RunAsync(doc, Pages.Reports.ReportUrls.Values(http.Request.Query), null, dataset, ct);
        var charts = run.Charts.Where(c => c.Value.Spec is not null && c.Value.Data!.Rows.Count > 0)
            .ToDictionary(c => c.Key, c => "data:image/png;base64," + Convert.ToBase64String(ChartRenderer.Render(c.Value.Spec!, c.Value.Data!, ChartFormat.Png)));
        var view = new NotebookExportView(nb, dataset?.Name ?? nb.DataId, run, owned, charts, clock.GetUtcNow().UtcDateTime);
        return await partials.RenderAsync(http, "/Pages/Analysis/Partials/_ExportHtml.cshtml", view);
    }
}
