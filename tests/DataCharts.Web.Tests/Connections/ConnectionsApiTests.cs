using System.Net;
using System.Text.Json;
using DataCharts.Core.Connections;
using DataCharts.Core.Tests.Connections;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Connections;

/// <summary>
/// <c>POST /api/connections</c> against the live test servers: a saved connection is a data source listed with the
/// datasets, with its tables, previews and profiles read from the server; its password is stored encrypted and never
/// returned; a connection that fails saves nothing; a refresh shows a table added since.
/// </summary>
public sealed class ConnectionsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Shop =
    [
        "CREATE TABLE customers (customer_id integer PRIMARY KEY, customer_name varchar(40) NOT NULL, city varchar(30))",
        "CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer, amount decimal(10,2), ordered_on date, note text)",
        "INSERT INTO customers VALUES (1, 'Ada', 'Oslo'), (2, 'Bo', 'Lima'), (3, 'Cy', 'Oslo')",
        "INSERT INTO orders VALUES (10, 1, 12.50, '2024-01-05', 'first'), (11, 1, 7.50, '2024-02-10', NULL), (12, 2, 30.00, '2024-02-11', 'big'), (13, 3, 5.25, '2024-03-01', NULL)",
    ];

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_saved_connection_is_a_data_source_with_tables_previews_and_profiles(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        using var c = app.CreateClient();
        var created = await c.PostJsonAsync("/api/connections", LiveServers.ApiBody(box.Settings, "Shop " + box.Name));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.DoesNotContain(box.Settings.Password, body);
        var json = JsonDocument.Parse(body).RootElement;
        var id = json.GetProperty("data_id").GetString()!;
        Assert.Equal(["customers", "orders"], json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
        // The superuser is named in a warning with the recipe for a read-only role.
        Assert.Contains(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("read-only", StringComparison.Ordinal));

        var list = await (await c.GetAsync("/api/data")).JsonAsync();
        var listed = list.EnumerateArray().Single(d => d.GetProperty("data_id").GetString() == id);
        Assert.Equal(kind == ConnectionKind.PostgreSql ? "postgresql" : "mysql", listed.GetProperty("format").GetString());

        var rows = await (await c.GetAsync($"/api/data/{id}/tables/orders/rows?limit=3")).JsonAsync();
        Assert.Equal(3, rows.GetProperty("rows").GetArrayLength());
        Assert.True(rows.GetProperty("has_more").GetBoolean());
        var ids = rows.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()).ToList();
        Assert.Subset(new HashSet<long> { 10, 11, 12, 13 }, ids.ToHashSet());

        var profile = await (await c.GetAsync($"/api/data/{id}/tables/orders/columns/amount/profile")).JsonAsync();
        Assert.Equal(4, profile.GetProperty("rows").GetInt64());
        Assert.Equal(5.25, profile.GetProperty("min").GetDouble(), 2);
        Assert.Equal(30.0, profile.GetProperty("max").GetDouble(), 2);
        var cities = await (await c.GetAsync($"/api/data/{id}/tables/customers/columns/city/profile")).JsonAsync();
        Assert.Equal(1, cities.GetProperty("nulls").GetInt64() + 1);
        Assert.Equal("Oslo", cities.GetProperty("histogram")[0].GetProperty("label").GetString());
        Assert.Equal(2, cities.GetProperty("histogram")[0].GetProperty("count").GetInt64());

        // Nowhere on disk in clear: the app database holds only the encrypted password.
        foreach (var file in Directory.EnumerateFiles(app.DataDir, "*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var text = new StreamReader(stream);
            Assert.DoesNotContain(box.Settings.Password, await text.ReadToEndAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/data/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/data/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_wrong_password_saves_nothing_and_says_so(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop[0]);
        using var c = app.CreateClient();
        var before = await c.DatasetCountAsync();
        var r = await c.PostJsonAsync("/api/connections", LiveServers.ApiBody(box.Settings with { Password = "not-the-password-123" }, "Wrong"));
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("wrong user name or password", body);
        Assert.DoesNotContain("not-the-password-123", body);
        Assert.Equal(before, await c.DatasetCountAsync());
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_refresh_shows_a_table_added_on_the_server(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        using var c = app.CreateClient();
        var id = (await (await c.PostJsonAsync("/api/connections", LiveServers.ApiBody(box.Reader, "Reader " + box.Name))).JsonAsync()).GetProperty("data_id").GetString();
        await box.ExecuteAsync("CREATE TABLE returns (return_id integer, order_id integer)");
        if (kind == ConnectionKind.PostgreSql) await box.ExecuteAsync($"GRANT SELECT ON returns TO {box.Reader.Username}");
        var refreshed = await c.PostAsync($"/api/connections/{id}/refresh", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var d = await (await c.GetAsync($"/api/data/{id}")).JsonAsync();
        Assert.Contains("returns", d.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_copy_of_a_query_becomes_an_imported_dataset_and_a_hostile_copy_is_refused_at_once(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        using var c = app.CreateClient();
        var id = (await (await c.PostJsonAsync("/api/connections", LiveServers.ApiBody(box.Reader, "Copy " + box.Name))).JsonAsync()).GetProperty("data_id").GetString();

        var refused = await c.PostJsonAsync($"/api/connections/{id}/import", new { sql = "SELECT * FROM orders; DELETE FROM orders" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var both = await c.PostJsonAsync($"/api/connections/{id}/import", new { table = "orders", sql = "SELECT 1" });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);

        var started = await c.PostJsonAsync($"/api/connections/{id}/import", new { sql = "SELECT c.city, sum(o.amount) AS total FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.city", name = "City totals " + box.Name });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var task = (await started.JsonAsync()).GetProperty("task_id").GetString();
        JsonElement status;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            status = await (await c.GetAsync($"/api/tasks/{task}")).JsonAsync();
        } while (status.GetProperty("status").GetString() is "queued" or "running" && watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("completed", status.GetProperty("status").GetString());
        var copy = status.GetProperty("result").GetProperty("data_id").GetString();
        Assert.Equal(2, status.GetProperty("result").GetProperty("rows").GetInt64());

        var d = await (await c.GetAsync($"/api/data/{copy}")).JsonAsync();
        Assert.NotEqual(kind == ConnectionKind.PostgreSql ? "postgresql" : "mysql", d.GetProperty("format").GetString());
        var rows = d.GetProperty("preview").GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetDouble());
        Assert.Equal(25.25, rows["Oslo"], 2);
        Assert.Equal(30.0, rows["Lima"], 2);
    }
}
