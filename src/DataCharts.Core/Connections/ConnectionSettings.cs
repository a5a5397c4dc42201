namespace DataCharts.Core.Connections;

/// <summary>The database servers DataCharts reads live.</summary>
public enum ConnectionKind { PostgreSql, MySql }

/// <summary>How TLS is used towards the server: never, when the server offers it, or always (refusing a plain connection).</summary>
public enum TlsMode { Disable, Prefer, Require }

/// <summary>
/// Where a live database is and who DataCharts is there: kind, host, port, database, user name and password, TLS, and the
/// schemas whose tables it may read. The password is held only in memory; at rest it is encrypted (see the catalog).
/// </summary>
public sealed record ConnectionSettings(
    ConnectionKind Kind,
    string Host,
    int Port,
    string Database,
    string Username,
    string Password,
    TlsMode Tls = TlsMode.Prefer,
    IReadOnlyList<string>? Schemas = null)
{
    /// <summary>The port a kind listens on unless told otherwise.</summary>
    public static int DefaultPort(ConnectionKind kind) => kind == ConnectionKind.PostgreSql ? 5432 : 3306;

    /// <summary>The settings without the password, for logs and messages.</summary>
    public override string ToString() => $"{Kind} {Username}@{Host}:{Port}/{Database}";

    /// <summary>Reads a kind as the API names it ("postgresql", "mysql"; "postgres", "mariadb" too).</summary>
    public static ConnectionKind ParseKind(string? name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "postgresql" or "postgres" or "pg" => ConnectionKind.PostgreSql,
        "mysql" or "mariadb" => ConnectionKind.MySql,
        _ => throw new UserFacingException($"Unknown database kind '{name}'. Use postgresql or mysql.") { Field = "kind" },
    };
}
