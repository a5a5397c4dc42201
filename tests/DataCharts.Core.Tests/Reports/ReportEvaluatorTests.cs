using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Reports;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Reports;

/// <summary>The catalog fixture with a report evaluator, shared by the evaluator tests.</summary>
public sealed class ReportFixture : CatalogFixture
{
    public ReportEvaluator Evaluator { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Evaluator = new ReportEvaluator(Catalog, Runner);
    }
}

/// <summary>Reports evaluated on a real DuckDB engine: inputs as bound parameters, the guard, errors at file lines.</summary>
public sealed class ReportEvaluatorTests(ReportFixture f) : IClassFixture<ReportFixture>
{
    /// <summary>A report over the orders dataset; <paramref name="lines"/> start on file line 5.</summary>
    private ReportDocument Doc(params string[] lines) =>
        ReportParser.Parse(string.Join("\n", ["---", "title: Test", $"data: {f.Orders.Name}", "---", .. lines]), "t");

    private static Func<string, IReadOnlyList<string>?> Query(params (string Name, string Value)[] pairs) =>
        name => pairs.Any(p => p.Name == name) ? pairs.Where(p => p.Name == name).Select(p => p.Value).ToList() : null;

    private Task<ReportRun> RunAsync(ReportDocument doc, params (string, string)[] values) => f.Evaluator.RunAsync(doc, Query(values));

    private static QueryResult Rows(ReportRun run, string query)
    {
        var outcome = run.Queries[run.Document.Query(query)!.Index];
        Assert.True(outcome.Error is null, outcome.Error);
        return outcome.Query!.Result;
    }

    private static string Error(ReportRun run, string query) =>
        run.Queries[run.Document.Query(query)!.Index].Error ?? throw new Xunit.Sdk.XunitException($"{query} ran without an error");

    private static string ChartError(ReportRun run, int nth = 0) =>
        run.Charts.Values.ElementAt(nth).Error ?? throw new Xunit.Sdk.XunitException("the chart has no error");

    private async Task<long> OrderCountAsync()
    {
        var outcome = await f.Runner.RunAsync(f.Orders, "SELECT COUNT(*) FROM orders");
        return Convert.ToInt64(outcome.Result.Rows[0][0]);
    }

    private static readonly string[] RegionReport =
    [
        "```input region", "type: select", "options: North, South, East", "default: North", "```",  // 5-9
        "```input year", "type: slider", "min: 2023", "max: 2024", "default: 2024", "```",           // 10-15
        "```sql totals",                                                                             // 16
        "SELECT region, SUM(revenue) AS revenue, COUNT(*) AS orders",                                // 17
        "FROM orders WHERE region = $region AND YEAR(order_date) = $year GROUP BY region",           // 18
        "```",                                                                                       // 19
        "```chart", "data: totals", "x: region", "y: revenue", "```",                               // 20-24
    ];

    [Fact]
    public async Task Inputs_from_the_url_change_the_rows()
    {
        var doc = Doc(RegionReport);
        var byDefault = await RunAsync(doc);
        Assert.Null(byDefault.DatasetError);
        Assert.Equal(f.Orders.Id, byDefault.Dataset!.Id);
        var rows = Rows(byDefault, "totals").Rows;
        Assert.Equal("North", Assert.Single(rows)[0]);
        Assert.Equal(300.0, Convert.ToDouble(rows[0][1]));

        var south = Rows(await RunAsync(doc, ("region", "South"), ("year", "2023")), "totals").Rows;
        Assert.Equal(400.0, Convert.ToDouble(Assert.Single(south)[1]));
        Assert.Empty(Rows(await RunAsync(doc, ("region", "East"), ("year", "2024")), "totals").Rows);

        var chart = Assert.Single((await RunAsync(doc, ("region", "South"), ("year", "2024"))).Charts.Values);
        Assert.Null(chart.Error);
        Assert.Equal("region", chart.Spec!.X);
        Assert.Equal(50.0, Convert.ToDouble(Assert.Single(chart.Data!.Rows)[1]));
    }

