using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Core.Connections;
using DataCharts.Core.Tests.Connections;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Connections;

/// <summary>
/// "Connect a database" on the Data page, posted as htmx posts it (antiforgery token in the header) against the live test
/// servers: the test button's verdict and warnings, plain failures that never show the password, field errors beside the
/// field, a saved source listed with its badge and estimates, the file-only tools held back, a refresh, sampled profiles.
/// </summary>
public sealed partial class ConnectPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Shop =
    [
        "CREATE TABLE customers (customer_id integer PRIMARY KEY, customer_name varchar(40) NOT NULL, city varchar(30))",
        "CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer, amount decimal(10,2), note text)",
        "INSERT INTO customers VALUES (1, 'Ada', 'Oslo'), (2, 'Bo', 'Lima'), (3, 'Cy', 'Oslo')",
        "INSERT INTO orders VALUES (10, 1, 12.50, 'first'), (11, 1, 7.50, NULL), (12, 2, 30.00, 'big'), (13, 3, 5.25, NULL)",
    ];

    private static Dictionary<string, string> Form(ConnectionSettings s, string? name = null, string? password = null) => new()
    {
        ["kind"] = s.Kind == ConnectionKind.PostgreSql ? "postgresql" : "mysql",
        ["host"] = s.Host,
        ["port"] = s.Port.ToString(CultureInfo.InvariantCulture),
        ["database"] = s.Database,
        ["username"] = s.Username,
        ["password"] = password ?? s.Password,
        ["tls"] = "disable",
        ["schemas"] = string.Join(", ", s.Schemas ?? []),
        ["name"] = name ?? "",
    };

    /// <summary>
    /// A browser on the Data page that keeps every HTML answer it got, to look for the password in. Answers are returned
    /// decoded (Razor writes "·" and quotes as entities), as a person reads them.
    /// </summary>
    private sealed class Browser(HttpClient client) : IDisposable
    {
        public List<string> Pages { get; } = [];
        public HttpClient Client => client;

        public async Task<string> GetAsync(string url)
        {
            var r = await client.GetAsync(url);
            var html = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {html}");
            Pages.Add(html);
            return WebUtility.HtmlDecode(html);
        }

        public async Task<(HttpResponseMessage Response, string Html)> PostAsync(string handler, Dictionary<string, string> form)
        {
            var token = await client.TokenAsync("/Data");
            var r = await client.HtmxPostAsync($"/Data/Connect?handler={handler}", token, form);
            var html = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"POST {handler}: {(int)r.StatusCode} {html}");
            Pages.Add(html);
            return (r, WebUtility.HtmlDecode(html));
        }

        public void AssertNeverShown(string secret)
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.All(Pages, html => Assert.DoesNotContain(secret, WebUtility.HtmlDecode(html)));
        }

        public void Dispose() => client.Dispose();
    }

    [Fact]
    public async Task The_data_page_offers_the_form_with_a_label_for_every_field_and_says_it_only_reads()
    {
        using var b = new Browser(app.CreateClient());
        var html = await b.GetAsync("/Data");
        Assert.Contains("Connect a database", html);
        foreach (var field in new[] { "kind", "host", "port", "database", "username", "password", "tls", "schemas", "name" })
            Assert.Matches($"<label for=\"connect-{field}\"", html);
        Assert.Matches("id=\"connect-password\" name=\"password\" type=\"password\"[^>]*autocomplete=\"new-password\"", html);
        Assert.Contains("read-only transaction", html);
        Assert.Contains("give it a user that can only read", html);
        // The port follows PostgreSQL, the kind chosen first.
        Assert.Matches("id=\"connect-port\" name=\"port\" value=\"5432\"", html);
        // The page works without script too.
        Assert.Contains("Connect a database", await b.GetAsync("/Data/Connect"));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Testing_a_superuser_says_connected_with_the_version_and_warns_with_a_read_only_recipe(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop[0]);
        using var b = new Browser(app.CreateClient());
        var before = await b.Client.DatasetCountAsync();

        var (_, html) = await b.PostAsync("Test", Form(box.Settings));
        Assert.Contains("data-connect-check=\"ok\"", html);
        Assert.Contains($"as \"{box.Settings.Username}\"", html);
        Assert.Matches("Server: [^<]*(PostgreSQL|MariaDB|MySQL)", html);
        Assert.Contains("class=\"alert warn connect-warning\"", html);
        Assert.Matches(kind == ConnectionKind.PostgreSql ? "is a superuser" : "has administrative privileges", html);
        var recipe = Recipe().Match(html);
        Assert.True(recipe.Success, html);
        Assert.Contains("GRANT SELECT", recipe.Groups[1].Value);
        Assert.Contains("\n", recipe.Groups[1].Value); // one statement a line, to read and copy
        Assert.Contains("Copy the SQL", html);

        // The read-only user gets no warning; a test saves nothing either way.
        var (_, reader) = await b.PostAsync("Test", Form(box.Reader));
        Assert.Contains("data-connect-check=\"ok\"", reader);
        Assert.DoesNotContain("connect-warning", reader);
        Assert.Equal(before, await b.Client.DatasetCountAsync());
        b.AssertNeverShown(box.Settings.Password);
        b.AssertNeverShown(box.Reader.Password);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_wrong_password_is_said_plainly_saves_nothing_and_asks_for_the_password_again(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop[0]);
        using var b = new Browser(app.CreateClient());
        var before = await b.Client.DatasetCountAsync();
        const string wrong = "Not-The-Password-4711";

        var (_, tested) = await b.PostAsync("Test", Form(box.Settings, password: wrong));
        Assert.Contains("data-connect-check=\"failed\"", tested);
        Assert.Contains("wrong user name or password", tested);

        var (response, saved) = await b.PostAsync("Save", Form(box.Settings, "Wrong " + box.Name, wrong));
        Assert.Contains("wrong user name or password", saved);
        Assert.Contains("Enter the password again", saved);
        Assert.Matches("<input id=\"connect-password\" name=\"password\" type=\"password\"(?![^>]*value=)[^>]*>", saved);
        // What was typed comes back, so only the password needs typing again.
        Assert.Contains($"value=\"{box.Settings.Username}\"", saved);
        Assert.False(response.Headers.Contains("HX-Trigger-After-Settle"));
        Assert.Equal(before, await b.Client.DatasetCountAsync());
        b.AssertNeverShown(wrong);
        b.AssertNeverShown(box.Settings.Password);
    }

    [Fact]
    public async Task A_bad_field_is_marked_beside_the_field_and_nothing_is_saved()
    {
        using var b = new Browser(app.CreateClient());
        var before = await b.Client.DatasetCountAsync();
        var form = new Dictionary<string, string>
        {
            ["kind"] = "postgresql",
            ["host"] = "db.invalid",
            ["port"] = "fifty",
            ["database"] = "shop",
            ["username"] = "reader",
            ["password"] = "Typed-Secret-0042",
            ["tls"] = "prefer",
        };
        var (_, html) = await b.PostAsync("Save", form);
        Assert.Matches("id=\"connect-port\" name=\"port\" value=\"fifty\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"connect-port-error\"[^>]*autofocus", html);
        Assert.Matches("<p class=\"field-error\" id=\"connect-port-error\">The port must be a number", html);
        Assert.DoesNotContain("aria-invalid=\"true\"", Regex.Replace(html, "<input id=\"connect-port\"[^>]*>", ""));
        Assert.Contains("Enter the password again", html);

        form["port"] = "5432";
        form["host"] = "bad host; DROP";
        var (_, host) = await b.PostAsync("Save", form);
        Assert.Matches("id=\"connect-host\"[^>]*aria-invalid=\"true\"", host);
        Assert.Contains("id=\"connect-host-error\">The host is required", host);
        Assert.Equal(before, await b.Client.DatasetCountAsync());
        b.AssertNeverShown("Typed-Secret-0042");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_saved_source_is_listed_live_with_its_server_and_estimates_and_a_refresh_reads_new_tables(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        await box.ExecuteAsync(kind == ConnectionKind.PostgreSql ? "ANALYZE customers; ANALYZE orders" : "ANALYZE TABLE customers, orders");
        using var b = new Browser(app.CreateClient());
        var before = await b.Client.DatasetCountAsync();
        var badge = kind == ConnectionKind.PostgreSql ? "Live · PostgreSQL" : "Live · MySQL";
        var name = "Shop " + box.Name;

        var (response, saved) = await b.PostAsync("Save", Form(box.Settings, name));
        Assert.Contains("datasets-changed", response.Headers.GetValues("HX-Trigger-After-Settle").Single());
        var pushed = response.Headers.GetValues("HX-Push-Url").Single();
        var id = pushed.Split("id=")[1];
        Assert.Contains($"Connected \"{name}\": 2 tables", saved);
        Assert.Contains("hx-swap-oob=\"true\"", saved); // the new source opens beside the form
        Assert.Contains($"data-dataset-id=\"{id}\"", saved);
        Assert.Equal(before + 1, await b.Client.DatasetCountAsync());

        var list = await b.GetAsync("/Data?handler=List");
        var entry = Regex.Match(list, $"<a href=\"/Data\\?id={id}\".*?</a>", RegexOptions.Singleline).Value;
        Assert.Contains(name, entry);
        Assert.Contains(badge, entry);
        Assert.Contains("2 tables", entry);

        var page = await b.GetAsync($"/Data?id={id}&table=orders");
        Assert.Contains(badge, page);
        Assert.Contains($"{box.Settings.Username}@{box.Settings.Host}:{box.Settings.Port}/{box.Settings.Database}", page);
        Assert.Matches(@"orders</a>\s*</td>\s*<td class=""num"">4</td>\s*<td>~\d+ rows \(estimate\)</td>", page);
        Assert.Contains("Refresh schema", page);
        Assert.Contains("import a copy first", page);
        // The tools that read a whole table into the engine are held back; the preview reads the server.
        foreach (var fileOnly in new[] { "id=\"filter-form\"", "Clean up into a new dataset", "Export for fine-tuning", "Derived column or aggregate", "Assess quality" })
            Assert.DoesNotContain(fileOnly, page);
        Assert.Contains("Preview of orders", page);
        Assert.Contains("<td>first</td>", page);

        await box.ExecuteAsync("CREATE TABLE returns (return_id integer, order_id integer)");
        var (refreshed, detail) = await b.PostAsync("Refresh", new() { ["id"] = id, ["table"] = "orders" });
        Assert.Contains("datasets-changed", refreshed.Headers.GetValues("HX-Trigger").Single());
        Assert.Contains("Read the tables again from the server: 3 tables.", detail);
        Assert.Contains(">returns</a>", detail);
        Assert.Contains("Preview of orders", detail); // still on the table that was open

        Assert.Contains("3 tables", await b.GetAsync("/Data?handler=List"));
        b.AssertNeverShown(box.Settings.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync($"/api/data/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_table_dropped_on_the_server_leaves_the_page_usable_and_a_refresh_forgets_it(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        using var b = new Browser(app.CreateClient());
        var (saved, _) = await b.PostAsync("Save", Form(box.Settings, "Shrinking " + box.Name));
        var id = saved.Headers.GetValues("HX-Push-Url").Single().Split("id=")[1];
        await box.ExecuteAsync("DROP TABLE orders");

        // The preview cannot be read, which the page says; the tables and columns read before still show.
        var page = await b.GetAsync($"/Data?id={id}&table=orders");
        Assert.Contains("The preview could not be read from the database", page);
        Assert.Contains("<code>amount</code>", page);
        Assert.DoesNotContain("id=\"preview\"", page);

        var (_, refreshed) = await b.PostAsync("Refresh", new() { ["id"] = id, ["table"] = "orders" });
        Assert.Contains("Read the tables again from the server: 1 table.", refreshed);
        Assert.DoesNotContain(">orders</a>", refreshed);
        Assert.Contains("Preview of customers", refreshed); // the table that is left opens
        b.AssertNeverShown(box.Settings.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync($"/api/data/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_profile_of_a_large_live_table_says_it_read_the_first_100000_rows(ConnectionKind kind)
    {
        // 100,000 rows from five joined copies of the digits, and a few more: larger than the sample.
        await using var box = await LiveSandbox.CreateAsync(kind,
            "CREATE TABLE digits (d integer)",
            "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
            "CREATE TABLE big (n integer)",
            "INSERT INTO big SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d FROM digits a, digits b, digits c, digits e, digits f",
            "INSERT INTO big VALUES (-1), (-2), (-3)");
        using var b = new Browser(app.CreateClient());
        var (response, _) = await b.PostAsync("Save", Form(box.Settings, "Big " + box.Name));
        var id = response.Headers.GetValues("HX-Push-Url").Single().Split("id=")[1];

        var big = await b.GetAsync($"/Data?handler=Profile&id={id}&table=big&column=n");
        Assert.Contains("From the first 100,000 rows", big);
        var small = await b.GetAsync($"/Data?handler=Profile&id={id}&table=digits&column=d");
        Assert.DoesNotContain("From the first", small);
        Assert.Contains("<span class=\"v\">10</span>", small);
        b.AssertNeverShown(box.Settings.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync($"/api/data/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Importing_a_copy_of_a_table_follows_the_job_and_links_to_the_new_dataset(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        using var b = new Browser(app.CreateClient());
        var (saved, _) = await b.PostAsync("Save", Form(box.Settings, "Copyable " + box.Name));
        var id = saved.Headers.GetValues("HX-Push-Url").Single().Split("id=")[1];
        Assert.Contains("aria-label=\"Import a copy of orders\"", await b.GetAsync($"/Data?id={id}"));
        var before = await b.Client.DatasetCountAsync();

        var (_, progress) = await b.PostAsync("Copy", new() { ["id"] = id, ["table"] = "orders", ["slot"] = "1" });
        var job = Regex.Match(progress, "data-job=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains($"sse-connect=\"/api/tasks/{job}/events\"", progress);
        Assert.Contains("hx-target=\"#copy-1\"", progress);
        Assert.Contains("Copy of \"orders\"", progress);
        using (var sse = await b.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/tasks/{job}/events"), HttpCompletionOption.ResponseHeadersRead))
            Assert.Contains("event: end", await sse.Content.ReadAsStringAsync());

        using var ask = new HttpRequestMessage(HttpMethod.Get, $"/Data/Connect?handler=CopyResult&jobId={job}&slot=1");
        ask.Headers.Add("HX-Request", "true");
        var finished = await b.Client.SendAsync(ask);
        var done = WebUtility.HtmlDecode(await finished.Content.ReadAsStringAsync());
        Assert.Contains("datasets-changed", finished.Headers.GetValues("HX-Trigger").Single());
        Assert.Contains("Copied 4 rows into", done);
        var copyId = Regex.Match(done, "href=\"/Data\\?id=([^\"]+)\"").Groups[1].Value;
        Assert.Equal(before + 1, await b.Client.DatasetCountAsync());
        var copy = await (await b.Client.GetAsync($"/api/data/{copyId}")).JsonAsync();
        Assert.Equal(4, copy.GetProperty("tables")[0].GetProperty("row_count").GetInt64());
        // The copy is an imported dataset: the file tools are back, and its counts are exact.
        var copyPage = await b.GetAsync($"/Data?id={copyId}");
        Assert.Contains("id=\"filter-form\"", copyPage);
        var header = Regex.Match(copyPage, $"data-dataset-id=\"{copyId}\".*?</p>", RegexOptions.Singleline).Value;
        Assert.Contains("Copyable " + box.Name, header);
        Assert.DoesNotContain("live-badge", header);
        Assert.Contains("· 4 rows ·", copyPage);
        b.AssertNeverShown(box.Settings.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync($"/api/data/{copyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync($"/api/data/{id}")).StatusCode);
    }

    [GeneratedRegex("<pre id=\"connect-recipe-\\d+\"[^>]*><code>(.*?)</code></pre>", RegexOptions.Singleline)]
    private static partial Regex Recipe();
}
