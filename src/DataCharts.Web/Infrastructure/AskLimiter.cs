using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using DataCharts.Core.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// One bound on answering questions, shared by <c>POST /api/ask</c> (through the rate-limiting middleware) and the Chat
/// page (whose answers run in the background): <c>DataCharts:AskConcurrency</c> at once, <c>DataCharts:AskQueue</c> more
/// waiting in order, and the rest refused at once with 503 and a Retry-After, instead of every request slowing down until
/// clients time out.
/// </summary>
public sealed class AskGate : IDisposable
{
    public const string Policy = "ask";

    private readonly ConcurrencyLimiter limiter;
    private readonly int permits;
    private readonly int queue;
    private double averageSeconds = 0.5; // until answers are timed; smoothed over about the last 20
    private readonly Lock sync = new();

    public AskGate(IOptions<DataChartsOptions> options)
    {
        permits = options.Value.AskConcurrency;
        queue = options.Value.AskQueue;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        Limiter = new SharedLimiter(this);
    }

    /// <summary>The limiter as the middleware sees it: it never disposes or drops it, so the Chat page shares the same permits.</summary>
    internal RateLimiter Limiter { get; }

    /// <summary>Waits for a permit in the bounded queue; the lease is not acquired when the queue is full.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct) => Timed(await limiter.AcquireAsync(1, ct));

    /// <summary>Seconds a refused client should wait: the time the queue ahead of it takes to drain, at the recent pace.</summary>
    public int RetryAfterSeconds
    {
        get
        {
            double average;
            lock (sync) average = averageSeconds;
            return (int)Math.Clamp(Math.Ceiling(average * (queue + permits) / permits), 1, 60);
        }
    }

    private RateLimitLease Timed(RateLimitLease lease) => lease.IsAcquired ? new TimedLease(lease, this) : lease;

    private void Record(TimeSpan held)
    {
        lock (sync) averageSeconds += (held.TotalSeconds - averageSeconds) / 20;
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>Writes the 503 problem+json with Retry-After for a refused ask.</summary>
    public static async ValueTask RejectAsync(HttpContext http, int retryAfter, CancellationToken ct)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(Busy(retryAfter), statusCode: 503, title: "Too many questions at once",
            extensions: new Dictionary<string, object?> { ["retry_after"] = retryAfter, ["trace_id"] = http.TraceIdentifier }).ExecuteAsync(http);
    }

    /// <summary>The words for a refused ask, for the API and the Chat page.</summary>
    public static string Busy(int retryAfter) =>
        $"DataCharts is answering as many questions as it can right now; ask again in {retryAfter} s.";

    private sealed class TimedLease(RateLimitLease inner, AskGate gate) : RateLimitLease
    {
        private readonly long started = Stopwatch.GetTimestamp();
        private int disposed;

        public override bool IsAcquired => inner.IsAcquired;
        public override IEnumerable<string> MetadataNames => inner.MetadataNames;
        public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref disposed, 1) == 0)
            {
                gate.Record(Stopwatch.GetElapsedTime(started));
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// The shared limiter handed to the middleware's partition: never idle (the middleware drops and disposes idle limiters)
    /// and not disposed by it.
    /// </summary>
    private sealed class SharedLimiter(AskGate gate) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;
        public override RateLimiterStatistics? GetStatistics() => gate.limiter.GetStatistics();
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => gate.Timed(gate.limiter.AttemptAcquire(permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            gate.Timed(await gate.limiter.AcquireAsync(permitCount, cancellationToken));
    }
}

/// <summary>The "ask" rate-limiting policy: every request in one partition over <see cref="AskGate"/>'s limiter.</summary>
public sealed class AskRateLimiterPolicy(AskGate gate) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
        (context, ct) => AskGate.RejectAsync(context.HttpContext, gate.RetryAfterSeconds, ct);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => RateLimitPartition.Get(AskGate.Policy, _ => gate.Limiter);
}

/// <summary>Registration of the ask bound.</summary>
public static class AskLimiterExtensions
{
    public static IServiceCollection AddAskLimiter(this IServiceCollection services)
    {
        services.AddSingleton<AskGate>();
        services.AddRateLimiter(o => o.AddPolicy<string, AskRateLimiterPolicy>(AskGate.Policy));
        return services;
    }
}
