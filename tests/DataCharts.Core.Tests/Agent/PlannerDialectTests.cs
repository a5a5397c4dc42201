using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Agent;
using DataCharts.Core.Agent.Offline;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Tests.Connections;

namespace DataCharts.Core.Tests.Agent;

/// <summary>
/// The offline planner over a live PostgreSQL or MariaDB database writes SQL the server runs itself, and its answers are
/// those of the same data as a file: each question is planned on both, run on DuckDB and on the live server, and the rows
/// compared (numbers to within 0.01, dates as ISO text, in the same order where the question orders).
/// </summary>
public sealed partial class PlannerDialectTests(PlannerDialectFixture f) : IClassFixture<PlannerDialectFixture>
{
    private static readonly string Y1 = (DateTime.UtcNow.Year - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Totals, averages, medians, counts, groups, top N, filters, periods and grains, shares and rates, joins, charts and rows.</summary>
    public static readonly string[] Questions =
    [
        "How many orders are there?",
        "What is the total amount?",
        "What is the average amount?",
        "What is the median amount?",
        "Median quantity by status",
        "Average and median amount by segment",
        $"Median amount by month in {Y1}",
        "Number of orders by status",
        "Total amount by city",
        "Top 5 customers by total amount",
        "Which city has the lowest average amount?",
        "Total amount by category",
        "Average list price by category",
        $"Total amount in {Y1}",
        "Total amount last year",
        "Total amount by month",
        "Number of orders by quarter",
        "Number of orders by day of the week",
        "Total amount by year",
        $"Number of orders by week in {Y1}",
        "Number of orders by day",
        "How many orders have an amount over 500?",
        "Total amount of chairs",
        $"Total amount of orders after {Y1}-06-30",
        "Total amount in the past 90 days",
        "Total amount in Val d'Or",
        "How many orders come from Zug\\Ost?",
        "Average discount for orders in Lyon and Porto",
        "What share of the amount comes from each segment?",
        "Share of orders by status",
        "What percentage of orders were cancelled?",
        "Percentage of orders cancelled by segment",
        "Median amount and share of amount by segment",
        "Median amount and percentage of cancelled orders by segment",
        "Distribution of amount",
        "Relationship between quantity and amount",
        "Box plot of amount by status",
        "Show the orders with the 5 highest amounts",
        "List the cancelled orders",
        "How many customers have no orders?",
        "Number of products by launch month",
        "How many distinct cities are there?",
        "Maximum discount by category",
        "Total stock and number of orders by category",
        "Which customers have more than 6 orders?",
        "Which customers spent more than 5000?",
        "Total revenue by segment",
        "What is the average customer value?",
        "Average returned items as a percentage of the quantity",
        "Total amount by segment and status",
    ];

    public static TheoryData<ConnectionKind, string> Cases()
    {
        var data = new TheoryData<ConnectionKind, string>();
        foreach (var kind in new[] { ConnectionKind.PostgreSql, ConnectionKind.MySql })
            foreach (var q in Questions) data.Add(kind, q);
        return data;
    }

    private static async Task<AgentPlan> PlanAsync(SchemaContext schema, string question) =>
        await new OfflinePlanner().PlanAsync(new AgentRequest(schema, question, []), _ => { }, CancellationToken.None);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_live_database_gives_the_files_answer(ConnectionKind kind, string question)
    {
        var live = await f.LiveAsync(kind);
        var file = await PlanAsync(f.H.Loader.Load(f.Duck), question);
        Assert.True(file.Sql is not null, $"The file dataset does not answer \"{question}\": {file.Explanation}");
        var plan = await PlanAsync(live.Schema, question);
        Assert.Equal(file.Interpretation, plan.Interpretation);
        Assert.True(plan.Sql is not null, $"{kind} refused \"{question}\": {plan.Explanation}");

        var expected = (await f.H.Runner.RunAsync(f.Duck, file.Sql)).Result;
        Assert.NotEmpty(expected.Rows);
        var actual = await LiveDatabase.QueryAsync(live.Settings, plan.Sql, 1000, ResultBounds.None, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        var ordered = file.Sql.Contains("ORDER BY", StringComparison.Ordinal);
        var want = Canonical(expected.Rows, ordered);
        var got = Canonical(actual.Rows, ordered);
        Assert.True(want.Count == got.Count, $"{want.Count} rows over the file, {got.Count} live.\n{plan.Sql}");
        for (var i = 0; i < want.Count; i++)
            for (var j = 0; j < want[i].Length; j++)
                Assert.True(Same(want[i][j], got[i][j]),
                    $"Row {i + 1}, column {expected.Columns[j].Name}: file {want[i][j] ?? "null"}, {kind} {got[i][j] ?? "null"}.\n{plan.Sql}");
    }

    /// <summary>
    /// A single-value answer's previous period (what a KPI compares with, as KpiComparisons computes it): the stored plan
    /// still compiles to the live answer's SQL, and its period moved back runs on the server with the file's result.
    /// </summary>
    [Theory]
    [InlineData(ConnectionKind.PostgreSql, "Total amount last year")]
    [InlineData(ConnectionKind.PostgreSql, "Total amount in the past 90 days")]
    [InlineData(ConnectionKind.MySql, "Total amount last year")]
    [InlineData(ConnectionKind.MySql, "Total amount in the past 90 days")]
    public async Task The_previous_period_is_computed_live_too(ConnectionKind kind, string question)
    {
        var live = await f.LiveAsync(kind);
        var file = f.H.Loader.Load(f.Duck);
        var plan = await PlanAsync(live.Schema, question);
        var spec = PreviousPeriod.Parse(plan.PlanJson)!;
        var shift = PreviousPeriod.Of(spec);
        Assert.NotNull(shift);
        var builder = new SqlBuilder(new SchemaIndex(live.Schema));
        Assert.Equal(plan.Sql, builder.Build(spec).Sql);
        var previousSql = builder.Build(shift.Previous).Sql!;
        var expected = (await f.H.Runner.RunAsync(f.Duck, new SqlBuilder(new SchemaIndex(file)).Build(shift.Previous).Sql!)).Result;
        var actual = await LiveDatabase.QueryAsync(live.Settings, previousSql, 10, ResultBounds.None, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.NotNull(expected.Rows.Single()[0]);
        Assert.True(Same(Normalize(expected.Rows.Single()[0]), Normalize(actual.Rows.Single()[0])), $"file {expected.Rows[0][0]}, {kind} {actual.Rows[0][0]}\n{previousSql}");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task The_live_dataset_reads_as_the_file_does(ConnectionKind kind)
    {
        var live = await f.LiveAsync(kind);
        var file = f.H.Loader.Load(f.Duck);
        Assert.Equal(kind == ConnectionKind.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.MySql, live.Schema.Dataset.Dialect());
        Assert.Equal(f.Duck.Tables.Select(t => (t.Name, string.Join(",", t.Columns.Select(c => $"{c.Name}:{c.Type}")))),
            live.Schema.Dataset.Tables.Select(t => (t.Name, string.Join(",", t.Columns.Select(c => $"{c.Name}:{c.Type}")))));
        Assert.Equal(file.Values.Keys.Order(), live.Schema.Values.Keys.Order());
        foreach (var (key, values) in file.Values) Assert.Equal(values.Order(StringComparer.Ordinal), live.Schema.Values[key].Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Every question, planned for each live dialect without a server: nothing of DuckDB's own dialect is left in the SQL
    /// (the server would reject it), and what the dialect lacks is written another way.
    /// </summary>
    [Theory]
    [InlineData(SqlDialects.PostgreSqlFormat)]
    [InlineData(SqlDialects.MySqlFormat)]
    public async Task Live_sql_keeps_nothing_only_duckdb_understands(string format)
    {
        var file = f.H.Loader.Load(f.Duck);
        var record = new DatasetRecord { Id = f.Duck.Id, Name = f.Duck.Name, Format = format, Tables = f.Duck.Tables, Relations = f.Duck.Relations };
        string[] duckOnly = ["median(", "quantile_cont", "list_position", "strftime", "dayname(", "isodow(", "year(", "month(", "date_trunc('quarter'"];
        foreach (var q in Questions)
        {
            var sql = (await PlanAsync(file with { Dataset = record }, q)).Sql;
            Assert.NotNull(sql);
            foreach (var word in duckOnly) Assert.DoesNotContain(word, sql, StringComparison.Ordinal);
            if (format == SqlDialects.MySqlFormat)
            {
                foreach (var word in new[] { "ILIKE", "NULLS LAST", "FULL JOIN", " || ", "\"", "percentile_cont", "date_trunc", "AS INTEGER)", "AS BIGINT)", "AS VARCHAR)" })
                    Assert.DoesNotContain(word, sql, StringComparison.Ordinal);
            }
            else
            {
                // PostgreSQL has round(numeric, int) only.
                Assert.DoesNotMatch(RoundOfNonNumeric(), sql);
                Assert.DoesNotContain("`", sql, StringComparison.Ordinal);
                Assert.DoesNotContain("AS DOUBLE)", sql, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// A measure whose formula calls a function the expression translator spells DuckDB's way (round with a CAST to
    /// INTEGER, which PostgreSQL has not for double precision) is refused in words on a live database, not sent to fail.
    /// </summary>
    [Theory]
    [InlineData(SqlDialects.PostgreSqlFormat)]
    [InlineData(SqlDialects.MySqlFormat)]
    public async Task A_measure_with_a_duckdb_function_is_refused_plainly_on_a_live_database(string format)
    {
        var file = f.H.Loader.Load(f.Duck);
        var orders = f.Duck.Tables.Single(t => t.Name == "orders");
        var margin = new DataCharts.Core.Semantics.Measure("margin", "Margin", "orders", DataCharts.Core.Semantics.MeasureExpressions.Compile("round(amount * 0.3, 1)", orders),
            DataCharts.Core.Semantics.MeasureAgg.Sum, DataCharts.Core.Semantics.Unit.Currency, [], Derived: true) { IsUserDefined = true };
        var withMargin = file with { Model = file.Model with { Measures = [.. file.Model.Measures, margin] } };
        var answered = await PlanAsync(withMargin, "Total margin by segment");
        Assert.Contains("AS \"total_margin\"", answered.Sql);

        var record = new DatasetRecord { Id = f.Duck.Id, Name = f.Duck.Name, Format = format, Tables = f.Duck.Tables, Relations = f.Duck.Relations };
        var refused = await PlanAsync(withMargin with { Dataset = record }, "Total margin by segment");
        Assert.Null(refused.Sql);
        Assert.Contains("“margin” is computed with round(…)", refused.Explanation);
        Assert.Contains(record.Dialect().DisplayName(), refused.Explanation);
        Assert.NotEmpty(refused.Suggestions);
    }

    [GeneratedRegex(@"\bround\((?!CAST\()")]
    private static partial Regex RoundOfNonNumeric();

    /// <summary>The rows with every value in a comparable form, sorted when the query does not order them.</summary>
    private static List<object?[]> Canonical(IReadOnlyList<object?[]> rows, bool ordered)
    {
        var list = rows.Select(r => r.Select(Normalize).ToArray()).ToList();
        return ordered ? list : list.OrderBy(r => string.Join("\u001f", r.Select(v => v is double d ? d.ToString("F2", CultureInfo.InvariantCulture) : v?.ToString())), StringComparer.Ordinal).ToList();
    }

    private static object? Normalize(object? v) => v switch
    {
        null => null,
        string s when s.EndsWith(" 00:00:00", StringComparison.Ordinal) && DateOnly.TryParse(s[..^9], CultureInfo.InvariantCulture, out _) => s[..^9],
        string s => s,
        bool b => b,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => Math.Abs(x - y) <= 0.01 + 1e-9 * Math.Abs(x),
        _ => Equals(a, b),
    };
}
