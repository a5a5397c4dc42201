using DataCharts.Core.Query;
using DuckDB.NET.Data;

namespace DataCharts.Core.Tests.Query;

/// <summary>
/// Real engine messages, provoked in an in-memory engine with the data source's schema on the search path and another
/// data source's schema beside it: suggestions that name the other one, and paths, must not reach the user.
/// </summary>
public sealed class EngineErrorsTests : IDisposable
{
    private const string Own = "ds_own";
    private static readonly string[] Tables = ["sales", "customers"];
    private readonly DuckDBConnection c = new("DataSource=:memory:");

    public EngineErrorsTests()
    {
        c.Open();
        foreach (var sql in new[]
        {
            $"CREATE SCHEMA {Own}", "CREATE SCHEMA otherid",
            $"CREATE TABLE {Own}.sales AS SELECT 'North' AS region, 1 AS amount", $"CREATE TABLE {Own}.customers AS SELECT 'North' AS region, 'Ann' AS name",
            "CREATE TABLE otherid.orders AS SELECT 'hunter2' AS secretcol", "CREATE TABLE otherid.sales_archive AS SELECT 1 AS x",
            $"SET search_path = '{Own}'",
        })
        {
            DuckDbEngine.Execute(c, sql);
        }
    }

    public void Dispose() => c.Dispose();

    /// <summary>The engine's own message for <paramref name="sql"/> (the test fails if it runs).</summary>
    private string Raw(string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Assert.Throws<DuckDBException>(() => cmd.ExecuteNonQuery()).Message;
    }

    private string Cleaned(string sql, out string raw)
    {
        raw = Raw(sql);
        return EngineErrors.Clean(raw, Own, Tables);
    }

    [Theory]
    [InlineData("SELECT * FROM orders", "otherid")]
    [InlineData("SELECT * FROM otherid.orderz", "orders")]
    [InlineData("SELECT * FROM sales_archive", "otherid")]
    [InlineData("SELECT * FROM ds_own.orders", "otherid")]
    [InlineData("SELECT * FROM otherid.nothing", "pg_settings")]
    [InlineData("SELECT * FROM duckdb_tablez", "duckdb_tables")]
    [InlineData("SELECT * FROM pg_clas", "pg_class")]
    public void Suggestions_naming_other_objects_are_dropped(string sql, string leaked)
    {
        var cleaned = Cleaned(sql, out var raw);
        Assert.Contains(leaked, raw); // the engine really says it
        Assert.DoesNotContain(leaked, cleaned);
        Assert.DoesNotContain("Did you mean", cleaned);
        Assert.Contains("does not exist", cleaned);
    }

    [Theory]
    [InlineData("SELECT * FROM sale", "sales")]
    [InlineData("SELECT * FROM customer", "customers")]
    [InlineData("SELECT * FROM ds_own.sale", "sales")]
    public void Suggestions_naming_own_tables_are_kept_unqualified(string sql, string table)
    {
        var cleaned = Cleaned(sql, out _);
        Assert.Contains($"Did you mean \"{table}\"?", cleaned);
        Assert.DoesNotContain("otherid", cleaned);
    }

    [Fact]
    public void Own_tables_qualified_with_the_own_schema_are_kept_unqualified()
    {
        var cleaned = EngineErrors.Clean("Catalog Error: Table with name sale does not exist!\nDid you mean \"ds_own.sales\"?", Own, Tables);
        Assert.Equal("Catalog Error: Table with name sale does not exist!\nDid you mean \"sales\"?", cleaned);
        var several = EngineErrors.Clean("Did you mean \"otherid.orders\" or \"sales\"?", Own, Tables);
        Assert.Equal("Did you mean \"sales\"?", several);
    }

    [Fact]
    public void Function_suggestions_and_column_candidates_are_kept()
    {
        Assert.Contains("Did you mean \"lower\"?", Cleaned("SELECT lowr('a')", out _));
        Assert.Contains("\"region\"", Cleaned("SELECT regio FROM sales", out _));
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/work/data/uploads/5f1c-secret upload.csv')", "/work/data")]
    [InlineData("SELECT * FROM '/work/data/staging/other.parquet'", "/work/data")]
    [InlineData("ATTACH '/srv/datacharts/data/engine/otherid.duckdb' AS x (READ_ONLY)", "/srv/datacharts")]
    public void Paths_are_replaced_by_a_neutral_word(string sql, string leaked)
    {
        var cleaned = Cleaned(sql, out var raw);
        Assert.Contains(leaked, raw);
        Assert.DoesNotContain(leaked, cleaned);
        Assert.DoesNotContain("upload", cleaned);
        Assert.DoesNotContain("otherid", cleaned);
        Assert.Contains(EngineErrors.PathWord, cleaned);
    }

    [Theory]
    [InlineData("IO Error: Cannot open file \"C:\\DataCharts\\data\\engine.duckdb\": access denied", "C:\\DataCharts")]
    [InlineData("IO Error: could not read /var/lib/datacharts/tmp/duckdb_temp_storage-0.tmp", "/var/lib")]
    [InlineData("IO Error: could not read ~/datacharts/x.csv", "~/datacharts")]
    [InlineData("HTTP Error: https://internal.example/bucket/x.csv refused", "internal.example")]
    [InlineData("IO Error: '/single.csv' is missing", "single.csv")]
    public void Paths_of_every_shape_are_replaced(string message, string leaked)
    {
        var cleaned = EngineErrors.Clean(message, Own, Tables);
        Assert.DoesNotContain(leaked, cleaned);
        Assert.Contains(EngineErrors.PathWord, cleaned);
    }

    [Theory]
    [InlineData("Parser Error: syntax error at or near \"/\"")]
    [InlineData("Binder Error: No function matches 'divide(VARCHAR, INTEGER)' in amount / 2 or amount/2")]
    [InlineData("Conversion Error: Could not convert string '1/2' to INT32")]
    public void Other_text_is_left_alone(string message) => Assert.Equal(message, EngineErrors.Clean(message, Own, Tables));
}
