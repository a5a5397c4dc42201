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

    /// <summary>The schemas whose tables the connection reads: PostgreSQL's chosen ones (public by default), MySQL's database.</summary>
    public IReadOnlyList<string> ShownSchemas => Kind == ConnectionKind.MySql ? [Database] : Schemas is { Count: > 0 } list ? list : ["public"];

    /// <summary>
    /// Settings from fields as people type them (the API, the Data page, configuration): the kind and TLS mode read by name,
    /// the kind's port unless one is given, names trimmed, no schemas as none, then checked field by field.
    /// </summary>
    public static ConnectionSettings From(string? kind, string? host, int? port, string? database, string? username, string? password, string? tls,
        IReadOnlyList<string>? schemas)
    {
        var k = ParseKind(kind);
        return new ConnectionSettings(k, (host ?? "").Trim(), port ?? DefaultPort(k), (database ?? "").Trim(), (username ?? "").Trim(), password ?? "",
            ParseTls(tls), schemas is { Count: > 0 } ? schemas : null).Validated();
    }

    /// <summary>The settings without the password, for logs and messages.</summary>
    public override string ToString() => $"{Kind} {Username}@{Host}:{Port}/{Database}";

    /// <summary>The settings checked field by field: bad input is a 400 naming the field, before any connection is tried.</summary>
    public ConnectionSettings Validated()
    {
        static void Check(bool ok, string field, string message)
        {
            if (!ok) throw new UserFacingException(message) { Field = field };
        }
        // A host name or an IPv4/IPv6 address: letters, digits, dots, hyphens, underscores, colons and brackets only.
        Check(Host.Length is > 0 and <= 255 && Host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '[' or ']'), "host",
            "The host is required: a name or address (letters, digits, dots, hyphens, colons), at most 255 characters.");
        Check(Port is > 0 and <= 65535, "port", "The port must be between 1 and 65535.");
        Check(Database.Length is > 0 and <= 128, "database", "The database name is required (at most 128 characters).");
        Check(Username.Length is > 0 and <= 128, "username", "The user name is required (at most 128 characters).");
        Check(Password.Length <= 1024, "password", "The password is longer than 1,024 characters.");
        Check(Schemas is null || Schemas.Count <= 100 && Schemas.All(x => x.Length is > 0 and <= 128), "schemas", "Name at most 100 schemas, each 1 to 128 characters.");
        return this;
    }

    /// <summary>Reads a TLS mode as the API names it ("disable", "prefer", "require"; "verify-full" and "verify-ca" require TLS).</summary>
    public static TlsMode ParseTls(string? name) => (name ?? "prefer").Trim().ToLowerInvariant() switch
    {
        "" or "prefer" or "preferred" or "allow" => TlsMode.Prefer,
        "disable" or "disabled" or "none" or "off" => TlsMode.Disable,
        "require" or "required" or "verify-ca" or "verify-full" or "verify_ca" or "verify_full" => TlsMode.Require,
        _ => throw new UserFacingException($"Unknown TLS mode '{name}'. Use disable, prefer or require.") { Field = "ssl_mode" },
    };

    /// <summary>Reads a kind as the API names it ("postgresql", "mysql"; "postgres", "mariadb" too).</summary>
    public static ConnectionKind ParseKind(string? name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "postgresql" or "postgres" or "pg" => ConnectionKind.PostgreSql,
        "mysql" or "mariadb" => ConnectionKind.MySql,
        _ => throw new UserFacingException($"Unknown database kind '{name}'. Use postgresql or mysql.") { Field = "kind" },
    };
}
