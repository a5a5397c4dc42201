using System.Globalization;
using DataCharts.Core.Agent.Offline;
using DataCharts.Core.Datasets;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;
using DataCharts.Core.Tests.Agent;

namespace DataCharts.Core.Tests.Presentation;

public sealed class KpiTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static ResultColumn Col(string name, ColumnType type) => new(name, type, type.ToString());

    private static (QueryResult, ResultFormat) One(string name, ColumnType type, object? value)
    {
        var r = new QueryResult([Col(name, type)], [[value]]);
        return (r, ResultFormat.For(r, null, En));
    }

    [Fact]
    public void Change_and_percent_change_are_arithmetic_on_the_two_values()
    {
        var up = new KpiChange(1200, 1000);
        Assert.Equal(200, up.Change);
        Assert.Equal(20, up.Percent!.Value, 9);
        Assert.Equal(KpiDirection.Up, up.Direction);
        var down = new KpiChange(-50, -40);
        Assert.Equal(-10, down.Change);
        // Against a negative base the percent is of its size: falling further below zero is a fall.
        Assert.Equal(-25, down.Percent!.Value, 9);
        Assert.Equal(KpiDirection.Down, down.Direction);
        Assert.Null(new KpiChange(5, 0).Percent);
        Assert.Equal(KpiDirection.Flat, new KpiChange(3, 3).Direction);
    }

    [Fact]
    public void One_row_of_a_few_numbers_is_a_card_anything_else_is_not()
    {
        var (r, f) = One("total_revenue", ColumnType.Decimal, 1234.5);
        var card = Kpi.Of(r, f)!;
        Assert.Equal("$1,234.50", card.Figures[0].Text);
        Assert.Equal("Total revenue", card.Figures[0].Label);
        Assert.Null(card.CurrentPeriod);
        Assert.Null(card.Figures[0].Change);

        var two = new QueryResult([Col("region", ColumnType.Text), Col("total", ColumnType.Decimal)], [["East", 1.0]]);
        Assert.Null(Kpi.Of(two, ResultFormat.For(two, null, En)));
        var rows = new QueryResult([Col("total", ColumnType.Decimal)], [[1.0], [2.0]]);
        Assert.Null(Kpi.Of(rows, ResultFormat.For(rows, null, En)));
        var wide = new QueryResult(Enumerable.Range(0, 5).Select(i => Col("m" + i, ColumnType.Integer)).ToList(), [[1L, 2L, 3L, 4L, 5L]]);
        Assert.Null(Kpi.Of(wide, ResultFormat.For(wide, null, En)));
        // A year and a count is the answer to "which year", a row of a table, not a figure.
        var year = new QueryResult([Col("year", ColumnType.Integer), Col("count", ColumnType.Integer)], [[2024L, 10L]]);
        Assert.Null(Kpi.Of(year, ResultFormat.For(year, null, En)));
    }

    [Fact]
    public void A_comparison_shows_the_previous_value_the_change_and_the_percent()
    {
        var (r, f) = One("total_revenue", ColumnType.Decimal, 1200.0);
        var card = Kpi.Of(r, f, new KpiPrevious("2025", "2024", [1000.0], "SELECT 1"))!;
        var fig = card.Figures[0];
        Assert.Equal("2025", card.CurrentPeriod);
        Assert.Equal("2024", card.PreviousPeriod);
        Assert.Equal("$1,000.00", fig.PreviousText);
        Assert.Equal("+$200.00", fig.ChangeText);
        Assert.Equal("+20.0%", fig.PercentText);

        var down = Kpi.Of(One("count", ColumnType.Integer, 90L).Item1, One("count", ColumnType.Integer, 90L).Item2, new KpiPrevious("2025", "2024", [120L], "SELECT 1"))!.Figures[0];
        Assert.Equal(KpiDirection.Down, down.Change!.Direction);
        Assert.Equal("-30", down.ChangeText);
        Assert.Equal("-25.0%", down.PercentText);
    }

    [Fact]
    public void Percent_figures_change_by_points()
    {
        var (r, f) = One("percent_returned", ColumnType.Decimal, 6.5);
        var fig = Kpi.Of(r, f, new KpiPrevious("2025", "2024", [5.2], "SELECT 1"))!.Figures[0];
        Assert.Equal("6.5%", fig.Text);
        Assert.Equal("+1.3 pts", fig.ChangeText);
    }

    [Fact]
    public void No_previous_value_means_no_comparison()
    {
        var (r, f) = One("total_revenue", ColumnType.Decimal, 1200.0);
        var card = Kpi.Of(r, f, new KpiPrevious("2025", "2024", [null], "SELECT 1"))!;
        Assert.Null(card.Figures[0].Change);
        Assert.Null(card.CurrentPeriod);
        // A zero base has a change but no percent of it.
        var zero = Kpi.Of(r, f, new KpiPrevious("2025", "2024", [0.0], "SELECT 1"))!.Figures[0];
        Assert.Equal("+$1,200.00", zero.ChangeText);
        Assert.Null(zero.PercentText);
    }
}

