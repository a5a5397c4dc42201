using DataCharts.Core.Storage;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Reports;

/// <summary>Reports: lists the report files; rendering them as live pages comes with the notebooks issue.</summary>
public sealed class IndexModel(IOptions<DataChartsOptions> options, IWebHostEnvironment env) : PageModel
{
    public string Folder { get; private set; } = "";
    public IReadOnlyList<string> Files { get; private set; } = [];

    public EmptyState Empty { get; } = new("Live report pages are coming",
        "Each file will render at /reports/{name} with its inputs, queries and charts:",
        [
            "Front matter names the dataset and the title",
            "```input``` blocks become widgets whose values live in the URL, so links are shareable",
            "```sql``` blocks run through the guard and show as paged tables",
            "```chart``` blocks render on the server",
            "Files are picked up while the app runs, no restart needed",
        ]);

    public void OnGet()
    {
        Folder = HostPaths.FindPagesDir(options.Value.PagesDir, env.ContentRootPath);
        Files = Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
    }
}
