using System.Text;
using DataCharts.Core.Connections;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// The names one hostile-corpus run uses (its own table, sequence, role or user, and a prefix for anything a statement
/// would create), and what of the server a hostile statement could change, read as text to compare before and after:
/// the table's rows and definition, objects, roles and their rights, databases, server-wide settings, large objects,
/// sequences, replication slots, plugins — and files written under /tmp or the data directory.
/// </summary>
internal sealed record HostileServerState(ConnectionSettings Settings, string X)
{
    public string Canary => X + "_canary";
    public string Seq => X + "_seq";
    public string Role => X + "_role";
    public string File => "/tmp/" + X;
    private bool Pg => Settings.Kind == ConnectionKind.PostgreSql;

    public static HostileServerState For(ConnectionSettings s) => new(s, $"dc_hostile_{Guid.NewGuid():N}"[..19]);

    /// <summary>A corpus entry with its placeholders filled in.</summary>
    public string Fill(string template) => template
        .Replace("{canary}", Canary, StringComparison.Ordinal).Replace("{seq}", Seq, StringComparison.Ordinal)
        .Replace("{role}", Role, StringComparison.Ordinal).Replace("{file}", File, StringComparison.Ordinal)
        .Replace("{db}", Settings.Database, StringComparison.Ordinal).Replace("{x}", X, StringComparison.Ordinal)
        .Replace("{CR}", "\r", StringComparison.Ordinal).Replace("{NBSP}", "\u00A0", StringComparison.Ordinal);

    public async Task CreateAsync()
    {
        await ExecAsync(Pg
            ? $"CREATE TABLE {Canary} (id int PRIMARY KEY, note text); INSERT INTO {Canary} VALUES (1, 'one'), (2, 'two'), (3, 'three'); CREATE SEQUENCE {Seq}; CREATE ROLE {Role} NOLOGIN PASSWORD '{Guid.NewGuid():N}'; GRANT SELECT ON {Canary} TO {Role}"
            : $"CREATE TABLE {Canary} (id INT PRIMARY KEY, note VARCHAR(100)) ENGINE=InnoDB; INSERT INTO {Canary} VALUES (1, 'one'), (2, 'two'), (3, 'three'); CREATE SEQUENCE {Seq} NOCACHE; CREATE USER '{Role}'@'%' IDENTIFIED BY '{Guid.NewGuid():N}'; GRANT SELECT ON `{Settings.Database}`.{Canary} TO '{Role}'@'%'");
    }

    /// <summary>Drops what the run created (best effort: the servers are thrown away after the tests) and deletes stray files.</summary>
    public async Task DropAsync()
    {
        foreach (var sql in Pg
            ? new[] { $"DROP TABLE IF EXISTS {Canary} CASCADE", $"DROP SEQUENCE IF EXISTS {Seq}", $"DROP ROLE IF EXISTS {Role}", $"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE '{X}%'" }
            : [$"DROP TABLE IF EXISTS {Canary}", $"DROP SEQUENCE IF EXISTS {Seq}", $"DROP USER IF EXISTS '{Role}'@'%'"])
        {
            try { await ExecAsync(sql); } catch (UserFacingException) { } catch (System.Data.Common.DbException) { }
        }
        DeleteFiles(FilesWritten());
    }

    public static void DeleteFiles(IEnumerable<string> files)
    {
        foreach (var f in files)
            try { System.IO.File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Files whose name holds this run's prefix: in /tmp, where the corpus writes, and in the server's data directory (a
    /// relative path lands there) — leaving out the files MySQL keeps a table in, which are named after it.
    /// </summary>
    public IReadOnlyList<string> FilesWritten()
    {
        var found = Directory.EnumerateFiles("/tmp", "*" + X + "*", new EnumerationOptions { IgnoreInaccessible = true }).ToList();
        var data = Pg
            ? Environment.GetEnvironmentVariable("DATACHARTS_TEST_PG_DATA")
            : Path.GetDirectoryName(Environment.GetEnvironmentVariable("DATACHARTS_TEST_MYSQL_SOCKET") ?? "") is { Length: > 0 } my ? Path.Combine(my, "data") : null;
        if (data is { Length: > 0 } && Directory.Exists(data))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 };
            found.AddRange(Directory.EnumerateFiles(data, "*" + X + "*", options).Where(f => !TableFiles.Contains(Path.GetExtension(f))));
        }
        return found;
    }

    private static readonly HashSet<string> TableFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ".frm", ".ibd", ".myd", ".myi", ".mad", ".mai", ".trg", ".trn", ".par", ".opt", ".isl", ".csv", ".csm",
    };

