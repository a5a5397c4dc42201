using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Quality;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Bench;

/// <summary>
/// The quality assessment (<see cref="QualityService"/>: all seven dimensions, key uniqueness, range rules, issues with
/// sample rows) on the generated orders table, against hand-written DuckDB SQL computing the same metrics (one
/// aggregate pass with the same expressions, the distinct-row and distinct-key counts, and the GROUPING SETS histogram
/// for entropy), in the same run, alternating. The hand-written side does not fetch sample rows, so it does less.
/// </summary>
public static class QualityBenchmark
{
    public const double TargetRatio = 1.5;

    private static readonly string[] Text = ["region", "channel", "product", "customer"];
    private static readonly string[] Categorical = ["region", "channel", "product"];
    private static readonly string[] All = ["order_id", "order_date", "region", "channel", "product", "customer", "units", "unit_price", "revenue"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = long.Parse(Stats.Arg(args, "--rows") ?? "10000000", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "5", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "datacharts-qualitybench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        try
        {
            using var engine = new DuckDbEngine(new DataPaths(root), Options.Create(new DataChartsOptions { EngineThreads = 0 }));
            Console.WriteLine($"# Quality benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, DuckDB {engine.Version}, .NET {Environment.Version})");
            var d = await FilterBenchmark.GenerateAsync(engine, rows);
            var service = new QualityService(engine, null);
            var request = new QualityRequest(d.Id, KeyColumns: ["order_id"],
                Rules: new Dictionary<string, ColumnRule> { ["unit_price"] = new(Min: 10, Max: 100), ["units"] = new(Min: 1, Max: 8) });
            var plan = QualityPlanner.Plan(d, request, null);
            var t = $"{d.Id}.orders";
            var (pass1, entropy) = HandWrittenSql(t);

            var serviceMs = new List<double>();
            var handMs = new List<double>();
            double serviceCompleteness = -1, handCompleteness = -1;
            for (var i = 0; i <= repeat; i++)
            {
                for (var side = 0; side < 2; side++)
                {
                    var sw = Stopwatch.StartNew();
                    if ((side + i) % 2 == 0)
                    {
                        var a = await service.RunAsync(plan);
                        serviceCompleteness = a.ScoreOf("completeness") ?? 0;
                        if (i > 0) serviceMs.Add(sw.Elapsed.TotalMilliseconds);
                        if (i == repeat) Console.WriteLine($"  overall {a.OverallScore:0.0000}, {a.Issues.Count} issues; {string.Join(", ", a.DimensionScores.Select(d => $"{d.Dimension} {d.Score:0.0000}"))}");
                    }
                    else
                    {
                        handCompleteness = HandWritten(engine, pass1, entropy);
                        if (i > 0) handMs.Add(sw.Elapsed.TotalMilliseconds);
                    }
                }
            }
            if (Math.Abs(serviceCompleteness - handCompleteness) > 1e-4)
                throw new InvalidOperationException($"Completeness differs: service {serviceCompleteness}, hand-written {handCompleteness}.");
            var ms = Stats.Percentile(serviceMs, 50);
            var mh = Stats.Percentile(handMs, 50);
            Console.WriteLine($"  rows {rows:N0}, repeat {repeat} (+1 warm-up round dropped)");
            Console.WriteLine($"  quality service (7 dimensions + samples)   median {ms,8:0.0} ms");
            Console.WriteLine($"  hand-written SQL (same metrics, 2 queries)  median {mh,8:0.0} ms");
            Console.WriteLine($"  ratio {ms / mh:0.00}x (target <= {TargetRatio}x: {(ms / mh <= TargetRatio ? "MET" : "NOT MET")})");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    /// <summary>What a person would write for the same counts: every per-column count in one aggregate, then the histogram.</summary>
    private static (string Pass1, string Entropy) HandWrittenSql(string t)
    {
        static string Shape(string c) =>
            $"CASE WHEN {c} IS NULL OR trim({c}) = '' THEN NULL " +
            $"WHEN regexp_full_match(trim({c}), '[+-]?[0-9]+([.,][0-9]+)?') THEN 0 " +
            $"WHEN regexp_full_match(trim({c}), '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([ T].*)?') THEN 1 " +
            $"WHEN regexp_full_match(trim({c}), '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}') THEN 2 " +
            $"WHEN regexp_full_match(trim({c}), '[0-9]{{1,2}}[.][0-9]{{1,2}}[.][0-9]{{2,4}}') THEN 3 " +
            $"WHEN upper(trim({c})) = lower(trim({c})) THEN 4 WHEN trim({c}) = upper(trim({c})) THEN 5 " +
            $"WHEN trim({c}) = lower(trim({c})) THEN 6 WHEN left(trim({c}), 1) = upper(left(trim({c}), 1)) THEN 7 ELSE 8 END";
        var items = new List<string> { "count(*)" };
        items.AddRange(All.Select(c => Text.Contains(c) ? $"count(*) FILTER (WHERE trim({c}) <> '')" : $"count({c})"));
        foreach (var c in Text)
        {
            items.AddRange(new[] { "DOUBLE", "DATE", "BOOLEAN" }.Select(type => $"count(TRY_CAST(trim({c}) AS {type}))"));
            items.AddRange(Enumerable.Range(0, 9).Select(k => $"count(*) FILTER (WHERE s_{c} = {k})"));
            items.Add($"approx_count_distinct(CASE WHEN trim({c}) <> '' THEN {c} END)");
        }
        items.Add("count(*) FILTER (WHERE CAST(unit_price AS DOUBLE) < 10 OR CAST(unit_price AS DOUBLE) > 100)");
        items.Add("count(*) FILTER (WHERE CAST(units AS DOUBLE) < 1 OR CAST(units AS DOUBLE) > 8)");
        items.Add($"(SELECT count(*) FROM (SELECT DISTINCT * FROM {t}))");
        items.Add($"(SELECT count(*) FROM (SELECT DISTINCT order_id FROM {t}))");
        items.Add("count(order_date)");
        items.Add($"count(*) FILTER (WHERE CAST(order_date AS TIMESTAMP) >= (SELECT max(CAST(order_date AS TIMESTAMP)) FROM {t}) - INTERVAL 365 DAY)");
        var pass1 = $"SELECT {string.Join(", ", items)} FROM (SELECT *, {string.Join(", ", Text.Select(c => $"{Shape(c)} AS s_{c}"))} FROM {t})";
        var entropy = $"SELECT grouping_id({string.Join(", ", Categorical)}), count(*), {string.Join(", ", Categorical)} FROM {t} " +
                      $"GROUP BY GROUPING SETS ({string.Join(", ", Categorical.Select(c => $"({c})"))})";
        return (pass1, entropy);
    }

    /// <summary>Runs both statements and returns completeness from the counts.</summary>
    private static double HandWritten(DuckDbEngine engine, string pass1, string entropy)
    {
        using var c = engine.Open();
        double completeness;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = pass1;
            using var r = cmd.ExecuteReader();
            r.Read();
            var rows = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            var filled = Enumerable.Range(1, All.Length).Sum(i => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture));
            completeness = Math.Round((double)filled / (rows * All.Length), 4);
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = entropy;
            using var r = cmd.ExecuteReader();
            _ = QueryResult.Read(r);
        }
        return completeness;
    }
}
