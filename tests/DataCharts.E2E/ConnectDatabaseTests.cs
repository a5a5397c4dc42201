using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Connections;
using DataCharts.Core.Tests.Connections;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>
/// "Connect a database" on the Data page in a real browser against the live test servers (skipped with the reason when
/// they were not started): fill the form, test, read the warning, connect, see the source with its tables, open one, and
/// import a copy of another.
/// </summary>
public sealed class ConnectDatabaseTests(E2EFixture app)
{
    private static readonly string[] Shop =
    [
        "CREATE TABLE customers (customer_id integer PRIMARY KEY, customer_name varchar(40) NOT NULL, city varchar(30))",
        "CREATE TABLE orders (order_id integer PRIMARY KEY, customer_id integer, amount decimal(10,2))",
        "INSERT INTO customers VALUES (1, 'Ada', 'Oslo'), (2, 'Bo', 'Lima'), (3, 'Cy', 'Oslo')",
        "INSERT INTO orders VALUES (10, 1, 12.50), (11, 1, 7.50), (12, 2, 30.00), (13, 3, 5.25)",
    ];

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Connecting_a_database_tests_it_warns_about_a_superuser_then_shows_its_tables(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        await box.ExecuteAsync(kind == ConnectionKind.PostgreSql ? "ANALYZE customers; ANALYZE orders" : "ANALYZE TABLE customers, orders");
        var s = box.Settings;
        var name = "Shop " + box.Name;
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        var page = ui.Page;
        var form = page.Locator("#connect-form");
        string? id = null, copyId = null;
        try
        {
            await page.Locator("#connect > summary").ClickAsync();
            var port = form.GetByLabel("Port", new LocatorGetByLabelOptions { Exact = true });
            await Expect(port).ToHaveValueAsync("5432");
            if (kind == ConnectionKind.MySql)
            {
                // The port follows the kind, and PostgreSQL's schemas are not asked for.
                await form.GetByLabel("Database server").SelectOptionAsync("mysql");
                await Expect(port).ToHaveValueAsync("3306");
                await Expect(form.GetByLabel("Schemas (optional)")).ToBeHiddenAsync();
            }
            else
            {
                await form.GetByLabel("Schemas (optional)").FillAsync(string.Join(", ", s.Schemas!));
            }
            await form.GetByLabel("Host", new LocatorGetByLabelOptions { Exact = true }).FillAsync(s.Host);
            await port.FillAsync(s.Port.ToString(CultureInfo.InvariantCulture));
            await form.GetByLabel("Database name").FillAsync(s.Database);
            await form.GetByLabel("User name").FillAsync(s.Username);
            await form.GetByLabel("Password").FillAsync(s.Password);
            await form.GetByLabel("TLS").SelectOptionAsync("disable");
            await form.GetByLabel("Name (optional)").FillAsync(name);

            await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Test connection" }).ClickAsync();
            var result = page.Locator("#connect-result");
            await Expect(result.Locator(".alert.ok")).ToContainTextAsync($"as \"{s.Username}\"");
            await Expect(result.Locator(".alert.ok")).ToContainTextAsync("Server:");
            var warning = result.Locator(".connect-warning");
            await Expect(warning).ToContainTextAsync(kind == ConnectionKind.PostgreSql ? "is a superuser" : "has administrative privileges");
            await Expect(warning.Locator("pre")).ToContainTextAsync("GRANT SELECT");
            // A test keeps what was typed, the password included, so Connect can follow.
            await Expect(form.GetByLabel("Password")).ToHaveValueAsync(s.Password);

            await AssertAccessibleAsync(ui, "the form with a test result and a warning", kind == ConnectionKind.PostgreSql ? "connect-database" : null);

            await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Connect", Exact = true }).ClickAsync();
            var badge = kind == ConnectionKind.PostgreSql ? "Live · PostgreSQL" : "Live · MySQL";
            await Expect(page.Locator("#connect-result .alert.ok")).ToContainTextAsync($"Connected \"{name}\": 2 tables");
            await Expect(data.Title).ToHaveTextAsync(name);
            await Expect(data.Detail.Locator(".live-badge")).ToHaveTextAsync(badge);
            await Expect(data.Detail).ToContainTextAsync($"{s.Username}@{s.Host}:{s.Port}/{s.Database}");
            await Expect(data.ListEntry(name)).ToContainTextAsync(badge);
            await Expect(data.List.Locator("a[aria-current='true']")).ToContainTextAsync(name);
            id = await data.Detail.Locator("[data-dataset-id]").GetAttributeAsync("data-dataset-id");
            // The form is fresh again: nothing of the password is left in it.
            await Expect(page.Locator("#connect-password")).ToHaveValueAsync("");

            var tables = data.Detail.Locator("table.live-tables tbody tr");
            await Expect(tables).ToHaveCountAsync(2);
            await Expect(tables.Filter(new LocatorFilterOptions { HasText = "orders" })).ToContainTextAsync(new Regex(@"~\d+ rows \(estimate\)"));
            await Expect(data.Detail).ToContainTextAsync("import a copy first");
            await Expect(data.Detail.Locator("#filter-form")).ToHaveCountAsync(0);

            await data.Detail.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "customers", Exact = true }).ClickAsync();
            await Expect(data.Detail.Locator("h3").Filter(new LocatorFilterOptions { HasText = "customers ·" })).ToBeVisibleAsync();
            await Expect(data.PreviewRows).ToHaveCountAsync(3);
            await Expect(data.PreviewTable).ToContainTextAsync("Ada");
            await Expect(data.Pager).ToContainTextAsync("Rows 1–3 of 3");
            if (kind == ConnectionKind.PostgreSql) await ui.ScreenshotAsync("connect-database-source");

