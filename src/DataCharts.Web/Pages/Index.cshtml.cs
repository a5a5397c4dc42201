using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Reports;
using DataCharts.Web.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages;

/// <summary>One recently touched thing on the Home page: what it is called, where it opens, when it last changed and a detail.</summary>
public sealed record RecentItem(string Title, string Href, DateTimeOffset At, string Detail);

/// <summary>Home: what DataCharts does and where you left off: recent datasets, conversations, notebooks and report pages.</summary>
public sealed class IndexModel(DatasetCatalog catalog, AskService ask, NotebookService notebooks, ReportLibrary reports, TimeProvider clock) : PageModel
{
    /// <summary>How many of each kind the lists show; the full lists are one click away.</summary>
    public const int Shown = 5;

    public IReadOnlyList<RecentItem> Datasets { get; private set; } = [];
    public IReadOnlyList<RecentItem> Conversations { get; private set; } = [];
    public IReadOnlyList<RecentItem> Notebooks { get; private set; } = [];
    public IReadOnlyList<RecentItem> Reports { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        // Viewers get the published notebooks and the reports, not the raw datasets and conversations behind them.
        var canEdit = User.CanEdit();
        if (canEdit)
        {
            var datasets = await catalog.ListAsync(ct);
            var names = datasets.ToDictionary(d => d.Id, d => d.Name);
            Datasets = [.. datasets.OrderByDescending(d => d.UpdatedAt).Take(Shown).Select(d => new RecentItem(d.Name, $"/Data?id={Uri.EscapeDataString(d.Id)}", d.UpdatedAt,
                $"{d.Tables.Count} table{(d.Tables.Count == 1 ? "" : "s")} · {d.Tables.Sum(t => t.RowCount):N0} rows"))];
            Conversations = [.. (await ask.ConversationsAsync(null, ct)).Take(Shown).Select(c => new RecentItem(c.Title, $"/Chat?c={Uri.EscapeDataString(c.Id)}", c.UpdatedAt,
                names.GetValueOrDefault(c.DataId) ?? ""))];
        }
        Notebooks = [.. (await notebooks.ListAsync(!canEdit, null, ct)).Take(Shown).Select(n => new RecentItem(n.Title, $"/Analysis/{Uri.EscapeDataString(n.Id)}",
            new DateTimeOffset(DateTime.SpecifyKind(n.UpdatedAt, DateTimeKind.Utc)), $"{n.Cells.Count} cell{(n.Cells.Count == 1 ? "" : "s")}{(n.Published ? " · published" : "")}"))];
        Reports = [.. reports.List().OrderByDescending(r => r.Modified).Take(Shown).Select(r => new RecentItem(r.Title, $"/reports/{Uri.EscapeDataString(r.Slug)}",
            new DateTimeOffset(DateTime.SpecifyKind(r.Modified, DateTimeKind.Utc)), System.IO.Path.GetFileName(r.Path)))];
    }
}

/// <summary>One list on the Home page: its items, where the full list is, and what to say and offer when it is empty.</summary>
public sealed record RecentList(string Id, string Title, IReadOnlyList<RecentItem> Items, DateTimeOffset Now, string AllHref, string AllText,
    string EmptyText, string? EmptyHref = null, string? EmptyLinkText = null);
