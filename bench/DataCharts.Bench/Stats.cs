namespace DataCharts.Bench;

/// <summary>What the benchmarks share: nearest-rank percentiles and reading an option's value.</summary>
public static class Stats
{
    /// <summary>The nearest-rank <paramref name="p"/>th percentile of the samples.</summary>
    public static double Percentile(List<double> xs, int p)
    {
        var s = xs.Order().ToList();
        return s[Math.Clamp((int)Math.Ceiling(p / 100.0 * s.Count) - 1, 0, s.Count - 1)];
    }

    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    public static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
