using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Reports;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Shared;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Reports;

/// <summary>The document a live page shows: its blocks, its dataset (or null to use the front matter's) and a download name.</summary>
public sealed record LiveSource(ReportDocument Doc, DatasetRecord? Dataset, string FileBase, IReadOnlySet<int>? Runnable = null);

/// <summary>
/// What report pages and notebooks share: blocks evaluated with the URL's input values, and the fragment handlers —
/// Blocks (after an input change: only the live parts of dependent blocks, out of band, and the URL pushed), Rows (a page of a table),
/// Chart (PNG/SVG) and Export (CSV/XLSX/JSON/Parquet).
/// </summary>
public abstract class LiveDocumentModel(ReportEvaluator evaluator, ResultExport export, ResultFormats formats) : PageModel
{
    public ReportRun Run { get; protected set; } = null!;
    public abstract string BaseUrl { get; }
    public string Query => ReportUrls.Query(Run);

    /// <summary>Reads the document named by the route; null when there is none (404).</summary>
    protected abstract Task<LiveSource?> SourceAsync(CancellationToken ct);

    public BlockView View(ReportBlock block, bool outOfBand = false) => new(Run, block, BaseUrl, Query, outOfBand);

    /// <summary>Reads the document and evaluates the blocks in <paramref name="only"/> (all runnable ones when null).</summary>
    protected async Task<LiveSource?> EvaluateAsync(IReadOnlySet<int>? only, CancellationToken ct)
    {
        var source = await SourceAsync(ct);
        if (source is not null) await EvaluateAsync(source, only, ct);
        return source;
    }

    /// <summary>Evaluates the blocks in <paramref name="only"/> of a document already read (all runnable ones when null).</summary>
    protected async Task EvaluateAsync(LiveSource source, IReadOnlySet<int>? only, CancellationToken ct)
    {
        var set = only ?? source.Runnable;
        if (only is not null && source.Runnable is not null) set = only.Where(source.Runnable.Contains).ToHashSet();
        Run = await evaluator.RunAsync(source.Doc, ReportUrls.Values(Request), set, source.Dataset, ct);
    }

    public async Task<IActionResult> OnGetBlocksAsync([FromQuery(Name = "_changed")] string? changed, CancellationToken ct)
    {
        var source = await SourceAsync(ct);
        if (source is null) return NotFound();
        var names = (changed ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var affected = ReportEvaluator.Affected(source.Doc, names).ToHashSet();
        await EvaluateAsync(source, affected, ct);
        // The browser already shows the input as changed; it comes back only to show why a value was refused.
        foreach (var name in names)
            if (source.Doc.Input(name) is { } input && Run.Inputs[input.Name].Error is not null) affected.Add(input.Index);
        Response.Htmx(h => h.PushUrl(BaseUrl + (Query.Length > 0 ? "?" + Query : "")));
        return Partial("/Pages/Reports/Partials/_Changed.cshtml",
            new ChangedBlocksView(Run.Document.Blocks.Where(b => affected.Contains(b.Index)).Select(b => View(b, outOfBand: true)).ToList()));
    }

    public async Task<IActionResult> OnGetRowsAsync(int block, [FromQuery(Name = "_page")] int page, CancellationToken ct)
    {
        if (await EvaluateAsync(new HashSet<int> { block }, ct) is null || block < 0 || block >= Run.Document.Blocks.Count) return NotFound();
        if (Run.Queries.GetValueOrDefault(block)?.Query is not { } outcome) return NotFound();
        var view = View(Run.Document.Blocks[block]);
        var format = formats.For(HttpContext, Run.Dataset, outcome.Result);
        return Partial("_ResultTable", ResultTableView.Of(view.Id + "-rows", p => view.Handler("Rows", "&_page=" + p), outcome, page, format));
    }

    public async Task<IActionResult> OnGetChartAsync(int block, [FromQuery(Name = "_format")] string? format,
        [FromQuery(Name = "_dark")] bool dark, [FromQuery(Name = "_download")] bool download,
        [FromQuery(Name = "_x0")] string? x0, [FromQuery(Name = "_x1")] string? x1, CancellationToken ct)
    {
        var f = Downloads.ImageFormat(format);
        var range = ChartZoom.Parse(x0, x1);
        var source = await EvaluateAsync(new HashSet<int> { block }, ct);
        if (source is null || Run.Charts.GetValueOrDefault(block) is not { Spec: { } spec, Data: { } data }) return NotFound();
        var bytes = InteractiveChart.Image(spec, data, f, InteractiveChart.DefaultWidth, InteractiveChart.DefaultHeight, dark, range);
        var name = Downloads.FileName($"{source.FileBase}-{spec.Title ?? "chart-" + block}");
        var (type, ext) = Downloads.Describe(f);
        return new FileContentResult(bytes, type) { FileDownloadName = download ? $"{name}.{ext}" : null };
    }

    /// <summary>
    /// A chart block redrawn for an x range (_x0, _x1; both absent resets) from the rows the block already has. Target: the
    /// block's figure (outerHTML). A bad range is a 400 with the whole chart and the reason inline.
    /// </summary>
    public async Task<IActionResult> OnGetChartZoomAsync(int block, [FromQuery(Name = "_x0")] string? x0, [FromQuery(Name = "_x1")] string? x1, CancellationToken ct)
    {
        if (await EvaluateAsync(new HashSet<int> { block }, ct) is null || block < 0 || block >= Run.Document.Blocks.Count
            || Run.Document.Blocks[block] is not ChartBlock) return NotFound();
        try
        {
            return Partial("/Pages/Reports/Partials/_Chart.cshtml", View(Run.Document.Blocks[block]) with { Zoom = ChartZoom.Parse(x0, x1) });
        }
        catch (UserFacingException ex)
        {
            var result = Partial("/Pages/Reports/Partials/_Chart.cshtml", View(Run.Document.Blocks[block]) with { ZoomError = ex.Message });
            result.StatusCode = StatusCodes.Status400BadRequest;
            return result;
        }
    }

    public async Task<IActionResult> OnGetExportAsync(int block, [FromQuery(Name = "_format")] string? format, CancellationToken ct)
    {
        ResultExport.Parse(format);
        var source = await EvaluateAsync(new HashSet<int> { block }, ct);
        if (source is null || Run.Dataset is not { } dataset || Run.Queries.GetValueOrDefault(block) is not { Query: { } q } outcome
            || Run.Document.Blocks[block] is not SqlBlock sql) return NotFound();
        await Downloads.WriteRowsAsync(HttpContext, export, dataset, q, outcome.Parameters, format, Downloads.FileName($"{source.FileBase}-{sql.Name ?? "rows"}"), ct);
        return new EmptyResult();
    }
}
