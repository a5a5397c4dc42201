using System.Globalization;

namespace DataCharts.Bench;

/// <summary>Command line of the benchmark (parent and child phases share it).</summary>
public sealed record BenchOptions
{
    public const string Usage =
        """
        usage: DataCharts.Bench import [options]
          --rows N                 rows to generate (default 10000000, about 0.93 GiB)
          --runs R                 measurements per side, alternating sides (default 2; the best time counts)
          --seed S                 generator seed (default 42)
          --csv PATH               use an existing file written by this generator instead (give its --rows too)
          --keep                   keep the generated CSV and work directories (printed at the end)
          --insertion-order B      DuckDB preserve_insertion_order for both sides (default: true, as DuckDbEngine sets it)
          --threads N              DuckDB threads for both sides (default 0 = one per core, as DuckDbEngine)
          --memory LIMIT           DuckDB memory_limit for both sides (default 1GB, as DataChartsOptions)
          --quiet-wait S           before each measurement wait up to S seconds for other processes to go idle (default 60)
        internal (the parent spawns these):
          --phase duckdb|datacharts --csv PATH --work DIR
        profiling aid (statements in a fresh child, same settings, each timed; {csv} stands for the file as a SQL literal):
          --phase sql --csv PATH --work DIR --sql "CREATE TABLE t AS SELECT * FROM read_csv({csv}, ...)" [--sql ...] [--progress-bar]
        other benchmarks:
          ask [--diamonds PATH] [--rows N] [--repeat R]
          filter [--rows N] [--repeat R]   filter builder vs hand-written SQL (median, ratio)
          quality [--rows N] [--repeat R]  quality assessment vs hand-written SQL of the same metrics (median, ratio)
          report [--repeat N] [--warmup W] [--no-build] [--keep]   full report page vs htmx fragment (bytes, p50/p95)
          live [--rows N] [--repeat R] [--quiet-wait S] [--no-build] [--keep]   ask over a PostgreSQL table vs psql of the same SQL (p50, ratio)
        """;

    public long Rows { get; init; } = 10_000_000;
    public int Runs { get; init; } = 2;
    public ulong Seed { get; init; } = 42;
    public string? Csv { get; init; }
    public bool Keep { get; init; }
    public bool? InsertionOrder { get; init; }
    public int Threads { get; init; }
    public string Memory { get; init; } = "1GB";
    public int QuietWaitSeconds { get; init; } = 60;
    public string? Phase { get; init; }
    public string? Work { get; init; }
    public IReadOnlyList<string> Sql { get; init; } = [];
    public bool ProgressBar { get; init; }

    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "import") return null;
        var o = new BenchOptions();
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--rows" => o with { Rows = long.Parse(Value(), NumberStyles.AllowThousands | NumberStyles.AllowExponent, CultureInfo.InvariantCulture) },
                "--runs" => o with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--csv" => o with { Csv = Path.GetFullPath(Value()) },
                "--keep" => o with { Keep = true },
                "--insertion-order" => o with { InsertionOrder = bool.Parse(Value()) },
                "--threads" => o with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--memory" => o with { Memory = Value() },
                "--quiet-wait" => o with { QuietWaitSeconds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--phase" => o with { Phase = Value() },
                "--work" => o with { Work = Path.GetFullPath(Value()) },
                "--sql" => o with { Sql = [.. o.Sql, Value()] },
                "--progress-bar" => o with { ProgressBar = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        if (o.Rows < 1) throw new ArgumentException("--rows must be at least 1.");
        if (o.Runs < 1) throw new ArgumentException("--runs must be at least 1.");
        return o;
    }

    /// <summary>The options a child phase needs, as arguments.</summary>
    public IEnumerable<string> ChildArgs(string phase, string csv, string work)
    {
        yield return "import";
        yield return "--phase"; yield return phase;
        yield return "--csv"; yield return csv;
        yield return "--work"; yield return work;
        yield return "--rows"; yield return Rows.ToString(CultureInfo.InvariantCulture);
        yield return "--threads"; yield return Threads.ToString(CultureInfo.InvariantCulture);
        yield return "--memory"; yield return Memory;
        if (InsertionOrder is { } io)
        {
            yield return "--insertion-order"; yield return io ? "true" : "false";
        }
    }
}
