using DataCharts.Core.Datasets;
using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Chat;

/// <summary>Chat: for now an empty state saying what the ask flow will offer.</summary>
public sealed class IndexModel(DatasetCatalog catalog) : PageModel
{
    public EmptyState Empty { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var count = (await catalog.ListAsync(ct)).Count;
        Empty = new EmptyState("Asking questions arrives next",
            count == 0 ? "Load a dataset first; then you will ask about it here." : $"You have {count} dataset(s) ready. Soon you will pick one and ask, for example:",
            [
                "“What is the total revenue by region?” — guarded SQL, a table and a bar chart",
                "“每个月的订单数量趋势” — a monthly trend as a line chart",
                "“and only online orders” — follow-ups refine the previous question",
                "The SQL stays editable, the chart type switchable, and every answer downloadable as CSV, XLSX, PNG or SVG.",
            ], "/Data", "Go to Data");
    }
}
