using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Bench;

/// <summary>
/// One side of the benchmark, run in a fresh child process so that its peak RSS (VmHWM) is its own.
/// Each prints human-readable detail and one <c>RESULT key=value ...</c> line for the parent.
/// </summary>
public static class Phases
{
    /// <summary>DuckDB's own reader on the same file: auto-detection, a fresh database file, the engine's settings.</summary>
    public static Task<int> DuckDbAsync(BenchOptions o)
    {
        var (csv, work) = Require(o);
        using (var conn = new DuckDBConnection($"Data Source={Path.Combine(work, "reference.duckdb")}"))
        {
            conn.Open();
            Execute(conn, $"SET memory_limit={Literal(o.Memory)}; SET threads={o.EffectiveThreads}; " +
                          $"SET temp_directory={Literal(Path.Combine(work, "engine-tmp"))}; SET preserve_insertion_order={(o.InsertionOrder ?? true ? "true" : "false")};");
            var cpu = CpuSeconds();
            var sw = Stopwatch.StartNew();
            Execute(conn, $"CREATE TABLE t AS SELECT * FROM read_csv({Literal(csv)})");
            var seconds = sw.Elapsed.TotalSeconds;
            cpu = CpuSeconds() - cpu;
            var rows = Convert.ToInt64(Scalar(conn, "SELECT count(*) FROM t"), CultureInfo.InvariantCulture);
            var types = ColumnTypes(conn, "main", "t");
            Console.WriteLine($"duckdb: {rows:N0} rows in {seconds:0.00} s; types: {string.Join(", ", types.Select(t => $"{t.name} {t.type}"))}");
            Console.Out.Flush();
            Finish(seconds, cpu, rows, $"code_type={TypeOf(types, CsvGenerator.CodeColumn)}");
        }
        return Task.FromResult(0);
    }

    /// <summary>Profiling aid: times statements (e.g. variants of the importer's read_csv) on a fresh database, one by one.</summary>
    public static int Sql(BenchOptions o)
    {
        var (csv, work) = Require(o);
        if (o.Sql.Count == 0) throw new ArgumentException("--phase sql needs --sql.");
        using var conn = new DuckDBConnection($"Data Source={Path.Combine(work, "variant.duckdb")}");
        conn.Open();
        Execute(conn, $"SET memory_limit={Literal(o.Memory)}; SET threads={o.EffectiveThreads}; " +
                      $"SET temp_directory={Literal(Path.Combine(work, "engine-tmp"))}; SET preserve_insertion_order={(o.InsertionOrder ?? true ? "true" : "false")};");
        if (o.ProgressBar) Execute(conn, "SET enable_progress_bar=true; SET enable_progress_bar_print=false;");
        double seconds = 0, cpu = 0;
        foreach (var statement in o.Sql)
        {
            var sql = statement.Replace("{csv}", Literal(csv), StringComparison.Ordinal);
            var c0 = CpuSeconds();
            var sw = Stopwatch.StartNew();
            try
            {
                Execute(conn, sql);
            }
            catch (DuckDBException ex)
            {
                Console.WriteLine($"sql: failed after {sw.Elapsed.TotalSeconds:0.00} s: {ex.Message.Split('\n')[0]}");
            }
            var (s, c) = (sw.Elapsed.TotalSeconds, CpuSeconds() - c0);
            seconds += s;
            cpu += c;
            Console.WriteLine($"sql: {s:0.00} s (CPU {c:0.00} s, peak RSS so far {PeakRssKib() / 1024} MiB): {(sql.Length > 160 ? sql[..160] + "..." : sql)}");
        }
        Console.Out.Flush();
        Finish(seconds, cpu, 0, "code_type=-");
        return 0;
    }

    /// <summary>DataCharts' import job: <see cref="DatasetImporter.ImportAsync"/> then <see cref="DatasetCatalog.PublishAsync"/>.</summary>
    public static async Task<int> DataChartsAsync(BenchOptions o)
    {
        var (csv, work) = Require(o);
        var paths = new DataPaths(work);
        var options = Microsoft.Extensions.Options.Options.Create(new DataChartsOptions
        {
            DataDir = work, DemoData = false, EngineMemoryLimit = o.Memory, EngineThreads = o.Threads, PreserveInsertionOrder = o.InsertionOrder ?? true,
        });
        // The engine locks its configuration at start, so insertion order is an option, set before the lock.
        using var engine = new DuckDbEngine(paths, options);

        // The catalog as the web host wires it (SQLite app database, migrated at start-up).
        var services = new ServiceCollection();
        services.AddDbContextFactory<AppDbContext>(b => b.UseSqlite($"Data Source={paths.AppDatabase}"));
        await using var provider = services.BuildServiceProvider();
        var db = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var ctx = await db.CreateDbContextAsync()) await ctx.Database.MigrateAsync();
        var catalog = new DatasetCatalog(db, engine, new DatasetChanges(), NullLogger<DatasetCatalog>.Instance);
        await catalog.RemoveOrphansAsync(CancellationToken.None); // as start-up does; also warms EF Core's query path
        var importer = new DatasetImporter(engine, paths);

