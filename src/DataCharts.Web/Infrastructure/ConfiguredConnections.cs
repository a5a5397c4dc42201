using DataCharts.Core;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// Adds the live databases named in configuration (<c>DataCharts:Connections</c>) as data sources once the app has
/// started, each only when no data source has its name yet: a restart adds nothing twice, and one deleted by hand comes
/// back at the next start for as long as it stays configured. A database container may start after the app, so a server
/// that does not answer is tried again in the background a few times, with a warning in plain words each time; it never
/// stops the app. Passwords are never logged.
/// </summary>
public sealed class ConfiguredConnections(
    ConnectionCatalog connections, DatasetCatalog datasets, IOptions<DataChartsOptions> options, IConfiguration configuration,
    ILogger<ConfiguredConnections> logger) : BackgroundService
{
    /// <summary>The waits before each retry: about two minutes in all, enough for a database container's first start.</summary>
    public static readonly IReadOnlyList<TimeSpan> Retries = [.. new[] { 2, 4, 8, 15, 30, 30, 30 }.Select(s => TimeSpan.FromSeconds(s))];

    protected override Task ExecuteAsync(CancellationToken stop)
    {
        var configured = options.Value.Connections;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var work = new List<Task>();
        for (var i = 0; i < configured.Count; i++)
        {
            var c = configured[i];
            if (!names.Add(c.DisplayName))
            {
                logger.LogWarning("DataCharts:Connections:{Index} {Connection} is not used: an earlier configured connection has the same name. Give each one its own Name.", i, c);
                continue;
            }
            work.Add(AddAsync(c, i, stop));
        }
        return Task.WhenAll(work);
    }

    private async Task AddAsync(ConfiguredConnection c, int index, CancellationToken stop)
    {
        ConnectionSettings s;
        try
        {
            // One environment variable may list the schemas comma-separated (DataCharts__Connections__0__Schemas=shop,public).
            s = c.ToSettings(configuration[$"{DataChartsOptions.Section}:Connections:{index}:Schemas"]);
        }
        catch (UserFacingException ex)
        {
            logger.LogWarning("DataCharts:Connections:{Index} {Connection} is not used: {Reason} Correct it in the configuration and restart.",
                index, c, Redact(ex.Message, c.Password));
            return;
        }
        var name = c.DisplayName;
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            string reason;
            try
            {
                if ((await datasets.ListAsync(stop)).FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) is { } there)
                {
                    if (!there.IsLive())
                        logger.LogWarning("The configured connection {Connection} was not added: a dataset named {Name} is already there. " +
                                          "Rename that dataset or give the connection another Name.", s, there.Name);
                    return;
                }
                var check = await ConnectionProbe.TestAsync(s, stop);
                if (check.Ok)
                {
                    var d = await connections.AddAsync(s, name, stop);
                    logger.LogInformation("Connected the configured database {Name} ({Connection}): {Tables} tables", d.Name, s, d.Tables.Count);
                    foreach (var w in check.Warnings) logger.LogWarning("Configured connection {Name}: {Warning}", d.Name, w);
                    return;
                }
                reason = check.Message;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (UserFacingException ex) when (ex.Status == 400)
            {
                logger.LogWarning("DataCharts:Connections:{Index} {Connection} is not used: {Reason} Correct it in the configuration and restart.",
                    index, c, Redact(ex.Message, s.Password));
                return;
            }
            catch (UserFacingException ex)
            {
                reason = ex.Message; // the server answered but the schema could not be read (no tables, no permission)
            }
            catch (Exception ex)
            {
                // Anything else is tried again too: a background service that throws would stop the whole app.
                reason = $"{ex.GetType().Name}: {ex.Message}";
            }
            reason = Redact(reason, s.Password);
            if (attempt >= Retries.Count)
            {
                logger.LogWarning("Gave up adding the configured connection {Name} ({Connection}) after {Attempts} attempts: {Reason} " +
                                  "Add it from the Data page, or correct the configuration and restart.", name, s, attempt + 1, reason);
                return;
            }
            logger.LogWarning("Could not add the configured connection {Name} ({Connection}) yet: {Reason} Trying again in {Seconds} s.",
                name, s, reason, Retries[attempt].TotalSeconds);
            try { await Task.Delay(Retries[attempt], stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static string Redact(string text, string password) =>
        password.Length == 0 ? text : text.Replace(password, "***", StringComparison.Ordinal);
}
