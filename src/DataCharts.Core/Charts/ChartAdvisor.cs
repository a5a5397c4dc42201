using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Charts;

/// <summary>The shape of a result, as far as choosing a chart goes.</summary>
public sealed record ResultShape(IReadOnlyList<string> Dimensions, IReadOnlyList<string> Measures, bool TimeFirst, bool IsShare, string Kind);

/// <summary>
/// Picks the chart for a result: time → line, categories → bar (horizontal when many or long), a share of a whole
/// with few parts → pie, two measures → scatter, one measure's spread → histogram, quartiles → box. An explicit
/// request wins whenever the result can be drawn that way.
/// </summary>
public static class ChartAdvisor
{
    public static ChartSpec? Suggest(QueryResult result, ResultShape shape, ChartType? requested, string? title)
    {
        if (result.Rows.Count == 0) return null;
        var dims = shape.Dimensions;
        var measures = shape.Measures;
        switch (shape.Kind)
        {
            case "histogram":
                return new ChartSpec(requested is ChartType.Bar or ChartType.Line or ChartType.Area ? requested.Value : ChartType.Histogram,
                    result.Columns[0].Name, [result.Columns[2].Name], Title: title, XLabel: result.Columns[0].Name.Replace("_from", ""), YLabel: "count");
            case "scatter":
                return new ChartSpec(ChartType.Scatter, measures[0], [measures[1]], dims.FirstOrDefault(), Title: title, XLabel: measures[0], YLabel: measures[1]);
            case "box":
                return new ChartSpec(ChartType.Box, dims[0], ["min", "q1", "median", "q3", "max"], Title: title, XLabel: dims[0], YLabel: "value");
        }
        if (measures.Count == 0) return null;
        if (dims.Count == 0)
        {
            // A single number needs no chart; several rows of one measure with a label column can still be bars.
            return null;
        }
        var x = dims[0];
        var many = result.Rows.Count > 12 || AverageLabelLength(result, x) > 14;
        ChartType type;
        string? series = null;
        if (dims.Count >= 2)
        {
            series = dims[1];
            type = shape.TimeFirst ? ChartType.Line : ChartType.GroupedBar;
        }
        else if (shape.TimeFirst) type = ChartType.Line;
        else if (shape.IsShare && result.Rows.Count <= 6) type = ChartType.Pie;
        else type = many ? ChartType.HorizontalBar : ChartType.Bar;
        if (measures.Count > 1 && type is ChartType.Bar or ChartType.HorizontalBar) type = ChartType.GroupedBar;

        if (requested is { } r && Fits(r, dims.Count, measures.Count, result.Rows.Count)) type = r;
        if (type == ChartType.Heatmap && series is null) type = ChartType.Bar;
        return new ChartSpec(type, x, type == ChartType.Pie ? [measures[0]] : measures, series, Title: title, XLabel: x, YLabel: measures.Count == 1 ? measures[0] : null);
    }

    private static bool Fits(ChartType t, int dims, int measures, int rows) => t switch
    {
        ChartType.Pie => dims == 1 && rows <= 30,
        ChartType.Heatmap => dims >= 2,
        ChartType.Scatter => measures >= 2 || dims >= 1,
        ChartType.Histogram or ChartType.Box => false,
        _ => dims >= 1,
    };

    private static double AverageLabelLength(QueryResult r, string column)
    {
        var i = r.Columns.ToList().FindIndex(c => c.Name == column);
        return i < 0 || r.Rows.Count == 0 ? 0 : r.Rows.Average(row => (row[i]?.ToString() ?? "").Length);
    }

    /// <summary>A title from what the chart shows ("total revenue by region, channel"); the question when the shape says little.</summary>
    public static string TitleFor(ResultShape shape, string question)
    {
        if (shape.Kind != "aggregate" || shape.Measures.Count == 0 || shape.Dimensions.Count == 0) return question;
        static string Words(string s) => s.Replace('_', ' ');
        var title = $"{Words(shape.Measures[0])} by {string.Join(" and ", shape.Dimensions.Select(Words))}";
        return char.ToUpperInvariant(title[0]) + title[1..];
    }

    /// <summary>Whether a result column is time-like (dates, or a year/month/quarter axis).</summary>
    public static bool IsTimeColumn(ResultColumn c) =>
        c.Type.IsTemporal()
        || (c.Type == ColumnType.Integer && (c.Name is "year" || c.Name.EndsWith("_year", StringComparison.Ordinal)))
        || (c.Type == ColumnType.Text && c.Name is "month" or "quarter");
}
