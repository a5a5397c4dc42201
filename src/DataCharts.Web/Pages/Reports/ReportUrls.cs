using DataCharts.Core.Reports;
using Microsoft.AspNetCore.Http;

namespace DataCharts.Web.Pages.Reports;

/// <summary>Input values in and out of query strings, so a report URL with its inputs is shareable.</summary>
public static class ReportUrls
{
    /// <summary>Reads an input's values from the query string; null when the URL does not name it.</summary>
    public static Func<string, IReadOnlyList<string>?> Values(IQueryCollection query) =>
        name => query.TryGetValue(name, out var v) ? v.Where(s => s is not null).Select(s => s!).ToList() : null;

    /// <summary>
    /// The input values of a request: its query string, or for an htmx POST (run, save, add a cell) the query string
    /// of the page the browser shows (<c>HX-Current-URL</c>), which carries the inputs since the last change.
    /// </summary>
    public static Func<string, IReadOnlyList<string>?> Values(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || !Uri.TryCreate(request.Headers["HX-Current-URL"].ToString(), UriKind.Absolute, out var page))
            return Values(request.Query);
        return Values(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(page.Query)));
    }

    /// <summary>The query string of a run's input values (without a leading ?).</summary>
    public static string Query(ReportRun run) =>
        string.Join("&", run.QueryPairs().Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
