using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Settings;

/// <summary>What the Monitoring tab shows at one moment.</summary>
public sealed record MonitoringView(MetricsCollector Metrics, RuntimeFigures Runtime, DateTimeOffset Now)
{
    /// <summary>Endpoints, busiest first.</summary>
    public IReadOnlyList<EndpointStats> Endpoints => [.. Metrics.Endpoints.Values.OrderByDescending(e => e.Latency.Count).ThenBy(e => e.Route, StringComparer.Ordinal)];

    /// <summary>Requests a minute over the last minute.</summary>
    public double RequestsPerMinute => Metrics.Requests.Points(Now).TakeLast(6).Sum(p => p.Value);

    /// <summary>A version for chart URLs, so images refresh with the figures (one per interval).</summary>
    public long Version => Now.ToUnixTimeSeconds() / (long)MetricsCollector.Interval.TotalSeconds;
}

/// <summary>
/// Settings → Monitoring (admins, by the Settings folder rule): request rates and latency percentiles per endpoint,
/// query times, jobs, memory and GC, model tokens and cost, from the in-process <see cref="MetricsCollector"/>. The
/// figures refresh with htmx every few seconds (handler Live); the small charts are PNGs (handler Chart).
/// </summary>
public sealed class MonitoringModel(MetricsCollector metrics, TimeProvider clock) : PageModel
{
    public MonitoringView View { get; private set; } = null!;

    public void OnGet() => View = Now();

    public IActionResult OnGetLive() => Partial("Partials/_Monitoring", Now());

    /// <summary>A small line chart of one rolling series: requests, queries (a 10-second interval each) or memory.</summary>
    public IActionResult OnGetChart(string name, [FromQuery(Name = "_dark")] bool dark)
    {
        if (Rows(name) is not { } chart) return NotFound();
        var spec = new ChartSpec(ChartType.Line, "minutes", [chart.Unit], Title: chart.Title, XLabel: "minutes before now");
        var png = ChartRenderer.Render(spec, chart.Result, ChartFormat.Png, 480, 220, dark);
        return File(png, "image/png");
    }

    /// <summary>The points a chart draws, as JSON rows of [minutes before now, value]: its data in text, for scripts and checks.</summary>
    public IActionResult OnGetSeries(string name) =>
        Rows(name) is { } chart ? new JsonResult(new { chart.Title, chart.Unit, Points = chart.Result.Rows }) : NotFound();

    private (string Title, string Unit, QueryResult Result)? Rows(string name)
    {
        var now = clock.GetUtcNow();
        var (series, title, unit, scale) = name switch
        {
            "requests" => (metrics.Requests, "Requests per 10 s", "requests", 1.0),
            "queries" => (metrics.QueryTimes, "Queries per 10 s", "queries", 1.0),
            "memory" => (metrics.WorkingSet, "Working set (MB)", "MB", 1.0 / (1024 * 1024)),
            _ => (null, "", "", 0),
        };
        if (series is null) return null;
        // Minutes before now on a numeric axis (sixty time labels would overlap); nothing from before the app started.
        var rows = series.Points(now).Where(p => p.Start >= metrics.Started - MetricsCollector.Interval)
            .Select(p => new object?[] { Math.Round((p.Start - now).TotalMinutes, 2), Math.Round(p.Value * scale, 1) }).ToList();
        return (title, unit, new QueryResult([new ResultColumn("minutes", ColumnType.Decimal, "DOUBLE"), new ResultColumn(unit, ColumnType.Decimal, "DOUBLE")], rows));
    }

    private MonitoringView Now() => new(metrics, MetricsCollector.Runtime(), clock.GetUtcNow());
}
