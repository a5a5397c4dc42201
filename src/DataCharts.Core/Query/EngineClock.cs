using System.Diagnostics;

namespace DataCharts.Core.Query;

/// <summary>
/// Counts the time spent inside the engine (the calls wrapped in <see cref="Time{T}"/>) and calls <c>expire</c> once it
/// passes the budget, even in the middle of a call. Time between calls (a slow client receiving a download) is not counted.
/// </summary>
public sealed class EngineClock : IDisposable
{
    private readonly long budget;
    private readonly Action expire;
    private readonly Timer timer;
    private long spent;
    private long since; // timestamp the current call started, 0 between calls
    private int expired;

    public EngineClock(TimeSpan budget, Action expire)
    {
        this.budget = (long)(budget.TotalSeconds * Stopwatch.Frequency);
        this.expire = expire;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(budget.TotalMilliseconds / 20, 10, 250));
        timer = new Timer(_ => Check(), null, period, period);
    }

    public bool Expired => Volatile.Read(ref expired) == 1;

    /// <summary>Runs one engine call and adds its time to the total.</summary>
    public T Time<T>(Func<T> call)
    {
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref since, start);
        try
        {
            return call();
        }
        finally
        {
            Volatile.Write(ref since, 0);
            Interlocked.Add(ref spent, Stopwatch.GetTimestamp() - start);
        }
    }

    private void Check()
    {
        var start = Volatile.Read(ref since);
        var running = start == 0 ? 0 : Stopwatch.GetTimestamp() - start;
        if (Interlocked.Read(ref spent) + running > budget && Interlocked.Exchange(ref expired, 1) == 0) expire();
    }

    public void Dispose() => timer.Dispose();
}
