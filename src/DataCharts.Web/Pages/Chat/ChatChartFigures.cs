using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Web.Pages.Shared;

namespace DataCharts.Web.Pages.Chat;

/// <summary>An answer's chart made interactive: its rows come from the chart's stored query through the result cache, zoom swaps the chart block, bars and slices drill.</summary>
public static class ChatChartFigures
{
    public static readonly (string From, string To) ZoomParams = ("x0", "x1");

    /// <summary>The figure of a Chat chart; its tooltips, summary and table write numbers as the answer's table does (<paramref name="format"/>).</summary>
    public static async Task<ChartFigureView> FigureAsync(ChartStore charts, ChartImageView chart, CancellationToken ct,
        Func<DataCharts.Core.Datasets.DatasetRecord, DataCharts.Core.Query.QueryResult, DataCharts.Core.Presentation.ResultFormat>? format = null)
    {
        var image = ChartFigureView.WithRange($"/api/chart/{chart.ChartId}/export?format=png&v={chart.Version}", chart.Range, ZoomParams) + (chart.Dark ? "&dark=true" : "");
        var zoomUrl = $"/Chat?handler=ChartZoom&chart={chart.ChartId}";
        try
        {
            // One render gives the overlay and the PNG the image request then finds ready.
            var overlay = await charts.PictureAsync(await charts.GetAsync(chart.ChartId, ct), chart.Range, chart.Dark, ct, format);
            return ChartFigureView.Of("chart-" + chart.ChartId, chart.Spec, overlay, image, zoomUrl, "#chart-" + chart.ChartId, ZoomParams, drill: true);
        }
        catch (UserFacingException ex)
        {
            return new ChartFigureView("chart-" + chart.ChartId, image, ChartFigureView.AltText(chart.Spec), null, null, null, ZoomParams, false, ex.Message);
        }
    }
}
