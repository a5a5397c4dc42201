using DataCharts.Core.Agent;
using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Notebooks;

/// <summary>An edit that lost a race: someone (another tab, another person) saved first. Nothing is overwritten (409).</summary>
public sealed class NotebookConflictException(string message) : UserFacingException(message, 409, "Edit conflict");

/// <summary>
/// Notebooks: create, rename, duplicate, publish, delete; cell edits with optimistic concurrency (a cell's own revision,
/// and the notebook's version for structural changes); pinning chat answers; asking question cells.
/// </summary>
public sealed class NotebookService(IDbContextFactory<AppDbContext> db, DatasetCatalog catalog, AskService ask, ChartStore charts, TimeProvider clock)
{
    public const int MaxCells = 200;
    public const int MaxSourceLength = 100_000;

    public static string NewId() => "nb_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Notebooks, newest first: only published ones if asked, only those of one dataset if <paramref name="dataId"/> is given.</summary>
    public async Task<IReadOnlyList<NotebookRecord>> ListAsync(bool publishedOnly, string? dataId, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var q = ctx.Notebooks.AsNoTracking();
        if (publishedOnly) q = q.Where(n => n.Published);
        if (dataId is not null) q = q.Where(n => n.DataId == dataId);
        return await q.OrderByDescending(n => n.UpdatedAt).ToListAsync(ct);
    }

