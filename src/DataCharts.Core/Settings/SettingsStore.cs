using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Settings;

/// <summary>A setting saved from the Settings page (the top layer over appsettings and environment variables).</summary>
public sealed class SettingRecord
{
    public string Key { get; set; } = "";
    public string? Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Encrypts secrets at rest (implemented with ASP.NET Data Protection in the host).</summary>
public interface ISecretProtector
{
    string Protect(string plain);
    string? Unprotect(string protectedValue);
}

/// <summary>Which language model answers questions.</summary>
public sealed record LlmSettings(string Provider, string? Endpoint, string? Model, string? ApiKey)
{
    public const string Offline = "offline";
    public static readonly string[] Providers = [Offline, "openai", "azure", "compatible"];
    public bool IsOffline => Provider == Offline || string.IsNullOrWhiteSpace(Model);
    public string Fingerprint => $"{Provider}|{Endpoint}|{Model}|{ApiKey?.GetHashCode()}";
}

/// <summary>Settings saved in the app database; secrets are stored encrypted and never returned in clear to a page.</summary>
public sealed class SettingsStore(IDbContextFactory<AppDbContext> db, ISecretProtector protector)
{
    public const string ProviderKey = "llm.provider", EndpointKey = "llm.endpoint", ModelKey = "llm.model", ApiKeyKey = "llm.api_key";
    public const string RowCapKey = "query.row_cap", TimeoutKey = "query.timeout_seconds";

    /// <summary>Raised after a save, so cached kernels and options are rebuilt.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyDictionary<string, string?>> AllAsync(CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        return await ctx.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, ct);
    }

    public async Task<LlmSettings> LlmAsync(CancellationToken ct = default)
    {
        var all = await AllAsync(ct);
        var key = all.GetValueOrDefault(ApiKeyKey) is { Length: > 0 } p ? protector.Unprotect(p) : null;
        return new LlmSettings(all.GetValueOrDefault(ProviderKey) ?? LlmSettings.Offline, all.GetValueOrDefault(EndpointKey), all.GetValueOrDefault(ModelKey), key);
    }

    /// <summary>Copies the saved row cap and timeout into the runner's limits.</summary>
    public async Task ApplyLimitsAsync(Query.QueryLimits limits, CancellationToken ct)
    {
        var all = await AllAsync(ct);
        limits.RowCap = int.TryParse(all.GetValueOrDefault(RowCapKey), out var cap) ? cap : null;
        limits.TimeoutSeconds = int.TryParse(all.GetValueOrDefault(TimeoutKey), out var t) ? t : null;
    }

    public async Task<bool> HasApiKeyAsync(CancellationToken ct = default) => (await AllAsync(ct)).GetValueOrDefault(ApiKeyKey) is { Length: > 0 };

    /// <summary>Saves values; a null API key keeps the stored one, an empty one removes it.</summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, string?> values, string? apiKey, CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        void Put(string k, string? v)
        {
            var row = ctx.Settings.Find(k);
            if (row is null) ctx.Settings.Add(new SettingRecord { Key = k, Value = v, UpdatedAt = now });
            else { row.Value = v; row.UpdatedAt = now; }
        }
        foreach (var (k, v) in values) Put(k, v);
        if (apiKey is not null) Put(ApiKeyKey, apiKey.Length == 0 ? null : protector.Protect(apiKey));
        await ctx.SaveChangesAsync(ct);
        Changed?.Invoke();
    }
}
