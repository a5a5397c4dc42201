using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Filters;

namespace DataCharts.Web.Pages.Data;

/// <summary>One row of the builder form: field, operation, value (and a second value for ranges), case sensitivity.</summary>
public sealed class FilterRowForm
{
    public string? Field { get; set; }
    public string? Operation { get; set; }
    public string? Value { get; set; }
    public string? Value2 { get; set; }
    public bool CaseSensitive { get; set; }
}

/// <summary>The builder form as the Data page posts it (names like <c>Conditions[0].Field</c>).</summary>
public sealed class FilterForm
{
    public string Id { get; set; } = "";
    public string? Table { get; set; }
    public List<FilterRowForm> Conditions { get; set; } = [];
    public string? Combine { get; set; }
    public string? OrderBy { get; set; }
    public string? OrderDirection { get; set; }
    public long Offset { get; set; }
    public string? SaveName { get; set; }

    /// <summary>
    /// The request for the filter service: rows without a field are still being written and are left out; the map
    /// gives, for each condition sent, the row of the form it came from (so errors land next to the right row).
    /// </summary>
    public (FilterRequest Request, List<int> RowOf) ToRequest(int pageSize, string? saveAs = null)
    {
        var rowOf = new List<int>();
        var conditions = new List<FilterCondition>();
        for (var i = 0; i < Conditions.Count; i++)
        {
            var r = Conditions[i];
            if (string.IsNullOrWhiteSpace(r.Field)) continue;
            rowOf.Add(i);
            object? value = FilterOperations.TryParse(r.Operation, out var op) && op.TakesRange()
                ? new List<object?> { Blank(r.Value), Blank(r.Value2) }.Where(v => v is not null).ToList()
                : Blank(r.Value);
            conditions.Add(new FilterCondition(r.Field, r.Operation, value, r.CaseSensitive));
        }
        return (new FilterRequest(Id, conditions, Combine, pageSize, Math.Max(0, Offset), OrderBy, OrderDirection, Table, saveAs), rowOf);
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

/// <summary>What #filter shows: the form, and after a run its counts, rows, the error of a row or of the form, a saved dataset.</summary>
public sealed record FilterView(DatasetRecord Dataset, DatasetTableRecord Table, FilterForm Form, FilterResult? Result = null,
    IReadOnlyDictionary<int, long>? RowCounts = null, int? ErrorRow = null, string? Error = null, DatasetRecord? Saved = null)
{
    public const int PageSize = 25;

    /// <summary>The builder with one empty row.</summary>
    public static FilterView Start(DatasetRecord d, DatasetTableRecord t) =>
        new(d, t, new FilterForm { Id = d.Id, Table = t.Name, Conditions = [new FilterRowForm { Operation = "equals" }] });

    /// <summary>Runs the form through the service; a wrong condition becomes an inline error on its row.</summary>
    public static async Task<FilterView> RunAsync(FilterService filters, DatasetRecord d, FilterForm form, string? saveAs, CancellationToken ct)
    {
        var t = DatasetReader.Table(d, form.Table);
        form.Table = t.Name;
        if (form.Conditions.Count == 0) form.Conditions.Add(new FilterRowForm { Operation = "equals" });
        var (request, rowOf) = form.ToRequest(PageSize, saveAs);
        try
        {
            var r = await filters.RunAsync(d, request, ct);
            var counts = r.Summary.Conditions.ToDictionary(c => rowOf[c.Index], c => c.MatchedCount);
            return new FilterView(d, t, form, r, counts, Saved: r.Saved);
        }
        catch (FilterConditionException ex)
        {
            var row = rowOf[ex.Index];
            // The service names the condition by its place among those sent; the page by the row the user sees.
            var message = ex.Message.Replace($"filter_conditions[{ex.Index}]", $"Row {row + 1}", StringComparison.Ordinal);
            return new FilterView(d, t, form, ErrorRow: row, Error: message);
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return new FilterView(d, t, form, Error: ex.Message);
        }
    }
}

/// <summary>The results of a run; <see cref="Oob"/> also sends each row's count or error out of band.</summary>
public sealed record FilterResultsView(FilterView View, bool Oob);

/// <summary>The count or error shown beside row <see cref="Index"/>.</summary>
public sealed record FilterRowStatus(int Index, FilterView View, bool Oob);
