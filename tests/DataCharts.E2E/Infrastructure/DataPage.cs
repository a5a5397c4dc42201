using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E.Infrastructure;

/// <summary>The Data page's regions and the steps a user takes there (upload, paste, wait for the import).</summary>
public sealed class DataPage(UiPage ui)
{
    public IPage Page => ui.Page;
    public ILocator ImportStatus => Page.Locator("#import-status");
    public ILocator SuccessAlert => ImportStatus.Locator(".alert.ok");
    public ILocator ErrorAlert => ImportStatus.Locator(".alert.error");
    public ILocator List => Page.Locator("#dataset-list");
    public ILocator ListItems => List.Locator("li");
    public ILocator Detail => Page.Locator("#dataset-detail");
    public ILocator Title => Detail.Locator("h2").First;
    public ILocator PreviewTable => Page.Locator("#preview table");
    public ILocator PreviewRows => PreviewTable.Locator("tbody tr");
    public ILocator Pager => Page.Locator("#preview .pager");
    public ILocator Profile => Page.Locator("#profile");

    /// <summary>The list entry of the dataset called exactly <paramref name="name"/> (its link reads "name · meta").</summary>
    public ILocator ListEntry(string name) => ListItems.Filter(new LocatorFilterOptions
    {
        Has = Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { NameRegex = new Regex($"^{Regex.Escape(name)}\\s") }),
    });

    /// <summary>The column row (in the columns table) whose first cell is <paramref name="column"/>.</summary>
    public ILocator ColumnRow(string column) =>
        Detail.Locator("table.columns-table tbody tr").Filter(new LocatorFilterOptions { Has = Page.Locator("td:first-child code", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(column)}$") }) });

    /// <summary>The value shown for statistic <paramref name="key"/> (Rows, Nulls, Distinct, Min, Max, Mean) in the open profile.</summary>
    public ILocator ProfileStat(string key) =>
        Profile.Locator(".stat").Filter(new LocatorFilterOptions { Has = Page.Locator(".k", new PageLocatorOptions { HasTextString = key }) }).Locator(".v");

    public static async Task<DataPage> OpenAsync(UiPage ui, string path = "/Data")
    {
        await ui.GotoAsync(path);
        return new DataPage(ui);
    }

    /// <summary>Chooses <paramref name="file"/> in the upload form, optionally names the dataset, and presses Upload.</summary>
    public async Task UploadAsync(string file, string? name = null)
    {
        var form = Page.Locator("form[data-upload]");
        await form.Locator("#file").SetInputFilesAsync(file);
        await Expect(form.Locator("[data-file-name]")).ToHaveTextAsync(Path.GetFileName(file));
        await SubmitUploadAsync(name);
    }

    /// <summary>Drags a file with <paramref name="content"/> from the desktop onto the drop zone, as a user would.</summary>
    public async Task DropFileAsync(string fileName, string content)
    {
        var zone = Page.Locator("form[data-upload] .dropzone");
        var transfer = await Page.EvaluateHandleAsync(
            "([name, text]) => { const dt = new DataTransfer(); dt.items.add(new File([text], name, { type: 'text/csv' })); return dt; }",
            new[] { fileName, content });
        await zone.DispatchEventAsync("dragover", new { dataTransfer = transfer });
        await Expect(zone).ToHaveClassAsync(new Regex(@"\bdragging\b"));
        await zone.DispatchEventAsync("drop", new { dataTransfer = transfer });
        await Expect(zone).Not.ToHaveClassAsync(new Regex(@"\bdragging\b"));
        await Expect(zone.Locator("[data-file-name]")).ToHaveTextAsync(fileName);
    }

    /// <summary>Presses the upload form's Upload button, optionally naming the dataset first.</summary>
    public async Task SubmitUploadAsync(string? name = null)
    {
        var form = Page.Locator("form[data-upload]");
        if (name is not null) await form.Locator("#upload-name").FillAsync(name);
        await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Upload" }).ClickAsync();
    }

    /// <summary>Opens the paste panel, fills it and presses Import.</summary>
    public async Task PasteAsync(string content, string name, string format = "csv")
    {
        await Page.GetByText("Paste CSV, TSV or JSON").ClickAsync();
        await Page.Locator("#paste-content").FillAsync(content);
        await Page.Locator("#paste-format").SelectOptionAsync(format);
        await Page.Locator("#paste-name").FillAsync(name);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Import" }).ClickAsync();
    }

    /// <summary>Waits for the import to succeed: the success message, the new dataset shown in the detail panel and listed.</summary>
    public async Task ExpectImportedAsync(string name, string rows)
    {
        await Expect(SuccessAlert).ToContainTextAsync($"Imported {name}:");
        await Expect(SuccessAlert).ToContainTextAsync($"{rows} rows");
        await Expect(Title).ToHaveTextAsync(name);
        await Expect(ListEntry(name)).ToContainTextAsync($"{rows} rows");
    }
}
