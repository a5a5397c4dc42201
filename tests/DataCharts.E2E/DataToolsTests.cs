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

    /// <summary>id 1..n, city (Paris when id is a multiple of 4, else Lyon, Nice, Lille in turn), amount = id.</summary>
    private static string ShopOrders(int rows)
    {
        var sb = new StringBuilder("id,city,amount\n");
        for (var i = 1; i <= rows; i++) sb.Append(CultureInfo.InvariantCulture, $"{i},{Cities[i % Cities.Length]},{i}\n");
        return sb.ToString();
    }
}
