using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E.Infrastructure;

/// <summary>A notebook page's cells and the steps a person takes with them: add a cell, write in it, wait for its autosave.</summary>
public static class NotebookCells
{
    public static ILocator Cells(IPage page) => page.Locator("#cells section.cell");
    public static ILocator Rev(ILocator cell) => cell.Locator("input[name='rev']");
    public static ILocator Text(ILocator cell) => cell.Locator("textarea[name='source']");

    /// <summary>Does <paramref name="edit"/> in <paramref name="cell"/> and waits until the autosave answered with the next revision.</summary>
    public static async Task SavedAsync(ILocator cell, Func<Task> edit)
    {
        var rev = int.Parse(await Rev(cell).InputValueAsync());
        await edit();
        await Expect(Rev(cell)).ToHaveValueAsync((rev + 1).ToString());
        await Expect(cell.Locator(".cell-bar [role=status]").First).ToContainTextAsync("Saved");
    }

    /// <summary>Replaces a cell's text (in its SQL editor, for SQL cells) and lets the debounced keyup autosave it.</summary>
    public static Task WriteAsync(ILocator cell, string text) => SavedAsync(cell, async () =>
    {
        if (await Text(cell).GetAttributeAsync("data-sql-editor") is not null)
        {
            await new SqlEditorBox(Text(cell)).FillAsync(text);
            return;
        }
        await Text(cell).FillAsync(text);
        await Text(cell).PressAsync("End");
    });

    /// <summary>Adds a cell of <paramref name="kind"/> at the end and returns it (by id, so later swaps keep it found).</summary>
    public static async Task<ILocator> AddAsync(UiPage ui, string kind)
    {
        var page = ui.Page;
        var before = await Cells(page).CountAsync();
        await page.Locator($"[data-add-cell='{kind}']").ClickAsync();
        await Expect(Cells(page)).ToHaveCountAsync(before + 1);
        await ui.ExpectSettledAsync();
        var cell = Cells(page).Last;
        await Expect(cell).ToHaveClassAsync(new Regex($"\\bcell-{kind}\\b"));
        return page.Locator($"#{await cell.GetAttributeAsync("id")}");
    }
}
