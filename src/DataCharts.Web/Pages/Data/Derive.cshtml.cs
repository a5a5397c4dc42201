using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>The "derived column" form of a dataset: live checking of the expression as it is typed, and applying it.</summary>
public sealed class DeriveModel(DatasetCatalog catalog, ExpressionService expressions) : PageModel
{
    /// <summary>The form for one table of a dataset.</summary>
    public async Task<IActionResult> OnGetAsync(string id, string? table, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        return Partial("Partials/_DeriveForm", new DeriveView(d.Id, DatasetReader.Table(d, table).Name));
    }

    /// <summary>Checks the expression against the table's columns; returns the feedback line.</summary>
    public async Task<IActionResult> OnPostCheckAsync(string id, string? table, string? expression, CancellationToken ct)
    {
        var t = DatasetReader.Table(await catalog.GetAsync(id, ct), table);
        return Partial("Partials/_ExpressionCheck", string.IsNullOrWhiteSpace(expression) ? null : ExpressionService.Check(expression, t));
    }

    /// <summary>Makes the derived dataset; returns a link to it, or the error in place of the feedback line.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string id, string? table, string? expression, string? name, CancellationToken ct)
    {
        try
        {
            var applied = await expressions.ApplyAsync(id, expression, table, name, ct);
            Response.Htmx(h => h.WithTrigger("datasets-changed"));
            return Partial("Partials/_DeriveDone", applied);
        }
        catch (ExpressionException ex)
        {
            return Partial("Partials/_ExpressionCheck", new ExpressionCheck(false, ex.Error, [], [], null, null));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Partial("Partials/_ExpressionCheck", new ExpressionCheck(false, new ExpressionError(ex.Message, 0, 1, 1), [], [], null, null));
        }
    }
}

/// <summary>Which dataset table the derived-column form works on.</summary>
public sealed record DeriveView(string DataId, string Table);
