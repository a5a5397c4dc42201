using DataCharts.Core.Connections;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// A schema (PostgreSQL) or database (MariaDB) of one test's own on a live test server, holding the tables its statements
/// create, so a connection to it shows those tables and no other test's. The read-only user may read it; it is dropped
/// at the end.
/// </summary>
public sealed class LiveSandbox : IAsyncDisposable
{
    private readonly ConnectionSettings super;

    private LiveSandbox(ConnectionSettings super, ConnectionSettings settings, ConnectionSettings reader, string name)
    {
        this.super = super;
        Settings = settings;
        Reader = reader;
        Name = name;
    }

    /// <summary>The superuser's connection to the sandbox (PostgreSQL: its schema chosen; MariaDB: its database).</summary>
    public ConnectionSettings Settings { get; }

    /// <summary>The read-only user's connection to the sandbox.</summary>
    public ConnectionSettings Reader { get; }

    public string Name { get; }

    /// <summary>A new sandbox on <paramref name="kind"/>'s server with the tables <paramref name="statements"/> make (the test skips without the server).</summary>
    public static async Task<LiveSandbox> CreateAsync(ConnectionKind kind, params string[] statements)
    {
        var super = LiveServers.Require(kind);
        var reader = LiveServers.Require(kind, super: false);
        var name = "sb_" + Guid.NewGuid().ToString("N")[..10];
        if (kind == ConnectionKind.PostgreSql)
        {
            await ExecAsync(super, $"CREATE SCHEMA {name}; GRANT USAGE ON SCHEMA {name} TO {reader.Username}");
            var settings = super with { Schemas = [name] };
            await ExecAsync(settings, $"SET search_path = {name}; " + string.Join(";\n", statements));
            await ExecAsync(super, $"GRANT SELECT ON ALL TABLES IN SCHEMA {name} TO {reader.Username}");
            return new LiveSandbox(super, settings, reader with { Schemas = [name] }, name);
        }
        await ExecAsync(super, $"CREATE DATABASE {name}; GRANT SELECT ON {name}.* TO '{reader.Username}'@'%'");
        var db = super with { Database = name };
        foreach (var sql in statements) await ExecAsync(db, sql);
        return new LiveSandbox(super, db, reader with { Database = name }, name);
    }

    /// <summary>Runs statements as the superuser inside the sandbox (to change its data mid-test).</summary>
    public Task ExecuteAsync(string sql) => ExecAsync(Settings, Settings.Kind == ConnectionKind.PostgreSql ? $"SET search_path = {Name}; {sql}" : sql);

    public static async Task ExecAsync(ConnectionSettings s, string sql)
    {
        await using var c = await LiveServers.OpenAsync(s, CancellationToken.None);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecAsync(super, super.Kind == ConnectionKind.PostgreSql ? $"DROP SCHEMA {Name} CASCADE" : $"DROP DATABASE {Name}");
        }
        catch (UserFacingException)
        {
            // The server went away (a fault test stops it); its data directory goes with it.
        }
    }
}
