using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataCharts.E2E.Infrastructure;

/// <summary>
/// A SQL editor as a person uses it: the CodeMirror editor that wwwroot/js/editor.js puts after a
/// <c>textarea[data-sql-editor]</c>, which stays (hidden) as the form's field.
/// </summary>
public sealed class SqlEditorBox(ILocator textarea)
{
    /// <summary>The hidden field the form posts; its value follows the editor.</summary>
    public ILocator Textarea => textarea;

    public ILocator Box => textarea.Locator("xpath=following-sibling::div[contains(concat(' ', @class, ' '), ' sql-editor ')][1]");
    public ILocator Editor => Box.Locator(".cm-editor");
    public ILocator Content => Box.Locator(".cm-content");
    public ILocator Lines => Content.Locator(".cm-line");
    public ILocator ErrorMark => Box.Locator(".cm-lintRange-error");
    public ILocator ErrorMessage => Box.Locator(".sql-editor-error");
    public ILocator Completions => textarea.Page.Locator(".cm-tooltip-autocomplete li");

    /// <summary>Waits for the editor, then replaces its text as typing would (select all, insert).</summary>
    public async Task FillAsync(string text)
    {
        await Expect(Content).ToBeVisibleAsync();
        await Content.ClickAsync();
        await textarea.Page.Keyboard.PressAsync("ControlOrMeta+A");
        await textarea.Page.Keyboard.PressAsync("Backspace");
        await textarea.Page.Keyboard.InsertTextAsync(text);
        await Expect(textarea).ToHaveValueAsync(text.Replace("\r\n", "\n"));
    }

    /// <summary>
    /// Waits until the completion list offers <paramref name="label"/> as its selected option, then accepts it with
    /// Enter. CodeMirror ignores keys for 75 ms after the list changes (so a fast typist's Enter is a new line); a person
    /// reading the list takes longer than that.
    /// </summary>
    public async Task AcceptCompletionAsync(string label)
    {
        var selected = textarea.Page.Locator(".cm-tooltip-autocomplete li[aria-selected='true']");
        await Expect(selected.Locator(".cm-completionLabel")).ToHaveTextAsync(label);
        await textarea.Page.WaitForTimeoutAsync(200);
        await textarea.Page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Types at the cursor key by key, as a person does (completion pops up as they type).</summary>
    public Task TypeAsync(string text) => textarea.Page.Keyboard.TypeAsync(text, new KeyboardTypeOptions { Delay = 15 });
}
