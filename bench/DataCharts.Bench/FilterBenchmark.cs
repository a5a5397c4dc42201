using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Filters;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Bench;

/// <summary>
/// The filter builder (<see cref="FilterService"/>: validation, translation, the one-pass summary and the page) on a
/// generated 10M-row table, against the hand-written DuckDB SQL that gives the same answer, in the same run, alternating.
/// </summary>
public static class FilterBenchmark
{
    public const double TargetRatio = 1.5;

    /// <summary>A filter and the SQL a person would write for the same counts and page (literals, no parameters).</summary>
    private sealed record Spec(string Title, FilterRequest Request, string CountsSql, string PageSql);

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = long.Parse(Stats.Arg(args, "--rows") ?? "10000000", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "7", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "datacharts-filterbench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        try
        {
            var options = new DataChartsOptions { EngineThreads = 0 };
            using var engine = new DuckDbEngine(new DataPaths(root), Options.Create(options));
            Console.WriteLine($"# Filter benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, DuckDB {engine.Version}, .NET {Environment.Version})");
            var d = await GenerateAsync(engine, rows);
            var filters = new FilterService(engine);
            var t = $"{d.Id}.orders";
            Spec[] specs =
            [
                new("3 conditions AND (equals ci, contains ci, in_range), order by revenue desc, limit 100",
                    new FilterRequest(FilterConditions: [new("region", "equals", "north"), new("product", "contains", "AP"), new("revenue", "in_range", new object[] { 100, 500 })],
                        OrderBy: "revenue", OrderDirection: "desc", Limit: 100),
                    $"SELECT count(*), count(*) FILTER (WHERE lower(region) = 'north'), count(*) FILTER (WHERE contains(lower(product), 'ap')), " +
                    $"count(*) FILTER (WHERE revenue BETWEEN 100 AND 500), count(*) FILTER (WHERE lower(region) = 'north' AND contains(lower(product), 'ap') AND revenue BETWEEN 100 AND 500) FROM {t}",
                    $"SELECT * FROM {t} WHERE lower(region) = 'north' AND contains(lower(product), 'ap') AND revenue BETWEEN 100 AND 500 ORDER BY revenue DESC LIMIT 100"),
                new("2 conditions OR (starts_with case-sensitive, greater_than on a date), no order, offset 1000 limit 100",
                    new FilterRequest(FilterConditions: [new("customer", "starts_with", "cust_99", true), new("order_date", "greater_than", "2025-12-01")],
                        CombineOperation: "OR", Offset: 1000, Limit: 100),
                    $"SELECT count(*), count(*) FILTER (WHERE starts_with(customer, 'cust_99')), count(*) FILTER (WHERE order_date > DATE '2025-12-01'), " +
                    $"count(*) FILTER (WHERE starts_with(customer, 'cust_99') OR order_date > DATE '2025-12-01') FROM {t}",
                    $"SELECT * FROM {t} WHERE starts_with(customer, 'cust_99') OR order_date > DATE '2025-12-01' LIMIT 100 OFFSET 1000"),
                new("regex_match + not_equals + is_not_null AND, order by order_date, limit 50",
                    new FilterRequest(FilterConditions: [new("customer", "regex_match", "_12[0-9]$", true), new("channel", "not_equals", "Retail", true), new("unit_price", "is_not_null")],
                        OrderBy: "order_date", Limit: 50),
                    $"SELECT count(*), count(*) FILTER (WHERE regexp_matches(customer, '_12[0-9]$')), count(*) FILTER (WHERE channel IS DISTINCT FROM 'Retail'), " +
                    $"count(*) FILTER (WHERE unit_price IS NOT NULL), count(*) FILTER (WHERE regexp_matches(customer, '_12[0-9]$') AND channel IS DISTINCT FROM 'Retail' AND unit_price IS NOT NULL) FROM {t}",
                    $"SELECT * FROM {t} WHERE regexp_matches(customer, '_12[0-9]$') AND channel IS DISTINCT FROM 'Retail' AND unit_price IS NOT NULL ORDER BY order_date LIMIT 50"),
            ];

            var worst = 0.0;
            foreach (var s in specs)
            {
                Console.WriteLine();
                Console.WriteLine($"## {s.Title}");
                var service = new List<double>();
                var hand = new List<double>();
                long serviceCount = -1, handCount = -1;
                for (var i = 0; i <= repeat; i++)
                {
                    // Alternate which side goes first, and drop the first round of each (warm-up).
                    for (var side = 0; side < 2; side++)
                    {
                        var sw = Stopwatch.StartNew();
                        if ((side + i) % 2 == 0)
                        {
                            var r = await filters.RunAsync(d, s.Request);
                            serviceCount = r.FilteredCount;
                            if (i > 0) service.Add(sw.Elapsed.TotalMilliseconds);
                        }
                        else
                        {
                            handCount = HandWritten(engine, s.CountsSql, s.PageSql);
                            if (i > 0) hand.Add(sw.Elapsed.TotalMilliseconds);
                        }
                    }
                }
                if (serviceCount != handCount) throw new InvalidOperationException($"The filter found {serviceCount:N0} rows, the hand-written SQL {handCount:N0}.");
                var ms = Stats.Percentile(service, 50);
                var mh = Stats.Percentile(hand, 50);
                worst = Math.Max(worst, ms / mh);
                Console.WriteLine($"  matching rows {serviceCount:N0} of {rows:N0}");
                Console.WriteLine($"  filter service (summary + page)   median {ms,8:0.0} ms");
                Console.WriteLine($"  hand-written SQL (same 2 queries) median {mh,8:0.0} ms");
                Console.WriteLine($"  ratio {ms / mh:0.00}x");
            }
            Console.WriteLine();
            Console.WriteLine($"worst ratio {worst:0.00}x (target <= {TargetRatio}x: {(worst <= TargetRatio ? "MET" : "NOT MET")})");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { /* best effort */ }
        }
    }

