using DataCharts.Bench;

// dotnet run -c Release --project bench/DataCharts.Bench -- import [--rows N] [--runs R] [--seed S] [--keep] [--csv PATH]
//   [--insertion-order true|false] [--threads N] [--memory 1GB]
// The parent generates the CSV and spawns this executable with --phase duckdb|datacharts per measurement.
// dotnet run -c Release --project bench/DataCharts.Bench -- ask [--diamonds PATH] [--rows N] [--repeat R]
//   ask latency (offline planner, end to end with PNG) on diamonds and a generated table, and a 1M-point line chart.
// dotnet run -c Release --project bench/DataCharts.Bench -- report [--repeat N] [--warmup W] [--no-build] [--keep]
//   full report page against the htmx fragment after an input change (bytes and time), the app as a loopback Kestrel server.
// dotnet run -c Release --project bench/DataCharts.Bench -- filter [--rows N] [--repeat R]
//   the filter builder (summary + page) on a generated table against the hand-written DuckDB SQL of the same answer.
// dotnet run -c Release --project bench/DataCharts.Bench -- quality [--rows N] [--repeat R]
//   the quality assessment (all seven dimensions, with samples) on the same table against hand-written DuckDB SQL of the same metrics.
// dotnet run -c Release --project bench/DataCharts.Bench -- memory [--clients N] [--rounds R] [--no-build] [--keep]
//   peak RSS of the app while N clients fetch results of 10 MB cells and previews of 1 MB cells, against the same requests with tiny cells.
if (args.Length > 0 && args[0] == "memory") return await MemoryBenchmark.RunAsync(args[1..]);
// dotnet run -c Release --project bench/DataCharts.Bench -- askload [--connections 64] [--seconds 20] [--timeout 10] [--no-build]
//   [--ask-concurrency N] [--ask-queue N] [--honor-retry-after]
//   POST /api/ask from many connections at once against the real app on loopback: counts by status, latency percentiles,
//   and a single connection and GET /health in the same run as references.
if (args.Length > 0 && args[0] == "askload")
{
    try { return await AskLoadBenchmark.RunAsync(args[1..]); }
    catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }
}
// dotnet run -c Release --project bench/DataCharts.Bench -- model [--tables 20] [--rows 100000] [--repeat 7]
//   semantic model inference on a generated schema without declared keys (target: p50 under a second).
if (args.Length > 0 && args[0] == "model") return await ModelBenchmark.RunAsync(args[1..]);
// dotnet run -c Release --project bench/DataCharts.Bench -- zoom [--points 100000] [--repeat 40] [--warmup 5] [--no-build] [--keep]
//   drag-zoom redraw of a long line chart (htmx fragment + PNG for the range) against the whole chart's, over loopback HTTP.
if (args.Length > 0 && args[0] == "zoom")
{
    try { return await ZoomBenchmark.RunAsync(args[1..]); }
    catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }
}
// dotnet run -c Release --project bench/DataCharts.Bench -- live [--rows 10000000] [--repeat 7] [--quiet-wait 20] [--no-build] [--keep]
//   a question over a 10M-row PostgreSQL table through POST /api/ask against psql running the same SQL (p50 each, ratio).
if (args.Length > 0 && args[0] == "live")
{
    try { return await LiveBenchmark.RunAsync(args[1..]); }
    catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }
    catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}
if (args.Length > 0 && args[0] == "quality") return await QualityBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "filter") return await FilterBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "ask") return await AskBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "report")
{
    try { return await ReportBenchmark.RunAsync(args[1..]); }
    catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }
}
var opts = BenchOptions.Parse(args);
if (opts is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
try
{
    return opts.Phase switch
    {
        null => await ImportBenchmark.RunParentAsync(opts),
        "duckdb" => await Phases.DuckDbAsync(opts),
        "datacharts" => await Phases.DataChartsAsync(opts),
        "sql" => Phases.Sql(opts),
        _ => throw new ArgumentException($"Unknown phase '{opts.Phase}'."),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
