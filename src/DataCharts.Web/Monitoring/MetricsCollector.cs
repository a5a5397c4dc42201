using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DataCharts.Core.Monitoring;

namespace DataCharts.Web.Monitoring;

/// <summary>Latencies kept for percentiles: the most recent <see cref="Capacity"/> values, with the count and sum of all.</summary>
public sealed class Reservoir
{
    public const int Capacity = 1024;
    private readonly double[] values = new double[Capacity];
    private long count;
    private double sum;

    public long Count { get { lock (values) return count; } }
    public double Sum { get { lock (values) return sum; } }

    public void Add(double value)
    {
        lock (values)
        {
            values[count % Capacity] = value;
            count++;
            sum += value;
        }
    }

    /// <summary>The p-th percentile (0–100) of the values kept, nearest rank; 0 when there are none.</summary>
    public double Percentile(double p)
    {
        double[] kept;
        lock (values) kept = values[..(int)Math.Min(count, Capacity)];
        if (kept.Length == 0) return 0;
        Array.Sort(kept);
        var rank = (int)Math.Ceiling(p / 100 * kept.Length) - 1;
        return kept[Math.Clamp(rank, 0, kept.Length - 1)];
    }
}

/// <summary>One endpoint's requests: latencies in milliseconds and how many answered 5xx.</summary>
public sealed class EndpointStats(string method, string route)
{
    public string Method { get; } = method;
    public string Route { get; } = route;
    public Reservoir Latency { get; } = new();
    private long errors;
    public long Errors => Interlocked.Read(ref errors);
    public void AddError() => Interlocked.Increment(ref errors);
}

/// <summary>
/// A per-interval count over the last <see cref="Buckets"/> intervals (a rolling sparkline), or, for a gauge, the last
/// reading in each interval.
/// </summary>
public sealed class Series(TimeSpan interval, bool gauge = false)
{
    public const int Buckets = 60;
    private readonly double[] values = new double[Buckets];
    private long current = -1;

    public TimeSpan Interval { get; } = interval;

    private long Slot(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)Interval.TotalMilliseconds;

    /// <summary>Adds to the bucket of <paramref name="at"/> (or sets it, for gauges).</summary>
    public void Add(DateTimeOffset at, double value, bool set = false)
    {
        var slot = Slot(at);
        lock (values)
        {
            Advance(slot);
            values[slot % Buckets] = set ? value : values[slot % Buckets] + value;
        }
    }

    /// <summary>The buckets oldest first, each with its start time, up to now.</summary>
    public IReadOnlyList<(DateTimeOffset Start, double Value)> Points(DateTimeOffset now)
    {
        var slot = Slot(now);
        lock (values)
        {
            Advance(slot);
            return Enumerable.Range(0, Buckets).Select(i => slot - Buckets + 1 + i)
                .Select(s => (DateTimeOffset.FromUnixTimeMilliseconds(s * (long)Interval.TotalMilliseconds), s < 0 ? 0 : values[s % Buckets])).ToList();
        }
    }

    private void Advance(long slot)
    {
        if (current < 0) current = slot;
        // A gauge holds its last reading until the next one: the interval of "now" has no reading until the sampler's
        // next tick, and memory did not drop to zero meanwhile. A count starts each interval at zero.
        var carried = gauge ? values[current % Buckets] : 0;
        for (var s = current + 1; s <= slot && s - current <= Buckets; s++) values[s % Buckets] = carried;
        if (slot > current) current = slot;
    }
}

/// <summary>
/// Listens to ASP.NET Core's request metrics (<c>http.server.request.duration</c>) and the app's own meter
/// (<see cref="AppMetrics"/>) and keeps what the Monitoring tab and <c>/metrics</c> show: per-endpoint request counts and
/// latency percentiles, query times, finished jobs, model tokens and cost, and rolling series for the small charts.
/// Memory and GC figures are read from the runtime when asked.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly MeterListener listener = new();
    private readonly TimeProvider clock;
    private readonly Timer sampler;

    public MetricsCollector(TimeProvider clock, IMeterFactory meters)
    {
        this.clock = clock;
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Request metrics of this host only (its meter factory is the scope; tests run several hosts in one process).
            if (instrument.Meter.Name == AppMetrics.MeterName
                || instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration" && ReferenceEquals(instrument.Meter.Scope, meters))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>(OnDouble);
        listener.SetMeasurementEventCallback<long>(OnLong);
        listener.Start();
        sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, Interval);
    }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    public ConcurrentDictionary<string, EndpointStats> Endpoints { get; } = new();
    public Reservoir Queries { get; } = new();
    public ConcurrentDictionary<(string Kind, string Status), long> Jobs { get; } = new();
    public ConcurrentDictionary<(string Provider, string Model, string Direction), long> Tokens { get; } = new();
    public ConcurrentDictionary<(string Provider, string Model), double> Cost { get; } = new();
    public Series Requests { get; } = new(Interval);
    public Series QueryTimes { get; } = new(Interval);
    public Series WorkingSet { get; } = new(Interval, gauge: true);

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var now = clock.GetUtcNow();
        switch (instrument.Name)
        {
            case "http.server.request.duration":
                string method = "", route = "", status = "";
                foreach (var t in tags)
                {
                    if (t.Key == "http.request.method") method = t.Value as string ?? "";
                    else if (t.Key == "http.route") route = t.Value as string ?? "";
                    else if (t.Key == "http.response.status_code") status = Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
                if (route.Length == 0) route = "(unmatched)";
                var stats = Endpoints.GetOrAdd(method + " " + route, _ => new EndpointStats(method, route));
                stats.Latency.Add(value * 1000);
                if (status.StartsWith('5')) stats.AddError();
                Requests.Add(now, 1);
                break;
            case "datacharts.query.duration":
                Queries.Add(value);
                QueryTimes.Add(now, 1);
                break;
            case "datacharts.llm.cost":
                Cost.AddOrUpdate((Tag(tags, "provider"), Tag(tags, "model")), value, (_, v) => v + value);
                break;
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "datacharts.jobs.finished":
                Jobs.AddOrUpdate((Tag(tags, "kind"), Tag(tags, "status")), value, (_, v) => v + value);
                break;
            case "datacharts.llm.tokens":
                Tokens.AddOrUpdate((Tag(tags, "provider"), Tag(tags, "model"), Tag(tags, "direction")), value, (_, v) => v + value);
                break;
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var t in tags) if (t.Key == key) return t.Value as string ?? "";
        return "";
    }

    private void Sample() => WorkingSet.Add(clock.GetUtcNow(), Environment.WorkingSet, set: true);

    /// <summary>Memory and collector figures of this process, now.</summary>
    public static RuntimeFigures Runtime()
    {
        var info = GC.GetGCMemoryInfo();
        return new RuntimeFigures(Environment.WorkingSet, GC.GetTotalMemory(false), info.HeapSizeBytes, GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalPauseDuration(), ThreadPool.ThreadCount);
    }

    public void Dispose()
    {
        sampler.Dispose();
        listener.Dispose();
    }
}

/// <summary>Memory and garbage-collector figures of the process.</summary>
public sealed record RuntimeFigures(long WorkingSetBytes, long ManagedBytes, long HeapSizeBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, int Threads);
