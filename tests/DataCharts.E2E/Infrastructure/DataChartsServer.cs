using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.E2E.Infrastructure;

/// <summary>
/// The real DataCharts host on Kestrel, bound to 127.0.0.1 on a free port, writing only into <see cref="DataDir"/> and
/// reading report pages from <see cref="PagesDir"/> (a scratch copy, so tests that add or edit pages never touch the repo).
/// </summary>
public sealed class DataChartsServer(string dataDir, string pagesDir, bool demoData, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string DataDir { get; } = dataDir;
    public string PagesDir { get; } = pagesDir;

    /// <summary>Root URL of the running server, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("DataCharts:DataDir", DataDir);
        builder.UseSetting("DataCharts:PagesDir", PagesDir);
        builder.UseSetting("DataCharts:DemoData", demoData ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    /// <summary>Starts Kestrel and resolves the address it actually bound.</summary>
    public void Start()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BaseUrl = addresses.FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))?.TrimEnd('/')
                  ?? throw new InvalidOperationException($"Kestrel did not report a 127.0.0.1 address (got: {string.Join(", ", addresses)}).");
    }
}
