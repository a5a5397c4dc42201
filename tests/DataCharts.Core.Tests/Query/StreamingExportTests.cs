using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Query;

/// <summary>Downloads of results larger than the row cap: every row, streamed, through the same guard and timeout.</summary>
public sealed class StreamingExportTests(GuardFixture f) : IClassFixture<GuardFixture>
{
    private static async Task<List<object?[]>> StreamAsync(QueryRunner runner, DatasetRecord d, string sql, IReadOnlyDictionary<string, object?>? p = null)
    {
        var rows = new List<object?[]>();
        await runner.StreamAsync(d, sql, p, (_, r) => { rows.AddRange(r); return Task.CompletedTask; }, CancellationToken.None);
        return rows;
    }

    [Fact]
    public async Task A_stream_returns_every_row_past_the_row_cap_with_parameters_bound()
    {
        var rows = await StreamAsync(f.Runner, f.Sales, "SELECT range AS n FROM range(50000) WHERE range % $step = 0", new Dictionary<string, object?> { ["step"] = 5L });
        Assert.Equal(10000, rows.Count);
        Assert.Equal(49995L, rows[^1][0]);
    }

    [Fact]
    public async Task A_stream_stops_at_the_export_limit()
    {
        var runner = new QueryRunner(f.T.Engine, new FixedOptionsMonitor<DataChartsOptions>(new DataChartsOptions { RowCap = 3, MaxExportRows = 1234 }), new DatasetChanges());
        Assert.Equal(1234, (await StreamAsync(runner, f.Sales, "SELECT * FROM range(5000)")).Count);
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("COPY sales TO '/tmp/out.csv'")]
    [InlineData("SELECT * FROM sales; SELECT 1")]
    public async Task A_stream_goes_through_the_guard(string sql)
    {
        var wrote = false;
        await Assert.ThrowsAsync<QueryRejectedException>(() =>
            f.Runner.StreamAsync(f.Sales, sql, null, (_, _) => { wrote = true; return Task.CompletedTask; }, CancellationToken.None));
        Assert.False(wrote, "nothing is written for a refused query");
    }

    [Fact]
    public async Task A_stream_that_keeps_the_engine_busy_past_the_timeout_is_stopped()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<QueryRejectedException>(() =>
            StreamAsync(f.Runner, f.Sales, "SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = -1"));
        Assert.Contains("longer than 1 s", ex.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Time_spent_waiting_for_the_reader_is_not_counted_against_the_timeout()
    {
        // A slow client: 1.5 s of waiting between rows, more than the 1 s timeout, while the engine itself is quick.
        var rows = 0;
        await f.Runner.StreamAsync(f.Sales, "SELECT * FROM range(3)", null, async (_, r) =>
        {
            foreach (var row in r) { rows++; await Task.Delay(500); }
        }, CancellationToken.None);
        Assert.Equal(3, rows);
    }

    [Fact]
    public async Task A_result_cut_at_the_row_cap_is_exported_whole()
    {
        var export = new ResultExport(f.T.Paths, f.Runner);
        var outcome = await f.Runner.RunAsync(f.Sales, "SELECT range AS n, 'r' || range AS label FROM range(20)");
        Assert.True(outcome.Truncated);
        using var csv = new MemoryStream();
        await export.WriteAsync(f.Sales, outcome, null, ExportFormat.Csv, csv, CancellationToken.None);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.Equal("19,r19", lines[^1].TrimEnd('\r'));

        // Parquet of the same result, read back: all 20 rows.
        using var parquet = new MemoryStream();
        await export.WriteAsync(f.Sales, outcome, null, ExportFormat.Parquet, parquet, CancellationToken.None);
        var file = Path.Combine(f.T.Root, "all.parquet");
        await File.WriteAllBytesAsync(file, parquet.ToArray());
        using var c = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*), max(n) FROM read_parquet('{file}')";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(20L, Convert.ToInt64(r.GetValue(0)));
        Assert.Equal(19L, Convert.ToInt64(r.GetValue(1)));
    }

}
