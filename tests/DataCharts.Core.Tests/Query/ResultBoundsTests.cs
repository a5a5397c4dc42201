using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Query;

/// <summary>A small dataset, and one whose rows hold 200 KB cells.</summary>
public sealed class BoundsFixture : IAsyncLifetime
{
    public TempEngine T { get; } = new();
    public DatasetRecord Sales { get; private set; } = null!;
    public DatasetRecord Wide { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sales = TempEngine.Record(await T.ImportAsync(T.File("sales.csv", "region,amount\nNorth,1\nSouth,2\n")));
        var wide = new System.Text.StringBuilder("n,text\n");
        for (var i = 0; i < 25; i++) wide.Append(i).Append(',').Append('a', 200_000).Append('\n');
        Wide = TempEngine.Record(await T.ImportAsync(T.File("wide.csv", wide.ToString())));
    }

    public ValueTask DisposeAsync()
    {
        T.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Every result is bounded in bytes as it is read, long cells are cut in what is shown, and the cache is bounded by bytes.</summary>
public sealed class ResultBoundsTests(BoundsFixture f) : IClassFixture<BoundsFixture>
{
    private QueryRunner Runner(long maxBytes = 1 << 20, int cellChars = 100, long cacheBytes = 8 << 20, int rowCap = 10_000) =>
        new(f.T.Engine, new FixedOptionsMonitor<DataChartsOptions>(new DataChartsOptions
        {
            RowCap = rowCap,
            MaxResultBytes = maxBytes,
            MaxCellChars = cellChars,
            ResultCacheBytes = cacheBytes,
        }), new DatasetChanges());

    [Fact]
    public async Task A_result_of_huge_cells_is_cut_while_it_is_read_with_a_plain_reason()
    {
        // 100 cells of 10 MB: a gigabyte if kept whole.
        var outcome = await Runner(cellChars: 1_000_000).RunAsync(f.Sales, "SELECT range AS n, repeat('x', 10000000) AS big FROM range(100)");
        Assert.True(outcome.Truncated);
        Assert.Single(outcome.Result.Rows);
        Assert.True(outcome.Result.Bytes <= 1 << 20);
        Assert.Contains("limit", outcome.TruncatedReason);
        Assert.Contains("downloads hold every row", outcome.TruncatedReason);

        var cut = await Runner().RunAsync(f.Sales, "SELECT range AS n, repeat('x', 10000000) AS big FROM range(100)");
        Assert.Equal(100, cut.Result.Rows.Count);
        Assert.False(cut.Truncated);
        Assert.Equal(100, cut.Result.ShortenedCells);
        Assert.All(cut.Result.Rows, r => Assert.Equal(new string('x', 100) + ResultBounds.CutMarker, r[1]));
        Assert.True(cut.Result.Bytes < 20_000, $"{cut.Result.Bytes} bytes");
    }

    [Fact]
    public async Task The_byte_limit_stops_at_the_row_that_would_pass_it_and_the_export_still_holds_every_value()
    {
        var runner = Runner(maxBytes: 50_000, cellChars: 2000);
        var outcome = await runner.RunAsync(f.Sales, "SELECT range AS n, repeat('y', 1000) AS s FROM range(1000)");
        Assert.True(outcome.Truncated);
        Assert.InRange(outcome.Result.Rows.Count, 40, 50);
        Assert.True(outcome.Result.Bytes <= 50_000);
        Assert.Contains($"stop at {outcome.Result.Rows.Count}", outcome.TruncatedReason);

        var streamed = new List<object?[]>();
        await runner.StreamAsync(f.Sales, "SELECT range AS n, repeat('y', 5000) AS s FROM range(1000)", null,
            (_, rows) => { streamed.AddRange(rows); return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(1000, streamed.Count);
        Assert.Equal(5000, ((string)streamed[0][1]!).Length);
    }

    [Fact]
    public async Task The_row_cap_gives_its_own_reason()
    {
        var outcome = await Runner(rowCap: 5).RunAsync(f.Sales, "SELECT range FROM range(100)");
        Assert.True(outcome.Truncated);
        Assert.Equal(5, outcome.Result.Rows.Count);
        Assert.Contains("row cap of 5", outcome.TruncatedReason);
    }

    [Fact]
    public async Task The_cache_is_bounded_by_bytes_and_keeps_the_most_recently_used()
    {
        var runner = Runner(maxBytes: 1 << 20, cellChars: 100_000, cacheBytes: 400_000);
        // Each result holds ~ 90 rows × 1,000 chars ≈ 92 KB: under a quarter of the budget, so it is kept.
        string Sql(int i) => $"SELECT range + {i} AS n, repeat('z', 1000) AS s FROM range(90)";
        await runner.RunAsync(f.Sales, Sql(0));
        for (var i = 1; i < 20; i++)
        {
            await runner.RunAsync(f.Sales, Sql(i));
            Assert.True((await runner.RunAsync(f.Sales, Sql(0))).Cached, "the result used every time stays");
            Assert.True(runner.CachedBytes <= 400_000, $"{runner.CachedBytes} bytes cached");
        }
        Assert.False((await runner.RunAsync(f.Sales, Sql(1))).Cached, "an old one went");

        // A result bigger than a quarter of the budget is never kept.
        var big = "SELECT range AS n, repeat('w', 10000) AS s FROM range(20)";
        await runner.RunAsync(f.Sales, big);
        Assert.False((await runner.RunAsync(f.Sales, big)).Cached);
    }

    [Fact]
    public async Task A_preview_of_rows_with_megabyte_cells_stays_small()
    {
        var reader = new DatasetReader(f.T.Engine);
        var page = await reader.PageAsync(f.Wide, null, 0, 20);
        Assert.Equal(20, page.Result.Rows.Count);
        Assert.True(page.Result.Bytes < 100_000, $"{page.Result.Bytes} bytes");
        Assert.EndsWith(ResultBounds.CutMarker, (string)page.Result.Rows[0][1]!);
    }
}
