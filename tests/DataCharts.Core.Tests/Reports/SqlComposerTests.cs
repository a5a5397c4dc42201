using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>Queries that read an earlier query's result by its name: composed as common table expressions, upwards only.</summary>
public sealed class SqlComposerTests
{
    private static ReportDocument Doc(params string[] lines) => ReportParser.Parse(string.Join("\n", ["---", "data: x", "---", .. lines]), "t");

    private static ComposedQuery Of(ReportDocument doc, string name, params string[] tables) =>
        SqlComposer.Compose(doc, tables)[doc.Query(name)!.Index];

    [Fact]
    public void A_query_reading_an_earlier_one_runs_it_as_a_common_table_expression()
    {
        var doc = Doc(
            "```sql by_day", "SELECT day, SUM(tip) AS tips FROM tips WHERE size >= $min GROUP BY day;", "```",   // 4-6
            "```sql best", "SELECT * FROM by_day", "WHERE tips > 10", "```");                                       // 7-10
        var q = Of(doc, "best", "tips");
        Assert.Null(q.Error);
        Assert.Equal("WITH \"by_day\" AS (\nSELECT day, SUM(tip) AS tips FROM tips WHERE size >= $min GROUP BY day\n)\nSELECT * FROM by_day\nWHERE tips > 10", q.Sql);
        Assert.Equal(["min"], q.Parameters);
        Assert.Equal("by_day", Assert.Single(q.Reads).Name);
        Assert.Equal(3, q.PrefixLines);
        Assert.Equal(2, q.Locate(5).OwnLine);
        Assert.Equal("by_day", q.Locate(2).Read!.Name);
        // The earlier query itself is not changed.
        Assert.Equal(doc.Query("by_day")!.Sql.TrimEnd(';'), Of(doc, "by_day", "tips").Sql.TrimEnd(';'));
    }

    [Fact]
    public void Reads_through_another_query_bring_both_in_document_order_and_an_own_with_list_continues()
    {
        var doc = Doc(
            "```sql raw", "SELECT * FROM tips", "```",
            "```sql by_day", "SELECT day, COUNT(*) AS n FROM raw GROUP BY day", "```",
            "```sql unrelated", "SELECT 1 AS one", "```",
            "```sql top", "WITH RECURSIVE big AS (SELECT * FROM by_day WHERE n > 2)", "SELECT b.day FROM big b JOIN raw r ON r.day = b.day", "```");
        var q = Of(doc, "top", "tips");
        Assert.Null(q.Error);
        Assert.Equal(["raw", "by_day"], q.Reads.Select(r => r.Name));
        Assert.StartsWith("WITH RECURSIVE \"raw\" AS (\nSELECT * FROM tips\n),\n\"by_day\" AS (\nSELECT day, COUNT(*) AS n FROM raw GROUP BY day\n),\n big AS (", q.Sql);
        Assert.DoesNotContain("unrelated", q.Sql);
    }

    [Fact]
    public void A_name_of_a_query_below_or_of_the_query_itself_is_an_error_at_its_line()
    {
        var doc = Doc(
            "```sql first", "SELECT *", "FROM later", "```",           // 4-7
            "```sql later", "SELECT * FROM tips", "```",             // 8-10
            "```sql me", "SELECT * FROM me", "```");                 // 11-13
        Assert.Equal("Line 6: \"later\" is the query on line 8, below this one; a query can read only the results above it.", Of(doc, "first", "tips").Error);
        Assert.StartsWith("Line 12: a query cannot read its own result (\"me\")", Of(doc, "me", "tips").Error);
        Assert.Null(Of(doc, "later", "tips").Error);
    }

    [Fact]
    public void A_table_of_the_data_source_keeps_its_name_and_a_name_in_a_column_or_string_is_no_read()
    {
        var doc = Doc(
            "```sql early", "SELECT 'later' AS later, 1 AS n", "```",
            "```sql orders", "SELECT * FROM orders WHERE region = 'North'", "```",
            "```sql later", "SELECT later, EXTRACT(year FROM d) FROM tips, orders", "```");
        // "orders" is a table: the block named so reads the table, and is read by the one below.
        Assert.Null(Of(doc, "orders", "orders", "tips").Error);
        Assert.Empty(Of(doc, "orders", "orders", "tips").Reads);
        Assert.Null(Of(doc, "early", "orders", "tips").Error);
        var later = Of(doc, "later", "orders", "tips");
        Assert.Null(later.Error);
        Assert.Equal(["orders"], later.Reads.Select(r => r.Name));
    }

    [Fact]
    public void Two_queries_naming_each_other_make_no_cycle_each_fails_with_a_message()
    {
        var doc = Doc(
            "```sql a", "SELECT * FROM b", "```",    // 4-6
            "```sql b", "SELECT * FROM a", "```");   // 7-9
        Assert.StartsWith("Line 5: \"b\" is the query on line 7, below this one", Of(doc, "a").Error);
        Assert.StartsWith("Line 8: this query reads \"a\" (line 4), which cannot run: \"b\" is the query on line 7", Of(doc, "b").Error);
    }

    [Theory]
    [InlineData("SELECT * FROM by_day d, other o WHERE 1 = 1", new[] { "by_day", "other" })]
    [InlineData("SELECT * FROM main.by_day JOIN range(3) r ON true", new string[0])]
    [InlineData("SELECT (SELECT MAX(x) FROM \"by_day\") AS m FROM t LEFT JOIN u ON t.a = u.a", new[] { "by_day", "t", "u" })]
    [InlineData("SELECT SUBSTRING(name FROM 2), EXTRACT(month FROM day) FROM t -- FROM c\n/* JOIN d */ WHERE s = 'FROM e'", new[] { "t" })]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x, y", new[] { "y" })]
    [InlineData("SELECT * FROM (SELECT * FROM a) s JOIN LATERAL b ON true WHERE c IN (SELECT id FROM d)", new[] { "a", "b", "d" })]
    public void Table_names_are_the_names_where_a_table_stands(string sql, string[] expected) =>
        Assert.Equal(expected, SqlTokens.TableNames(SqlTokens.Read(sql)).Select(n => n.Name));
}