    /// <summary>The counts and the page, as a person would run them; returns the filtered count.</summary>
    private static long HandWritten(DuckDbEngine engine, string countsSql, string pageSql)
    {
        using var c = engine.Open();
        long filtered;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = countsSql;
            using var r = cmd.ExecuteReader();
            r.Read();
            filtered = Convert.ToInt64(r.GetValue(r.FieldCount - 1), CultureInfo.InvariantCulture);
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = pageSql;
            using var r = cmd.ExecuteReader();
            _ = QueryResult.Read(r);
        }
        return filtered;
    }

    /// <summary>The generated orders table (also used by the quality benchmark).</summary>
    internal static async Task<DatasetRecord> GenerateAsync(DuckDbEngine engine, long rows)
    {
        var id = Identifiers.NewDatasetId();
        var sw = Stopwatch.StartNew();
        using (var c = engine.Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"""
                CREATE SCHEMA {id};
                CREATE TABLE {id}.orders AS
                SELECT range AS order_id,
                       DATE '2021-01-01' + CAST(range % 1826 AS INTEGER) AS order_date,
                       ['North','South','East','West','Central'][1 + range % 5] AS region,
                       ['Online','Retail','Partner'][1 + (range // 7) % 3] AS channel,
                       ['Laptop','Phone','Desk','Chair','Pens','Paper'][1 + (range // 3) % 6] AS product,
                       'cust_' || (hash(range) % 100000) AS customer,
                       1 + range % 9 AS units,
                       CASE WHEN range % 50 = 0 THEN NULL ELSE round(10 + (hash(range) % 1000) / 10.0, 2) END AS unit_price,
                       round((1 + range % 9) * (10 + (hash(range) % 1000) / 10.0), 2) AS revenue
                FROM range({rows});
                """;
            await Task.Run(() => cmd.ExecuteNonQuery());
        }
        Console.WriteLine($"generated {rows:N0} rows in {sw.Elapsed.TotalSeconds:0.0} s");
        string[] names = ["order_id", "order_date", "region", "channel", "product", "customer", "units", "unit_price", "revenue"];
        ColumnType[] types = [ColumnType.Integer, ColumnType.Date, ColumnType.Text, ColumnType.Text, ColumnType.Text, ColumnType.Text, ColumnType.Integer, ColumnType.Decimal, ColumnType.Decimal];
        return new DatasetRecord
        {
            Id = id,
            Name = "orders",
            Version = 1,
            Tables = [new DatasetTableRecord { Name = "orders", Label = "orders", RowCount = rows, Columns = names.Select((n, i) => new DatasetColumnRecord { Name = n, Label = n, Type = types[i], Ordinal = i }).ToList() }],
        };
    }
}
