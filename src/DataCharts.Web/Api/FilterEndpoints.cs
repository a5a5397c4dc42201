using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Filters;

namespace DataCharts.Web.Api;

/// <summary>
/// The answer of <c>POST /api/data/filter</c>: matching rows as objects keyed by column name, the counts, the summary and
/// the page; <c>result_id</c> is the new dataset when the request had <c>save_as</c>.
/// </summary>
public sealed record FilterResponse(
    string DataId, string Table, IReadOnlyList<string> Columns, IReadOnlyList<Dictionary<string, object?>> FilteredData,
    long TotalCount, long FilteredCount, FilterSummary FilterSummary, PageInfo PageInfo, string? ResultId, DatasetDto? Result);

/// <summary><c>POST /api/data/filter</c>: the filter builder over a dataset's table (PRODUCT.md §4).</summary>
public static class FilterEndpoints
{
    public static void MapFilterApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/data/filter", FilterAsync).WithTags("Data").DisableAntiforgery();
    }

    private static async Task<FilterResponse> FilterAsync(FilterRequest body, DatasetCatalog catalog, FilterService filters, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.DataId)) throw new UserFacingException("data_id is required.") { Field = "data_id" };
        var dataset = await catalog.GetAsync(body.DataId, ct);
        var r = await filters.RunAsync(dataset, body, ct);
        return r.ToResponse(dataset.Id);
    }

    public static FilterResponse ToResponse(this FilterResult r, string dataId)
    {
        var columns = r.Rows.Columns.Select(c => c.Name).ToList();
        var rows = r.Rows.Rows.Select(row =>
        {
            var o = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++) o[columns[i]] = row[i];
            return o;
        }).ToList();
        return new FilterResponse(dataId, r.Table.Name, columns, rows, r.TotalCount, r.FilteredCount, r.Summary, r.PageInfo, r.Saved?.Id, r.Saved?.ToDto());
    }
}
