using DataCharts.Web.Accounts;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>The per-name delay: free failures, then doubling up to the cap, cleared by a success or a quiet spell.</summary>
public sealed class SignInThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (SignInThrottle Throttle, Clock Clock) Make()
    {
        var clock = new Clock();
        var options = new AccountsOptions { Throttle = new SignInThrottleOptions { FreeFailures = 3, FirstDelaySeconds = 2, MaxDelaySeconds = 30, ForgetAfterMinutes = 15 } };
        return (new SignInThrottle(Options.Create(options), clock), clock);
    }

    [Fact]
    public void The_delay_doubles_after_the_free_failures_and_stops_at_the_cap()
    {
        var (throttle, clock) = Make();
        var waits = new List<double?>();
        for (var i = 0; i < 9; i++)
        {
            throttle.Failed("ANNA");
            waits.Add(throttle.RetryAfter("ANNA")?.TotalSeconds);
            clock.Now += throttle.RetryAfter("ANNA") ?? TimeSpan.Zero; // the next attempt comes once allowed
        }
        Assert.Equal(new double?[] { null, null, null, 2, 4, 8, 16, 30, 30 }, waits);
        Assert.Null(throttle.RetryAfter("BORIS"));
    }

    [Fact]
    public void A_success_or_a_quiet_spell_clears_the_failures()
    {
        var (throttle, clock) = Make();
        for (var i = 0; i < 4; i++) throttle.Failed("ANNA");
        Assert.NotNull(throttle.RetryAfter("ANNA"));
        throttle.Succeeded("ANNA");
        Assert.Null(throttle.RetryAfter("ANNA"));

        for (var i = 0; i < 4; i++) throttle.Failed("ANNA");
        clock.Now += TimeSpan.FromMinutes(16);
        throttle.Failed("ANNA"); // counted as the first of a new run
        Assert.Null(throttle.RetryAfter("ANNA"));
    }
}
