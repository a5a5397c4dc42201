using DataCharts.Core.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Tasks;

/// <summary>The count of active jobs beside "Jobs" in the top bar; out of band when it rides along with the list.</summary>
public sealed record JobsBadge(int Active, bool OutOfBand = false);

/// <summary>What the Jobs list shows: recent jobs, and whether it is the top bar's panel (fewer, with a link to all).</summary>
public sealed record JobListView(IReadOnlyList<JobSnapshot> Jobs, int Active, bool Panel, string? Message = null);

/// <summary>
/// Background jobs (imports, assessments, generation…) with their progress, errors and a cancel button: the whole list at
/// /Tasks, and the top bar's Jobs panel (handler Panel, polled while it is open; Badge, the count of active jobs).
/// </summary>
public sealed class IndexModel(JobRunner jobs) : PageModel
{
    private const int PanelSize = 8, PageSize = 100;

    public JobListView List { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => List = new(await jobs.ListAsync(PageSize, ct), jobs.ActiveCount, Panel: false);

    /// <summary>The list again: the top bar's panel, or with <paramref name="all"/> the page's (both poll while jobs run).</summary>
    public async Task<IActionResult> OnGetPanelAsync(bool all, CancellationToken ct) =>
        Partial("Partials/_JobList", new JobListView(await jobs.ListAsync(all ? PageSize : PanelSize, ct), jobs.ActiveCount, Panel: !all));

    public IActionResult OnGetBadge() => Partial("Partials/_JobsBadge", new JobsBadge(jobs.ActiveCount));

    public async Task<IActionResult> OnPostCancelAsync(string id, bool all, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct);
        string? message = job switch
        {
            null => "That job no longer exists.",
            { IsFinished: true } => $"\"{job.Title}\" had already {job.Status.ToString().ToLowerInvariant()}.",
            _ => await jobs.CancelAsync(id) ? null : $"\"{job.Title}\" could not be cancelled.",
        };
        var list = await jobs.ListAsync(all ? PageSize : PanelSize, ct);
        return Partial("Partials/_JobList", new JobListView(list, jobs.ActiveCount, Panel: !all, message));
    }
}
