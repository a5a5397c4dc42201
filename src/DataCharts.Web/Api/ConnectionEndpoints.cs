using DataCharts.Core;
using DataCharts.Core.Connections;
using DataCharts.Core.Jobs;

namespace DataCharts.Web.Api;

/// <summary>A live database's details as the API takes them (snake_case JSON). The password is read, never returned.</summary>
public sealed record ConnectionRequest(string? Kind, string? Host, int? Port, string? Database, string? Username, string? Password, string? SslMode, List<string>? Schemas,
    string? Name = null)
{
    public ConnectionSettings ToSettings() => ConnectionSettings.From(Kind, Host, Port, Database, Username, Password, SslMode, Schemas);
}

/// <summary>The answer of a connection test: <c>{ok, message, server_version, warnings}</c>.</summary>
public sealed record ConnectionCheckDto(bool Ok, string Message, string? ServerVersion, IReadOnlyList<string> Warnings);

/// <summary>A saved connection: <c>{data_id, name, kind, tables, warnings}</c>; afterwards it is a data source at <c>/api/data/{data_id}</c>.</summary>
public sealed record ConnectionDto(string DataId, string Name, string Kind, IReadOnlyList<TableDto> Tables, IReadOnlyList<string> Warnings);

/// <summary><c>/api/connections…</c>: live PostgreSQL and MySQL/MariaDB databases.</summary>
public static class ConnectionEndpoints
{
    public static void MapConnectionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/connections").WithTags("Connections");
        // A failed connection is an answer (ok: false, in plain words), not an error; bad input is a 400 naming the field.
        api.MapPost("/test", async (ConnectionRequest body, CancellationToken ct) =>
        {
            var check = await ConnectionProbe.TestAsync(body.ToSettings(), ct);
            return Results.Ok(new ConnectionCheckDto(check.Ok, check.Message, check.ServerVersion, check.Warnings));
        }).DisableAntiforgery();
        // Saving tests first, so a failure is the same plain message as the test gives (422), and nothing is saved.
        api.MapPost("", async (ConnectionRequest body, ConnectionCatalog catalog, CancellationToken ct) =>
        {
            var settings = body.ToSettings();
            var check = await ConnectionProbe.TestAsync(settings, ct);
            if (!check.Ok) throw new UserFacingException(check.Message, 422, "Cannot connect");
            var d = await catalog.AddAsync(settings, body.Name, ct);
            return Results.Created($"/api/data/{d.Id}", new ConnectionDto(d.Id, d.Name, d.Format, d.Tables.Select(t => t.ToDto()).ToList(), check.Warnings));
        }).DisableAntiforgery();
        // Reads the server's tables and columns again (after the database's schema changed); cached profiles and answers go stale.
        api.MapPost("/{dataId}/refresh", async (string dataId, ConnectionCatalog catalog, CancellationToken ct) =>
        {
            var d = await catalog.RefreshAsync(dataId, ct);
            return Results.Ok(new ConnectionDto(d.Id, d.Name, d.Format, d.Tables.Select(t => t.ToDto()).ToList(), []));
        }).DisableAntiforgery();
        // "Import a copy": a table or a query's rows into a new dataset, as a task (202) with progress.
        api.MapPost("/{dataId}/import", async (string dataId, CopyRequest body, CopyImports copies, JobRunner jobs, CancellationToken ct) =>
        {
            var id = await copies.StartAsync(jobs, dataId, body, ct);
            return Results.Accepted($"/api/tasks/{id}", new { task_id = id, status_url = $"/api/tasks/{id}", events_url = $"/api/tasks/{id}/events" });
        }).DisableAntiforgery();
    }
}
