using DataCharts.Core.Connections;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// The throwaway PostgreSQL and MariaDB servers test.sh starts (tests/servers/start.sh) for these tests, as the
/// DATACHARTS_TEST_* variables describe them. A server that is not there makes its tests skip with the reason.
/// </summary>
public static class LiveServers
{
    private const string NotStarted = "the live-database servers were not started: run the tests through ./test.sh, which starts PostgreSQL and MariaDB (tests/servers/start.sh)";

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    /// <summary>The settings of a kind's server as its superuser or its read-only user, or null (with the reason) when it did not start.</summary>
    public static (ConnectionSettings? Settings, string Reason) Of(ConnectionKind kind, bool super = true)
    {
        var p = kind == ConnectionKind.PostgreSql ? "DATACHARTS_TEST_PG_" : "DATACHARTS_TEST_MYSQL_";
        if (Env(p + "PORT") is not { } port) return (null, $"No {kind} server: {NotStarted}.");
        var role = super ? "SUPER" : "READER";
        return (new ConnectionSettings(kind, Env(p + "HOST") ?? "127.0.0.1", int.Parse(port), Env(p + "DATABASE") ?? "dc_test",
            Env(p + role)!, Env(p + role + "_PASSWORD") ?? "", TlsMode.Disable), "");
    }

    /// <summary>The settings, or the test is skipped with the reason.</summary>
    public static ConnectionSettings Require(ConnectionKind kind, bool super = true)
    {
        var (settings, reason) = Of(kind, super);
        Assert.SkipWhen(settings is null, reason);
        return settings!;
    }

    /// <summary>
    /// A connection that may write, for a test to set up and inspect the server. DataCharts' own connections
    /// (<see cref="LiveDatabase.OpenAsync"/>) are read-only sessions.
    /// </summary>
    public static async Task<System.Data.Common.DbConnection> OpenAsync(ConnectionSettings s, CancellationToken ct = default)
    {
        System.Data.Common.DbConnection c = s.Kind == ConnectionKind.PostgreSql
            ? new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder
            {
                Host = s.Host, Port = s.Port, Database = s.Database, Username = s.Username, Password = s.Password, SslMode = Npgsql.SslMode.Disable,
                ApplicationName = "DataCharts tests",
            }.ConnectionString)
            : new MySqlConnector.MySqlConnection(new MySqlConnector.MySqlConnectionStringBuilder
            {
                Server = s.Host, Port = (uint)s.Port, Database = s.Database, UserID = s.Username, Password = s.Password,
                SslMode = MySqlConnector.MySqlSslMode.None, ApplicationName = "DataCharts tests",
            }.ConnectionString);
        await c.OpenAsync(ct);
        return c;
    }

    /// <summary>The body of <c>POST /api/connections</c> (and its test) for these settings.</summary>
    public static object ApiBody(ConnectionSettings s, string name) => new
    {
        kind = s.Kind == ConnectionKind.PostgreSql ? "postgresql" : "mysql",
        host = s.Host, port = s.Port, database = s.Database, username = s.Username, password = s.Password, ssl_mode = "disable",
        schemas = s.Schemas, name,
    };

    public static TheoryData<ConnectionKind> Kinds() => new(ConnectionKind.PostgreSql, ConnectionKind.MySql);
}