    /// <summary>
    /// Does a published notebook show this chat answer (a message id) or its chart (a chart id)? Viewers may download
    /// exactly those: what a notebook they can open shows, and nothing else from Chat.
    /// </summary>
    public async Task<bool> PublishedNotebookShowsAsync(string messageOrChartId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(messageOrChartId)) return false;
        await using var ctx = await db.CreateDbContextAsync(ct);
        // The text match narrows the candidates in SQL; the cells then decide (the id must be a pin the cell still shows).
        var candidates = await ctx.Notebooks.AsNoTracking()
            .Where(n => n.Published && n.CellsJson.Contains(messageOrChartId))
            .ToListAsync(ct);
        return candidates.Any(n => n.Cells.Any(c => c.ShownAnswer is { } p && (p.MessageId == messageOrChartId || p.ChartId == messageOrChartId)));
    }

    public async Task<NotebookRecord> GetAsync(string id, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        return await ctx.Notebooks.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new NotFoundException($"No notebook with id '{id}'.");
    }

    public async Task<NotebookRecord> CreateAsync(string title, string dataId, IReadOnlyList<NotebookCell>? cells, CancellationToken ct)
    {
        var dataset = await catalog.FindByIdOrNameAsync(dataId, ct) ?? throw new NotFoundException($"No dataset with id or name '{dataId}'.");
        var now = clock.GetUtcNow().UtcDateTime;
        var nb = new NotebookRecord
        {
            Id = NewId(),
            Title = CleanTitle(title),
            DataId = dataset.Id,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            Cells = Validate(cells ?? [new NotebookCell(NotebookCell.NewId(), CellKind.Markdown, $"# {CleanTitle(title)}\n\nNotes about {dataset.Name}.")]),
        };
        await using var ctx = await db.CreateDbContextAsync(ct);
        ctx.Notebooks.Add(nb);
        await ctx.SaveChangesAsync(ct);
        return nb;
    }

    public Task<NotebookRecord> RenameAsync(string id, string title, CancellationToken ct) =>
        ChangeAsync(id, null, nb => nb.Title = CleanTitle(title), ct);

    public Task<NotebookRecord> PublishAsync(string id, bool published, CancellationToken ct) =>
        ChangeAsync(id, null, nb => nb.Published = published, ct);

    public async Task<NotebookRecord> DuplicateAsync(string id, CancellationToken ct)
    {
        var source = await GetAsync(id, ct);
        return await CreateAsync("Copy of " + source.Title, source.DataId,
            source.Cells.Select(c => c with { Id = NotebookCell.NewId(), Rev = 0 }).ToList(), ct);
    }

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var n = await ctx.Notebooks.Where(n => n.Id == id).ExecuteDeleteAsync(ct);
        if (n == 0) throw new NotFoundException($"No notebook with id '{id}'.");
    }

    /// <summary>Saves one cell's text if nobody changed that cell since revision <paramref name="rev"/>.</summary>
    public Task<NotebookRecord> SaveCellAsync(string id, string cellId, string source, string? name, int rev, CancellationToken ct) =>
        ChangeAsync(id, null, nb =>
        {
            var cells = nb.Cells;
            var i = IndexOf(cells, cellId);
            // A save of exactly what is stored changes nothing, whichever revision it was typed at (the autosave of text that
            // Ask or Run already saved).
            if (cells[i].Source == source && (CleanName(name) ?? cells[i].Name) == cells[i].Name) return;
            if (cells[i].Rev != rev)
                throw new NotebookConflictException("This cell was changed in another tab or by someone else since you opened it. " +
                    "Your text is still in the editor: copy it, then reload to see the other version.");
            if (source.Length > MaxSourceLength) throw new UserFacingException($"A cell holds at most {MaxSourceLength:N0} characters.", 422);
            cells[i] = cells[i] with { Source = source, Name = CleanName(name) ?? cells[i].Name, Rev = rev + 1 };
            nb.Cells = Validate(cells);
        }, ct);

    /// <summary>
    /// The API's PUT: title, publication and every cell in one save, if the notebook is still at <paramref name="version"/>.
    /// Cells keep their revision and snapshot when their id survives.
    /// </summary>
    public Task<NotebookRecord> UpdateAsync(string id, long version, string? title, bool? published, IReadOnlyList<NotebookCell>? cells, CancellationToken ct) =>
        ChangeAsync(id, version, nb =>
        {
            if (title is not null) nb.Title = CleanTitle(title);
            if (published is { } p) nb.Published = p;
            if (cells is null) return;
            var old = nb.Cells.ToDictionary(c => c.Id);
            nb.Cells = Validate(cells.Select(c => c with
            {
                Id = string.IsNullOrWhiteSpace(c.Id) ? NotebookCell.NewId() : c.Id,
                Rev = old.TryGetValue(c.Id, out var o) ? o.Rev + (o.Source == c.Source ? 0 : 1) : 0,
                Snapshot = old.TryGetValue(c.Id, out var s) ? s.Snapshot : null,
                // Kept from the stored cell only (clients cannot claim a pin); it counts while the SQL and chart are unchanged.
                Pinned = old.TryGetValue(c.Id, out var q) ? q.Pinned : null,
            }).ToList());
        }, ct);

    public async Task<NotebookRecord> AddCellAsync(string id, CellKind kind, string? afterCellId, CancellationToken ct)
    {
        var dataset = await catalog.FindAsync((await GetAsync(id, ct)).DataId, ct);
        var table = dataset?.Tables.FirstOrDefault()?.Name ?? "your_table";
        return await ChangeAsync(id, null, nb =>
        {
            var cells = nb.Cells;
            var at = afterCellId is null ? cells.Count : IndexOf(cells, afterCellId) + 1;
            cells.Insert(at, Template(kind, cells, table));
            nb.Cells = Validate(cells);
        }, ct);
    }

    public Task<NotebookRecord> RemoveCellAsync(string id, string cellId, CancellationToken ct) =>
        ChangeAsync(id, null, nb =>
        {
            var cells = nb.Cells;
            cells.RemoveAt(IndexOf(cells, cellId));
            nb.Cells = cells;
        }, ct);

    /// <summary>Moves a cell to a new position (0-based, clamped).</summary>
    public Task<NotebookRecord> MoveCellAsync(string id, string cellId, int to, CancellationToken ct) =>
        ChangeAsync(id, null, nb =>
        {
            var cells = nb.Cells;
            var i = IndexOf(cells, cellId);
            var cell = cells[i];
            cells.RemoveAt(i);
            cells.Insert(Math.Clamp(to, 0, cells.Count), cell);
            nb.Cells = cells;
        }, ct);

    /// <summary>Records what runs gave, without touching the text (a run never conflicts with an edit).</summary>
    public Task<NotebookRecord> RecordRunsAsync(string id, IReadOnlyDictionary<string, CellSnapshot> snapshots, CancellationToken ct) =>
        ChangeAsync(id, null, nb =>
        {
            nb.Cells = nb.Cells.Select(c => snapshots.TryGetValue(c.Id, out var s) && s.SourceHash == NotebookDocument.Hash(c.RunText) ? c with { Snapshot = s } : c).ToList();
        }, ct, touch: false);

    /// <summary>Asks the agent a question cell's question; the cell keeps the SQL, chart and answer, to run again later.</summary>
    public async Task<NotebookRecord> AskCellAsync(string id, string cellId, CancellationToken ct)
    {
        var nb = await GetAsync(id, ct);
        var cell = nb.Cells[IndexOf(nb.Cells, cellId)];
        if (cell.Kind != CellKind.Question) throw new UserFacingException("Only question cells are asked.", 422);
        if (cell.Source.Trim().Length == 0) throw new UserFacingException("Write a question first.", 422);
        // The cell keeps what the agent gave; a notebook question is no Chat conversation.
        var result = await ask.AskAsync(new AskRequest(nb.DataId, cell.Source.Trim()) { Save = false }, _ => { }, ct);
        if (result.Sql is null) throw new UserFacingException(result.Answer, 422, "The question could not be answered");
        var spec = result.ChartSpec;
        var name = cell.Name ?? UniqueName("answer", nb.Cells);
        return await ChangeAsync(id, null, n =>
        {
            var cells = n.Cells;
            var i = IndexOf(cells, cellId);
            cells[i] = cells[i] with { Name = name, Sql = result.Sql, Chart = spec is null ? null : ChartBody(name, spec), Answer = result.Answer, Rev = cells[i].Rev + 1 };
            n.Cells = cells;
        }, ct);
    }

    /// <summary>Adds a chat answer (question, SQL, chart, narrative) to a notebook as a question cell.</summary>
    public async Task<NotebookRecord> PinAsync(string id, string messageId, CancellationToken ct)
    {
        var (message, _, outcome) = await ask.RowsAsync(messageId, ct);
        var spec = message.ChartId is null ? null : ChartStore.Spec(await charts.GetAsync(message.ChartId, ct));
        return await ChangeAsync(id, null, nb =>
        {
            var cells = nb.Cells;
            var name = UniqueName("answer", cells);
            var cell = new NotebookCell(NotebookCell.NewId(), CellKind.Question, message.Question, name, message.Sql,
                spec is null ? null : ChartBody(name, spec), message.Answer);
            var hash = NotebookDocument.Hash(cell.RunText);
            cells.Add(cell with
            {
                Snapshot = new CellSnapshot(outcome.Result.Rows.Count, outcome.Elapsed.TotalMilliseconds, clock.GetUtcNow().UtcDateTime, hash),
                Pinned = new PinnedAnswer(message.Id, message.ChartId, hash),
            });
            nb.Cells = Validate(cells);
        }, ct);
    }

    /// <summary>A chart spec as the <c>key: value</c> body of a chart cell.</summary>
    public static string ChartBody(string data, Charts.ChartSpec spec)
    {
        var lines = new List<string> { "data: " + data, "type: " + System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(spec.Type.ToString()) };
        if (spec.X is not null) lines.Add("x: " + spec.X);
        if (spec.Y.Count > 0) lines.Add("y: " + string.Join(", ", spec.Y));
        if (spec.Series is not null) lines.Add("series: " + spec.Series);
        if (!string.IsNullOrWhiteSpace(spec.Title)) lines.Add("title: " + spec.Title.Replace('\n', ' '));
        return string.Join('\n', lines);
    }

    private async Task<NotebookRecord> ChangeAsync(string id, long? expectedVersion, Action<NotebookRecord> change, CancellationToken ct, bool touch = true)
    {
        // A concurrent save of another cell makes SaveChanges fail on the version; load again and re-apply (the
        // cell-level checks inside `change` still refuse a real conflict).
        for (var attempt = 0; ; attempt++)
        {
            await using var ctx = await db.CreateDbContextAsync(ct);
            var nb = await ctx.Notebooks.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException($"No notebook with id '{id}'.");
            if (expectedVersion is { } v && nb.Version != v)
                throw new NotebookConflictException($"The notebook is at version {nb.Version}, not {v}: someone saved it since you loaded it. Load it again and re-apply your change.");
            change(nb);
            nb.Version++;
            if (touch) nb.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await ctx.SaveChangesAsync(ct);
                return nb;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4 && expectedVersion is null)
            {
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new NotebookConflictException("Someone saved the notebook at the same moment. Load it again and re-apply your change.");
            }
        }
    }

    private static int IndexOf(List<NotebookCell> cells, string cellId)
    {
        var i = cells.FindIndex(c => c.Id == cellId);
        return i >= 0 ? i : throw new NotFoundException($"No cell '{cellId}' in this notebook (it may have been deleted in another tab).");
    }

    private static NotebookCell Template(CellKind kind, List<NotebookCell> cells, string table) => kind switch
    {
        CellKind.Sql => new(NotebookCell.NewId(), kind, $"SELECT *\nFROM {Datasets.Identifiers.Quote(table)}\nLIMIT 100", UniqueName("query", cells)),
        CellKind.Chart => new(NotebookCell.NewId(), kind, $"data: {cells.LastOrDefault(c => c.Kind is CellKind.Sql or CellKind.Question && c.Name is not null)?.Name ?? "query1"}\ntype: bar\nx: \ny: "),
        CellKind.Input => new(NotebookCell.NewId(), kind, "type: select\noptions: A, B, C\ndefault: A", UniqueName("choice", cells)),
        CellKind.Question => new(NotebookCell.NewId(), kind, "", null),
        _ => new(NotebookCell.NewId(), CellKind.Markdown, "Write notes in **Markdown**."),
    };

    private static string UniqueName(string stem, IEnumerable<NotebookCell> cells)
    {
        var taken = cells.Select(c => c.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var n = 1; ; n++)
            if (!taken.Contains(stem + n)) return stem + n;
    }

    private static List<NotebookCell> Validate(IReadOnlyList<NotebookCell> cells)
    {
        if (cells.Count > MaxCells) throw new UserFacingException($"A notebook holds at most {MaxCells} cells.", 422);
        foreach (var c in cells)
        {
            if (!Enum.IsDefined(c.Kind)) throw new UserFacingException($"Unknown cell kind in cell '{c.Id}'.", 422) { Field = "kind" };
            if ((c.Source ?? "").Length > MaxSourceLength) throw new UserFacingException($"A cell holds at most {MaxSourceLength:N0} characters.", 422);
        }
        var ids = cells.Select(c => c.Id).ToList();
        if (ids.Distinct().Count() != ids.Count) throw new UserFacingException("Two cells have the same id.", 422) { Field = "cells" };
        return cells.Select(c => c with { Source = c.Source ?? "" }).ToList();
    }

    private static string CleanTitle(string? title)
    {
        var t = (title ?? "").Trim();
        if (t.Length == 0) throw new UserFacingException("A notebook needs a title.", 422) { Field = "title" };
        return t.Length > 200 ? t[..200] : t;
    }

    private static string? CleanName(string? name)
    {
        var n = name?.Trim();
        if (string.IsNullOrEmpty(n)) return null;
        if (!System.Text.RegularExpressions.Regex.IsMatch(n, "^[A-Za-z][A-Za-z0-9_]{0,62}$"))
            throw new UserFacingException($"\"{n}\" cannot be a cell name: use letters, digits and underscores, starting with a letter.", 422) { Field = "name" };
        return n;
    }
}
