using DataCharts.Core.Datasets;
using DataCharts.Web.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages;

/// <summary>Home: what DataCharts does and, for those who work with data, the datasets at hand.</summary>
public sealed class IndexModel(DatasetCatalog catalog) : PageModel
{
    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Viewers get the shared notebooks and reports, not the raw datasets behind them.
        if (User.CanEdit()) Datasets = await catalog.ListAsync(ct);
    }
}