    [Fact]
    public async Task A_refused_input_value_runs_with_the_default_and_reports_why()
    {
        var run = await RunAsync(Doc(RegionReport), ("region", "Atlantis"), ("year", "1999"));
        Assert.Contains("is not an option of region", run.Inputs["region"].Error);
        Assert.Contains("between 2023 and 2024", run.Inputs["year"].Error);
        Assert.Equal("North", Assert.Single(Rows(run, "totals").Rows)[0]);
        Assert.Equal(["region=North", "year=2024"], run.QueryPairs().Select(p => p.Key + "=" + p.Value));
    }

    [Theory]
    [InlineData("x' OR 1=1 --", 1)]
    [InlineData("'; DROP TABLE orders; --", 1)]
    [InlineData("' OR '1'='1", 0)]
    [InlineData("Ann'); DELETE FROM orders; --", 0)]
    [InlineData("\" OR \"\"=\"", 0)]
    public async Task A_text_input_is_bound_as_a_value_never_spliced_into_the_sql(string hostile, int expectedRows)
    {
        var doc = Doc("```input who", "type: text", "```", "```sql found", "SELECT order_id, customer FROM orders WHERE customer = $who", "```");
        var rows = Rows(await RunAsync(doc, ("who", hostile)), "found").Rows;
        Assert.Equal(expectedRows, rows.Count);
        Assert.All(rows, r => Assert.Equal(hostile, r[1]));
        Assert.Equal(5, await OrderCountAsync());
    }

    [Fact]
    public async Task A_select_whose_options_look_like_sql_binds_them_as_values()
    {
        var doc = Doc("```input who", "type: select", "options: Ann, \"x' OR 1=1 --\", \"'; DROP TABLE orders; --\"", "```",
            "```sql found", "SELECT order_id FROM orders WHERE customer = $who", "```");
        Assert.Equal(3L, Convert.ToInt64(Assert.Single(Rows(await RunAsync(doc, ("who", "x' OR 1=1 --")), "found").Rows)[0]));
        Assert.Equal(4L, Convert.ToInt64(Assert.Single(Rows(await RunAsync(doc, ("who", "'; DROP TABLE orders; --")), "found").Rows)[0]));
        Assert.Equal(5, await OrderCountAsync());
    }

    [Fact]
    public async Task A_multiselect_binds_a_list_and_nothing_chosen_matches_nothing()
    {
        var doc = Doc("```input channels", "type: multiselect", "options: Online, Retail, Partner", "```",
            "```sql n", "SELECT COUNT(*) AS n FROM orders WHERE list_contains($channels, channel)", "```");
        long Count(ReportRun run) => Convert.ToInt64(Rows(run, "n").Rows[0][0]);
        Assert.Equal(5, Count(await RunAsync(doc)));
        Assert.Equal(4, Count(await RunAsync(doc, ("channels", "Online"), ("channels", "Partner"))));
        Assert.Equal(0, Count(await RunAsync(doc, ("channels", ""))));
    }

    [Fact]
    public async Task A_date_range_binds_dates_for_between_and_for_its_list()
    {
        var doc = Doc("```input period", "type: date_range", "default: 2024-01-01..2024-12-31", "```",
            "```sql n", "SELECT COUNT(*) AS n, SUM(revenue) AS rev FROM orders WHERE order_date BETWEEN $period_start AND $period_end", "```",
            "```sql m", "SELECT COUNT(*) AS n FROM orders WHERE order_date BETWEEN $period[1] AND $period[2]", "```");
        var all2024 = await RunAsync(doc);
        Assert.Equal(3L, Convert.ToInt64(Rows(all2024, "n").Rows[0][0]));
        Assert.Equal(3L, Convert.ToInt64(Rows(all2024, "m").Rows[0][0]));
        var feb = await RunAsync(doc, ("period", "2024-02-01"), ("period", "2024-02-29"));
        Assert.Equal(200.0, Convert.ToDouble(Rows(feb, "n").Rows[0][1]));
        Assert.Equal(1L, Convert.ToInt64(Rows(feb, "m").Rows[0][0]));
    }

