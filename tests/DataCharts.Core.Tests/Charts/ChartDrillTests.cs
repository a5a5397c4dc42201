using DataCharts.Core.Charts;
using DataCharts.Core.Tests.Agent;

namespace DataCharts.Core.Tests.Charts;

/// <summary>A click on a bar asks a follow-up the offline planner reads as the previous answer filtered to that value.</summary>
public sealed class ChartDrillTests(PlannerFixture f) : IClassFixture<PlannerFixture>
{
    [Fact]
    public async Task A_drill_follow_up_filters_the_previous_answer_to_the_value()
    {
        var first = await f.H.AskAsync("shop", "total revenue by region");
        Assert.Equal(ChartType.Bar, first.Chart!.Type);
        var question = ChartDrill.FollowUp(first.Chart.X!, "East");
        Assert.Equal("only where region is East", question);
        var drilled = await f.H.AskAsync("shop", question, first);
        Assert.Contains("'East'", drilled.Plan.Sql);
        Assert.Contains("sum(", drilled.Plan.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.True(drilled.Plan.Confident, string.Join(", ", drilled.Plan.UnusedTerms));
        Assert.Equal(["East"], drilled.Rows.Select(r => (string)r[0]!).Distinct());
        var total = first.Rows.Single(r => (string)r[0]! == "East")[1];
        Assert.Equal(Convert.ToDouble(total, System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToDouble(drilled.Rows.Single()[1], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public async Task A_drill_on_a_pie_slice_of_another_column_works_too()
    {
        var first = await f.H.AskAsync("shop", "number of orders by channel as a pie chart");
        var drilled = await f.H.AskAsync("shop", ChartDrill.FollowUp(first.Chart!.X!, "Online"), first);
        Assert.Contains("'Online'", drilled.Plan.Sql);
        Assert.True(drilled.Plan.Confident, string.Join(", ", drilled.Plan.UnusedTerms));
    }
}
