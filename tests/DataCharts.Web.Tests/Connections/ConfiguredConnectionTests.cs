using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Connections;
using DataCharts.Core.Tests.Connections;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataCharts.Web.Tests.Connections;

/// <summary>
/// Connections named in configuration (<c>DataCharts:Connections</c>), as docker compose sets them: the compose sample
/// database (docker/postgres/init/01-sample-shop.sql, loaded by psql as the postgres image loads it) shows up at start-up
/// with its tables and answers questions; a restart does not add it twice; a server that is not there yet is retried in
/// the background and added when it comes; an unreachable or mistyped one leaves the app up, said in the log in plain
/// words, never with the password.
/// </summary>
public sealed class ConfiguredConnectionTests
{
    // The sample's role is one for the whole test server, so every test gives it the same password.
    private static readonly string ReaderPassword = "rd-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task The_compose_sample_database_is_connected_at_start_up_with_its_tables_and_answers_questions()
    {
        await using var shop = await SampleShop.CreateAsync();
        // The connection exactly as docker-compose.yml configures it (one environment variable for the schemas), pointed at
        // the test server in place of the postgres container.
        var (settings, passwordDefault) = ComposeConnection();
        var name = settings["DataCharts:Connections:0:Name"]!;
        settings["DataCharts:Connections:0:Host"] = shop.Host;
        settings["DataCharts:Connections:0:Port"] = shop.Port.ToString(CultureInfo.InvariantCulture);
        settings["DataCharts:Connections:0:Database"] = shop.Database;
        settings["DataCharts:Connections:0:Password"] = ReaderPassword;
        Assert.Equal("datacharts_reader", settings["DataCharts:Connections:0:Username"]);
        // Without DATACHARTS_READER_PASSWORD set, the app's password is the one the init script gives the role.
        Assert.Contains($"\\set reader_password {passwordDefault}\n", await File.ReadAllTextAsync(RepoFile("docker", "postgres", "init", "01-sample-shop.sql")));
        var dataDir = Path.Combine(Path.GetTempPath(), "dc-web-" + Guid.NewGuid().ToString("N")[..10]);
        await using (var app = new ConfiguredAppFactory(settings, dataDir) { KeepDataDir = true })
        {
            using var c = app.CreateClient();
            var listed = await WaitListedAsync(c, name);
            Assert.Equal("postgresql", listed.GetProperty("format").GetString());
            var tables = listed.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("row_count").GetInt64());
            Assert.Equal(["categories", "customers", "order_items", "orders", "products", "staff"], tables.Keys.Order());
            Assert.Equal(await shop.ScalarAsync<long>("SELECT count(*) FROM shop.orders"), tables["orders"]);
            Assert.Contains(WebUtility.HtmlEncode(name), await c.GetStringAsync("/Data"));

            // Questions over the sample's undeclared relationships (orders to customers; items to products to categories)
            // get the rows the server computes itself.
            var id = listed.GetProperty("data_id").GetString()!;
            Assert.Equal(await shop.RowsAsync("""
                    SELECT c.country, round(sum(o.order_total), 2) FROM shop.orders o JOIN shop.customers c ON c.customer_id = o.customer_id GROUP BY 1
                    """),
                Rows(await AskAsync(c, id, "total order_total by country")).Order());
            Assert.Equal(await shop.RowsAsync("""
                    SELECT k.category_name, sum(i.quantity) FROM shop.order_items i JOIN shop.products p ON p.product_id = i.product_id
                    JOIN shop.categories k ON k.category_id = p.category_id GROUP BY 1
                    """),
                Rows(await AskAsync(c, id, "total quantity by category_name")).Order());
        }

