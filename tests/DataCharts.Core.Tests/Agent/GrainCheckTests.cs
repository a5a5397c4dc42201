using System.Globalization;
using System.Text;
using DataCharts.Core.Agent;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Agent;

/// <summary>A small shop authored for the grain check: customers, orders (freight per order), order_lines; no declared keys.</summary>
public sealed class GrainShop : IAsyncLifetime
{
    public AskHarness H { get; } = new();

    public SchemaContext Schema { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var path = Path.Combine(H.T.Root, "grain.sqlite");
        var sb = new StringBuilder("""
            CREATE TABLE customers (customer_id INTEGER, company_name TEXT, country TEXT);
            CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, order_date TEXT, freight REAL);
            CREATE TABLE order_lines (order_id INTEGER, product_name TEXT, unit_price REAL, quantity INTEGER);
            """);
        string[] countries = ["Germany", "France", "Brazil"];
        for (var i = 1; i <= 9; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO customers VALUES ({i}, 'Company {i}', '{countries[i % 3]}');\n");
        for (var i = 1; i <= 30; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO orders VALUES ({1000 + i}, {1 + i % 9}, '2024-{1 + i % 12:00}-10', {i}.25);\n");
            for (var j = 0; j < 1 + i % 4; j++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO order_lines VALUES ({1000 + i}, 'Product {j}', {5 + j}.5, {1 + j});\n");
        }
        using (var c = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sb.ToString();
            cmd.ExecuteNonQuery();
        }
        Schema = H.Loader.Load(await H.LoadAsync("grain", path));
    }

    public ValueTask DisposeAsync()
    {
        H.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Fan-out over inferred relationships: a header amount summed over its lines is flagged; grain-safe queries are not.</summary>
public sealed class GrainCheckTests(GrainShop shop) : IClassFixture<GrainShop>
{
    private GrainProblem? Check(string sql, bool chinese = false)
    {
        using var parser = shop.H.T.Engine.Open();
        // Every query here must run: the check judges real SQL, not text that merely looks like it.
        shop.H.Runner.RunAsync(shop.H["grain"], sql).GetAwaiter().GetResult();
        return GrainCheck.Check(parser, sql, shop.Schema, chinese);
    }

    [Fact]
    public void The_relationships_are_inferred_not_declared()
    {
        Assert.True(shop.Schema.Model.FansOut("orders", "order_lines"));
        Assert.True(shop.Schema.Model.FansOut("customers", "orders"));
    }

    [Fact]
    public void A_header_sum_over_its_lines_is_flagged_in_plain_words()
    {
        var p = Check("SELECT o.customer_id, sum(o.freight) AS freight FROM orders o JOIN order_lines l ON l.order_id = o.order_id GROUP BY 1");
        Assert.NotNull(p);
        Assert.Equal(("orders", "freight", "sum", "order_lines"), (p.Table, p.Column, p.Function, p.ManyTable));
        Assert.Equal("freight is recorded once per order; joining order_lines repeats each order once per order line, so the sum counts it several times.", p.Message);
    }

    [Fact]
    public void A_MySQL_query_with_backtick_names_is_checked_too()
    {
        // The agent's MySQL SQL is respelled for DuckDB's parser (backticks, double-quoted strings); its fan-out is still seen.
        const string mysql = "SELECT `o`.`customer_id`, sum(`o`.`freight`) AS `freight` FROM `orders` `o` JOIN `order_lines` `l` ON `l`.`order_id` = `o`.`order_id` WHERE `l`.`product_name` <> \"Product \"\"9\"\"\" GROUP BY 1";
        using var parser = shop.H.T.Engine.Open();
        var p = GrainCheck.Check(parser, DataCharts.Core.Connections.LiveSqlLexer.ForAnalysis(DataCharts.Core.Query.SqlDialect.MySql, mysql), shop.Schema);
        Assert.NotNull(p);
        Assert.Equal(("orders", "freight", "sum", "order_lines"), (p.Table, p.Column, p.Function, p.ManyTable));
        Assert.Null(GrainCheck.Check(parser, mysql, shop.Schema)); // unread as it stands
    }

    [Theory]
    [InlineData("SELECT avg(freight) FROM orders JOIN order_lines USING (order_id)", "avg")]
    [InlineData("SELECT median(orders.freight) FROM order_lines JOIN orders ON orders.order_id = order_lines.order_id", "median")]
    [InlineData("SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.order_id WHERE l.quantity > 2", "count")]
    [InlineData("SELECT c.country, sum(o.freight) FROM customers c JOIN orders o ON o.customer_id = c.customer_id JOIN order_lines l ON l.order_id = o.order_id GROUP BY 1", "sum")]
    [InlineData("WITH x AS (SELECT sum(o.freight) AS f FROM orders o, order_lines l WHERE l.order_id = o.order_id) SELECT f FROM x", "sum")]
    public void Other_aggregates_that_a_join_multiplies_are_flagged(string sql, string function)
    {
        var p = Check(sql);
        Assert.NotNull(p);
        Assert.Equal(function, p.Function);
        Assert.Equal("order_lines", p.ManyTable);
    }

    [Theory]
    // a line-level sum by a header dimension
    [InlineData("SELECT o.customer_id, sum(l.unit_price * l.quantity) AS revenue FROM orders o JOIN order_lines l ON l.order_id = o.order_id GROUP BY 1")]
    // counting orders by distinct id over the lines
    [InlineData("SELECT count(DISTINCT o.order_id) FROM orders o JOIN order_lines l ON l.order_id = o.order_id WHERE l.quantity > 2")]
    // a header sum by customer (the one side)
    [InlineData("SELECT c.company_name, sum(o.freight) FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1")]
    // lines pre-aggregated per order, then joined
    [InlineData("SELECT sum(o.freight), sum(x.qty) FROM orders o JOIN (SELECT order_id, sum(quantity) AS qty FROM order_lines GROUP BY order_id) x ON x.order_id = o.order_id")]
    // min and max are not multiplied
    [InlineData("SELECT max(o.freight), min(o.freight) FROM orders o JOIN order_lines l ON l.order_id = o.order_id")]
    // counting lines, starting from the lines
    [InlineData("SELECT o.customer_id, count(*) FROM order_lines l JOIN orders o ON o.order_id = l.order_id GROUP BY 1")]
    // the lines only in a filter subquery
    [InlineData("SELECT sum(freight) FROM orders WHERE order_id IN (SELECT order_id FROM order_lines WHERE quantity > 2)")]
    public void Grain_safe_queries_pass(string sql) => Assert.Null(Check(sql));

    [Fact]
    public void The_problem_is_said_in_chinese_for_a_chinese_question()
    {
        var p = Check("SELECT sum(o.freight) FROM orders o JOIN order_lines l ON l.order_id = o.order_id", chinese: true);
        Assert.NotNull(p);
        Assert.Contains("订单", p.Message);
        Assert.Contains("多次", p.Message);
    }
}
