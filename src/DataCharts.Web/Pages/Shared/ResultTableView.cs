using DataCharts.Core.Presentation;
using DataCharts.Core.Query;

namespace DataCharts.Web.Pages.Shared;

/// <summary>One page of a result's rows, paged on the server; <see cref="PageUrl"/> builds the URL of another page.</summary>
public sealed record ResultTableView(string TargetId, Func<int, string> PageUrl, QueryResult Result, int Page, int Pages, int Total, bool Truncated)
{
    /// <summary>Why rows are missing (the row cap, or the byte limit of one answer), when the runner said.</summary>
    public string? TruncatedReason { get; init; }

    public const int RowsPerPage = 20;

    private ResultFormat? format;

    /// <summary>How cells and headers read (labels, units, the reader's culture); decided once per result. Without one: names as labels, en-US.</summary>
    public ResultFormat Format
    {
        get => format ??= ResultFormat.For(Result, null, Cultures.Default);
        init => format = value;
    }

    public IEnumerable<object?[]> Rows => Result.Rows.Skip(Page * RowsPerPage).Take(RowsPerPage);

    public static ResultTableView Of(string targetId, Func<int, string> pageUrl, QueryOutcome outcome, int page, ResultFormat? format = null)
    {
        var total = outcome.Result.Rows.Count;
        var pages = Math.Max(1, (total + RowsPerPage - 1) / RowsPerPage);
        return new ResultTableView(targetId, pageUrl, outcome.Result, Math.Clamp(page, 0, pages - 1), pages, total, outcome.Truncated)
        {
            TruncatedReason = outcome.TruncatedReason,
            format = format,
        };
    }
}
