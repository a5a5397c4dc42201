using System.Text.Json;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataCharts.Web.Infrastructure;

/// <summary>Readiness: the app database answers.</summary>
public sealed class AppDatabaseHealthCheck(IDbContextFactory<AppDbContext> db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        return await ctx.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy("SQLite answers") : HealthCheckResult.Unhealthy("SQLite does not answer");
    }
}

/// <summary>Readiness: the data engine runs a query.</summary>
public sealed class EngineHealthCheck(DuckDbEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var c = engine.Open();
        var ok = Equals(DuckDbEngine.Scalar(c, "SELECT 42"), 42);
        return Task.FromResult(ok ? HealthCheckResult.Healthy($"DuckDB {engine.Version} answers") : HealthCheckResult.Unhealthy("DuckDB returned a wrong answer"));
    }
}

public static class HealthEndpoints
{
    /// <summary><c>/health</c> (liveness and readiness together), <c>/health/live</c> (process only), <c>/health/ready</c>.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext c, HealthReport report)
    {
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                duration_ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }));
    }
}
