using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Htmx;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Accounts;

/// <summary>
/// Slows down password guessing without letting strangers lock anyone out. Per account name (whether or not such an
/// account exists, so the answers reveal nothing): a few free failures, then a delay that doubles with each further failure
/// up to a cap; a success or a quiet spell clears it. Per client address: the ASP.NET Core rate limiter (<see cref="Policy"/>).
/// </summary>
public sealed class SignInThrottle(IOptions<AccountsOptions> options, TimeProvider clock)
{
    /// <summary>The rate-limiter policy on the sign-in page: POSTs per client address.</summary>
    public const string Policy = "sign-in";

    /// <summary>Past this many tracked names, entries whose failures are forgotten anyway are dropped (bounded memory).</summary>
    private const int PruneAbove = 10_000;

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset WaitUntil);

    private readonly ConcurrentDictionary<string, Failures> byAccount = new(StringComparer.Ordinal);

    private SignInThrottleOptions O => options.Value.Throttle;

    /// <summary>How long the next attempt for this account name must wait, or null when it may go ahead now.</summary>
    public TimeSpan? RetryAfter(string account)
    {
        var now = clock.GetUtcNow();
        if (!byAccount.TryGetValue(account, out var f) || f.WaitUntil <= now) return null;
        return f.WaitUntil - now;
    }

    /// <summary>Counts a wrong password (or an unknown name) and sets the wait before the next attempt.</summary>
    public void Failed(string account)
    {
        var now = clock.GetUtcNow();
        var o = O;
        byAccount.AddOrUpdate(account,
            _ => Next(1, now, o),
            (_, f) => Next(now - f.Last > TimeSpan.FromMinutes(o.ForgetAfterMinutes) ? 1 : f.Count + 1, now, o));
        if (byAccount.Count > PruneAbove) Prune(now, o);
    }

    public void Succeeded(string account) => byAccount.TryRemove(account, out _);

    private static Failures Next(int count, DateTimeOffset now, SignInThrottleOptions o)
    {
        var over = count - o.FreeFailures;
        if (over <= 0) return new Failures(count, now, now);
        // 2^(over-1) times the first delay, computed in seconds and capped before it can overflow.
        var seconds = Math.Min(o.MaxDelaySeconds, o.FirstDelaySeconds * Math.Pow(2, Math.Min(over - 1, 30)));
        return new Failures(count, now, now + TimeSpan.FromSeconds(seconds));
    }

    private void Prune(DateTimeOffset now, SignInThrottleOptions o)
    {
        foreach (var (key, f) in byAccount)
            if (now - f.Last > TimeSpan.FromMinutes(o.ForgetAfterMinutes) && f.WaitUntil <= now) byAccount.TryRemove(key, out _);
    }

    /// <summary>Whole seconds for a Retry-After header (at least 1).</summary>
    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The one message for a throttled attempt; it names no account, so it says nothing about which ones exist.</summary>
    public static string Message(TimeSpan wait) => $"Too many sign-in attempts. Wait {Seconds(wait)} seconds and try again.";

    /// <summary>The per-address limiter: sign-in POSTs only, partitioned by the client's IP address.</summary>
    public static void AddSignInRateLimiter(IServiceCollection services)
    {
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy(Policy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("");
                var o = http.RequestServices.GetRequiredService<IOptions<AccountsOptions>>().Value.Throttle;
                var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter(address.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = o.PerAddressPermits,
                    Window = TimeSpan.FromSeconds(o.PerAddressWindowSeconds),
                    QueueLimit = 0,
                });
            });
            r.OnRejected = (context, ct) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Seconds(wait);
                // htmx shows a problem's detail in place of nothing; a plain form post gets the error page (status code pages).
                return http.Request.IsHtmx()
                    ? new ValueTask(Results.Problem(Message(wait), statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(http))
                    : ValueTask.CompletedTask;
            };
        });
    }
}