        // Where the time goes, from the importer's own progress messages.
        var steps = new List<(double at, string step)>();
        var clock = Stopwatch.StartNew();
        void Progress(double fraction, string? message)
        {
            if (message is null) return;
            lock (steps) steps.Add((clock.Elapsed.TotalSeconds, message));
        }

        // The engine reads only the upload and staging folders (as in the app, where uploads are staged there first);
        // a hard link stands in for copying the 1 GB file (a symbolic link would resolve outside the folder).
        var staged = Path.Combine(paths.Uploads, Path.GetFileName(csv));
        if (HardLink(Path.GetFullPath(csv), staged) != 0) File.Copy(csv, staged);
        var source = new ImportSource(staged, Path.GetFileName(csv), "bench", ImportFormat.Csv, new ImportOptions());
        var cpu = CpuSeconds();
        clock.Restart();
        var imported = await importer.ImportAsync(source, Progress, CancellationToken.None);
        var importSeconds = clock.Elapsed.TotalSeconds;
        var record = await catalog.PublishAsync(imported, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = CpuSeconds() - cpu;

        var table = imported.Tables.Single();
        long rows;
        List<(string name, string type)> types;
        using (var conn = engine.Open())
        {
            rows = Convert.ToInt64(DuckDbEngine.Scalar(conn, $"SELECT count(*) FROM {Quote(imported.Id)}.{Quote(table.Name)}"), CultureInfo.InvariantCulture);
            types = ColumnTypes(conn, imported.Id, table.Name);
        }
        steps.Add((importSeconds, "(import returned)"));
        steps.Add((seconds, "(published)"));
        for (var i = 0; i < steps.Count; i++)
        {
            var end = i + 1 < steps.Count ? steps[i + 1].at : seconds;
            if (i < steps.Count - 1) Console.WriteLine($"  step {steps[i].at,7:0.00} s  +{end - steps[i].at,6:0.00} s  {steps[i].step}");
        }
        Console.WriteLine($"datacharts: {rows:N0} rows (catalog says {record.Tables.Single().RowCount:N0}) in {seconds:0.00} s " +
                          $"(import {importSeconds:0.00} s, publish {seconds - importSeconds:0.00} s)");
        Console.WriteLine($"datacharts: DuckDB {engine.Version}; types: {string.Join(", ", types.Select(t => $"{t.name} {t.type}"))}");
        var codeType = TypeOf(types, CsvGenerator.CodeColumn);
        Console.WriteLine($"datacharts: check rows {(rows == o.Rows ? "OK" : "FAILED")} ({rows:N0} of {o.Rows:N0}), " +
                          $"code column '{CsvGenerator.CodeColumn}' is {codeType} {(codeType == "VARCHAR" ? "OK" : "FAILED")}");
        Console.Out.Flush();
        engine.Dispose();
        Finish(seconds, cpu, rows, $"code_type={codeType} import_s={importSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
        return rows == o.Rows && codeType == "VARCHAR" ? 0 : 1;
    }

    private static (string csv, string work) Require(BenchOptions o)
    {
        if (o.Csv is null || o.Work is null) throw new ArgumentException("--phase needs --csv and --work.");
        Directory.CreateDirectory(o.Work);
        return (o.Csv, o.Work);
    }

    /// <summary>Prints the result line; the peak RSS is read last, after the engine has closed.</summary>
    private static void Finish(double seconds, double cpuSeconds, long rows, string extra)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT seconds={seconds:0.000} cpu_s={cpuSeconds:0.000} proc_cpu_s={CpuSeconds():0.000} rows={rows} hwm_kib={PeakRssKib()} {extra}"));
    }

    /// <summary>User plus system CPU time of this process, all threads (DuckDB's workers included).</summary>
    private static double CpuSeconds()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>VmHWM of this process (peak resident set size) in KiB.</summary>
    public static long PeakRssKib()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return -1;
    }

    private static List<(string name, string type)> ColumnTypes(DuckDBConnection conn, string schema, string table)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position";
        cmd.Parameters.Add(new DuckDBParameter(schema));
        cmd.Parameters.Add(new DuckDBParameter(table));
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static string TypeOf(List<(string name, string type)> types, string column) =>
        types.FirstOrDefault(t => string.Equals(t.name, column, StringComparison.OrdinalIgnoreCase)).type ?? "missing";

    private static void Execute(DuckDBConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLink(string existing, string link);
}
