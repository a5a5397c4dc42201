using DataCharts.Core.Datasets;
using DataCharts.Core.Reports;

namespace DataCharts.Core.Notebooks;

/// <summary>The result of running cells: the evaluation, and per cell the block of its SQL.</summary>
public sealed record NotebookRun(NotebookRecord Notebook, ReportRun Run, IReadOnlyDictionary<string, IReadOnlyList<int>> CellBlocks, string? Error);

/// <summary>
/// Runs a notebook's cells — one or all — with input values: question cells not yet asked (or asked again) go to the
/// agent first, then every SQL runs through the guard, and each cell's snapshot (rows, time, when, text hash) is kept.
/// </summary>
public sealed class NotebookRunner(NotebookService notebooks, ReportEvaluator evaluator, DatasetCatalog catalog, TimeProvider clock)
{
    public async Task<NotebookRun> RunAsync(string id, string? cellId, bool askAgain, Func<string, IReadOnlyList<string>?> values, CancellationToken ct)
    {
        string? error = null;
        var nb = await notebooks.GetAsync(id, ct);
        if (cellId is not null && nb.Cells.All(c => c.Id != cellId)) throw new NotFoundException($"No cell '{cellId}' in this notebook.");
        foreach (var q in nb.Cells.Where(c => c.Kind == CellKind.Question && (c.Sql is null || askAgain) && (cellId is null || c.Id == cellId) && c.Source.Trim().Length > 0))
        {
            try { await notebooks.AskCellAsync(id, q.Id, ct); }
            catch (UserFacingException ex) when (ex is not NotFoundException) { error = ex.Message; }
        }
        nb = await notebooks.GetAsync(id, ct);
        var (doc, owned) = NotebookDocument.ToReport(nb.Title, nb.DataId, nb.Cells);
        var targets = nb.Cells.Where(c => (cellId is null || c.Id == cellId) && c.Kind is CellKind.Sql or CellKind.Question)
            .Select(c => (Cell: c, Block: owned[c.Id].Where(i => doc.Blocks[i] is SqlBlock).DefaultIfEmpty(-1).First()))
            .Where(t => t.Block >= 0).ToList();
        // Running all runs every block; running one cell (all its blocks: a question's chart too) also shows every cell that is not stale.
        var only = cellId is null
            ? doc.Blocks.Select(b => b.Index).ToHashSet()
            : nb.Cells.Where(c => !NotebookDocument.IsStale(c)).SelectMany(c => owned[c.Id]).Concat(targets.SelectMany(t => owned[t.Cell.Id])).ToHashSet();
        var run = await evaluator.RunAsync(doc, values, only, await catalog.FindAsync(nb.DataId, ct), ct);
        var snapshots = new Dictionary<string, CellSnapshot>();
        foreach (var (c, block) in targets)
        {
            var outcome = run.Queries.GetValueOrDefault(block);
            snapshots[c.Id] = new CellSnapshot(outcome?.Query?.Result.Rows.Count ?? 0, outcome?.Query?.Elapsed.TotalMilliseconds ?? 0,
                clock.GetUtcNow().UtcDateTime, NotebookDocument.Hash(c.RunText), outcome?.Error);
        }
        if (snapshots.Count > 0) nb = await notebooks.RecordRunsAsync(id, snapshots, ct);
        return new NotebookRun(nb, run, owned, error);
    }
}