        // A restart finds it there by name and adds nothing.
        await using var again = new ConfiguredAppFactory(settings, dataDir);
        using var c2 = again.CreateClient();
        await again.Services.GetServices<IHostedService>().OfType<ConfiguredConnections>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        var names = (await (await c2.GetAsync("/api/data")).JsonAsync()).EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();
        Assert.Equal([name], names.Where(n => n.StartsWith(name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_database_server_that_comes_up_after_the_app_is_connected_on_a_retry()
    {
        var shop = SampleShop.Declare();
        await using var _ = shop;
        var name = "Late shop " + shop.Database;
        var settings = Configured(0, name, shop.Host, shop.Port, shop.Database, ReaderPassword);
        settings["DataCharts:Connections:0:Schemas:0"] = "shop";
        await using var app = new ConfiguredAppFactory(settings);
        using var c = app.CreateClient();
        // Until the sample is loaded the server says there is no such database, or (before any run created the sample's
        // role in this cluster) that the user is refused: either way a plain warning and another try.
        var log = await WaitLoggedAsync(app, "Trying again");
        Assert.Contains(shop.Database, log);
        Assert.True(log.Contains("There is no database", StringComparison.Ordinal) || log.Contains("wrong user name or password", StringComparison.Ordinal), log);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);

        await shop.LoadAsync(); // the database container has finished its first start
        var listed = await WaitListedAsync(c, name);
        Assert.Equal(6, listed.GetProperty("tables").GetArrayLength());
        AssertNowhereOnDisk(app, ReaderPassword);
    }

    [Fact]
    public async Task An_unreachable_or_mistyped_connection_leaves_the_app_up_and_is_not_listed()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var settings = Configured(0, "Nowhere db", "127.0.0.1", port, "nowhere", password);
        foreach (var (k, v) in Configured(1, "Mistyped db", "127.0.0.1", port, "nowhere", password)) settings[k] = v;
        settings["DataCharts:Connections:1:Kind"] = "oracle";
        await using var app = new ConfiguredAppFactory(settings);
        using var c = app.CreateClient();

        var log = await WaitLoggedAsync(app, "Cannot reach a database server");
        Assert.Contains("Nowhere db", log);
        Assert.Contains("Trying again", log);
        log = await WaitLoggedAsync(app, "DataCharts:Connections:1");
        Assert.Contains("Unknown database kind 'oracle'", log);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);
        var names = (await (await c.GetAsync("/api/data")).JsonAsync()).EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("Nowhere db", names);
        Assert.DoesNotContain("Mistyped db", names);
        AssertNowhereOnDisk(app, password);
    }

    /// <summary>
    /// The app service's <c>DataCharts__Connections__0__*</c> variables in docker-compose.yml as configuration keys (a
    /// <c>${VAR:-default}</c> read as its default), and the default of the reader's password, checked to be the postgres
    /// service's too.
    /// </summary>
    private static (Dictionary<string, string?> Settings, string PasswordDefault) ComposeConnection()
    {
        var yaml = File.ReadAllText(RepoFile("docker-compose.yml"));
        static string Value(string v) => Regex.Replace(v.Trim().Trim('"'), @"^\$\{\w+:-(.*)\}$", "$1");
        var settings = Regex.Matches(yaml, @"^\s+(DataCharts__Connections__0__\w+):(.*)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal), m => (string?)Value(m.Groups[2].Value));
        var postgres = Regex.Match(yaml, @"^\s+DATACHARTS_READER_PASSWORD:(.*)$", RegexOptions.Multiline);
        Assert.True(postgres.Success, "the postgres service sets no DATACHARTS_READER_PASSWORD");
        Assert.Equal(Value(postgres.Groups[1].Value), settings["DataCharts:Connections:0:Password"]);
        Assert.Contains("./docker/postgres/init:/docker-entrypoint-initdb.d", yaml);
        return (settings, settings["DataCharts:Connections:0:Password"]!);
    }

    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException($"The repository root (with DataCharts.Web.sln) was not found above {AppContext.BaseDirectory}.");
    }

    private static Dictionary<string, string?> Configured(int index, string name, string host, int port, string database, string password) => new()
    {
        [$"DataCharts:Connections:{index}:Name"] = name,
        [$"DataCharts:Connections:{index}:Kind"] = "postgresql",
        [$"DataCharts:Connections:{index}:Host"] = host,
        [$"DataCharts:Connections:{index}:Port"] = port.ToString(CultureInfo.InvariantCulture),
        [$"DataCharts:Connections:{index}:Database"] = database,
        [$"DataCharts:Connections:{index}:Username"] = "datacharts_reader",
        [$"DataCharts:Connections:{index}:Password"] = password,
        [$"DataCharts:Connections:{index}:SslMode"] = "disable",
    };

    /// <summary>Polls <c>/api/data</c> until a data source named <paramref name="name"/> is there (the connection is added in the background).</summary>
    private static async Task<JsonElement> WaitListedAsync(HttpClient c, string name, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var list = await (await c.GetAsync("/api/data")).JsonAsync();
            var found = list.EnumerateArray().Where(d => d.GetProperty("name").GetString() == name).ToList();
            if (found.Count > 0) return Assert.Single(found);
            Assert.True(DateTime.UtcNow < until, $"\"{name}\" was not listed within {seconds} s");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> AskAsync(HttpClient c, string dataId, string question)
    {
        var r = await c.PostJsonAsync("/api/ask", new { data_id = dataId, question });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        var answer = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(answer.GetProperty("confident").GetBoolean(), $"{question}: {body}");
        return answer;
    }

    private static string Row(IEnumerable<object?> cells) =>
        string.Join(" | ", cells.Select(v => v is IConvertible n && v is not string ? Convert.ToDecimal(n, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture) : v?.ToString() ?? "null"));

    private static IEnumerable<string> Rows(JsonElement answer) => answer.GetProperty("rows").EnumerateArray()
        .Select(r => Row(r.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : (object?)v.GetString())));

