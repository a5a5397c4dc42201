using DataCharts.Core.Agent.Llm;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Settings;
using DataCharts.Core.Storage;
using DataCharts.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Settings;

/// <summary>Settings: the language model provider (key encrypted, never shown again), a connection test, query limits.</summary>
public sealed class IndexModel(IOptions<DataChartsOptions> options, DataPaths paths, IWebHostEnvironment env, SettingsStore settings, ConnectionTest test, QueryRunner runner) : PageModel
{
    public string DataDir => paths.Root;
    public string PagesDir => HostPaths.FindPagesDir(options.Value.PagesDir, env.ContentRootPath);
    public string UploadLimit => DatasetImports.Format(options.Value.MaxUploadBytes);
    public int JobConcurrency => options.Value.JobConcurrency;
    public ProviderForm Form { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Form = await CurrentAsync(null, null, ct);

    /// <summary>Saves provider and limits. Target: #provider-form (outerHTML).</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? provider, string? endpoint, string? model, string? apiKey, bool? clearKey, int? rowCap, int? timeout, CancellationToken ct)
    {
        var error = Validate(provider, endpoint, rowCap, timeout);
        if (error is not null) return Partial("Partials/_ProviderForm", await CurrentAsync(null, error, ct) with { Provider = provider ?? "offline", Endpoint = endpoint, Model = model });
        await settings.SaveAsync(new Dictionary<string, string?>
        {
            [SettingsStore.ProviderKey] = provider,
            [SettingsStore.EndpointKey] = string.IsNullOrWhiteSpace(endpoint) ? null : endpoint.Trim(),
            [SettingsStore.ModelKey] = string.IsNullOrWhiteSpace(model) ? null : model.Trim(),
            [SettingsStore.RowCapKey] = rowCap?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SettingsStore.TimeoutKey] = timeout?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, clearKey == true ? "" : string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(), ct);
        return Partial("Partials/_ProviderForm", await CurrentAsync("Saved.", null, ct));
    }

    /// <summary>Tries the provider as filled in (the stored key when the field is blank). Target: #connection-result.</summary>
    public async Task<IActionResult> OnPostTestAsync(string? provider, string? endpoint, string? model, string? apiKey, CancellationToken ct)
    {
        var stored = await settings.LlmAsync(ct);
        var s = new LlmSettings(provider ?? LlmSettings.Offline, string.IsNullOrWhiteSpace(endpoint) ? null : endpoint.Trim(), string.IsNullOrWhiteSpace(model) ? null : model.Trim(),
            string.IsNullOrWhiteSpace(apiKey) ? stored.ApiKey : apiKey.Trim());
        var error = Validate(provider, endpoint, null, null);
        var (ok, message) = error is null ? await test.RunAsync(s, ct) : (false, error);
        return Partial("Partials/_ConnectionResult", new ConnectionResult(ok, message));
    }

    private static string? Validate(string? provider, string? endpoint, int? rowCap, int? timeout)
    {
        if (provider is null || !LlmSettings.Providers.Contains(provider)) return "Choose a provider from the list.";
        if (!string.IsNullOrWhiteSpace(endpoint) && (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            return "The endpoint must be an http(s) URL, e.g. http://localhost:11434/v1 for Ollama.";
        if (rowCap is < 1 or > 1_000_000) return "The row cap must be between 1 and 1,000,000.";
        if (timeout is < 1 or > 3600) return "The query timeout must be between 1 and 3,600 seconds.";
        return null;
    }

    private async Task<ProviderForm> CurrentAsync(string? saved, string? error, CancellationToken ct)
    {
        var s = await settings.LlmAsync(ct);
        return new ProviderForm(s.Provider, s.Endpoint, s.Model, await settings.HasApiKeyAsync(ct), runner.RowCap, (int)runner.Timeout.TotalSeconds, saved, error);
    }
}

public sealed record ProviderForm(string Provider, string? Endpoint, string? Model, bool HasKey, int RowCap, int Timeout, string? Saved, string? Error);

public sealed record ConnectionResult(bool Ok, string Message);
