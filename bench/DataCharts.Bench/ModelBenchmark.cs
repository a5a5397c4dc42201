using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Agent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Bench;

/// <summary>
/// Semantic model inference on a generated 20-table schema (a chain of CamelCase and snake_case tables referencing the
/// previous one, no declared keys): the probes and inference alone, and the whole schema load the agents wait for
/// (distinct values of low-cardinality columns plus inference). Target: inference well under a second.
/// </summary>
public static class ModelBenchmark
{
    public const double TargetMs = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = long.Parse(Stats.Arg(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        var tables = int.Parse(Stats.Arg(args, "--tables") ?? "20", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Stats.Arg(args, "--repeat") ?? "7", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "datacharts-modelbench-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        try
        {
            using var engine = new DuckDbEngine(new DataPaths(root), Options.Create(new DataChartsOptions { EngineThreads = 0 }));
            Console.WriteLine($"# Semantic model benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, DuckDB {engine.Version}, .NET {Environment.Version})");
            var d = Generate(engine, tables, rows);
            Console.WriteLine($"{tables} tables × {rows:N0} rows");
            var values = new SchemaLoader(engine, new DatasetChanges()).Load(d).Values;
            List<double> infer = [], load = [], scans = [], probes = [];
            SemanticModel model = SemanticModel.Empty;
            for (var i = 0; i < repeat; i++)
            {
                var sw = Stopwatch.StartNew();
                using (var c = engine.Open(d.Id)) model = ModelInference.Infer(d, values, new DuckDbFactProbe(c));
                infer.Add(sw.Elapsed.TotalMilliseconds);
                // Where the time goes: one statistics scan per table, then one containment query per relationship found.
                using (var c = engine.Open(d.Id))
                {
                    var facts = new SchemaFacts(d, values, new DuckDbFactProbe(c));
                    sw.Restart();
                    foreach (var t in d.Tables) facts.Rows(t);
                    scans.Add(sw.Elapsed.TotalMilliseconds);
                    sw.Restart();
                    foreach (var r in model.Relationships)
                    {
                        var from = facts.Table(r.FromTable)!;
                        var to = facts.Table(r.ToTable)!;
                        facts.Containment(from, from.Columns.First(x => x.Name == r.FromColumn), to, to.Columns.First(x => x.Name == r.ToColumn));
                    }
                    probes.Add(sw.Elapsed.TotalMilliseconds);
                }
                sw.Restart();
                _ = new SchemaLoader(engine, new DatasetChanges()).Load(d);
                load.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"found: {model.Entities.Count(e => e.Key is not null)} keys, {model.Relationships.Count} relationships, {model.Measures.Count} measures, {model.Dimensions.Count} dimensions");
            Console.WriteLine("| what | p50 ms | best ms |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| inference (probes + model) | {Stats.Percentile(infer, 50):0.0} | {infer.Min():0.0} |");
            Console.WriteLine($"| of which table scans | {Stats.Percentile(scans, 50):0.0} | {scans.Min():0.0} |");
            Console.WriteLine($"| of which containment probes | {Stats.Percentile(probes, 50):0.0} | {probes.Min():0.0} |");
            Console.WriteLine($"| schema load (values + inference) | {Stats.Percentile(load, 50):0.0} | {load.Min():0.0} |");
            var ok = Stats.Percentile(infer, 50) <= TargetMs && model.Relationships.Count == tables - 1;
            Console.WriteLine(ok ? $"OK: inference p50 within {TargetMs:0} ms, every reference found" : "TARGET MISSED");
            return ok ? 0 : 1;
        }
        finally
        {
            try { Directory.Delete(root, true); }
            catch (IOException) { /* best effort */ }
        }
    }

    private static DatasetRecord Generate(DuckDbEngine engine, int count, long rows)
    {
        var id = Identifiers.NewDatasetId();
        var d = new DatasetRecord { Id = id, Name = "model-bench", Version = 1 };
        using var w = engine.Create(id);
        for (var t = 0; t < count; t++)
        {
            var camel = t % 2 == 0;
            var name = camel ? $"Thing{t}s" : $"thing{t}_items";
            var key = camel ? $"Thing{t}Id" : $"thing{t}_item_id";
            var parent = t == 0 ? null : (t - 1) % 2 == 0 ? $"Thing{t - 1}Id" : $"thing{t - 1}_item_id";
            DuckDbEngine.Execute(w.Connection,
                $"CREATE TABLE {name} AS SELECT range + 1 AS {key}, 'Label ' || range AS label, ['North','South','East'][1 + range % 3] AS region, " +
                $"round((hash(range) % 10000) / 100.0, 2) AS unit_price, 1 + range % 9 AS quantity, DATE '2021-01-01' + CAST(range % 1000 AS INTEGER) AS created_on" +
                (parent is null ? "" : $", 1 + (hash(range) % {rows}) AS {parent}") + $" FROM range({rows})");
            List<DatasetColumnRecord> columns =
            [
                new() { Name = key, Type = ColumnType.Integer }, new() { Name = "label", Type = ColumnType.Text }, new() { Name = "region", Type = ColumnType.Text },
                new() { Name = "unit_price", Type = ColumnType.Decimal }, new() { Name = "quantity", Type = ColumnType.Integer }, new() { Name = "created_on", Type = ColumnType.Date },
            ];
            if (parent is not null) columns.Add(new() { Name = parent, Type = ColumnType.Integer });
            for (var i = 0; i < columns.Count; i++) { columns[i].Label = columns[i].Name; columns[i].Ordinal = i; }
            d.Tables.Add(new DatasetTableRecord { Name = name, Label = name, RowCount = rows, Ordinal = t, Columns = columns });
        }
        w.Commit();
        return d;
    }
}
