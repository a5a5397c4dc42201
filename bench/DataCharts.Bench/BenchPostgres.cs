using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace DataCharts.Bench;

/// <summary>
/// The PostgreSQL server the live benchmark asks: the one the DATACHARTS_TEST_PG_* variables name, or a throwaway one
/// started with tests/servers/start.sh (and stopped at the end). Holds the superuser's and the read-only user's logins,
/// makes the benchmark's tables, and runs <c>psql</c> as the read-only user.
/// </summary>
public sealed partial class BenchPostgres : IDisposable
{
    /// <summary>The benchmark's own schema; the app's connection lists it alone, and psql's search path is it.</summary>
    public const string Schema = "dc_bench";

    private readonly IReadOnlyDictionary<string, string> env;
    private readonly string? stopScript;

    private BenchPostgres(IReadOnlyDictionary<string, string> env, string? stopScript)
    {
        this.env = env;
        this.stopScript = stopScript;
    }

    public string Host => env["DATACHARTS_TEST_PG_HOST"];
    public int Port => int.Parse(env["DATACHARTS_TEST_PG_PORT"], CultureInfo.InvariantCulture);
    public string Database => env.GetValueOrDefault("DATACHARTS_TEST_PG_DATABASE", "dc_test");
    public string Reader => env["DATACHARTS_TEST_PG_READER"];
    public string ReaderPassword => env.GetValueOrDefault("DATACHARTS_TEST_PG_READER_PASSWORD", "");
    public bool StartedHere => stopScript is not null;

    /// <summary>The server's own folder (start.sh's), to stop it by hand when <c>--keep</c> leaves it running.</summary>
    public string? ServersDir => env.GetValueOrDefault("DATACHARTS_TEST_SERVERS_DIR");

    /// <summary>start.sh's settings as shell assignments, when the server was started here (<c>source</c> it to reuse the server).</summary>
    public string? EnvFile => StartedHere && ServersDir is not null ? Path.Combine(ServersDir, "bench.env") : null;

