using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Quality;

/// <summary>The bar chart of an assessment's dimension scores (horizontal, so the names read in full), drawn by the app's <see cref="ChartRenderer"/>.</summary>
public static class QualityChart
{
    public static byte[] ScoresPng(QualityAssessment a, int width = 720, int height = 320)
    {
        var rows = a.DimensionScores.OrderBy(d => QualityDimensions.All.ToList().IndexOf(d.Dimension))
            .Select(d => new object?[] { d.Dimension, d.Score }).ToList();
        if (rows.Count == 0) rows.Add(["(none assessed)", 0.0]);
        var data = new QueryResult([new ResultColumn("dimension", ColumnType.Text, "VARCHAR"), new ResultColumn("score", ColumnType.Decimal, "DOUBLE")], rows);
        var spec = new ChartSpec(ChartType.HorizontalBar, "dimension", ["score"], Title: "Dimension scores", XLabel: "Dimension", YLabel: "Score (0–1)");
        return ChartRenderer.Render(spec, data, ChartFormat.Png, width, height);
    }

    /// <summary>The PNG as a data URI, for standalone HTML and the report fragment.</summary>
    public static string ScoresDataUri(QualityAssessment a) => "data:image/png;base64," + Convert.ToBase64String(ScoresPng(a));
}
