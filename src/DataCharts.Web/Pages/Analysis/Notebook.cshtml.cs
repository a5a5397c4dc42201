using DataCharts.Web.Accounts;
using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Reports;
using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace DataCharts.Web.Pages.Analysis;

/// <summary>
/// A notebook: cells edited in place with autosave (a cell's revision guards against another tab's edits), run one at a
/// time or all, reordered, published, saved as a report file. Inputs re-run only the cells that use them.
/// </summary>
public sealed class NotebookModel(NotebookService notebooks, DatasetCatalog catalog, ReportEvaluator evaluator, ResultExport export,
    ReportLibrary reports, NotebookRunner runner, TimeProvider clock, DataCharts.Web.Pages.Shared.ResultFormats formats) : LiveDocumentModel(evaluator, export, formats)
{
    public NotebookRecord Notebook { get; private set; } = null!;
    public DatasetRecord? Dataset { get; private set; }
    public IReadOnlyDictionary<string, IReadOnlyList<int>> CellBlocks { get; private set; } = new Dictionary<string, IReadOnlyList<int>>();
    public bool CanEdit => User.CanEdit();

    /// <summary>Why the question of the cell just asked got no answer; it shows in that cell.</summary>
    public (string CellId, string Message)? AskError { get; private set; }
    public override string BaseUrl => "/Analysis/" + Notebook.Id;

    private string Id => RouteData.Values["id"] as string ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await EvaluateAsync(null, ct) is null) return NotFound();
        return Page();
    }

    public CellView Cell(NotebookCell cell, int position)
    {
        var blocks = CellBlocks.GetValueOrDefault(cell.Id, []).Select(i => Run.Document.Blocks[i]).ToList();
        var stale = NotebookDocument.IsStale(cell);
        // A query cell fails when its SQL cannot be read, or its last evaluation (this one, else the snapshot) failed.
        string? error = null;
        if (cell.Kind is CellKind.Sql or CellKind.Question)
        {
            error = blocks.OfType<ErrorBlock>().FirstOrDefault()?.Message;
            if (error is null && blocks.OfType<SqlBlock>().FirstOrDefault() is { } sql)
                error = Run.Queries.TryGetValue(sql.Index, out var outcome) ? outcome.Error : stale ? null : cell.Snapshot?.Error;
        }
        return new CellView(this, cell, position, blocks.Select(b => View(b)).ToList(), stale, error);
    }

    /// <summary>
    /// The results a chart cell at <paramref name="position"/> may draw: named query and question cells above it, with their
    /// columns when they have run (null when not: the builder then asks to run them).
    /// </summary>
    public IReadOnlyList<ChartSource> ChartSources(int position)
    {
        var sources = new List<ChartSource>();
        foreach (var c in Notebook.Cells.Take(position))
        {
            if (c.Kind is not (CellKind.Sql or CellKind.Question) || c.Name is null) continue;
            var sql = CellBlocks.GetValueOrDefault(c.Id, []).Select(i => Run.Document.Blocks[i]).OfType<SqlBlock>().FirstOrDefault();
            var columns = sql is not null && Run.Queries.GetValueOrDefault(sql.Index)?.Query is { } q
                ? q.Result.Columns.Select(col => new ChartColumn(col.Name, col.Type is ColumnType.Integer or ColumnType.Decimal)).ToList()
                : null;
            sources.RemoveAll(s => string.Equals(s.Name, c.Name, StringComparison.OrdinalIgnoreCase));
            sources.Add(new ChartSource(c.Name, columns));
        }
        return sources;
    }

    protected override async Task<LiveSource?> SourceAsync(CancellationToken ct)
    {
        try { Notebook = await notebooks.GetAsync(Id, ct); }
        catch (NotFoundException) { return null; }
        if (!CanEdit && !Notebook.Published) return null;
        var cells = Notebook.Cells;
        Dataset = await catalog.FindAsync(Notebook.DataId, ct);
        var (doc, owned) = NotebookDocument.ToReport(Notebook.Title, Notebook.DataId, cells);
        CellBlocks = owned;
        var stale = cells.Where(NotebookDocument.IsStale).SelectMany(c => owned[c.Id]).ToHashSet();
        var runnable = doc.Blocks.Select(b => b.Index).Where(i => !stale.Contains(i)).ToHashSet();
        return new LiveSource(doc, Dataset, Downloads.FileName(Notebook.Title), runnable);
    }

    /// <summary>Autosave of one cell (keyup, debounced). Markdown, chart and input cells re-render as a live preview.</summary>
    public async Task<IActionResult> OnPostSaveCellAsync(string cell, string? source, string? name, int rev, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        try
        {
            await notebooks.SaveCellAsync(Id, cell, source ?? "", name, rev, ct);
            var live = (await SourceAsync(ct))!;
            await EvaluateAsync(live, CellBlocks.GetValueOrDefault(cell, []).ToHashSet(), ct);
            var cells = Notebook.Cells;
            var position = cells.FindIndex(c => c.Id == cell);
            return Partial("Partials/_CellSaved", new CellSavedView(Cell(cells[position], position), $"Saved {clock.GetLocalNow():HH:mm:ss}", null));
        }
        catch (NotebookConflictException ex)
        {
            return Partial("Partials/_CellSaved", new CellSavedView(null, null, ex.Message) { CellId = cell });
        }
    }

    /// <summary>Runs one cell (or every cell) and records the snapshots; a question cell without SQL is asked first.</summary>
    public async Task<IActionResult> OnPostRunAsync(string? cell, bool ask, string? source, int? rev, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        if (ask && cell is not null && source is not null && rev is not null)
        {
            // "Ask" may come before the debounced autosave: save the question it shows first.
            try { await notebooks.SaveCellAsync(Id, cell, source, null, rev.Value, ct); }
            catch (NotebookConflictException ex) { return await CellsAsync(ex.Message, ct); }
        }
        // The run's own evaluation is what the cells show: after it, the cells it ran are no longer stale.
        var result = await runner.RunAsync(Id, cell, ask, ReportUrls.Values(Request), ct);
        (Notebook, CellBlocks, Run) = (result.Notebook, result.CellBlocks, result.Run);
        if (result.Error is not null && cell is not null)
        {
            AskError = (cell, result.Error);
            return Partial("Partials/_Cells", new CellsView(this, null));
        }
        return Partial("Partials/_Cells", new CellsView(this, result.Error));
    }

    public async Task<IActionResult> OnPostAddAsync(string? kind, string? after, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        // Parsed here, not bound: a kind the binder cannot read would otherwise silently become Markdown.
        if (!Enum.TryParse<CellKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k) || int.TryParse(kind, out _))
            throw new UserFacingException($"\"{kind}\" is not a cell kind: use {string.Join(", ", Enum.GetNames<CellKind>())}.") { Field = "kind" };
        await notebooks.AddCellAsync(Id, k, after, ct);
        return await CellsAsync(null, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string cell, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        await notebooks.RemoveCellAsync(Id, cell, ct);
        return await CellsAsync(null, ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(string cell, int to, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        await notebooks.MoveCellAsync(Id, cell, to, ct);
        return await CellsAsync(null, ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(string? title, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        try
        {
            await notebooks.RenameAsync(Id, title ?? "", ct);
            return Content($"Saved {clock.GetLocalNow():HH:mm:ss}");
        }
        catch (UserFacingException ex) { return Content(ex.Message); }
    }

    public async Task<IActionResult> OnPostPublishAsync(bool published, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        await notebooks.PublishAsync(Id, published, ct);
        return Content(published ? "Published: viewers can open it read-only." : "Not published: only analysts see it.");
    }

    /// <summary>Writes the notebook as <c>pages/{name}.md</c>, so it becomes a report page.</summary>
    public async Task<IActionResult> OnPostSaveAsReportAsync(string? file, bool overwrite, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        Notebook = await notebooks.GetAsync(Id, ct);
        var dataset = await catalog.FindAsync(Notebook.DataId, ct);
        var slug = ReportLibrary.Slug(string.IsNullOrWhiteSpace(file) ? Notebook.Title : Path.GetFileNameWithoutExtension(file));
        if (slug.Length == 0) return Partial("Partials/_SaveReport", new SaveReportView(null, "Give the report a file name made of letters or digits.", null));
        var path = Path.Combine(reports.Folder, slug + ".md");
        if (System.IO.File.Exists(path) && !overwrite)
            return Partial("Partials/_SaveReport", new SaveReportView(null, $"pages/{slug}.md already exists.", slug));
        var text = NotebookDocument.ToMarkdown(Notebook.Title, dataset?.Name ?? Notebook.DataId, Notebook.Cells);
        var temp = path + ".tmp";
        await System.IO.File.WriteAllTextAsync(temp, text, ct);
        System.IO.File.Move(temp, path, overwrite: true);
        return Partial("Partials/_SaveReport", new SaveReportView("/reports/" + slug, null, null));
    }

    private async Task<IActionResult> CellsAsync(string? error, CancellationToken ct)
    {
        await EvaluateAsync(null, ct);
        return Partial("Partials/_Cells", new CellsView(this, error));
    }
}

/// <summary>One cell as the page shows it: its blocks' views, whether its last run is out of date, and why its query failed.</summary>
public sealed record CellView(NotebookModel Page, NotebookCell Cell, int Position, IReadOnlyList<BlockView> Blocks, bool Stale, string? Error = null)
{
    public bool Failed => Error is not null;
}

/// <summary>A result a chart cell may draw, and its columns (null until it has run).</summary>
public sealed record ChartSource(string Name, IReadOnlyList<ChartColumn>? Columns);

/// <summary>A column of a chart source; numeric ones are offered first for y.</summary>
public sealed record ChartColumn(string Name, bool Numeric);

/// <summary>All cells, with an error from the last action if any.</summary>
public sealed record CellsView(NotebookModel Page, string? Error);

/// <summary>After an autosave: the saved cell (for its new revision and preview), or the conflict message.</summary>
public sealed record CellSavedView(CellView? Cell, string? Status, string? Conflict)
{
    public string CellId { get; init; } = Cell?.Cell.Id ?? "";
}

/// <summary>Where the report file was written, or why not (and whether overwriting would help).</summary>
public sealed record SaveReportView(string? Url, string? Error, string? ExistingSlug);
