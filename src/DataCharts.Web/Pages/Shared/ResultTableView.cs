using DataCharts.Core.Query;

namespace DataCharts.Web.Pages.Shared;

/// <summary>One page of a result's rows, paged on the server; <see cref="PageUrl"/> builds the URL of another page.</summary>
public sealed record ResultTableView(string TargetId, Func<int, string> PageUrl, QueryResult Result, int Page, int Pages, int Total, bool Truncated)
{
    /// <summary>Why rows are missing (the row cap, or the byte limit of one answer), when the runner said.</summary>
    public string? TruncatedReason { get; init; }

    public const int RowsPerPage = 20;

    public IEnumerable<object?[]> Rows => Result.Rows.Skip(Page * RowsPerPage).Take(RowsPerPage);

    public static ResultTableView Of(string targetId, Func<int, string> pageUrl, QueryOutcome outcome, int page)
    {
        var total = outcome.Result.Rows.Count;
        var pages = Math.Max(1, (total + RowsPerPage - 1) / RowsPerPage);
        return new ResultTableView(targetId, pageUrl, outcome.Result, Math.Clamp(page, 0, pages - 1), pages, total, outcome.Truncated)
        {
            TruncatedReason = outcome.TruncatedReason,
        };
    }
}
