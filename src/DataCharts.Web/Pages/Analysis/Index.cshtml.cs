using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Analysis;

/// <summary>Analysis: for now an empty state saying what notebooks will offer.</summary>
public sealed class IndexModel : PageModel
{
    public EmptyState Empty { get; } = new("No notebooks yet",
        "Notebooks are coming. Each will be a list of cells you run one at a time or all together:",
        [
            "Markdown notes",
            "SQL cells run through the same guard as every query",
            "Charts rendered on the server, with a live preview",
            "Questions in plain language, answered by the agent",
            "Inputs (select, slider, date range, text) that parameterise SQL cells",
        ], "/Data", "Explore your data meanwhile");

    public void OnGet()
    {
    }
}
