using DataCharts.Core;
using DataCharts.Core.Agent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Semantics;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>
/// A dataset's semantic model on the Data page: what was inferred and edited, and small forms that each add one edit
/// (a column label, a synonym, a display column, a measure as an expression) or import a whole edit file.
/// </summary>
public sealed class SemanticModelPage(DatasetCatalog catalog, SchemaLoader schemas, SemanticModels models) : PageModel
{
    /// <summary>The largest edit file the import form takes.</summary>
    public const long MaxImportBytes = 2 * 1024 * 1024;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => Section(await catalog.GetAsync(id, ct), null, null, null);

    /// <summary>Renames a column ("table.column" in <paramref name="target"/>) for both agents and the model's lists.</summary>
    public Task<IActionResult> OnPostLabelAsync(string id, string? target, string? label, CancellationToken ct) =>
        EditAsync(id, "label", (d, e) => string.IsNullOrWhiteSpace(label)
            ? throw new UserFacingException("Give the column a label.")
            : e.With(column: Column(e, d, target) with { Label = label.Trim() }), $"Renamed {target}.", ct);

    public Task<IActionResult> OnPostSynonymAsync(string id, string? target, string? synonym, CancellationToken ct) =>
        EditAsync(id, "synonym", (d, e) => string.IsNullOrWhiteSpace(synonym)
            ? throw new UserFacingException("Type the synonym to add.")
            : e.With(column: Column(e, d, target) is var c ? c with { Synonyms = [.. c.Synonyms, synonym.Trim()] } : null), $"Added a synonym of {target}.", ct);

    public Task<IActionResult> OnPostDisplayAsync(string id, string table, string? display, CancellationToken ct) =>
        EditAsync(id, "display", (d, e) =>
        {
            var t = DatasetReader.Table(d, table);
            var c = DatasetReader.Column(t, display ?? "");
            var entity = e.Entities.FirstOrDefault(x => x.Table.Equals(t.Name, StringComparison.OrdinalIgnoreCase)) ?? new EntityEdit { Table = t.Name };
            return e.With(entity: entity with { Display = c.Name, DisplaySecond = null });
        }, $"{table} rows are now named by {display}.", ct);

    public Task<IActionResult> OnPostMeasureAsync(string id, string table, string? name, string? expression, MeasureAgg agg, Unit unit, CancellationToken ct) =>
        EditAsync(id, "measure", (d, e) =>
        {
            if (string.IsNullOrWhiteSpace(name)) throw new UserFacingException("Name the measure.");
            var measure = new MeasureEdit { Name = name.Trim(), Table = DatasetReader.Table(d, table).Name, Expression = expression?.Trim(), Agg = agg, Unit = unit };
            return e.With(measure: measure);
        }, $"Defined the measure {name}.", ct);

    public async Task<IActionResult> OnPostImportAsync(string id, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return await EditAsync(id, "import", (_, _) => throw new UserFacingException("Choose a model file (.json) to import."), "", ct);
        if (file.Length > MaxImportBytes) return await EditAsync(id, "import", (_, _) => throw new UserFacingException("The model file is larger than 2 MiB."), "", ct);
        string json;
        using (var reader = new StreamReader(file.OpenReadStream()))
            json = await reader.ReadToEndAsync(ct);
        return await EditAsync(id, "import", (_, _) => ModelEdits.Parse(json), $"Imported {file.FileName}.", ct, replace: true);
    }

    /// <summary>Applies one change to the stored edits, checks the result against the data and saves; the section comes back with the outcome.</summary>
    private async Task<IActionResult> EditAsync(string id, string form, Func<DatasetRecord, ModelEdits, ModelEdits> change, string saved, CancellationToken ct, bool replace = false)
    {
        var d = await catalog.GetAsync(id, ct);
        try
        {
            var edits = change(d, replace ? ModelEdits.None : await models.GetEditsAsync(d.Name, ct));
            var errors = edits.Validate(d);
            if (errors.Count > 0) throw new ModelEditsException(errors);
            await models.SaveEditsAsync(d.Name, edits, ct);
        }
        catch (ModelEditsException ex)
        {
            return Section(d, null, form, string.Join(" ", ex.Errors.Select(e => e.Message)));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException || form != "import")
        {
            return Section(d, null, form, ex.Message);
        }
        if (!Request.IsHtmx()) return Redirect($"/Data?id={Uri.EscapeDataString(d.Id)}");
        return Section(d, saved, null, null);
    }

    private static ColumnEdit Column(ModelEdits e, DatasetRecord d, string? target)
    {
        var (table, column) = ModelEdits.Split(target) ?? throw new UserFacingException("Choose a column.");
        var t = DatasetReader.Table(d, table);
        var c = DatasetReader.Column(t, column);
        return e.Columns.FirstOrDefault(x => x.Table.Equals(t.Name, StringComparison.OrdinalIgnoreCase) && x.Column.Equals(c.Name, StringComparison.OrdinalIgnoreCase))
               ?? new ColumnEdit { Table = t.Name, Column = c.Name };
    }

    private PartialViewResult Section(DatasetRecord d, string? saved, string? errorForm, string? error) =>
        Partial("Partials/_SemanticModel", new SemanticModelView(d, schemas.Load(d).Model, saved, errorForm, error));
}

/// <summary>The semantic model section: the model, and the outcome of the last form (which form failed, and why).</summary>
public sealed record SemanticModelView(DatasetRecord Dataset, SemanticModel Model, string? Saved, string? ErrorForm, string? Error)
{
    public string? ErrorOf(string form) => ErrorForm == form ? Error : null;
}