/// <summary>The previous period is the answer's own plan one year back, compiled and run like the answer.</summary>
public sealed class KpiComparisonTests(PlannerFixture f) : IClassFixture<PlannerFixture>
{
    [Fact]
    public void A_plan_that_names_one_year_moves_back_one_year()
    {
        var spec = new QuerySpec { Table = "orders", Measures = [new MeasureSpec(Agg.Sum, new Col("orders", "revenue"))] };
        spec.Filters.Add(new FilterSpec(new Col("orders", "order_date"), "year", ["2025"]));
        var shift = PreviousPeriod.Of(spec)!;
        Assert.Equal(("2025", "2024"), (shift.Current, shift.PreviousLabel));
        Assert.Equal("2024", shift.Previous.Filters[0].Values[0]);
        Assert.Equal("2025", spec.Filters[0].Values[0]);

        // Groups, several years, a month or no period at all: no previous period, rather than a guessed one.
        var grouped = spec.Clone();
        grouped.Groups.Add(new GroupSpec(new Col("orders", "region")));
        Assert.Null(PreviousPeriod.Of(grouped));
        var two = spec.Clone();
        two.Filters[0] = two.Filters[0] with { Values = ["2024", "2025"] };
        Assert.Null(PreviousPeriod.Of(two));
        var month = spec.Clone();
        month.Filters.Add(new FilterSpec(new Col("orders", "order_date"), "month", ["3"]));
        Assert.Null(PreviousPeriod.Of(month));
        var none = spec.Clone();
        none.Filters.Clear();
        Assert.Null(PreviousPeriod.Of(none));
    }

    [Fact]
    public async Task The_previous_years_value_comes_from_its_own_query()
    {
        var a = await f.H.AskAsync("shop", "total revenue in 2023");
        var comparisons = new KpiComparisons(f.H.Loader, f.H.Runner);
        var previous = await comparisons.PreviousAsync(f.H["shop"], a.Plan.Sql, a.Plan.PlanJson, a.Outcome!.Result, CancellationToken.None);
        Assert.NotNull(previous);
        Assert.Equal(("2023", "2022"), (previous.CurrentPeriod, previous.PreviousPeriod));
        Assert.Contains("2022", previous.Sql);
        var truth = await f.H.Runner.RunAsync(f.H["shop"], "SELECT round(sum(revenue), 2) FROM orders WHERE year(order_date) = 2022");
        Assert.Equal(Convert.ToDouble(truth.Result.Rows[0][0], CultureInfo.InvariantCulture), Convert.ToDouble(previous.Values[0], CultureInfo.InvariantCulture));
        var card = Kpi.Of(a.Outcome.Result, a.Format!, previous)!;
        Assert.NotNull(card.Figures[0].Change);
    }