    [Fact]
    public async Task A_fractional_slider_and_numeric_select_compare_as_numbers()
    {
        var doc = Doc("```input min_rev", "type: slider", "min: 0", "max: 500", "step: 0.5", "```",
            "```input id", "type: select", "options: 1, 2, 10", "```",
            "```sql big", "SELECT COUNT(*) FROM orders WHERE revenue >= $min_rev", "```",
            "```sql one", "SELECT customer FROM orders WHERE order_id = $id", "```");
        var run = await RunAsync(doc, ("min_rev", "99.5"), ("id", "2"));
        Assert.Equal(3L, Convert.ToInt64(Rows(run, "big").Rows[0][0]));
        Assert.Equal("Bob", Rows(run, "one").Rows[0][0]);
    }

    [Fact]
    public async Task A_dollar_inside_strings_and_comments_is_not_an_input()
    {
        var doc = Doc("```sql q", "SELECT '$5 off' AS label, $$ costs $x $$ AS dq -- about $y", "FROM orders LIMIT 1", "```");
        var rows = Rows(await RunAsync(doc), "q").Rows;
        Assert.Equal("$5 off", rows[0][0]);
        Assert.Equal(" costs $x ", rows[0][1]);
    }

    [Fact]
    public async Task A_tagged_dollar_quoted_string_is_not_an_input()
    {
        var doc = Doc("```sql q", "SELECT $tag$ costs $5, $x $tag$ AS dq", "```");
        Assert.Equal(" costs $5, $x ", Rows(await RunAsync(doc), "q").Rows[0][0]);
    }

