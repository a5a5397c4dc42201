using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Monitoring;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Monitoring;

/// <summary>Settings → Monitoring and /metrics: what the app measured about its own requests, queries, jobs and memory.</summary>
public sealed class MonitoringTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static double Value(string metrics, string line)
    {
        var m = Regex.Match(metrics, "^" + Regex.Escape(line) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no '{line}' in:\n{metrics}");
        return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_count_this_hosts_requests_by_route_and_the_queries_and_jobs_it_ran()
    {
        using var client = app.CreateClient();
        var data = await client.ImportAsync("mon.csv", Files.Utf8("region,amount\nNorth,1\nSouth,2\n"));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/data")).StatusCode);
        var ask = await client.PostJsonAsync("/api/ask", new { data_id = data.GetProperty("data_id").GetString(), question = "total amount by region" });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var accepted = await (await client.UploadAsync("mon-async.csv", Files.Utf8("a\n1\n"), "?async=true")).JsonAsync();
        using (await client.GetAsync(accepted.GetProperty("events_url").GetString())) { }

        var r = await client.GetAsync("/metrics");
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(Value(text, "datacharts_http_request_duration_seconds_count{method=\"GET\",route=\"/api/data/\"}") >= 3);
        Assert.True(Value(text, "datacharts_http_request_duration_seconds{method=\"GET\",route=\"/api/data/\",quantile=\"0.95\"}") > 0);
        Assert.True(Value(text, "datacharts_query_duration_seconds_count") >= 1);
        Assert.True(Value(text, "datacharts_jobs_finished_total{kind=\"import\",status=\"completed\"}") >= 1);
        Assert.True(Value(text, "process_working_set_bytes") > 1_000_000);
        Assert.Contains("# TYPE datacharts_http_request_duration_seconds summary", text);
    }

    [Fact]
    public async Task The_monitoring_tab_shows_endpoints_with_percentiles_refreshes_in_place_and_draws_its_charts()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 2; i++) await client.GetAsync("/api/system/info");
        var page = await client.GetStringAsync("/Settings/Monitoring");
        Assert.Contains("hx-trigger=\"every 5s\"", page);
        Assert.Contains("<code>/api/system/info</code>", page);
        Assert.Contains("aria-current=\"page\">Monitoring</a>", page);

        var live = await client.GetStringAsync("/Settings/Monitoring?handler=Live");
        Assert.DoesNotContain("<html", live);
        Assert.Contains("Requests / min", live);
        foreach (var name in new[] { "requests", "queries", "memory" })
        {
            var png = await client.GetByteArrayAsync($"/Settings/Monitoring?handler=Chart&name={name}");
            Assert.True(png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P', $"{name}: not a PNG");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Settings/Monitoring?handler=Chart&name=nope")).StatusCode);
    }

    [Fact]
    public void Percentiles_come_from_the_latest_values_and_series_roll_over_their_window()
    {
        var r = new Reservoir();
        for (var i = 1; i <= 100; i++) r.Add(i);
        Assert.Equal(50, r.Percentile(50));
        Assert.Equal(95, r.Percentile(95));
        Assert.Equal(100, r.Count);
        for (var i = 0; i < Reservoir.Capacity; i++) r.Add(1000);
        Assert.Equal(1000, r.Percentile(50)); // the old values have rolled out

        var s = new Series(TimeSpan.FromSeconds(10));
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
        s.Add(t0, 2);
        s.Add(t0.AddSeconds(5), 3);
        s.Add(t0.AddSeconds(20), 1);
        var points = s.Points(t0.AddSeconds(20));
        Assert.Equal(Series.Buckets, points.Count);
        Assert.Equal([5.0, 0.0, 1.0], points.TakeLast(3).Select(p => p.Value));
        Assert.All(s.Points(t0.AddSeconds(20 + 10 * Series.Buckets)), p => Assert.Equal(0, p.Value));
        Assert.Equal("a\\\"b\\\\c\\n", PrometheusText.Escape("a\"b\\c\n"));
    }

    [Fact]
    public void A_gauge_holds_its_last_reading_until_the_next_so_now_is_never_zero()
    {
        var memory = new Series(TimeSpan.FromSeconds(10), gauge: true);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
        memory.Add(t0, 300, set: true);
        memory.Add(t0.AddSeconds(10), 320, set: true);
        // Now is 5 s into the next interval, before the sampler's next reading: memory is still 320, not 0.
        var points = memory.Points(t0.AddSeconds(25));
        Assert.Equal([300.0, 320.0, 320.0], points.TakeLast(3).Select(p => p.Value));
        // A long silence keeps the last reading; a counter (requests) starts every interval at zero.
        Assert.All(memory.Points(t0.AddSeconds(10 + 10 * Series.Buckets)), p => Assert.Equal(320, p.Value));
        var requests = new Series(TimeSpan.FromSeconds(10));
        requests.Add(t0, 4);
        Assert.Equal([4.0, 0.0], requests.Points(t0.AddSeconds(10)).TakeLast(2).Select(p => p.Value));
    }
}
