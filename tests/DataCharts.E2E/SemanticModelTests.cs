using DataCharts.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E;

/// <summary>The semantic model on the Data page, as an analyst edits it, and the edit reaching the Chat answer.</summary>
public sealed class SemanticModelTests(E2EFixture app)
{
    [Fact]
    public async Task A_measure_defined_on_the_data_page_answers_questions_in_chat()
    {
        var csv = await app.WriteFileAsync("kiosk-sales.csv", "region,units,unit_price\nNorth,2,10\nNorth,3,10\nSouth,1,40\nSouth,1,5\n");
        await using var ui = await app.NewPageAsync();
        var data = await DataPage.OpenAsync(ui);
        await data.UploadAsync(csv, "Kiosk sales");
        await data.ExpectImportedAsync("Kiosk sales", "4");

        // The section loads when opened: entities and measures inferred from the data.
        await data.Detail.Locator("summary", new LocatorLocatorOptions { HasText = "Semantic model" }).ClickAsync();
        var model = ui.Page.Locator("#semantic-model");
        await Expect(model.Locator("h4", new LocatorLocatorOptions { HasText = "Entities" })).ToBeVisibleAsync();
        await Expect(model).ToContainTextAsync("units");

        // A bad expression is refused inline, with where it went wrong; nothing is saved.
        await model.GetByLabel("Define a measure").FillAsync("takings");
        await model.GetByLabel("Expression").FillAsync("units * unit_prize");
        await model.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save measure" }).ClickAsync();
        await Expect(model.GetByRole(AriaRole.Alert)).ToContainTextAsync("unit_prize");

        await model.GetByLabel("Define a measure").FillAsync("takings");
        await model.GetByLabel("Expression").FillAsync("units * unit_price");
        await model.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save measure" }).ClickAsync();
        await Expect(model.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Expect(model).ToContainTextAsync("takings");
        await ui.ScreenshotAsync("data-semantic-model");

        // The agent reads the edited model: "takings" is the user's measure, by region.
        var id = await data.ListEntry("Kiosk sales").Locator("a").GetAttributeAsync("href");
        var dataId = id!.Split("id=")[^1];
        var chat = await ChatPage.OpenAsync(ui, $"/Chat?data={dataId}");
        var card = await chat.AskAsync("total takings by region");
        await Expect(card.Interpretation).ToContainTextAsync("takings");
        await Expect(card.Root).ToHaveAttributeAsync("data-confident", "true");
        var regions = await card.ColumnAsync(0);
        Assert.Equal(["North", "South"], regions);
        var totals = await card.ColumnAsync(1);
        Assert.Equal(["50", "45"], totals);
        ui.AssertNoErrors();
    }
}