    [Fact]
    public async Task No_comparison_without_a_period_for_edited_sql_or_before_the_data_starts()
    {
        var comparisons = new KpiComparisons(f.H.Loader, f.H.Runner);
        var all = await f.H.AskAsync("shop", "total revenue");
        Assert.Null(await comparisons.PreviousAsync(f.H["shop"], all.Plan.Sql, all.Plan.PlanJson, all.Outcome!.Result, CancellationToken.None));
        var y = await f.H.AskAsync("shop", "total revenue in 2023");
        // SQL that is not the plan's (edited by hand) has no comparison: its shape is unknown.
        Assert.Null(await comparisons.PreviousAsync(f.H["shop"], y.Plan.Sql + " ", y.Plan.PlanJson, y.Outcome!.Result, CancellationToken.None));
        // 2021 has no orders: the previous value is empty, and the card shows no comparison.
        var first = await f.H.AskAsync("shop", "total revenue in 2022");
        var previous = await comparisons.PreviousAsync(f.H["shop"], first.Plan.Sql, first.Plan.PlanJson, first.Outcome!.Result, CancellationToken.None);
        Assert.Null(Kpi.Of(first.Outcome.Result, first.Format!, previous)!.CurrentPeriod);
    }
}

/// <summary>Relative periods ("last month", "this quarter") move back by their own calendar step.</summary>
public sealed class RelativePeriodTests : IAsyncLifetime
{
    private readonly Support.AskHarness h = new();
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly ThisMonth = new(Today.Year, Today.Month, 1);

    public async ValueTask InitializeAsync()
    {
        // One order a day for the last 200 days, worth its day of the month: every month's total is known.
        var sb = new System.Text.StringBuilder("order_id,order_date,amount\n");
        for (var i = 0; i < 200; i++)
        {
            var d = Today.AddDays(-i);
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1},{d:yyyy-MM-dd},{d.Day}\n");
        }
        await h.LoadAsync("recent", h.T.File("recent.csv", sb.ToString()));
    }

    public ValueTask DisposeAsync()
    {
        h.Dispose();
        return ValueTask.CompletedTask;
    }

    private static FilterSpec Range(string from, string to) => new(new Col("t", "d"), "date_range", [from, to]);

    [Theory]
    [InlineData("2026-11-01", "2026-12-01", "2026-10-01", "2026-11-01", "Nov 2026", "Oct 2026")]
    [InlineData("2026-01-01", "2026-02-01", "2025-12-01", "2026-01-01", "Jan 2026", "Dec 2025")]
    [InlineData("2026-10-01", "2027-01-01", "2026-07-01", "2026-10-01", "Q4 2026", "Q3 2026")]
    [InlineData("2026-01-01", "2026-12-08", "2025-01-01", "2025-12-08", "2026-01-01 – 2026-12-07", "2025-01-01 – 2025-12-07")]
    [InlineData("2026-11-08", "2026-12-08", "2026-10-09", "2026-11-08", "2026-11-08 – 2026-12-07", "2026-10-09 – 2026-11-07")]
    public void A_range_moves_back_by_its_calendar_step(string from, string to, string pFrom, string pTo, string current, string previous)
    {
        var shifted = PreviousPeriod.ShiftRange(Range(from, to))!.Value;
        Assert.Equal([pFrom, pTo], shifted.Filter.Values);
        Assert.Equal((current, previous), (shifted.Current, shifted.Previous));
    }

    [Theory]
    [InlineData("total amount last month")]
    [InlineData("上个月的总金额")]
    public async Task Last_month_is_compared_with_the_month_before(string question)
    {
        var a = await h.AskAsync("recent", question);
        Assert.NotNull(a.Plan.Sql);
        var previous = await new KpiComparisons(h.Loader, h.Runner).PreviousAsync(h["recent"], a.Plan.Sql, a.Plan.PlanJson, a.Outcome!.Result, CancellationToken.None);
        Assert.NotNull(previous);
        var last = ThisMonth.AddMonths(-1);
        var before = ThisMonth.AddMonths(-2);
        Assert.Equal(last.ToString("MMM yyyy", CultureInfo.InvariantCulture), previous.CurrentPeriod);
        Assert.Equal(before.ToString("MMM yyyy", CultureInfo.InvariantCulture), previous.PreviousPeriod);
        // Each day is worth its day of the month: a whole month adds up to 1 + 2 + … + its length.
        double MonthTotal(DateOnly m) { var n = DateTime.DaysInMonth(m.Year, m.Month); return n * (n + 1) / 2.0; }
        Assert.Equal(MonthTotal(last), Convert.ToDouble(a.Rows[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(MonthTotal(before), Convert.ToDouble(previous.Values[0], CultureInfo.InvariantCulture));
    }
}