    /// <summary>Waits for the app's log to hold <paramref name="text"/>; returns the whole log.</summary>
    private static async Task<string> WaitLoggedAsync(AppFactory app, string text, int seconds = 30)
    {
        var log = "";
        for (var until = DateTime.UtcNow.AddSeconds(seconds); !log.Contains(text, StringComparison.Ordinal); await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < until, $"the log never said \"{text}\":\n{log}");
            log = string.Concat(Directory.EnumerateFiles(Path.Combine(app.DataDir, "logs"), "datacharts-*.log").Select(f =>
            {
                using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(fs).ReadToEnd();
            }));
        }
        return log;
    }

    /// <summary>No file the app wrote (its database, its logs) holds <paramref name="secret"/> in clear.</summary>
    private static void AssertNowhereOnDisk(AppFactory app, string secret)
    {
        foreach (var file in Directory.EnumerateFiles(app.DataDir, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Assert.DoesNotContain(secret, new StreamReader(stream).ReadToEnd());
        }
    }

    /// <summary>The app with connections in its configuration.</summary>
    private sealed class ConfiguredAppFactory : AppFactory
    {
        private readonly IDictionary<string, string?> settings;

        public ConfiguredAppFactory(IDictionary<string, string?> settings) => this.settings = settings;

        public ConfiguredAppFactory(IDictionary<string, string?> settings, string dataDir) : base(dataDir) => this.settings = settings;

        protected override IDictionary<string, string?> Settings => settings;
    }

    /// <summary>
    /// A database of its own on the live test PostgreSQL holding the compose sample: created by the superuser, loaded by
    /// psql exactly as the postgres image's entrypoint runs its init scripts, dropped at the end.
    /// </summary>
    private sealed class SampleShop : IAsyncDisposable
    {
        private readonly ConnectionSettings super;

        private SampleShop(ConnectionSettings super, string database)
        {
            this.super = super;
            Database = database;
        }

        public string Database { get; }
        public string Host => super.Host;
        public int Port => super.Port;

        public static async Task<SampleShop> CreateAsync(string? database = null)
        {
            var shop = Declare(database);
            await shop.LoadAsync();
            return shop;
        }

        /// <summary>A name for a database that does not exist yet (the server skips the test when absent).</summary>
        public static SampleShop Declare(string? database = null)
        {
            var super = LiveServers.Require(ConnectionKind.PostgreSql);
            Assert.SkipWhen(Environment.GetEnvironmentVariable("DATACHARTS_TEST_PG_BIN") is not { Length: > 0 }, "psql was not found: tests/servers/start.sh sets DATACHARTS_TEST_PG_BIN.");
            return new SampleShop(super, database ?? "dc_shop_" + Guid.NewGuid().ToString("N")[..10]);
        }

        /// <summary>Creates the database and runs the init script in it with psql -v ON_ERROR_STOP=1, as the postgres image does.</summary>
        public async Task LoadAsync()
        {
            await LiveSandbox.ExecAsync(super, $"CREATE DATABASE {Database}");
            var psql = new ProcessStartInfo(Path.Combine(Environment.GetEnvironmentVariable("DATACHARTS_TEST_PG_BIN")!, "psql"),
                ["-v", "ON_ERROR_STOP=1", "--no-password", "--no-psqlrc", "-h", super.Host, "-p", super.Port.ToString(CultureInfo.InvariantCulture),
                 "-U", super.Username, "-d", Database, "-f", RepoFile("docker", "postgres", "init", "01-sample-shop.sql")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = super.Password, ["DATACHARTS_READER_PASSWORD"] = ReaderPassword },
            };
            using var p = Process.Start(psql)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var errors = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0 && errors.Length == 0, $"psql exited with {p.ExitCode}: {errors}\n{await output}");
        }

        /// <summary>The rows of <paramref name="sql"/> run on the sample by the superuser, formatted as the answers are compared.</summary>
        public async Task<List<string>> RowsAsync(string sql)
        {
            await using var c = await LiveServers.OpenAsync(super with { Database = Database });
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await r.ReadAsync()) rows.Add(Row(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : r.GetValue(i))));
            return rows.Order().ToList();
        }

        public async Task<T> ScalarAsync<T>(string sql)
        {
            await using var c = await LiveServers.OpenAsync(super with { Database = Database });
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
        }

        // WITH (FORCE) ends the app's pooled sessions to it; the role stays, shared by the tests on this server.
        public async ValueTask DisposeAsync() => await LiveSandbox.ExecAsync(super, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }
}
