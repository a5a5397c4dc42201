using System.Globalization;
using System.Text;

namespace DataCharts.Web.Monitoring;

/// <summary>
/// The collector's figures in the Prometheus text exposition format (version 0.0.4), for operators who scrape
/// <c>/metrics</c> with Prometheus or an OpenTelemetry collector.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] Quantiles = [0.5, 0.95, 0.99];

    public static string Write(MetricsCollector m)
    {
        var sb = new StringBuilder();
        Header(sb, "datacharts_http_request_duration_seconds", "summary", "Request latency by route and method (quantiles over the latest 1,024 requests).");
        foreach (var e in m.Endpoints.Values.OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal))
        {
            var labels = $"method=\"{Escape(e.Method)}\",route=\"{Escape(e.Route)}\"";
            foreach (var q in Quantiles) Line(sb, "datacharts_http_request_duration_seconds", $"{labels},quantile=\"{Num(q)}\"", e.Latency.Percentile(q * 100) / 1000);
            Line(sb, "datacharts_http_request_duration_seconds_sum", labels, e.Latency.Sum / 1000);
            Line(sb, "datacharts_http_request_duration_seconds_count", labels, e.Latency.Count);
        }
        Header(sb, "datacharts_http_server_errors_total", "counter", "Requests answered with a 5xx status, by route and method.");
        foreach (var e in m.Endpoints.Values.Where(e => e.Errors > 0))
            Line(sb, "datacharts_http_server_errors_total", $"method=\"{Escape(e.Method)}\",route=\"{Escape(e.Route)}\"", e.Errors);

        Header(sb, "datacharts_query_duration_seconds", "summary", "Engine time of queries that ran (cache misses).");
        foreach (var q in Quantiles) Line(sb, "datacharts_query_duration_seconds", $"quantile=\"{Num(q)}\"", m.Queries.Percentile(q * 100) / 1000);
        Line(sb, "datacharts_query_duration_seconds_sum", "", m.Queries.Sum / 1000);
        Line(sb, "datacharts_query_duration_seconds_count", "", m.Queries.Count);

        Header(sb, "datacharts_jobs_finished_total", "counter", "Background jobs that ended, by kind and status.");
        foreach (var ((kind, status), n) in m.Jobs) Line(sb, "datacharts_jobs_finished_total", $"kind=\"{Escape(kind)}\",status=\"{Escape(status)}\"", n);

        Header(sb, "datacharts_llm_tokens_total", "counter", "Model tokens by provider, model and direction.");
        foreach (var ((provider, model, direction), n) in m.Tokens)
            Line(sb, "datacharts_llm_tokens_total", $"provider=\"{Escape(provider)}\",model=\"{Escape(model)}\",direction=\"{Escape(direction)}\"", n);
        Header(sb, "datacharts_llm_cost_usd_total", "counter", "Estimated model cost in US dollars.");
        foreach (var ((provider, model), usd) in m.Cost) Line(sb, "datacharts_llm_cost_usd_total", $"provider=\"{Escape(provider)}\",model=\"{Escape(model)}\"", usd);

        var r = MetricsCollector.Runtime();
        Header(sb, "process_working_set_bytes", "gauge", "Physical memory of the process.");
        Line(sb, "process_working_set_bytes", "", r.WorkingSetBytes);
        Header(sb, "dotnet_gc_heap_size_bytes", "gauge", "Size of the managed heap after the last collection.");
        Line(sb, "dotnet_gc_heap_size_bytes", "", r.HeapSizeBytes);
        Header(sb, "dotnet_gc_collections_total", "counter", "Garbage collections by generation.");
        Line(sb, "dotnet_gc_collections_total", "generation=\"0\"", r.Gen0);
        Line(sb, "dotnet_gc_collections_total", "generation=\"1\"", r.Gen1);
        Line(sb, "dotnet_gc_collections_total", "generation=\"2\"", r.Gen2);
        Header(sb, "dotnet_gc_pause_seconds_total", "counter", "Time the process spent paused for garbage collection.");
        Line(sb, "dotnet_gc_pause_seconds_total", "", r.GcPause.TotalSeconds);
        Header(sb, "process_uptime_seconds", "gauge", "Seconds since the app started.");
        Line(sb, "process_uptime_seconds", "", (DateTimeOffset.UtcNow - m.Started).TotalSeconds);
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append(labels.Length > 0 ? "{" + labels + "}" : "").Append(' ').Append(Num(value)).Append('\n');

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NaN";

    /// <summary>A label value: backslash, double quote and line feed escaped.</summary>
    public static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
