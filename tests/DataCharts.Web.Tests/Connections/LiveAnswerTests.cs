using System.Globalization;
using System.Net;
using System.Text.Json;
using DataCharts.Core.Connections;
using DataCharts.Core.Tests.Connections;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Connections;

/// <summary>
/// The same shop as an uploaded file and as a live PostgreSQL or MariaDB connection: every question gets the same rows
/// and the same confidence, computed by the server in its own dialect (through the live guard), and a report SQL block, a
/// download beyond the row cap, a refused statement and a query the server kills mid-way behave as for files.
/// </summary>
public sealed class LiveAnswerTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Cities = ["Oslo", "Lima", "Pune", "Kyiv"];
    private static readonly string[] Statuses = ["shipped", "returned", "pending"];
    private static readonly string[] Channels = ["web", "store", "phone"];

    /// <summary>A small shop in portable SQL (no foreign keys declared, snake_case names), the same on every engine.</summary>
    private static IEnumerable<string> Shop()
    {
        yield return "CREATE TABLE customers (customer_id integer PRIMARY KEY, customer_name varchar(40) NOT NULL, city varchar(30), segment varchar(20))";
        yield return "CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer, amount decimal(10,2), ordered_on date, status varchar(20), channel varchar(20))";
        for (var i = 1; i <= 12; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"INSERT INTO customers VALUES ({i}, 'Customer {i:00}', '{Cities[i % 4]}', '{(i % 3 == 0 ? "business" : "private")}')");
        for (var i = 1; i <= 90; i++)
        {
            var amount = (i * 37 % 500 + 10) + i % 4 * 0.25;
            var day = new DateOnly(2024, 1, 1).AddDays(i * 4);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO orders VALUES ({1000 + i}, {1 + i * 7 % 12}, {amount:0.00}, '{day:yyyy-MM-dd}', '{Statuses[i % 3]}', '{Channels[i * 5 % 3]}')");
        }
    }

    public static readonly string[] Questions =
    [
        "total amount by city",
        "average amount by status",
        "how many orders per channel",
        "number of orders by month",
        "top 3 customers by total amount",
        "median amount by segment",
        "total amount of shipped orders by channel",
        "what is the total amount",
        "average amount for customers in Oslo",
        "share of amount by channel",
        "how many customers per segment",
        "orders with amount over 400",
    ];

    private static async Task<JsonElement> OkAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> AskAsync(HttpClient c, string dataId, string question) =>
        await OkAsync(await c.PostJsonAsync("/api/ask", new { data_id = dataId, question }));

    private static string Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => Math.Round(v.GetDouble(), 2).ToString("0.00", CultureInfo.InvariantCulture),
        JsonValueKind.Null => "null",
        _ => v.ToString(),
    };

    private static List<string> Rows(JsonElement answer) =>
        answer.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Select(r => string.Join(" | ", r.EnumerateArray().Select(Cell))).ToList()
            : [];

    private async Task<(string File, string Live, LiveSandbox Box)> SourcesAsync(HttpClient c, ConnectionKind kind)
    {
        var box = await LiveSandbox.CreateAsync(kind, Shop().ToArray());
        var file = (await c.UploadAsync($"shop-{box.Name}.sqlite", Files.SqliteOf(Shop()))).JsonAsync();
        var live = await OkAsync(await c.PostJsonAsync("/api/connections", LiveServers.ApiBody(box.Reader, "Shop live " + box.Name)));
        return ((await file).GetProperty("data_id").GetString()!, live.GetProperty("data_id").GetString()!, box);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Questions_asked_live_get_the_answers_the_imported_file_gets(ConnectionKind kind)
    {
        using var c = app.CreateClient();
        var (file, live, box) = await SourcesAsync(c, kind);
        await using var _ = box;
        var differences = new List<string>();
        var answered = 0;
        foreach (var q in Questions)
        {
            var f = await AskAsync(c, file, q);
            var l = await AskAsync(c, live, q);
            var (fr, lr) = (Rows(f), Rows(l));
            if (fr.Count > 0 && f.GetProperty("confident").GetBoolean()) answered++;
            if (!fr.SequenceEqual(lr) || f.GetProperty("confident").GetBoolean() != l.GetProperty("confident").GetBoolean())
                differences.Add($"{q}\n  file ({f.GetProperty("confident")}): {string.Join("; ", fr.Take(6))}\n  live ({l.GetProperty("confident")}): {string.Join("; ", lr.Take(6))}\n  live sql: {l.GetProperty("sql")}");
            if (fr.Count > 0 && kind == ConnectionKind.MySql) Assert.Contains("`", l.GetProperty("sql").GetString());
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        // The comparison means something only when the file's answers are answers.
        Assert.True(answered >= Questions.Length - 1, $"only {answered} of {Questions.Length} questions were answered with confidence");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_report_block_reads_the_live_database_and_a_hostile_one_is_refused(ConnectionKind kind)
    {
        using var c = app.CreateClient();
        var (_, live, box) = await SourcesAsync(c, kind);
        await using var _ = box;
        var cells = new object[]
        {
            new { kind = "sql", name = "by_city", source = "SELECT city, count(*) AS customers FROM customers GROUP BY city ORDER BY city" },
            new { kind = "sql", name = "biggest", source = "SELECT city FROM by_city ORDER BY customers DESC, city LIMIT 1" },
            new { kind = "sql", name = "files", source = kind == ConnectionKind.PostgreSql ? "SELECT pg_read_file('/etc/passwd')" : "SELECT LOAD_FILE('/etc/passwd')" },
            new { kind = "sql", name = "wipe", source = "DELETE FROM orders" },
        };
        var nb = await OkAsync(await c.PostJsonAsync("/api/notebooks", new { title = "Live " + box.Name, data_id = live, cells }));
        var run = await OkAsync(await c.PostJsonAsync($"/api/notebooks/{nb.GetProperty("notebook_id").GetString()}/run", new { }));
        var results = run.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["Kyiv | 3.00", "Lima | 3.00", "Oslo | 3.00", "Pune | 3.00"], Rows(results[0]));
        Assert.Equal(["Kyiv"], Rows(results[1]));
        Assert.Contains("not allowed", results[2].GetProperty("error").GetString());
        Assert.Contains("SELECT", results[3].GetProperty("error").GetString());
        var count = await AskAsync(c, live, "how many orders");
        Assert.Equal(["90.00"], Rows(count));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_download_holds_every_row_past_the_row_cap(ConnectionKind kind)
    {
        using var c = app.CreateClient();
        var (_, live, box) = await SourcesAsync(c, kind);
        await using var _ = box;
        var answer = await AskAsync(c, live, "show orders");
        var csv = await c.GetStringAsync($"/api/results/{answer.GetProperty("message_id").GetString()}/export?format=csv");
        Assert.Equal(91, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_query_the_server_kills_is_a_plain_error_and_the_app_stays_up(ConnectionKind kind)
    {
        using var c = app.CreateClient();
        var (_, live, box) = await SourcesAsync(c, kind);
        await using var _ = box;
        var slow = kind == ConnectionKind.PostgreSql
            ? "SELECT count(*) FROM orders a, orders b, orders c, orders d, orders e"
            : "SELECT count(*) FROM orders a, orders b, orders c, orders d, orders e, orders f";
        var cells = new object[] { new { kind = "sql", name = "slow", source = slow } };
        var nb = await OkAsync(await c.PostJsonAsync("/api/notebooks", new { title = "Slow " + box.Name, data_id = live, cells }));
        var running = c.PostJsonAsync($"/api/notebooks/{nb.GetProperty("notebook_id").GetString()}/run", new { });
        // Kill the query's server process (PostgreSQL) or connection (MariaDB) once it runs: the app's running statement only,
        // never another test's connection whose last statement was this lookup.
        var killer = LiveServers.Require(kind);
        var killed = false;
        for (var i = 0; i < 100 && !killed; i++)
        {
            await Task.Delay(100);
            await using var conn = await LiveServers.OpenAsync(killer, CancellationToken.None);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = kind == ConnectionKind.PostgreSql
                ? "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE state = 'active' AND application_name = 'DataCharts' AND query LIKE '%orders a, orders b%' AND pid <> pg_backend_pid()"
                : "SELECT id FROM information_schema.processlist WHERE command = 'Query' AND info LIKE '%orders a, orders b%' AND info NOT LIKE '%processlist%' AND id <> connection_id()";
            var found = await cmd.ExecuteScalarAsync();
            if (kind == ConnectionKind.MySql && found is not null)
            {
                cmd.CommandText = $"KILL {Convert.ToInt64(found, CultureInfo.InvariantCulture)}";
                await cmd.ExecuteNonQueryAsync();
            }
            killed = found is not null && Convert.ToInt64(found, CultureInfo.InvariantCulture) > 0;
        }
        Assert.True(killed, "the slow query never showed up on the server");
        var run = await OkAsync(await running);
        var error = run.GetProperty("cells")[0].GetProperty("error").GetString();
        Assert.False(string.IsNullOrEmpty(error));
        Assert.DoesNotContain(box.Reader.Password, error);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/health")).StatusCode);
        Assert.Equal(["90.00"], Rows(await AskAsync(c, live, "how many orders")));
    }
}
