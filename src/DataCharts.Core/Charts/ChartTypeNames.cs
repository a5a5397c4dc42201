namespace DataCharts.Core.Charts;

/// <summary>The words people use for each chart type, for menus and captions (the API keeps its snake_case names).</summary>
public static class ChartTypeNames
{
    public static string Label(ChartType type) => type switch
    {
        ChartType.Bar => "Bars",
        ChartType.GroupedBar => "Grouped bars",
        ChartType.StackedBar => "Stacked bars",
        ChartType.HorizontalBar => "Horizontal bars",
        ChartType.Line => "Line",
        ChartType.Area => "Area",
        ChartType.Scatter => "Scatter plot",
        ChartType.Pie => "Pie",
        ChartType.Histogram => "Histogram",
        ChartType.Box => "Box plot",
        ChartType.Heatmap => "Heatmap",
        _ => type.ToString(),
    };

    /// <summary>A lower-case form for sentences ("a grouped bars chart" reads badly, so nouns that stand alone).</summary>
    public static string Noun(ChartType type) => type switch
    {
        ChartType.Bar => "bar chart",
        ChartType.GroupedBar => "grouped bar chart",
        ChartType.StackedBar => "stacked bar chart",
        ChartType.HorizontalBar => "horizontal bar chart",
        ChartType.Line => "line chart",
        ChartType.Area => "area chart",
        ChartType.Scatter => "scatter plot",
        ChartType.Pie => "pie chart",
        ChartType.Histogram => "histogram",
        ChartType.Box => "box plot",
        ChartType.Heatmap => "heatmap",
        _ => type.ToString().ToLowerInvariant(),
    };
}
