using System.Globalization;
using System.Text;
using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The Data page as a user drives it: upload, paste, bad input, paging, profiling, renaming and describing.</summary>
public sealed class DataPageTests(E2EFixture app)
{
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安"];

    [Fact]
    public async Task Uploading_a_csv_shows_progress_then_the_dataset_with_paged_preview_and_profiles()
    {
        var csv = await app.WriteFileAsync("city-sales.csv", CitySales(2000));
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);

        await data.UploadAsync(csv, "City sales");

        await data.ExpectImportedAsync("City sales", "2,000");
        // The list marks the dataset the detail now shows.
        await Expect(data.ListEntry("City sales").Locator("a")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(data.List.Locator("a[aria-current='true']")).ToHaveCountAsync(1);
        var events = await ui.JobEventsAsync();
        Assert.NotEmpty(events);
        var last = events[^1];
        Assert.Equal("completed", last.Status);
        Assert.Equal(100, last.Bar);
        Assert.Equal("100%", last.Label);
        Assert.All(events, e => Assert.Equal(last.Job, e.Job));

        // The preview: the first page of 50 rows, with the Chinese header and values.
        await Expect(data.PreviewTable.Locator("thead th")).ToHaveCountAsync(4);
        await Expect(data.PreviewTable.Locator("thead th").Nth(1)).ToContainTextAsync("城市");
        await Expect(data.PreviewRows).ToHaveCountAsync(50);
        await Expect(data.Pager).ToContainTextAsync("Rows 1–50 of 2,000");
        await Expect(data.Pager).ToContainTextAsync("Page 1 of 40");
        await Expect(data.PreviewRows.First.Locator("td")).ToHaveTextAsync(["1", Cities[1], "37.25", "2024-01-02"]);
        await ui.ScreenshotAsync("data-uploaded");

        await data.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Next", Exact = true }).ClickAsync();
        await Expect(data.Pager).ToContainTextAsync("Rows 51–100 of 2,000");
        await Expect(data.PreviewRows).ToHaveCountAsync(50);
        await Expect(data.PreviewRows.First.Locator("td").First).ToHaveTextAsync("51");
        await Expect(data.PreviewRows.Last.Locator("td").First).ToHaveTextAsync("100");

        // A numeric column's profile: statistics and a histogram that actually loaded.
        await data.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Profile of amount", Exact = true }).ClickAsync();
        await Expect(data.Profile.Locator("[data-profile='amount']")).ToBeVisibleAsync();
        await Expect(data.ProfileStat("Rows")).ToHaveTextAsync("2,000");
        await Expect(data.ProfileStat("Nulls")).ToContainTextAsync("0");
        await Expect(data.ProfileStat("Min")).ToHaveTextAsync("0.25");
        await Expect(data.ProfileStat("Max")).ToHaveTextAsync("999.25");
        await Expect(data.ProfileStat("Mean")).ToHaveTextAsync("499.75");
        await UiPage.ExpectImageLoadedAsync(data.Profile.Locator("img.chart-img"));
        await Expect(data.Profile.Locator("img.chart-img")).ToHaveAttributeAsync("alt", "Histogram of amount");

        // The Chinese column's profile: its distinct values and their chart.
        await data.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Profile of 城市", Exact = true }).ClickAsync();
        await Expect(data.Profile.Locator("[data-profile='城市']")).ToBeVisibleAsync();
        await Expect(data.ProfileStat("Distinct")).ToHaveTextAsync("8");
        await UiPage.ExpectImageLoadedAsync(data.Profile.Locator("img.chart-img"));
        await ui.ScreenshotAsync("data-profile");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Dropping_a_broken_csv_shows_the_line_and_adds_no_dataset()
    {
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        var before = await data.ListItems.CountAsync();

        await data.DropFileAsync("broken.csv", "a,b,c\n1,2,3\n4,5,6,7\n8,9,10\n");
        await data.SubmitUploadAsync("Broken upload");

        await Expect(data.ErrorAlert).ToBeVisibleAsync();
        await Expect(data.ErrorAlert).ToContainTextAsync("Line 3");
        await Expect(data.ErrorAlert).ToHaveAttributeAsync("role", "alert");
        await Expect(data.SuccessAlert).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("data-upload-error");

        await ui.ReloadAsync();
        await Expect(data.ListItems).ToHaveCountAsync(before);
        await Expect(data.ListEntry("Broken upload")).ToHaveCountAsync(0);
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Pasting_csv_imports_it()
    {
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);

        await data.PasteAsync("fruit,price,qty\napple,1.5,10\npear,2.25,4\n荔枝,9.9,1\n", "Pasted fruit");

        await data.ExpectImportedAsync("Pasted fruit", "3");
        await Expect(data.PreviewRows).ToHaveCountAsync(3);
        await Expect(data.PreviewRows.Nth(2).Locator("td")).ToHaveTextAsync(["荔枝", "9.9", "1"]);
        await Expect(data.Pager).ToContainTextAsync("Rows 1–3 of 3");
        await ui.ScreenshotAsync("data-pasted");
        ui.AssertNoErrors();
    }

    [Fact]
    public async Task Renaming_a_dataset_and_describing_a_column_are_saved()
    {
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        await data.PasteAsync("sku,price\nA-1,3.5\nB-2,7\n", "Price list");
        await data.ExpectImportedAsync("Price list", "2");

        // Rename through the detail panel; the list refreshes itself.
        await data.Detail.GetByText("Rename", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await data.Detail.GetByLabel("New name").FillAsync("Spring price list");
        await data.Detail.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save", Exact = true }).First.ClickAsync();
        await Expect(data.Title).ToHaveTextAsync("Spring price list");
        await Expect(data.ListEntry("Spring price list")).ToBeVisibleAsync();
        await Expect(data.ListEntry("Price list")).ToHaveCountAsync(0);

        // Describe a column and give it a display name.
        var row = data.ColumnRow("price");
        await row.GetByLabel("Display name of price").FillAsync("Unit price");
        await row.GetByLabel("Description of price").FillAsync("Price of one item in CNY");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save", Exact = true }).ClickAsync();
        await Expect(data.ColumnRow("price").GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved");
        await ui.ScreenshotAsync("data-renamed");

        // Both survive a reload.
        await ui.ReloadAsync();
        await Expect(data.Title).ToHaveTextAsync("Spring price list");
        await Expect(data.ColumnRow("price").GetByLabel("Display name of price")).ToHaveValueAsync("Unit price");
        await Expect(data.ColumnRow("price").GetByLabel("Description of price")).ToHaveValueAsync("Price of one item in CNY");
        await Expect(data.PreviewTable.Locator("thead th").Nth(1)).ToContainTextAsync("Unit price");
        ui.AssertNoErrors();
    }

    /// <summary>id, 城市 (eight cities in turn), amount ((id·37 mod 1000) + 0.25: min 0.25, max 999.25, mean 499.75), day.</summary>
    private static string CitySales(int rows)
    {
        var sb = new StringBuilder("id,城市,amount,day\n");
        for (var i = 1; i <= rows; i++)
        {
            var amount = (i * 37 % 1000 + 0.25).ToString("0.00", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{i},{Cities[i % Cities.Length]},{amount},2024-01-{i % 28 + 1:00}\n");
        }
        return sb.ToString();
    }
}
