using System.Diagnostics;
using System.Globalization;

namespace DataCharts.Bench;

/// <summary>
/// How busy other processes keep a shared machine, from <c>/proc</c>: the benchmarks wait for a quiet moment before
/// measuring and say how much other work ran meanwhile, since on 2 shared cores that, not the code, decides most of the
/// spread between runs.
/// </summary>
public static class MachineLoad
{
    /// <summary>A moment during which other processes used less than this many cores counts as quiet.</summary>
    public const double QuietCores = 0.25;

    /// <summary>
    /// Waits (at most <paramref name="maxSeconds"/>) until the cores stay idle for a second, so that a measurement does
    /// not start in the middle of someone else's build.
    /// </summary>
    public static async Task WaitForQuietAsync(int maxSeconds)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var before = BusyCpuSeconds();
            await Task.Delay(1000);
            var load = BusyCpuSeconds() - before;
            if (load < QuietCores) return;
            if (waited.Elapsed.TotalSeconds >= maxSeconds)
            {
                Console.WriteLine(FormattableString.Invariant($"   (machine still busy after {maxSeconds} s: {load:0.00} cores in use; measuring anyway)"));
                return;
            }
        }
    }

    /// <summary>
    /// CPU time spent by the whole machine (all processes, from /proc/stat: user, nice, system, irq, softirq, steal), in
    /// seconds. Less the measured processes' own CPU time it tells how busy other processes kept the cores.
    /// </summary>
    public static double BusyCpuSeconds()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long J(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
            return (J(1) + J(2) + J(3) + J(6) + J(7) + J(8)) / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU seconds of a process and of the children it has reaped (user + system), plus, with <paramref name="children"/>,
    /// those of its live children: a server that forks a process per connection (PostgreSQL) counts whole, since a child
    /// that ends moves its time into the parent's reaped-children total. Zero for a process that is gone.
    /// </summary>
    public static double ProcessTreeCpuSeconds(int pid, bool children = false)
    {
        var total = Ticks(pid);
        if (children)
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var child) && Parent(child) == pid) total += Ticks(child);
        return total / 100.0;
    }

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    // Fields after the command name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(int pid) => Stat(pid) is { } f
        ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
          + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)
        : 0;

    private static int Parent(int pid) => Stat(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;
}
