using System.Data.Common;

namespace DataCharts.Core.Connections;

/// <summary>What a connection test found: whether it connected, in plain words, the server's version and advice.</summary>
public sealed record ConnectionCheck(bool Ok, string Message, string? ServerVersion, IReadOnlyList<string> Warnings);

/// <summary>
/// Tests a connection before it is saved: connects, reads the server's version, and warns when the user may write or is a
/// superuser (DataCharts only reads, in read-only transactions, but a read-only role is the safer thing to give it),
/// showing how to create one. Never says the password.
/// </summary>
public static class ConnectionProbe
{
    public static async Task<ConnectionCheck> TestAsync(ConnectionSettings s, CancellationToken ct)
    {
        try
        {
            await using var c = await LiveDatabase.OpenAsync(s, ct);
            var version = await LiveDatabase.ScalarAsync(c, "SELECT version()", ct) ?? c.ServerVersion;
            var warnings = s.Kind == ConnectionKind.PostgreSql ? await PostgresWarningsAsync(c, s, ct) : await MySqlWarningsAsync(c, s, ct);
            var product = s.Kind == ConnectionKind.PostgreSql ? "PostgreSQL" : version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? "MariaDB" : "MySQL";
            return new ConnectionCheck(true, $"Connected to {product} at {s.Host}:{s.Port}, database \"{s.Database}\", as \"{s.Username}\".", Short(version), warnings);
        }
        catch (UserFacingException ex)
        {
            return new ConnectionCheck(false, ex.Message, null, []);
        }
    }

    private static string Short(string version) => version.Length > 120 ? version[..120] + "…" : version;

    private static async Task<IReadOnlyList<string>> PostgresWarningsAsync(DbConnection c, ConnectionSettings s, CancellationToken ct)
    {
        var warnings = new List<string>();
        var super = await LiveDatabase.ScalarAsync(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user", ct) == "true";
        var writes = super || await LiveDatabase.ScalarAsync(c, """
            SELECT (EXISTS (SELECT 1 FROM information_schema.table_privileges
                            WHERE grantee = current_user AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'))
                    OR EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = current_user)
                    OR has_database_privilege(current_database(), 'CREATE'))::text
            """, ct) == "true";
        if (super) warnings.Add($"\"{s.Username}\" is a superuser. DataCharts runs every query in a read-only transaction and refuses anything but a single SELECT, but a role that can only read is safer.");
        else if (writes) warnings.Add($"\"{s.Username}\" can change data or create objects in \"{s.Database}\". DataCharts only reads, but a role that can only read is safer.");
        if (super || writes)
        {
            // The recipe names the schemas this connection shows, quoted as PostgreSQL quotes names.
            var schemas = string.Join(", ", s.ShownSchemas.Select(Datasets.Identifiers.Quote));
            warnings.Add($"""
                To create a read-only role (as an administrator): CREATE ROLE datacharts_reader LOGIN PASSWORD '…'; GRANT CONNECT ON DATABASE {Datasets.Identifiers.Quote(s.Database)} TO datacharts_reader; GRANT USAGE ON SCHEMA {schemas} TO datacharts_reader; GRANT SELECT ON ALL TABLES IN SCHEMA {schemas} TO datacharts_reader; ALTER DEFAULT PRIVILEGES IN SCHEMA {schemas} GRANT SELECT ON TABLES TO datacharts_reader;
                """);
        }
        return warnings;
    }

    private static async Task<IReadOnlyList<string>> MySqlWarningsAsync(DbConnection c, ConnectionSettings s, CancellationToken ct)
    {
        var grants = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SHOW GRANTS FOR CURRENT_USER()";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct) && grants.Count < 200) grants.Add(r.GetString(0).ToUpperInvariant());
        }
        var warnings = new List<string>();
        var super = grants.Any(g => g.Contains("ALL PRIVILEGES ON *.*", StringComparison.Ordinal) || g.Contains(" SUPER", StringComparison.Ordinal) || g.Contains("FILE", StringComparison.Ordinal));
        var writes = super || grants.Any(g => g.StartsWith("GRANT ALL", StringComparison.Ordinal)
            || new[] { "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER" }.Any(p => g.Contains(p, StringComparison.Ordinal) && g.IndexOf(" ON ", StringComparison.Ordinal) > g.IndexOf(p, StringComparison.Ordinal)));
        if (super) warnings.Add($"\"{s.Username}\" has administrative privileges. DataCharts runs every query in a read-only transaction and refuses anything but a single SELECT, but a user that can only read is safer.");
        else if (writes) warnings.Add($"\"{s.Username}\" can change data or create objects. DataCharts only reads, but a user that can only read is safer.");
        if (super || writes)
            warnings.Add($"To create a read-only user (as an administrator): CREATE USER 'datacharts_reader'@'%' IDENTIFIED BY '…'; GRANT SELECT ON `{s.Database.Replace("`", "``", StringComparison.Ordinal)}`.* TO 'datacharts_reader'@'%';");
        return warnings;
    }
}
