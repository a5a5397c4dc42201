using DataCharts.Core.Connections;

namespace DataCharts.Web.Api;

/// <summary>A live database's details as the API takes them (snake_case JSON). The password is read, never returned.</summary>
public sealed record ConnectionRequest(string? Kind, string? Host, int? Port, string? Database, string? Username, string? Password, string? SslMode, List<string>? Schemas)
{
    public ConnectionSettings ToSettings()
    {
        var kind = ConnectionSettings.ParseKind(Kind);
        return new ConnectionSettings(kind, (Host ?? "").Trim(), Port ?? ConnectionSettings.DefaultPort(kind), (Database ?? "").Trim(), (Username ?? "").Trim(),
            Password ?? "", ConnectionSettings.ParseTls(SslMode), Schemas).Validated();
    }
}

/// <summary>The answer of a connection test: <c>{ok, message, server_version, warnings}</c>.</summary>
public sealed record ConnectionCheckDto(bool Ok, string Message, string? ServerVersion, IReadOnlyList<string> Warnings);

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
    }
}
