using DataCharts.Core.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Reports;

/// <summary>Reports: every Markdown file in the report folder, each a live page at /reports/{slug}.</summary>
public sealed class IndexModel(ReportLibrary library) : PageModel
{
    public string Folder => library.Folder;
    public IReadOnlyList<ReportFile> Files { get; private set; } = [];

    public void OnGet() => Files = library.List();
}
