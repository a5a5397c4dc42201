using System.Data.Common;
using System.Diagnostics;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// Live PostgreSQL and MariaDB servers (started by test.sh): rows come back typed and capped; a superuser's writes inside
/// DataCharts' read-only transaction change nothing; the server's own timeout ends a long query and leaves nothing running;
/// wrong passwords, missing databases and unreachable hosts each get their own plain message without the password.
/// </summary>
public sealed class LiveDatabaseTests
{
    private static async Task ExecAsync(ConnectionSettings s, string sql)
    {
        await using var c = await LiveServers.OpenAsync(s, CancellationToken.None);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(ConnectionSettings s, string sql)
    {
        await using var c = await LiveServers.OpenAsync(s, CancellationToken.None);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>
    /// How many of the given query still run on the server once it has had up to five seconds to stop: a cancel reaches the
    /// server asynchronously, and a loaded machine takes a moment more.
    /// </summary>
    private static async Task<long> StillRunningAsync(ConnectionSettings s, string running)
    {
        var watch = Stopwatch.StartNew();
        long n;
        while ((n = await CountAsync(s, running)) > 0 && watch.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(200);
        return n;
    }

    /// <summary>A table of this test's own (its name unique per test, so runs and kinds never meet).</summary>
    private static async Task<string> TableAsync(ConnectionSettings s, string stem)
    {
        var name = $"{stem}_{Guid.NewGuid():N}"[..24];
        var ts = s.Kind == ConnectionKind.PostgreSql ? "timestamp" : "datetime";
        await ExecAsync(s, $"CREATE TABLE {name} (id integer PRIMARY KEY, region varchar(20), amount numeric(10,2), sold_on date, sold_at {ts}, paid boolean)");
        await ExecAsync(s, $"INSERT INTO {name} VALUES (1, 'East', 12.50, '2024-03-05', '2024-03-05 10:30:00', true), (2, 'West', 7.25, '2024-04-01', '2024-04-01 08:00:00', false), (3, 'East', 3.00, '2024-04-02', '2024-04-02 09:15:00', true)");
        return name;
    }

    private static readonly ResultBounds Bounds = new(1 << 20, 2000);

    /// <summary>
    /// A query that runs for minutes, marked by <paramref name="mark"/> so it can be found, and the count of such queries
    /// still running on the server (which must be 0 once DataCharts gave up on it).
    /// </summary>
    private static (string Sql, string Running) Slow(ConnectionKind kind, long mark)
    {
        var side = 100_000 + mark % 1000;
        return kind == ConnectionKind.PostgreSql
            ? ($"SELECT count(*) FROM generate_series(1, {mark}) g",
               $"SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%generate_series(1, {mark})%' AND state = 'active' AND pid <> pg_backend_pid()")
            : ($"SELECT sum(a.seq * b.seq) FROM seq_1_to_{side} a, seq_1_to_{side} b",
               $"SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%seq_1_to_{side} a, seq_1_to_{side} b%' AND id <> connection_id()");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_select_comes_back_typed_and_capped(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var t = await TableAsync(s, "sales");
        var r = await LiveDatabase.QueryAsync(s, $"SELECT region, amount, sold_on, sold_at, paid, id FROM {t} ORDER BY id", 2, Bounds, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(2, r.Rows.Count); // the row cap
        Assert.Equal([ColumnType.Text, ColumnType.Decimal, ColumnType.Date, ColumnType.Timestamp, ColumnType.Boolean, ColumnType.Integer], r.Columns.Select(c => c.Type));
        Assert.Equal(["East", 12.5, "2024-03-05", "2024-03-05 10:30:00"], r.Rows[0].Take(4));
        Assert.Equal(1L, r.Rows[0][5]);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_capped_read_of_a_huge_result_stops_on_the_server(ConnectionKind kind)
    {
        // Five hundred million rows would take minutes to send; the server stops after the cap (a set-returning function in
        // the select list streams; in FROM PostgreSQL would build it whole first).
        var s = LiveServers.Require(kind);
        var sql = kind == ConnectionKind.PostgreSql ? "SELECT g, g * 2 AS twice FROM (SELECT generate_series(1, 500000000) AS g) AS s" : "SELECT seq, seq * 2 AS twice FROM seq_1_to_500000000";
        var watch = Stopwatch.StartNew();
        var r = await LiveDatabase.QueryAsync(s, sql, 10, Bounds, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(10, r.Rows.Count);
        Assert.Equal(20L, Convert.ToInt64(r.Rows[9][1]));
        Assert.True(watch.Elapsed.TotalSeconds < 10, $"took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_long_text_cell_is_cut_to_the_bound_with_a_marker(ConnectionKind kind)
    {
        // Eight million characters made by the server; the app keeps the first hundred and says the cell was cut.
        var s = LiveServers.Require(kind);
        var sql = kind == ConnectionKind.PostgreSql ? "SELECT 1 AS id, repeat('abcdefgh', 1000000) AS body, 'short' AS tail" : "SELECT 1 AS id, REPEAT('abcdefgh', 1000000) AS body, 'short' AS tail";
        var r = await LiveDatabase.QueryAsync(s, sql, 10, new ResultBounds(64 << 20, 100), TimeSpan.FromSeconds(20), CancellationToken.None);
        var body = Assert.IsType<string>(r.Rows[0][1]);
        Assert.Equal(101, body.Length);
        Assert.StartsWith("abcdefghabcdefgh", body);
        Assert.EndsWith(ResultBounds.CutMarker, body);
        Assert.Equal(1, r.ShortenedCells);
        Assert.Equal("short", r.Rows[0][2]);
        Assert.Equal(1L, Convert.ToInt64(r.Rows[0][0]));
    }

    [Fact]
    public async Task PostgreSQL_arrays_ranges_and_intervals_read_as_text_people_can_read()
    {
        // Sample databases use these (pagila's special_features text[]); none may come back as a .NET type name.
        var s = LiveServers.Require(ConnectionKind.PostgreSql);
        var r = await LiveDatabase.QueryAsync(s, "SELECT ARRAY['Trailers','Deleted Scenes'] AS features, ARRAY[1,2,3] AS n, interval '3 days 04:05:06' AS span, 'a fat cat'::tsvector AS words",
            10, Bounds, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("{Trailers,Deleted Scenes}", r.Rows[0][0]);
        Assert.Equal("{1,2,3}", r.Rows[0][1]);
        Assert.Equal("3.04:05:06", r.Rows[0][2]);
        Assert.DoesNotContain(r.Rows[0], v => v is string text && text.StartsWith("System.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Named_parameters_are_bound_not_spliced(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var t = await TableAsync(s, "bound");
        var r = await LiveDatabase.QueryAsync(s, $"SELECT id FROM {t} WHERE region = @region ORDER BY id", 10, Bounds, TimeSpan.FromSeconds(10), CancellationToken.None,
            new Dictionary<string, object?> { ["region"] = "East" });
        Assert.Equal([1L, 3L], r.Rows.Select(x => Convert.ToInt64(x[0])));
        var none = await LiveDatabase.QueryAsync(s, $"SELECT id FROM {t} WHERE region = @region", 10, Bounds, TimeSpan.FromSeconds(10), CancellationToken.None,
            new Dictionary<string, object?> { ["region"] = "East' OR '1'='1" });
        Assert.Empty(none.Rows);
    }

    public static TheoryData<ConnectionKind, string> Writes() => new()
    {
        { ConnectionKind.PostgreSql, "INSERT INTO {t} VALUES (9, 'North', 1, '2024-01-01', '2024-01-01 00:00:00', true)" },
        { ConnectionKind.PostgreSql, "WITH gone AS (DELETE FROM {t} RETURNING *) SELECT count(*) FROM gone" },
        { ConnectionKind.PostgreSql, "UPDATE {t} SET amount = 0" },
        { ConnectionKind.PostgreSql, "DROP TABLE {t}" },
        { ConnectionKind.PostgreSql, "CREATE TABLE {t}_copy AS SELECT * FROM {t}" },
        { ConnectionKind.PostgreSql, "SELECT set_config('default_transaction_read_only', 'off', false); DELETE FROM {t}" },
        { ConnectionKind.MySql, "INSERT INTO {t} VALUES (9, 'North', 1, '2024-01-01', '2024-01-01 00:00:00', true)" },
        { ConnectionKind.MySql, "UPDATE {t} SET amount = 0" },
        { ConnectionKind.MySql, "DELETE FROM {t}" },
        { ConnectionKind.MySql, "CREATE TEMPORARY TABLE x AS SELECT 1" },
        // DDL commits an open transaction in MySQL/MariaDB: only a read-only session stops these.
        { ConnectionKind.MySql, "DROP TABLE {t}" },
        { ConnectionKind.MySql, "CREATE TABLE {t}_copy AS SELECT * FROM {t}" },
        { ConnectionKind.MySql, "TRUNCATE TABLE {t}" },
        { ConnectionKind.MySql, "RENAME TABLE {t} TO {t}_moved" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_superusers_write_inside_the_read_only_transaction_changes_nothing(ConnectionKind kind, string write)
    {
        var s = LiveServers.Require(kind);
        var t = await TableAsync(s, "guarded");
        var sql = write.Replace("{t}", t, StringComparison.Ordinal);
        try
        {
            await LiveDatabase.QueryAsync(s, sql, 100, Bounds, TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (UserFacingException)
        {
            // refused: what matters is below
        }
        Assert.Equal(3L, await CountAsync(s, $"SELECT count(*) FROM {t}"));
        Assert.Equal(3L, await CountAsync(s, $"SELECT count(*) FROM {t} WHERE amount > 0"));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task The_servers_timeout_ends_a_long_query_and_leaves_nothing_running(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var (slow, running) = Slow(kind, 2_000_000_000);
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => LiveDatabase.QueryAsync(s, slow, 10, Bounds, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Contains("time limit", ex.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 8);
        Assert.Equal(0L, await StillRunningAsync(s, running));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Cancelling_a_query_stops_it_on_the_server(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var (slow, running) = Slow(kind, 2_000_000_001);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LiveDatabase.QueryAsync(s, slow, 10, Bounds, TimeSpan.FromSeconds(60), cts.Token));
        Assert.Equal(0L, await StillRunningAsync(s, running));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_wrong_password_a_missing_database_and_an_unreachable_host_each_say_so_without_the_password(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var wrong = s with { Password = "not-the-password-1234" };
        var e1 = await Assert.ThrowsAsync<UserFacingException>(() => LiveDatabase.OpenAsync(wrong, CancellationToken.None));
        Assert.Contains("wrong user name or password", e1.Message);
        Assert.DoesNotContain("not-the-password-1234", e1.Message);

        var e2 = await Assert.ThrowsAsync<UserFacingException>(() => LiveDatabase.OpenAsync(s with { Database = "no_such_db" }, CancellationToken.None));
        Assert.Contains("no database \"no_such_db\"", e2.Message);
        Assert.DoesNotContain(s.Password, e2.Message);

        // A loopback port nothing listens on: refused at once, and said in plain words.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var watch = Stopwatch.StartNew();
        var e3 = await Assert.ThrowsAsync<UserFacingException>(() => LiveDatabase.OpenAsync(s with { Port = closed }, CancellationToken.None));
        Assert.Contains("Cannot reach a database server", e3.Message);
        Assert.True(watch.Elapsed.TotalSeconds < LiveDatabase.ConnectSeconds + 2);
    }
}