    /// <summary>The psql program: DATACHARTS_TEST_PG_BIN's, else PostgreSQL 15's, else the one on the PATH.</summary>
    public string Psql
    {
        get
        {
            var bin = env.GetValueOrDefault("DATACHARTS_TEST_PG_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
            return File.Exists(Path.Combine(bin, "psql")) ? Path.Combine(bin, "psql") : "psql";
        }
    }

    /// <summary>The server from the environment when DATACHARTS_TEST_PG_PORT is set, else one started by start.sh.</summary>
    public static async Task<BenchPostgres> StartAsync(string repo)
    {
        var names = new[] { "HOST", "PORT", "DATABASE", "SUPER", "SUPER_PASSWORD", "READER", "READER_PASSWORD", "BIN", "DATA" };
        var given = names.Select(n => "DATACHARTS_TEST_PG_" + n).Where(n => Environment.GetEnvironmentVariable(n) is { Length: > 0 })
            .ToDictionary(n => n, n => Environment.GetEnvironmentVariable(n)!);
        if (given.ContainsKey("DATACHARTS_TEST_PG_PORT"))
        {
            given.TryAdd("DATACHARTS_TEST_PG_HOST", "127.0.0.1");
            foreach (var n in new[] { "SUPER", "READER" })
                if (!given.ContainsKey("DATACHARTS_TEST_PG_" + n)) throw new ArgumentException($"DATACHARTS_TEST_PG_PORT is set but DATACHARTS_TEST_PG_{n} is not.");
            return new BenchPostgres(given, null);
        }

        Console.WriteLine("starting a throwaway PostgreSQL with tests/servers/start.sh ...");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repo };
        psi.ArgumentList.Add(Path.Combine(repo, "tests", "servers", "start.sh"));
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not run tests/servers/start.sh.");
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var vars = Assignment().Matches(await output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value);
        var stop = Path.Combine(repo, "tests", "servers", "stop.sh");
        var server = new BenchPostgres(vars, stop);
        if (!vars.ContainsKey("DATACHARTS_TEST_PG_PORT"))
        {
            server.Dispose();
            throw new InvalidOperationException($"PostgreSQL did not start: {(await errors).Trim()}");
        }
        // Its settings (passwords included) for the owner alone, to reuse the server with --keep; stop.sh deletes them.
        await File.WriteAllTextAsync(server.EnvFile!, await output);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(server.EnvFile!, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return server;
    }

    /// <summary>A connection that may write (setup), as the superuser, to the benchmark's database.</summary>
    public async Task<NpgsqlConnection> OpenSuperAsync()
    {
        var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = Host, Port = Port, Database = Database, Username = env["DATACHARTS_TEST_PG_SUPER"],
            Password = env.GetValueOrDefault("DATACHARTS_TEST_PG_SUPER_PASSWORD", ""), SslMode = SslMode.Disable,
            ApplicationName = "DataCharts bench setup", CommandTimeout = 0, Pooling = false,
        }.ConnectionString);
        await c.OpenAsync();
        return c;
    }

    /// <summary>
    /// Makes <c>bench_orders</c> (<paramref name="rows"/> rows, generated by the server) and <c>bench_customers</c> in the
    /// benchmark's schema, unless they are there with that many rows; the read-only user may read them. Returns false when
    /// they were there already.
    /// </summary>
    public async Task<bool> EnsureTablesAsync(long rows)
    {
        await using var c = await OpenSuperAsync();
        async Task<object?> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            return await cmd.ExecuteScalarAsync();
        }
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync();
        }
        var exists = (bool)(await Scalar($"SELECT to_regclass('{Schema}.bench_orders') IS NOT NULL AND to_regclass('{Schema}.bench_customers') IS NOT NULL"))!;
        if (exists && (long)(await Scalar($"SELECT count(*) FROM {Schema}.bench_orders"))! == rows)
        {
            await Exec($"GRANT USAGE ON SCHEMA {Schema} TO {Reader}; GRANT SELECT ON ALL TABLES IN SCHEMA {Schema} TO {Reader}");
            return false;
        }

        var customers = Customers(rows);
        var sw = Stopwatch.StartNew();
        Console.WriteLine($"generating {Schema}.bench_orders ({rows:N0} rows) and bench_customers ({customers:N0}) on the server ...");
        await Exec($"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            GRANT USAGE ON SCHEMA {Schema} TO {Reader};
            DROP TABLE IF EXISTS {Schema}.bench_orders, {Schema}.bench_customers;
            CREATE TABLE {Schema}.bench_customers (
                customer_id integer PRIMARY KEY, customer_name text NOT NULL, segment text NOT NULL, country text NOT NULL);
            INSERT INTO {Schema}.bench_customers
            SELECT i, 'Customer ' || lpad(i::text, 6, '0'),
                   (ARRAY['Consumer','Corporate','Small business'])[1 + i % 3],
                   (ARRAY['France','Germany','Japan','Brazil','Canada','India','Kenya','Australia','Mexico','Spain'])[1 + (i / 3) % 10]
            FROM generate_series(1, {customers}) AS i;
            CREATE TABLE {Schema}.bench_orders (
                order_id bigint NOT NULL, customer_id integer NOT NULL, region text NOT NULL, channel text NOT NULL,
                amount numeric(10,2) NOT NULL, ordered_on date NOT NULL, status text NOT NULL);
            INSERT INTO {Schema}.bench_orders
            SELECT g,
                   1 + (hashint8(g) & 2147483647) % {customers},
                   (ARRAY['North','South','East','West','Central','Northeast','Southwest','Pacific'])[1 + g % 8],
                   (ARRAY['Online','Retail','Partner','Phone'])[1 + (g / 7) % 4],
                   round(5 + ((hashint8(g * 7 + 3) & 2147483647) % 100000) / 100.0, 2),
                   DATE '2021-01-01' + (g % 1461)::integer,
                   (ARRAY['delivered','delivered','delivered','shipped','pending','cancelled','returned'])[1 + ((hashint8(g * 13 + 5) & 2147483647) % 7)::integer]
            FROM generate_series(1, {rows}) AS g;
            ALTER TABLE {Schema}.bench_orders ADD PRIMARY KEY (order_id);
            ALTER TABLE {Schema}.bench_orders ADD FOREIGN KEY (customer_id) REFERENCES {Schema}.bench_customers (customer_id);
            GRANT SELECT ON ALL TABLES IN SCHEMA {Schema} TO {Reader};
            """);
        await Exec($"VACUUM ANALYZE {Schema}.bench_customers");
        await Exec($"VACUUM ANALYZE {Schema}.bench_orders");
        await Exec("CHECKPOINT");
        Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:0.0} s");
        return true;
    }

    /// <summary>Customers for a table of <paramref name="rows"/> orders: about one per 200 orders, 50,000 at most.</summary>
    public static long Customers(long rows) => Math.Clamp(rows / 200, 10, 50_000);

    /// <summary>The orders table's size on disk, with its indexes.</summary>
    public async Task<long> OrdersBytesAsync()
    {
        await using var c = await OpenSuperAsync();
        await using var cmd = new NpgsqlCommand($"SELECT pg_total_relation_size('{Schema}.bench_orders')", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the benchmark's schema and tables.</summary>
    public async Task DropAsync()
    {
        await using var c = await OpenSuperAsync();
        await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The server's main process id, when it runs on this machine: its backends and parallel workers are its children,
    /// so its CPU time is the server's (<see cref="MachineLoad.ProcessTreeCpuSeconds"/>). Null when it is elsewhere.
    /// </summary>
    public async Task<int?> PostmasterAsync()
    {
        await using var c = await OpenSuperAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", c);
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        try
        {
            var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The server's version, e.g. "15.8".</summary>
    public async Task<string> VersionAsync()
    {
        await using var c = await OpenSuperAsync();
        await using var cmd = new NpgsqlCommand("SHOW server_version", c);
        return ((string)(await cmd.ExecuteScalarAsync())!).Split(' ')[0];
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with psql as the read-only user (<c>-X -q -A -t -c</c>, the benchmark's schema as search
    /// path), timed as a process from start to exit. Output goes to /dev/null unless <paramref name="capture"/>, when its
    /// lines (one per row) are counted.
    /// </summary>
    public async Task<(double Ms, int Rows)> RunPsqlAsync(string sql, bool capture)
    {
        var psi = new ProcessStartInfo(Psql) { UseShellExecute = false, RedirectStandardOutput = capture, RedirectStandardError = true };
        foreach (var a in new[] { "-X", "-q", "-A", "-t", "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Reader, "-d", Database })
            psi.ArgumentList.Add(a);
        if (!capture)
        {
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add("/dev/null");
        }
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(sql);
        psi.Environment["PGPASSWORD"] = ReaderPassword;
        psi.Environment["PGSSLMODE"] = "disable";
        psi.Environment["PGOPTIONS"] = $"-c search_path={Schema}";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Psql}.");
        var output = capture ? p.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var errors = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"psql failed (exit code {p.ExitCode}): {(await errors).Trim()}");
        var text = await output;
        return (ms, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>Stops the server when it was started here.</summary>
    public void Dispose()
    {
        if (stopScript is null || ServersDir is null) return;
        using var p = Process.Start(new ProcessStartInfo("bash", [stopScript, ServersDir]) { UseShellExecute = false });
        p?.WaitForExit();
    }

    /// <summary>One <c>NAME=value</c> or <c>NAME='value'</c> of start.sh's <c>export</c> lines.</summary>
    [GeneratedRegex(@"(\w+)=('([^']*)'|([^\s']+))")]
    private static partial Regex Assignment();
}
