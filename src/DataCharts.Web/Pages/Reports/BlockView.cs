using DataCharts.Core.Reports;

namespace DataCharts.Web.Pages.Reports;

/// <summary>
/// One block of an evaluated report or notebook, and where its fragments come from: <see cref="BaseUrl"/> answers the
/// handlers Blocks, Rows, Chart and Export; <see cref="Query"/> carries the current input values.
/// </summary>
public sealed record BlockView(ReportRun Run, ReportBlock Block, string BaseUrl, string Query, bool OutOfBand = false)
{
    public string Id => "block-" + Block.Index;

    /// <summary>The x range a chart block is zoomed to (drag-zoom); null for the whole chart.</summary>
    public DataCharts.Core.Charts.XRange? Zoom { get; init; }

    /// <summary>Why a zoom range was refused, shown under the chart.</summary>
    public string? ZoomError { get; init; }

    public string Handler(string handler, string extra = "") =>
        $"{BaseUrl}?handler={handler}&block={Block.Index}{extra}{(Query.Length > 0 ? "&" + Query : "")}";
}

/// <summary>The blocks that changed after an input did, swapped out of band into their places.</summary>
public sealed record ChangedBlocksView(IReadOnlyList<BlockView> Blocks);
