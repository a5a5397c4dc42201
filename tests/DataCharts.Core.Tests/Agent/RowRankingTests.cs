using System.Globalization;
using System.Text;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Agent;

/// <summary>
/// Rows of a table without a name column ranked or counted: "the 10 biggest orders by freight" ranks orders by their key,
/// never adds up orders that merely share a ship name; "the 10 largest invoices" with nothing to rank by is said, not
/// answered with counts of 1; "days with more than 50 tips" bounds the number of rows, not the tip column.
/// </summary>
public sealed class RowRankingTests(GrainShop shop) : IClassFixture<GrainShop>
{
    [Fact]
    public async Task The_biggest_orders_by_freight_are_orders_ranked_by_their_own_freight()
    {
        var a = await shop.H.AskAsync("grain", "Show the 5 biggest orders by freight");
        Assert.True(a.Plan.Confident);
        Assert.Equal(5, a.Rows.Count);
        // Orders 1030, 1029, … carry freight 30.25, 29.25, …: each row is one order.
        Assert.Equal([1030L, 1029L, 1028L, 1027L, 1026L], a.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal([30.25, 29.25, 28.25, 27.25, 26.25], a.Rows.Select(r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_largest_orders_with_nothing_to_rank_by_is_a_question_back_not_counts_of_one()
    {
        var a = await shop.H.AskAsync("grain", "show the 10 largest orders");
        Assert.Null(a.Plan.Sql);
        Assert.Contains("Each order is one row", a.Plan.Explanation);
        Assert.Contains("largest orders by freight", a.Plan.Explanation);
    }

    [Fact]
    public async Task More_than_n_of_a_tables_rows_bounds_their_count_even_when_a_column_has_the_same_name()
    {
        // A table "tips" with a column "tip": "days with more than 3 tips" counts tips per day.
        var sb = new StringBuilder("CREATE TABLE tips (total_bill REAL, tip REAL, day TEXT);\n");
        string[] days = ["Thur", "Fri", "Sat", "Sun"];
        for (var i = 0; i < 20; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO tips VALUES ({10 + i}.5, {1 + i % 5}.0, '{days[i % 7 % 4]}');\n");
        await LoadAsync("tips", sb.ToString());
        var a = await shop.H.AskAsync("tips", "days with more than 5 tips");
        Assert.Contains("HAVING count(*) > 5", a.Plan.Sql);
        var expected = Enumerable.Range(0, 20).GroupBy(i => days[i % 7 % 4]).Where(g => g.Count() > 5).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, a.Rows.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)));
        Assert.NotEmpty(expected);
    }

    [Theory]
    [InlineData("total freight between 2024-03-01 and 2024-04-30")]
    [InlineData("total freight from 2024-03-01 to 2024-04-30")]
    public async Task A_span_of_two_dates_includes_both_days(string question)
    {
        // Orders fall on the 10th of month 1 + i % 12 with freight i.25: March and April are i = 2, 3, 14, 15, 26, 27.
        var a = await shop.H.AskAsync("grain", question);
        Assert.True(a.Plan.Confident);
        Assert.Empty(a.Plan.UnusedTerms);
        Assert.Equal(88.5, Convert.ToDouble(Assert.Single(a.Rows)[0], CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public async Task The_most_expensive_products_are_ranked_by_their_own_price_not_their_order_lines()
    {
        // Lines sell products at other prices (and repeat each product): ranking by the lines' price would list the same
        // product twice and in another order.
        var sb = new StringBuilder("""
            CREATE TABLE order_details (order_id INTEGER, product_id INTEGER, unit_price REAL, quantity INTEGER);
            CREATE TABLE products (product_id INTEGER, product_name TEXT, unit_price REAL);
            """);
        for (var p = 1; p <= 8; p++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO products VALUES ({p}, 'Product {p}', {p * 10}.0);\n");
        for (var i = 1; i <= 40; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO order_details VALUES ({100 + i / 3}, {1 + i % 8}, {(9 - i % 8) * 15}.0, {1 + i % 3});\n");
        await LoadAsync("catalog", sb.ToString());
        var a = await shop.H.AskAsync("catalog", "the 3 most expensive products");
        Assert.Equal(["Product 8", "Product 7", "Product 6"], Enumerable.Range(0, a.Rows.Count).Select(i => (string)a.Cell(i, "product_name")!));
    }

    [Fact]
    public async Task Two_rows_of_the_same_name_stay_apart_when_ranked()
    {
        // Two tracks called "Intro": ranked by length, each is its own row; adding them up would make a track that does not exist.
        await LoadAsync("music", """
            CREATE TABLE albums (album_id INTEGER, title TEXT);
            CREATE TABLE tracks (track_id INTEGER, name TEXT, album_id INTEGER, milliseconds INTEGER);
            INSERT INTO albums VALUES (1, 'First'), (2, 'Second');
            INSERT INTO tracks VALUES (1, 'Intro', 1, 100000), (2, 'Intro', 2, 90000), (3, 'Epic', 1, 150000), (4, 'Coda', 2, 120000), (5, 'Outro', 1, 50000);
            """);
        var a = await shop.H.AskAsync("music", "the 3 longest tracks");
        Assert.Equal([("Epic", 150000L), ("Coda", 120000L), ("Intro", 100000L)],
            a.Rows.Select(r => ((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture))));
    }

    /// <summary>A dataset of the harness made from a SQLite file the statements build.</summary>
    private async Task LoadAsync(string name, string statements)
    {
        var path = Path.Combine(shop.H.T.Root, name + ".sqlite");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = statements;
            cmd.ExecuteNonQuery();
        }
        await shop.H.LoadAsync(name, path);
    }
}