    /// <summary>What a hostile statement could have changed on the server, as text; equal before and after means nothing changed.</summary>
    public async Task<string> ReadAsync()
    {
        var b = new StringBuilder();
        await using var c = await LiveServers.OpenAsync(Settings, CancellationToken.None);
        // A lock left behind by a statement must fail this read, not hang it.
        await ScalarAsync(c, Pg ? "SET lock_timeout = '10s'" : "SET SESSION lock_wait_timeout = 10, innodb_lock_wait_timeout = 10");
        foreach (var (label, sql) in Pg ? PgQueries() : MySqlQueries())
        {
            b.Append("# ").AppendLine(label);
            try
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                    b.AppendLine(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
            catch (System.Data.Common.DbException e)
            {
                // A dropped table or sequence is a change too: its error is part of the state.
                b.Append("error: ").AppendLine(e.Message);
            }
        }
        return b.ToString();
    }

    private (string, string)[] PgQueries() =>
    [
        ("rows", $"SELECT id, note FROM {Canary} ORDER BY id"),
        ("columns", $"SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '{Canary}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"),
        ("table", $"SELECT relname, relacl::text, relrowsecurity, relhastriggers, relhasrules, relhasindex, obj_description(oid) FROM pg_class WHERE oid = '{Canary}'::regclass"),
        ("indexes, rules, policies", $"SELECT (SELECT count(*) FROM pg_index WHERE indrelid = '{Canary}'::regclass), (SELECT count(*) FROM pg_rewrite WHERE ev_class = '{Canary}'::regclass), (SELECT count(*) FROM pg_policy WHERE polrelid = '{Canary}'::regclass)"),
        ("objects", $"SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE '{X}%' OR n.nspname LIKE '{X}%' ORDER BY 1, 2"),
        ("functions", $"SELECT proname FROM pg_proc WHERE proname LIKE '{X}%' ORDER BY 1"),
        ("schemas", $"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{X}%' ORDER BY 1"),
        ("roles", "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconfig::text FROM pg_roles WHERE rolname LIKE 'dc\\_%' ORDER BY 1"),
        ("passwords", "SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'dc\\_%' ORDER BY 1"),
        ("memberships", "SELECT r.rolname, m.rolname FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid JOIN pg_roles m ON m.oid = am.member WHERE m.rolname LIKE 'dc\\_%' ORDER BY 1, 2"),
        ("databases", $"SELECT datname, datacl::text FROM pg_database WHERE datname = current_database() OR datname LIKE '{X}%' ORDER BY 1"),
        ("database and role settings", "SELECT setdatabase, setrole, setconfig::text FROM pg_db_role_setting ORDER BY 1, 2"),
        ("server settings", "SELECT name, setting FROM pg_settings WHERE source NOT IN ('default', 'override', 'client', 'session') ORDER BY 1"),
        ("configuration files", "SELECT sourcefile, name, setting FROM pg_file_settings ORDER BY 1, 2"),
        ("extensions", "SELECT extname FROM pg_extension ORDER BY 1"),
        ("large objects", "SELECT count(*) FROM pg_largeobject_metadata"),
        ("sequence", $"SELECT last_value, is_called FROM {Seq}"),
        ("replication slots", "SELECT slot_name FROM pg_replication_slots ORDER BY 1"),
        ("advisory locks", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
        ("servers, publications, event triggers", "SELECT (SELECT count(*) FROM pg_foreign_server), (SELECT count(*) FROM pg_publication), (SELECT count(*) FROM pg_event_trigger)"),
    ];

    private (string, string)[] MySqlQueries()
    {
        var db = Settings.Database;
        return
        [
            ("rows", $"SELECT id, note FROM `{db}`.{Canary} ORDER BY id"),
            ("columns", $"SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = '{db}' AND table_name = '{Canary}' ORDER BY ordinal_position"),
            ("indexes", $"SELECT index_name, column_name FROM information_schema.statistics WHERE table_schema = '{db}' AND table_name = '{Canary}' ORDER BY 1, 2"),
            ("objects", $"SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name LIKE '{X}%' OR table_schema LIKE '{X}%' ORDER BY 1, 2"),
            ("routines", $"SELECT routine_schema, routine_name FROM information_schema.routines WHERE routine_name LIKE '{X}%' ORDER BY 1, 2"),
            ("triggers", $"SELECT trigger_name FROM information_schema.triggers WHERE event_object_table = '{Canary}' OR trigger_name LIKE '{X}%' ORDER BY 1"),
            ("events", $"SELECT event_name FROM information_schema.events WHERE event_name LIKE '{X}%' ORDER BY 1"),
            ("databases", $"SELECT schema_name FROM information_schema.schemata WHERE schema_name = '{db}' OR schema_name LIKE '{X}%' ORDER BY 1"),
            ("users", "SELECT user, host, priv FROM mysql.global_priv WHERE user LIKE 'dc\\_%' ORDER BY 1, 2"),
            ("user rights", "SELECT grantee, privilege_type, is_grantable FROM information_schema.user_privileges WHERE grantee LIKE '%dc\\_%' ORDER BY 1, 2"),
            ("schema rights", "SELECT grantee, table_schema, privilege_type FROM information_schema.schema_privileges WHERE grantee LIKE '%dc\\_%' ORDER BY 1, 2, 3"),
            ("table rights", "SELECT grantee, table_name, privilege_type FROM information_schema.table_privileges WHERE grantee LIKE '%dc\\_%' ORDER BY 1, 2, 3"),
            ("server settings", "SELECT variable_name, variable_value FROM information_schema.global_variables WHERE variable_name NOT LIKE 'GTID%' ORDER BY 1"),
            ("plugins", "SELECT plugin_name, plugin_status FROM information_schema.plugins ORDER BY 1"),
            ("sequence", $"SELECT next_not_cached_value FROM `{db}`.{Seq}"),
            ("replication", "SHOW ALL SLAVES STATUS"),
        ];
    }

    private async Task ExecAsync(string sql)
    {
        await using var c = await LiveServers.OpenAsync(Settings, CancellationToken.None);
        await ScalarAsync(c, sql);
    }

    private static async Task ScalarAsync(System.Data.Common.DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
