using DataCharts.Core.Datasets;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages;

/// <summary>Home: what DataCharts does and the datasets at hand.</summary>
public sealed class IndexModel(DatasetCatalog catalog) : PageModel
{
    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Datasets = await catalog.ListAsync(ct);
}
