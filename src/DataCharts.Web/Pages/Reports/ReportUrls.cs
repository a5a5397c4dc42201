using DataCharts.Core.Reports;
using Microsoft.AspNetCore.Http;

namespace DataCharts.Web.Pages.Reports;

/// <summary>Input values in and out of query strings, so a report URL with its inputs is shareable.</summary>
public static class ReportUrls
{
    /// <summary>Reads an input's values from the query string; null when the URL does not name it.</summary>
    public static Func<string, IReadOnlyList<string>?> Values(IQueryCollection query) =>
        name => query.TryGetValue(name, out var v) ? v.Where(s => s is not null).Select(s => s!).ToList() : null;

    /// <summary>The query string of a run's input values (without a leading ?).</summary>
    public static string Query(ReportRun run) =>
        string.Join("&", run.QueryPairs().Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
