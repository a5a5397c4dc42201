using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Core.Reports;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Shared;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Reports;

/// <summary>
/// A report page from <c>pages/{slug}.md</c>: inputs from the query string, blocks evaluated through the guard, errors
/// inline. Changing an input asks <see cref="OnGetBlocksAsync"/> for just the blocks that depend on it.
/// </summary>
public sealed class ViewModel(ReportLibrary library, ReportEvaluator evaluator, ResultExport export) : PageModel
{
    public ReportFile Report { get; private set; } = null!;
    public ReportRun Run { get; private set; } = null!;
    public IReadOnlyList<ReportFile> All { get; private set; } = [];
    public string BaseUrl => "/reports/" + Uri.EscapeDataString(Report.Slug);
    public string Query => ReportUrls.Query(Run);

    public BlockView View(ReportBlock block, bool outOfBand = false) => new(Run, block, BaseUrl, Query, outOfBand);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, null, ct)) return NotFound();
        All = library.List();
        return Page();
    }

    /// <summary>After an input changes: the input and the blocks that use it, swapped out of band; the URL follows.</summary>
    public async Task<IActionResult> OnGetBlocksAsync(string slug, [FromQuery(Name = "_changed")] string? changed, CancellationToken ct)
    {
        var doc = library.Find(slug)?.Doc;
        if (doc is null) return NotFound();
        var names = (changed ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var affected = ReportEvaluator.Affected(doc, names).ToHashSet();
        foreach (var name in names)
            if (doc.Input(name) is { } input) affected.Add(input.Index);
        await LoadAsync(slug, affected, ct);
        Response.Htmx(h => h.PushUrl(BaseUrl + (Query.Length > 0 ? "?" + Query : "")));
        return Partial("/Pages/Reports/Partials/_Changed.cshtml",
            new ChangedBlocksView(Run.Document.Blocks.Where(b => affected.Contains(b.Index)).Select(b => View(b, outOfBand: true)).ToList()));
    }

    public async Task<IActionResult> OnGetRowsAsync(string slug, int block, [FromQuery(Name = "_page")] int page, CancellationToken ct)
    {
        if (!await LoadAsync(slug, new HashSet<int> { block }, ct)) return NotFound();
        var outcome = Run.Queries.GetValueOrDefault(block)?.Query;
        if (outcome is null) return NotFound();
        var id = $"block-{block}-rows";
        return Partial("_ResultTable", ResultTableView.Of(id, p => View(Run.Document.Blocks[block]).Handler("Rows", "&_page=" + p), outcome, page));
    }

    public async Task<IActionResult> OnGetChartAsync(string slug, int block, [FromQuery(Name = "_format")] string? format,
        [FromQuery(Name = "_dark")] bool dark, [FromQuery(Name = "_download")] bool download, CancellationToken ct)
    {
        var f = Downloads.ImageFormat(format);
        if (!await LoadAsync(slug, new HashSet<int> { block }, ct)) return NotFound();
        var chart = Run.Charts.GetValueOrDefault(block);
        if (chart?.Spec is null) return NotFound();
        var bytes = ChartRenderer.Render(chart.Spec, chart.Data!, f, dark: dark);
        var name = Downloads.FileName($"{Report.Slug}-{chart.Spec.Title ?? "chart-" + block}");
        return new FileContentResult(bytes, f == ChartFormat.Png ? "image/png" : "image/svg+xml") { FileDownloadName = download ? $"{name}.{f.ToString().ToLowerInvariant()}" : null };
    }

    public async Task<IActionResult> OnGetExportAsync(string slug, int block, [FromQuery(Name = "_format")] string? format, CancellationToken ct)
    {
        ResultExport.Parse(format);
        if (!await LoadAsync(slug, new HashSet<int> { block }, ct)) return NotFound();
        if (Run.Queries.GetValueOrDefault(block) is not { Query: { } q } || Run.Document.Blocks[block] is not SqlBlock sql) return NotFound();
        await Downloads.WriteRowsAsync(HttpContext, export, q.Result, format, Downloads.FileName($"{Report.Slug}-{sql.Name ?? "rows"}"), ct);
        return new EmptyResult();
    }

    private async Task<bool> LoadAsync(string slug, IReadOnlySet<int>? only, CancellationToken ct)
    {
        var found = library.Find(slug);
        if (found is null) return false;
        Report = found.Value.File;
        Run = await evaluator.RunAsync(found.Value.Doc, ReportUrls.Values(Request.Query), only, ct: ct);
        return true;
    }
}
