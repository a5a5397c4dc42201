using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Settings;

/// <summary>Settings: the running configuration; editing providers, limits and users comes in later issues.</summary>
public sealed class IndexModel(IOptions<DataChartsOptions> options, DataPaths paths, IWebHostEnvironment env) : PageModel
{
    public string DataDir => paths.Root;
    public string PagesDir => HostPaths.FindPagesDir(options.Value.PagesDir, env.ContentRootPath);
    public string UploadLimit => DatasetImports.Format(options.Value.MaxUploadBytes);
    public int JobConcurrency => options.Value.JobConcurrency;

    public EmptyState Empty { get; } = new("More settings are coming",
        "This page will also let you:",
        [
            "Choose the language model provider (built-in offline, OpenAI, Azure OpenAI, Ollama or any OpenAI-compatible endpoint)",
            "Store an API key encrypted at rest and test the connection",
            "Set the row cap, query timeout and upload size",
            "Manage users and roles, and watch request rates, query times and token use",
        ]);

    public void OnGet()
    {
    }
}
