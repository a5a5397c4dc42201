using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Web.Pages.Shared;

namespace DataCharts.Web.Pages.Chat;

/// <summary>An answer's chart made interactive: its rows come from the chart's stored query through the result cache, zoom swaps the chart block, bars and slices drill.</summary>
public static class ChatChartFigures
{
    public static readonly (string From, string To) ZoomParams = ("x0", "x1");

    public static async Task<ChartFigureView> FigureAsync(ChartStore charts, ChartImageView chart, CancellationToken ct)
    {
        var image = ChartFigureView.WithRange($"/api/chart/{chart.ChartId}/export?format=png&v={chart.Version}", chart.Range, ZoomParams);
        var zoomUrl = $"/Chat?handler=ChartZoom&chart={chart.ChartId}";
        try
        {
            var (_, rows) = await charts.DataAsync(await charts.GetAsync(chart.ChartId, ct), ct);
            return ChartFigureView.For("chart-" + chart.ChartId, chart.Spec, rows, image, chart.Range, zoomUrl, "#chart-" + chart.ChartId, ZoomParams, drill: true);
        }
        catch (UserFacingException ex)
        {
            return new ChartFigureView("chart-" + chart.ChartId, image, ChartFigureView.AltText(chart.Spec), null, null, null, ZoomParams, false, ex.Message);
        }
    }
}
