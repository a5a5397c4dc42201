using DataCharts.Web.Monitoring;

namespace DataCharts.Web.Api;

/// <summary><c>GET /metrics</c>: the Monitoring tab's figures in Prometheus text format, for scrapers (admins only when sign-in is on).</summary>
public static class MetricsEndpoints
{
    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (MetricsCollector metrics) => Results.Text(PrometheusText.Write(metrics), PrometheusText.ContentType));
}
