using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The Data page's tools as an analyst uses them: the filter builder, the quality report and data generation.</summary>
public sealed class DataToolsTests(E2EFixture app)
{
    private static readonly string[] Cities = ["Paris", "Lyon", "Nice", "Lille"];

    [Fact]
    public async Task Building_a_filter_shows_live_counts_and_inline_errors_and_saves_the_matching_rows_as_a_new_dataset()
    {
        var csv = await app.WriteFileAsync("shop-orders.csv", ShopOrders(100));
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        await data.UploadAsync(csv, "Shop orders");
        await data.ExpectImportedAsync("Shop orders", "100");
        var page = ui.Page;
        var filter = page.Locator("#filter");
        var count = filter.Locator(".filter-count");
        ILocator Field(int row) => filter.GetByLabel($"Field of row {row}");
        ILocator Operation(int row) => filter.GetByLabel($"Operation of row {row}");
        ILocator Value(int row) => filter.GetByLabel($"Value of row {row}", new() { Exact = true });
        ILocator Status(int row) => filter.Locator($"#filter-row-status-{row - 1}");

        await Expect(filter.Locator("#filter-results")).ToContainTextAsync("Choose a field, an operation and a value to filter the 100 rows.");

        // Row 1: amount greater than 80.
        await Field(1).SelectOptionAsync("amount");
        await Operation(1).SelectOptionAsync("greater_than");
        await Value(1).FillAsync("80");
        await Expect(count).ToHaveTextAsync(new Regex(@"^20 of 100 rows match"));
        await Expect(Status(1)).ToHaveTextAsync("20 match");
        await Expect(filter.GetByRole(AriaRole.Table, new() { Name = "Rows matching the filter" }).Locator("tbody tr")).ToHaveCountAsync(20);

        // Row 2: city equals Paris; both must hold (AND), then either (OR).
        await filter.GetByRole(AriaRole.Button, new() { Name = "+ Add condition" }).ClickAsync();
        await Expect(Field(2)).ToBeVisibleAsync();
        await ui.ExpectSettledAsync();
        await Field(2).SelectOptionAsync("city");
        await Value(2).FillAsync("Paris");
        await Expect(count).ToHaveTextAsync(new Regex(@"^5 of 100 rows match"));
        await Expect(Status(1)).ToHaveTextAsync("20 match");
        await Expect(Status(2)).ToHaveTextAsync("25 match");
        await Expect(filter.GetByLabel("Rows must match")).ToHaveValueAsync("AND");
        await ui.ScreenshotAsync("data-filter-and");

        await filter.GetByLabel("Rows must match").SelectOptionAsync("OR");
        await Expect(count).ToHaveTextAsync(new Regex(@"^40 of 100 rows match"));
        await Expect(Status(1)).ToHaveTextAsync("20 match");
        await Expect(Status(2)).ToHaveTextAsync("25 match");

        // Text in the number field: the error sits beside row 1, and no count is claimed.
        await Value(1).FillAsync("eighty");
        var error1 = Status(1).GetByRole(AriaRole.Alert);
        await Expect(error1).ToContainTextAsync("Row 1");
        await Expect(error1).ToContainTextAsync("'eighty' is not a number");
        await Expect(Status(2)).ToBeEmptyAsync();
        await Expect(count).ToHaveCountAsync(0);
        await Expect(filter.Locator("#filter-results")).ToContainTextAsync("Fix the condition marked above");
        await ui.ScreenshotAsync("data-filter-number-error");
        await Value(1).FillAsync("80");
        await Expect(count).ToHaveTextAsync(new Regex(@"^40 of 100 rows match"));
        await Expect(Status(1)).ToHaveTextAsync("20 match");

        // A broken regular expression: the error sits beside row 2.
        await Operation(2).SelectOptionAsync("regex_match");
        await Expect(count).ToHaveTextAsync(new Regex(@"^40 of 100 rows match"));
        await Value(2).FillAsync("(");
        var error2 = Status(2).GetByRole(AriaRole.Alert);
        await Expect(error2).ToContainTextAsync("Row 2");
        await Expect(error2).ToContainTextAsync("not a valid regular expression");
        await Expect(Status(1).GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("data-filter-regex-error");
        await Value(2).FillAsync("^Par");
        await Expect(Status(2)).ToHaveTextAsync("25 match");
        await Expect(count).ToHaveTextAsync(new Regex(@"^40 of 100 rows match"));

        // Back to AND, and save the five matching rows.
        await filter.GetByLabel("Rows must match").SelectOptionAsync("AND");
        await Expect(count).ToHaveTextAsync(new Regex(@"^5 of 100 rows match"));
        await filter.GetByLabel("Save matching rows as a new dataset").FillAsync("Big Paris orders");
        await filter.GetByRole(AriaRole.Button, new() { Name = "Save as new dataset" }).ClickAsync();
        var saved = filter.Locator("#filter-results").GetByRole(AriaRole.Status);
        await Expect(saved).ToHaveTextAsync(new Regex(@"Saved 5 rows as\s+Big Paris orders\."));
        await Expect(data.ListEntry("Big Paris orders")).ToContainTextAsync("5 rows");
        await ui.ScreenshotAsync("data-filter-saved");

        await ui.FollowAsync(saved.GetByRole(AriaRole.Link, new() { Name = "Big Paris orders" }), "The saved dataset");
        await Expect(data.Title).ToHaveTextAsync("Big Paris orders");
        await Expect(data.Detail.Locator("h3").First).ToContainTextAsync("5 rows");
        await Expect(data.Pager).ToContainTextAsync("Rows 1–5 of 5");
        await Expect(data.PreviewRows.Locator("td:first-child")).ToHaveTextAsync(["84", "88", "92", "96", "100"]);
        await ui.ScreenshotAsync("data-filter-saved-dataset");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Assessing_quality_of_a_dataset_with_empty_cells_and_a_duplicate_row_shows_the_score_issues_and_downloadable_reports()
    {
        const string name = "Orders <Q1> & returns";
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        await data.PasteAsync("order_id,customer,amount,city\n1,Ann,10.5,Paris\n2,Bob,,Lyon\n3,,7.25,Nice\n4,Dan,12,Paris\n4,Dan,12,Paris\n5,Eve,3.5,Lille\n", name);
        await data.ExpectImportedAsync(name, "6");
        var page = ui.Page;

        var quality = data.Detail.Locator("#quality");
        await quality.GetByText("Quality", new() { Exact = true }).ClickAsync();
        await quality.GetByRole(AriaRole.Button, new() { Name = "Assess quality" }).ClickAsync();
        var report = quality.Locator("article.quality-report");
        await Expect(report.Locator("h4")).ToContainTextAsync($"Quality of {name}");
        // 22 of 24 cells filled, 5 distinct rows of 6, every value of its column's type and every text in its column's
        // format: (0.9167 + 0.8333 + 1 + 1) / 4 = 0.9375, above the 0.80 bar overall, uniqueness the weakest dimension.
        await Expect(report.Locator("h4 .badge")).ToHaveTextAsync("Passed");
        await Expect(report).ToContainTextAsync("Overall score 0.94 (threshold 0.80) · 6 rows");
        await Expect(report).ToContainTextAsync("Improve uniqueness first (score 0.83).");
        var dimensions = report.Locator("table").First.Locator("tbody tr");
        await Expect(dimensions.Filter(new() { HasText = "completeness" }).Locator("td")).ToHaveTextAsync(["completeness", "0.92", "0.80", "0.14", "passed", "2", "22 of 24 cells have a value."]);
        await Expect(dimensions.Filter(new() { HasText = "uniqueness" }).Locator("td")).ToHaveTextAsync(["uniqueness", "0.83", "0.80", "0.14", "passed", "1", "5 distinct rows of 6."]);
        // Validity is scored although no rules were given: each column against its inferred type.
        await Expect(dimensions.Filter(new() { HasText = "validity" })).ToContainTextAsync("22 of 22 checked cells are valid");
        await UiPage.ExpectImageLoadedAsync(report.GetByAltText("Bar chart of the dimension scores"));

        // Issues: the empty cells of 'customer' and 'amount', and the duplicated order 4, each with its sample rows.
        var issues = report.Locator("details");
        var emptyCustomer = issues.Filter(new() { HasText = "[completeness] 'customer' has 1 empty value" });
        await Expect(emptyCustomer).ToHaveCountAsync(1);
        await Expect(issues.Filter(new() { HasText = "[completeness] 'amount' has 1 empty value" })).ToHaveCountAsync(1);
        var duplicate = issues.Filter(new() { HasText = "[uniqueness] 1 row repeats another row exactly" });
        await Expect(duplicate).ToHaveCountAsync(1);
        await duplicate.Locator("summary").ClickAsync();
        await Expect(duplicate.Locator("tbody tr").First.Locator("td")).ToHaveTextAsync(["4", "Dan", "12", "Paris"]);
        await emptyCustomer.Locator("summary").ClickAsync();
        await Expect(emptyCustomer.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(emptyCustomer.Locator("tbody tr td").First).ToHaveTextAsync("3");
        var recommendations = report.Locator("h5:text-is('Recommendations') + ul li");
        await Expect(recommendations.Filter(new() { HasText = "Fill or drop the 1 empty value in 'customer'" })).ToHaveCountAsync(1);
        await Expect(recommendations.Filter(new() { HasText = "Remove the 1 duplicate row" })).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("data-quality-report");

        // The JSON report carries the overall score shown; the HTML report names the dataset, escaped.
        var json = await page.RunAndWaitForDownloadAsync(() => report.GetByRole(AriaRole.Link, new() { Name = "JSON", Exact = true }).ClickAsync());
        Assert.Null(await json.FailureAsync());
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(await json.PathAsync(), TestContext.Current.CancellationToken)))
        {
            var score = doc.RootElement.GetProperty("overall_score").GetDouble();
            Assert.Equal("0.94", score.ToString("0.00", CultureInfo.InvariantCulture));
            Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("dimension_scores").ValueKind);
            Assert.Equal(name, doc.RootElement.GetProperty("dataset_name").GetString());
        }
        var html = await page.RunAndWaitForDownloadAsync(() => report.GetByRole(AriaRole.Link, new() { Name = "HTML", Exact = true }).ClickAsync());
        Assert.Null(await html.FailureAsync());
        var text = await File.ReadAllTextAsync(await html.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("<title>Quality of Orders &lt;Q1&gt; &amp; returns</title>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<Q1>", text, StringComparison.Ordinal);
        Assert.Contains("Overall score 0.94", text, StringComparison.Ordinal);
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Generating_from_the_template_with_a_seed_shows_progress_and_the_new_dataset_and_the_same_seed_gives_the_same_rows()
    {
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        var first = await GenerateAsync(ui, data, "Seeded orders A");
        await ui.ScreenshotAsync("data-generate-done");
        var firstRows = await OpenGeneratedAsync(ui, data, "Seeded orders A");
        await ui.ScreenshotAsync("data-generate-dataset");

        await ui.GotoAsync("/Data");
        var second = await GenerateAsync(ui, data, "Seeded orders B");
        var secondRows = await OpenGeneratedAsync(ui, data, "Seeded orders B");

        Assert.Equal(first, second);
        Assert.Equal(firstRows, secondRows);
        ui.AssertNoErrors();
    }

    /// <summary>Generates 5,000 template rows with seed 42 as <paramref name="name"/>; returns the stats table's rows as shown.</summary>
    private static async Task<IReadOnlyList<string>> GenerateAsync(UiPage ui, DataPage data, string name)
    {
        var page = ui.Page;
        var form = page.Locator("details:has(> summary:text-is('Generate data'))");
        await form.Locator("summary").ClickAsync();
        var method = form.GetByLabel("Method");
        await Expect(method).ToBeVisibleAsync();
        await method.SelectOptionAsync("template");
        await Expect(form.GetByLabel("Template")).ToHaveValueAsync(new Regex(Regex.Escape("\"pattern\": \"ORD-####-??\"")));
        await form.GetByLabel("Rows", new() { Exact = true }).FillAsync("5000");
        await form.GetByLabel("Seed").FillAsync("42");
        await form.GetByLabel("Dataset name").FillAsync(name);
        await form.GetByRole(AriaRole.Button, new() { Name = "Generate", Exact = true }).ClickAsync();

        var status = page.Locator("#generate-status");
        var done = status.GetByRole(AriaRole.Status);
        await Expect(done).ToContainTextAsync($"Generated {name}: 5,000 rows (template, seed 42), 0 schema violations.");
        // The progress bar ran to the end for this job.
        var events = await ui.JobEventsAsync();
        Assert.NotEmpty(events);
        Assert.Equal("completed", events[^1].Status);
        Assert.Equal(100, events[^1].Bar);
        Assert.Equal("100%", events[^1].Label);
        var stats = status.GetByRole(AriaRole.Table, new() { Name = "Stats of the generated data" }).Locator("tbody tr");
        await Expect(stats.Locator("td:first-child")).ToHaveTextAsync(["order_no", "quantity", "price", "region", "ordered_on", "gift"]);
        await Expect(stats.Filter(new() { HasText = "quantity" }).Locator("td").Nth(3)).ToHaveTextAsync("1 – 20");
        await Expect(data.ListEntry(name)).ToContainTextAsync("5,000 rows");
        return await stats.AllInnerTextsAsync();
    }

    /// <summary>Follows the link to the generated dataset; returns its first preview page as shown.</summary>
    private static async Task<IReadOnlyList<string>> OpenGeneratedAsync(UiPage ui, DataPage data, string name)
    {
        await ui.FollowAsync(ui.Page.Locator("#generate-status").GetByRole(AriaRole.Link, new() { Name = name }), "The generated dataset");
        await Expect(data.Title).ToHaveTextAsync(name);
        await Expect(data.Detail.Locator("h3").First).ToContainTextAsync("5,000 rows · 6 columns");
        await Expect(data.Pager).ToContainTextAsync("Rows 1–50 of 5,000");
        await Expect(data.PreviewRows).ToHaveCountAsync(50);
        await Expect(data.PreviewRows.First.Locator("td").First).ToHaveTextAsync(new Regex(@"^ORD-\d{4}-[A-Z]{2}$"));
        return await data.PreviewRows.AllInnerTextsAsync();
    }

    /// <summary>id 1..n, city (Paris when id is a multiple of 4, else Lyon, Nice, Lille in turn), amount = id.</summary>
    private static string ShopOrders(int rows)
    {
        var sb = new StringBuilder("id,city,amount\n");
        for (var i = 1; i <= rows; i++) sb.Append(CultureInfo.InvariantCulture, $"{i},{Cities[i % Cities.Length]},{i}\n");
        return sb.ToString();
    }
}
