using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>Queries reading earlier queries by name, run on a real engine through the guard.</summary>
public sealed class QueryByNameTests(ReportFixture f) : IClassFixture<ReportFixture>
{
    private ReportDocument Doc(params string[] lines) =>
        ReportParser.Parse(string.Join("\n", ["---", "title: Test", $"data: {f.Orders.Name}", "---", .. lines]), "t");

    private static Func<string, IReadOnlyList<string>?> Values(params (string Name, string Value)[] pairs) =>
        name => pairs.Where(p => p.Name == name).Select(p => p.Value).ToList() is { Count: > 0 } v ? v : null;

    private static SqlOutcome Outcome(ReportRun run, string query) => run.Queries[run.Document.Query(query)!.Index];

    private async Task<long> OrderCountAsync() => Convert.ToInt64((await f.Runner.RunAsync(f.Orders, "SELECT COUNT(*) FROM orders")).Result.Rows[0][0]);

    [Fact]
    public async Task A_later_query_reads_an_earlier_result_with_the_earlier_inputs_bound()
    {
        var doc = Doc(
            "```input region", "type: select", "options: North, South", "default: North", "```",
            "```sql by_channel", "SELECT channel, SUM(revenue) AS revenue FROM orders WHERE region = $region GROUP BY channel", "```",
            "```sql best", "SELECT channel FROM by_channel", "WHERE revenue >= 150", "```",
            "```chart", "data: best", "x: channel", "y: channel", "```");
        var north = await f.Evaluator.RunAsync(doc, Values());
        Assert.Null(Outcome(north, "best").Error);
        Assert.Equal("Retail", Assert.Single(Outcome(north, "best").Query!.Result.Rows)[0]);
        Assert.Equal("North", Outcome(north, "best").Parameters!["region"]);
        var south = await f.Evaluator.RunAsync(doc, Values(("region", "South")));
        Assert.Equal("Partner", Assert.Single(Outcome(south, "best").Query!.Result.Rows)[0]);
        // Changing the earlier query's input re-runs the later one and its chart.
        var affected = ReportEvaluator.Affected(doc, ["region"]);
        Assert.Contains(doc.Query("best")!.Index, affected);
        Assert.Contains(doc.Blocks.OfType<ChartBlock>().Single().Index, affected);
    }

    [Fact]
    public async Task A_block_named_like_a_table_reads_the_table_and_later_blocks_read_the_block()
    {
        var doc = Doc(
            "```sql orders", "SELECT * FROM orders WHERE region = 'North'", "```",
            "```sql n", "SELECT COUNT(*) AS n FROM orders", "```");
        var run = await f.Evaluator.RunAsync(doc, Values());
        Assert.Null(Outcome(run, "orders").Error);
        Assert.Null(Outcome(run, "n").Error);
        Assert.Equal(2L, Convert.ToInt64(Outcome(run, "n").Query!.Result.Rows[0][0]));
    }

    [Fact]
    public async Task An_unknown_name_says_which_queries_may_be_read_and_errors_point_at_the_own_line()
    {
        var doc = Doc(
            "```sql by_region", "SELECT region, SUM(revenue) AS revenue FROM orders GROUP BY region", "```",   // 5-7
            "```sql typo", "SELECT *", "FROM by_regoin", "```",                                                  // 8-11
            "```sql bad_column", "SELECT region,", "  profit", "FROM by_region", "```");                        // 12-16
        var run = await f.Evaluator.RunAsync(doc, Values());
        var typo = Outcome(run, "typo").Error!;
        Assert.StartsWith("Line 10, column 6: ", typo);
        Assert.Contains("by_regoin", typo);
        Assert.EndsWith("Queries above this one, whose results it may read by name: by_region.", typo);
        var column = Outcome(run, "bad_column").Error!;
        Assert.StartsWith("Line 14, column ", column);
        Assert.Contains("profit", column);
    }

    [Fact]
    public async Task An_error_inside_the_earlier_query_is_reported_as_that_query_s()
    {
        var doc = Doc(
            "```sql broken", "SELECT nope FROM orders", "```",     // 5-7
            "```sql reader", "SELECT * FROM broken", "```");      // 8-10
        var run = await f.Evaluator.RunAsync(doc, Values());
        Assert.StartsWith("Line 6, column 8: ", Outcome(run, "broken").Error);
        Assert.StartsWith("Line 9: \"broken\" (line 5), which this query reads, cannot run:", Outcome(run, "reader").Error);
    }

    [Fact]
    public async Task The_guard_still_refuses_writes_before_or_after_the_composition()
    {
        var before = await OrderCountAsync();
        var doc = Doc(
            "```sql base", "SELECT * FROM orders", "```",
            "```sql wipe", "DELETE FROM orders WHERE order_id IN (SELECT order_id FROM base)", "```",
            "```sql sneaky", "SELECT 1) SELECT 1; DROP TABLE orders; --", "```",
            "```sql reader", "SELECT * FROM sneaky", "```",
            "```sql injected", "SELECT * FROM base); DROP TABLE orders; SELECT (1", "```");
        var run = await f.Evaluator.RunAsync(doc, Values());
        foreach (var name in new[] { "wipe", "sneaky", "reader", "injected" })
            Assert.NotNull(Outcome(run, name).Error);
        Assert.Contains("refused", Outcome(run, "wipe").Error!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await OrderCountAsync());
        Assert.Null(Outcome(run, "base").Error);
    }
}
