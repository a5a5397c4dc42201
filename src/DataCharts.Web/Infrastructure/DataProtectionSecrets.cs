using System.Security.Cryptography;
using DataCharts.Core.Settings;
using Microsoft.AspNetCore.DataProtection;

namespace DataCharts.Web.Infrastructure;

/// <summary>Secrets (API keys) encrypted with ASP.NET Data Protection; the key ring lives under the data directory.</summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector protector = provider.CreateProtector("DataCharts.Settings.Secrets.v1");

    public string Protect(string plain) => protector.Protect(plain);

    public string? Unprotect(string protectedValue)
    {
        try { return protector.Unprotect(protectedValue); }
        catch (CryptographicException) { return null; } // key ring lost: the key must be entered again
    }
}