    public static TheoryData<string> FileAccess() =>
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM '/etc/passwd'",
        "COPY orders TO '/tmp/dc-report-leak.csv'",
        "COPY (SELECT * FROM orders) TO '/tmp/dc-report-leak.csv'",
        "ATTACH '/tmp/dc-report-leak.duckdb' AS leak",
        "SELECT * FROM read_parquet('/tmp/x.parquet')",
        "INSTALL httpfs",
        "SELECT 1; DROP TABLE orders",
        "DROP TABLE orders",
    ];

    [Theory]
    [MemberData(nameof(FileAccess))]
    public async Task File_access_and_writes_from_a_sql_block_are_refused_inline_and_the_page_goes_on(string hostile)
    {
        var doc = Doc(
            "Intro",                                // 5
            "```sql bad",                           // 6
            hostile,                                // 7
            "```",                                  // 8
            "```sql good",                          // 9
            "SELECT COUNT(*) AS n FROM orders",     // 10
            "```");
        var run = await RunAsync(doc);
        var error = Error(run, "bad");
        Assert.Matches(@"^Line 7(, column \d+)?: ", error);
        Assert.Contains("refused", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5L, Convert.ToInt64(Rows(run, "good").Rows[0][0]));
        Assert.False(File.Exists("/tmp/dc-report-leak.csv"));
        Assert.False(File.Exists("/tmp/dc-report-leak.duckdb"));
        Assert.Equal(5, await OrderCountAsync());
    }

    [Theory]
    [InlineData("  (SELECT COUNT(*) FROM read_csv('/etc/passwd')) AS leak", "read_csv")]
    [InlineData("  (SELECT COUNT(*) FROM glob('/etc/*')) AS leak", "glob")]
    [InlineData("  (SELECT content FROM read_text('/etc/passwd')) AS leak", "read_text")]
    [InlineData("  getenv('HOME') AS leak", "getenv")]
    public async Task A_refused_call_deep_in_the_sql_is_reported_at_its_own_line(string hostile, string name)
    {
        var doc = Doc("```sql bad", "SELECT region,", hostile, "FROM orders", "```");
        var error = Error(await RunAsync(doc), "bad");
        Assert.StartsWith($"Line 7, column {hostile.IndexOf(name, StringComparison.Ordinal) + 1}: SQL refused by the guard", error);
        Assert.Contains($"'{name}' is not allowed", error);
    }

    [Fact]
    public async Task An_unknown_parameter_is_an_error_at_the_sql_line_naming_the_inputs()
    {
        var doc = Doc("```input region", "type: select", "options: North", "```", "```sql q", "hidden: true", "SELECT * FROM orders", "WHERE region = $regoin", "```");
        var error = Error(await RunAsync(doc), "q");
        Assert.StartsWith("Line 11: ", error);
        Assert.Contains("$regoin is not an input of this page", error);
        Assert.Contains("$region", error);
    }

    [Fact]
    public async Task An_unknown_parameter_without_inputs_says_to_add_one()
    {
        var error = Error(await RunAsync(Doc("```sql q", "SELECT $limit", "```")), "q");
        Assert.StartsWith("Line 6: ", error);
        Assert.Contains("add an input block named limit", error);
    }

    [Theory]
    [InlineData(new[] { "SELECT region,", "  SUM(revenue) AS revenue", "FORM orders GROUP BY region" }, 8, 1)]
    [InlineData(new[] { "SELECT region", "FROM orders", "WHERE revenu > 10" }, 8, 7)]
    [InlineData(new[] { "SELECT region", "FROM ordrs" }, 7, 6)]
    [InlineData(new[] { "SELECT nope FROM orders" }, 6, 8)]
    public async Task Engine_errors_point_at_the_file_line_and_column_of_the_bad_sql(string[] sql, int line, int column)
    {
        var doc = Doc(["```sql q", .. sql, "```", "```sql ok", "SELECT 1 AS one", "```"]);
        var run = await RunAsync(doc);
        Assert.StartsWith($"Line {line}, column {column}: ", Error(run, "q"));
        Assert.Equal(new SqlPosition(line, column), run.Queries[run.Document.Query("q")!.Index].ErrorAt);
        Assert.Equal(1, Convert.ToInt32(Rows(run, "ok").Rows[0][0]));
    }

    [Fact]
    public async Task An_unknown_column_in_a_chart_is_an_error_at_its_key_line()
    {
        var doc = Doc(
            "```sql q", "SELECT region, SUM(revenue) AS revenue, channel FROM orders GROUP BY region, channel", "```", // 5-7
            "```chart", "data: q", "x: regio", "y: revenue", "```",          // 8-12
            "```chart", "data: q", "x: region", "y: revenue, profit", "```", // 13-17
            "```chart", "data: q", "x: region", "y: revenue", "series: chanel", "```", // 18-23
            "```chart", "data: q", "x: REGION", "y: Revenue", "sort: y desc", "```");  // 24-29
        var run = await RunAsync(doc);
        Assert.StartsWith("Line 10: unknown column \"regio\" in x", ChartError(run, 0));
        Assert.Contains("region, revenue, channel", ChartError(run, 0));
        Assert.StartsWith("Line 16: unknown column \"profit\" in y", ChartError(run, 1));
        Assert.StartsWith("Line 22: unknown column \"chanel\" in series", ChartError(run, 2));
        var ok = run.Charts.Values.ElementAt(3);
        Assert.Null(ok.Error);
        Assert.Equal(("region", "revenue"), (ok.Spec!.X, ok.Spec.Y[0]));
        var revenues = ok.Data!.Rows.Select(r => Convert.ToDouble(r[1])).ToList();
        Assert.Equal(revenues.OrderDescending(), revenues);
    }

    [Fact]
    public async Task A_bad_sort_is_an_error_at_the_sort_line()
    {
        var doc = Doc("```sql q", "SELECT region, revenue FROM orders", "```", "```chart", "data: q", "x: region", "y: revenue", "sort: upwards", "```");
        Assert.StartsWith("Line 12: sort takes", ChartError(await RunAsync(doc)));
    }

    [Fact]
    public async Task A_chart_of_an_unknown_or_failed_query_says_so_at_its_data_line()
    {
        var doc = Doc(
            "```sql broken", "SELECT * FROM nowhere", "```",                 // 5-7
            "```chart", "x: a", "data: broken", "y: b", "```",               // 8-12
            "```chart", "data: missing", "x: a", "y: b", "```");             // 13-17
        var run = await RunAsync(doc);
        Assert.StartsWith("Line 10: the chart has no rows because the sql block \"broken\" (line 5) failed", ChartError(run, 0));
        Assert.StartsWith("Line 14: there is no sql block named \"missing\"; sql blocks: broken", ChartError(run, 1));
    }

    [Fact]
    public async Task A_hidden_query_still_runs_for_its_chart()
    {
        var doc = Doc("```sql q", "hidden: true", "SELECT region, SUM(revenue) AS revenue FROM orders GROUP BY region", "```", "```chart", "data: q", "x: region", "y: revenue", "```");
        var run = await RunAsync(doc);
        Assert.Equal(3, Rows(run, "q").Rows.Count);
        Assert.Equal(3, Assert.Single(run.Charts.Values).Data!.Rows.Count);
    }

    [Fact]
    public async Task An_unknown_dataset_is_an_error_at_the_data_line_on_every_query()
    {
        var doc = ReportParser.Parse("---\ntitle: T\n\ndata: No such data\n---\n```sql a\nSELECT 1\n```\n```sql b\nSELECT 2\n```", "t");
        var run = await f.Evaluator.RunAsync(doc, _ => null);
        Assert.StartsWith("Line 4: there is no dataset \"No such data\"", run.DatasetError);
        Assert.Contains(f.Orders.Name, run.DatasetError);
        Assert.All(run.Queries.Values, q => Assert.Equal(run.DatasetError, q.Error));
        var none = await f.Evaluator.RunAsync(ReportParser.Parse("```sql a\nSELECT 1\n```", "t"), _ => null);
        Assert.Contains("names no dataset", none.DatasetError);
    }

    [Fact]
    public async Task A_dataset_is_found_by_id_as_well_as_name()
    {
        var doc = ReportParser.Parse($"---\ndata: {f.Orders.Id}\n---\n```sql a\nSELECT COUNT(*) FROM orders\n```", "t");
        Assert.Equal(5L, Convert.ToInt64(Rows(await f.Evaluator.RunAsync(doc, _ => null), "a").Rows[0][0]));
    }

    [Fact]
    public void Affected_are_the_queries_using_an_input_and_their_charts()
    {
        var doc = Doc(
            "```input region", "type: select", "options: North, South", "```",                       // 0
            "```input period", "type: date_range", "```",                                             // 1
            "```input who", "type: text", "```",                                                      // 2
            "```sql by_region", "SELECT * FROM orders WHERE region = $region", "```",                // 3
            "```chart", "data: by_region", "x: region", "y: revenue", "```",                         // 4
            "```sql by_time", "SELECT * FROM orders WHERE order_date >= $period_start", "```",       // 5
            "```chart", "data: by_time", "x: order_date", "y: revenue", "```",                       // 6
            "```sql both", "SELECT * FROM orders WHERE region = $region AND customer <> $who", "```", // 7
            "```sql fixed", "SELECT '$region' AS label FROM orders", "```",                           // 8
            "```chart", "data: fixed", "x: label", "y: label", "```",                                // 9
            "Text about $region");                                                                    // 10
        Assert.Equal([3, 4, 7], ReportEvaluator.Affected(doc, ["region"]).Order());
        Assert.Equal([5, 6], ReportEvaluator.Affected(doc, ["period"]).Order());
        Assert.Equal([7], ReportEvaluator.Affected(doc, ["WHO"]).Order());
        Assert.Equal([3, 4, 5, 6, 7], ReportEvaluator.Affected(doc, ["region", "period"]).Order());
        Assert.Empty(ReportEvaluator.Affected(doc, ["nothing"]));
        Assert.Empty(ReportEvaluator.Affected(doc, []));
    }

    [Fact]
    public async Task Running_only_some_blocks_runs_the_queries_their_charts_need()
    {
        var doc = Doc(RegionReport);
        var chart = doc.Blocks.OfType<ChartBlock>().Single();
        var run = await f.Evaluator.RunAsync(doc, Query(("region", "South")), new HashSet<int> { chart.Index });
        Assert.Equal([chart.Index], run.Charts.Keys);
        Assert.Equal([doc.Query("totals")!.Index], run.Queries.Keys);
        Assert.Equal(50.0, Convert.ToDouble(Assert.Single(run.Charts[chart.Index].Data!.Rows)[1]));
    }
}