            Assert.DoesNotContain(s.Password, await page.ContentAsync());

            // "Import a copy" of a table: progress in its row, then a link to the new, imported dataset.
            var orders = data.Detail.Locator("table.live-tables tbody tr").Filter(new LocatorFilterOptions { HasText = "orders" });
            await orders.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Import a copy of orders" }).ClickAsync();
            var done = orders.Locator(".copy-status .alert.ok");
            await Expect(done).ToContainTextAsync("Copied 4 rows into");
            var copyName = $"{name} – orders (copy)";
            await Expect(data.ListEntry(copyName)).ToContainTextAsync("4 rows");
            await done.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = copyName }).ClickAsync();
            await Expect(data.Title).ToHaveTextAsync(copyName);
            copyId = await data.Detail.Locator("[data-dataset-id]").GetAttributeAsync("data-dataset-id");
            await Expect(data.Detail.Locator("#filter-form")).ToBeVisibleAsync();
            await Expect(data.PreviewRows).ToHaveCountAsync(4);
            ui.AssertNoErrors();
        }
        finally
        {
            if (id is not null) await page.APIRequest.DeleteAsync($"/api/data/{id}");
            if (copyId is not null) await page.APIRequest.DeleteAsync($"/api/data/{copyId}");
        }
    }

    [Fact]
    public async Task A_failed_connect_marks_the_field_and_asks_for_the_password_again()
    {
        await using var ui = await app.NewPageAsync();
        await DataPage.OpenAsync(ui);
        var page = ui.Page;
        var form = page.Locator("#connect-form");
        await page.Locator("#connect > summary").ClickAsync();
        await form.GetByLabel("Host", new LocatorGetByLabelOptions { Exact = true }).FillAsync("127.0.0.1");
        await form.GetByLabel("Port", new LocatorGetByLabelOptions { Exact = true }).FillAsync("fifty");
        await form.GetByLabel("Database name").FillAsync("shop");
        await form.GetByLabel("User name").FillAsync("reader");
        await form.GetByLabel("Password").FillAsync("Typed-Secret-0042");
        await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Connect", Exact = true }).ClickAsync();

        var port = page.Locator("#connect-port");
        await Expect(port).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(port).ToBeFocusedAsync();
        await Expect(page.Locator("#connect-port-error")).ToContainTextAsync("The port must be a number");
        await Expect(page.Locator("#connect-password")).ToHaveValueAsync("");
        await Expect(page.Locator("#connect-password-again")).ToHaveTextAsync("Enter the password again: it is never sent back to the page.");
        await Expect(page.Locator("#connect-host")).ToHaveValueAsync("127.0.0.1");
        await AssertAccessibleAsync(ui, "the form with a field error");
        ui.AssertNoErrors();
    }

    /// <summary>
    /// axe on the page as it is now, in light and then dark: no serious or critical violations. With a
    /// <paramref name="screenshot"/> name, each theme is photographed too ({name}.png and {name}-dark.png).
    /// </summary>
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Chat_answers_a_question_over_a_live_database_with_a_table_and_a_chart(ConnectionKind kind)
    {
        await using var box = await LiveSandbox.CreateAsync(kind, Shop);
        await using var ui = await app.NewPageAsync();
        var s = box.Reader;
        var created = await ui.Page.APIRequest.PostAsync("/api/connections", new APIRequestContextOptions { DataObject = LiveServers.ApiBody(s, "Chat " + box.Name) });
        Assert.True(created.Ok, await created.TextAsync());
        var id = (await created.JsonAsync())!.Value.GetProperty("data_id").GetString();
        try
        {
            var chat = await ChatPage.OpenAsync(ui, $"/Chat?data={id}");
            var card = await chat.AskAsync("What is the total amount by city?");
            await Expect(card.Rows).ToHaveCountAsync(2);
            Assert.Equal(["Lima", "Oslo"], (await card.ColumnAsync(0)).Order());
            // Oslo: 12.50 + 7.50 + 5.25; Lima: 30.00 — summed by the server.
            var oslo = card.Rows.Filter(new LocatorFilterOptions { HasText = "Oslo" });
            await Expect(oslo).ToContainTextAsync("25.25");
            await card.ExpectChartLoadedAsync();
            await card.OpenSqlAsync();
            await Expect(card.Root).ToContainTextAsync(kind == ConnectionKind.MySql ? "`city`" : "\"city\"");
            ui.AssertNoErrors();
        }
        finally
        {
            await ui.Page.APIRequest.DeleteAsync($"/api/data/{id}");
        }
    }

    private static async Task AssertAccessibleAsync(UiPage ui, string what, string? screenshot = null)
    {
        var report = new StringBuilder();
        foreach (var theme in new[] { "light", "dark" })
        {
            await ui.Page.EvaluateAsync("t => document.documentElement.setAttribute('data-theme', t)", theme);
            if (screenshot is not null) await ui.ScreenshotAsync(theme == "light" ? screenshot : screenshot + "-dark");
            foreach (var v in await Axe.RunAsync(ui.Page))
                if (Axe.Failing.Contains(v.Impact)) report.Append("- ").Append(theme).Append(": ").AppendLine(v.ToString());
        }
        await ui.Page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'light')");
        Assert.True(report.Length == 0, $"axe found serious or critical violations on {what}:\n{report}");
    }
}
