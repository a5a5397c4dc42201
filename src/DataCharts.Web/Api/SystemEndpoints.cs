using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Web.Api;

/// <summary><c>/api/system/info</c>: version, uptime, memory and engine versions.</summary>
public static class SystemEndpoints
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    public static string AppVersion =>
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapSystemApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/system/info", async (DuckDbEngine engine, IDbContextFactory<AppDbContext> db, IHostEnvironment env, CancellationToken ct) =>
        {
            string sqlite;
            await using (var ctx = await db.CreateDbContextAsync(ct))
            {
                var conn = ctx.Database.GetDbConnection();
                await conn.OpenAsync(ct);
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT sqlite_version()";
                sqlite = (await cmd.ExecuteScalarAsync(ct))?.ToString() ?? "unknown";
            }
            using var process = Process.GetCurrentProcess();
            var gc = GC.GetGCMemoryInfo();
            return new
            {
                name = "DataCharts",
                version = AppVersion,
                environment = env.EnvironmentName,
                started_at = Started,
                uptime_seconds = Math.Round((DateTimeOffset.UtcNow - Started).TotalSeconds, 1),
                memory = new
                {
                    working_set_bytes = process.WorkingSet64,
                    private_bytes = process.PrivateMemorySize64,
                    gc_heap_bytes = GC.GetTotalMemory(false),
                    gc_committed_bytes = gc.TotalCommittedBytes,
                    gc_collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
                },
                engines = new
                {
                    duckdb = engine.Version,
                    sqlite,
                    dotnet = RuntimeInformation.FrameworkDescription,
                    os = RuntimeInformation.OSDescription,
                },
            };
        });
        app.MapFallback("/api/{**rest}", (HttpContext c) =>
            Results.Problem($"Nothing is at {c.Request.Path}.", statusCode: 404, title: "Not found"));
    }
}
