namespace DataCharts.Core.Charts;

/// <summary>The chart kinds the server renders.</summary>
public enum ChartType
{
    Bar,
    GroupedBar,
    StackedBar,
    HorizontalBar,
    Line,
    Area,
    Scatter,
    Pie,
    Histogram,
    Box,
    Heatmap,
}

/// <summary>
/// What to draw from a result: type, the x column, one or more y columns, an optional series column (one line or bar
/// group per value), aggregation already applied in SQL, title, axis labels and sort. <see cref="Colors"/> keeps the
/// palette slot of each category value the chart drew, so it keeps its colours when redrawn and later charts of the
/// same conversation reuse them.
/// </summary>
public sealed record ChartSpec(
    ChartType Type,
    string? X,
    IReadOnlyList<string> Y,
    string? Series = null,
    string? Aggregation = null,
    string? Title = null,
    string? XLabel = null,
    string? YLabel = null,
    string? Sort = null,
    IReadOnlyDictionary<string, int>? Colors = null);
