using System.Diagnostics.Metrics;

namespace DataCharts.Core.Monitoring;

/// <summary>
/// The app's own instruments (System.Diagnostics.Metrics, meter "DataCharts"): query times, finished jobs, model tokens
/// and their estimated cost. The web app aggregates them with ASP.NET Core's request metrics for the Monitoring tab and
/// the Prometheus endpoint; any OpenTelemetry listener can collect them as well.
/// </summary>
public static class AppMetrics
{
    public const string MeterName = "DataCharts";

    public static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Engine time of a query that ran (cache hits are not recorded), in milliseconds.</summary>
    public static readonly Histogram<double> QueryDuration =
        Meter.CreateHistogram<double>("datacharts.query.duration", "ms", "Engine time of queries that ran (cache misses).");

    /// <summary>Background jobs that ended; tags <c>kind</c> and <c>status</c> (completed, failed, cancelled).</summary>
    public static readonly Counter<long> JobsFinished =
        Meter.CreateCounter<long>("datacharts.jobs.finished", "{job}", "Background jobs that ended, by kind and status.");

    /// <summary>Model tokens; tags <c>provider</c>, <c>model</c> and <c>direction</c> (input or output).</summary>
    public static readonly Counter<long> Tokens =
        Meter.CreateCounter<long>("datacharts.llm.tokens", "{token}", "Tokens sent to and received from a model.");

    /// <summary>Estimated model cost in US dollars; tags <c>provider</c> and <c>model</c>.</summary>
    public static readonly Counter<double> Cost =
        Meter.CreateCounter<double>("datacharts.llm.cost", "USD", "Estimated cost of model calls.");
}
