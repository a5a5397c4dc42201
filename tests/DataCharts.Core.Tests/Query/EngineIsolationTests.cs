using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Tests.Query;

/// <summary>
/// Defence in depth behind the guard: SQL run straight on a dataset's connection (as if it had fooled the guard) sees
/// that dataset and nothing else: no other dataset, no catalog of others, no file, no setting it can change.
/// </summary>
public sealed class EngineIsolationTests : IAsyncLifetime
{
    private readonly TempEngine t = new();
    private string mine = "";
    private string other = "";

    public async ValueTask InitializeAsync()
    {
        mine = (await t.ImportAsync(t.File("mine.csv", "x\n1\n2\n"))).Id;
        other = (await t.ImportAsync(t.File("other.csv", "secret\nhunter2\n"))).Id;
    }

    private object? Run(string sql)
    {
        using var c = t.Engine.Open(mine);
        return DuckDbEngine.Scalar(c, sql);
    }

    [Fact]
    public void The_catalog_a_query_connection_sees_holds_its_own_dataset_only()
    {
        Assert.Equal(mine, Run("SELECT string_agg(DISTINCT database_name, ',') FROM duckdb_tables()"));
        Assert.Equal("mine", Run("SELECT string_agg(table_name, ',') FROM duckdb_tables()"));
        Assert.DoesNotContain(other, (string)Run("SELECT string_agg(database_name || ':' || coalesce(path, ''), ',') FROM duckdb_databases()")!);
        Assert.Equal(2L, Run("SELECT count(*) FROM mine"));
        Assert.Equal(2L, Run($"SELECT count(*) FROM \"{mine}\".mine"));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM \"{other}\".other")]
    [InlineData("SELECT count(*) FROM other")]
    [InlineData("ATTACH '{datasets}/{other}.duckdb' AS o (READ_ONLY)")]
    [InlineData("SELECT count(*) FROM read_csv('{uploads}/*')")]
    [InlineData("SELECT count(*) FROM glob('{root}/**')")]
    [InlineData("SELECT count(*) FROM '{root}/app.db'")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET lock_configuration = false")]
    [InlineData("CREATE TABLE stolen AS SELECT 1")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD sqlite")]
    public void What_fooled_the_guard_still_reaches_nothing_else(string template)
    {
        var sql = template.Replace("{other}", other).Replace("{datasets}", t.Paths.Datasets).Replace("{uploads}", t.Paths.Uploads)
            .Replace("{root}", t.Paths.Root);
        var ex = Assert.ThrowsAny<DuckDBException>(() => Run(sql));
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [Fact]
    public void A_data_directory_from_an_earlier_release_is_moved_to_one_file_per_dataset()
    {
        var root = Path.Combine(Path.GetTempPath(), "dc-legacy-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var paths = new DataPaths(root);
            using (var c = new DuckDBConnection($"Data Source={paths.LegacyEngineDatabase}"))
            {
                c.Open();
                DuckDbEngine.Execute(c, """
                    CREATE SCHEMA ds_00000000000a; CREATE SCHEMA ds_00000000000b; CREATE SCHEMA not_a_dataset;
                    CREATE TABLE ds_00000000000a.orders (id BIGINT, region VARCHAR, day DATE, amount DOUBLE);
                    INSERT INTO ds_00000000000a.orders VALUES (1, '北', DATE '2024-01-02', 1.5), (2, NULL, NULL, 2.25);
                    CREATE TABLE ds_00000000000a.customers AS SELECT range AS id FROM range(3);
                    CREATE TABLE ds_00000000000b.t AS SELECT 'x' AS s;
                    CREATE TABLE not_a_dataset.t AS SELECT 1 AS n;
                    """);
            }
            using (var engine = new DuckDbEngine(paths, Options.Create(new DataChartsOptions { EngineThreads = 1 }), NullLogger<DuckDbEngine>.Instance))
            {
                Assert.False(File.Exists(paths.LegacyEngineDatabase));
                Assert.Equal(["ds_00000000000a", "ds_00000000000b"], engine.StoredDatasetIds().Order());
                using var a = engine.Open("ds_00000000000a");
                Assert.Equal("1|北|2024-01-02|1.5;2|||2.25", DuckDbEngine.Scalar(a,
                    "SELECT string_agg(concat_ws('|', id, coalesce(region, ''), coalesce(CAST(day AS VARCHAR), ''), amount), ';' ORDER BY id) FROM orders"));
                Assert.Equal("BIGINT,VARCHAR,DATE,DOUBLE", DuckDbEngine.Scalar(a,
                    "SELECT string_agg(data_type, ',' ORDER BY column_index) FROM duckdb_columns() WHERE table_name = 'orders'"));
                Assert.Equal(3L, DuckDbEngine.Scalar(a, "SELECT count(*) FROM \"ds_00000000000a\".customers"));
                using var b = engine.Open("ds_00000000000b");
                Assert.Equal("x", DuckDbEngine.Scalar(b, "SELECT s FROM t"));
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    public ValueTask DisposeAsync()
    {
        t.Dispose();
        return ValueTask.CompletedTask;
    }
}
