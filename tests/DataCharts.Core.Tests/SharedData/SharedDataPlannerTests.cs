using System.Globalization;
using DataCharts.Core.Charts;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.SharedData;

/// <summary>Planner questions over the seaborn sets and Chinook (the extra layer; skipped where ../shared/data is absent).</summary>
public sealed class SeabornFixture : IAsyncLifetime
{
    public AskHarness H { get; } = new();

    public async ValueTask InitializeAsync()
    {
        if (SharedFolder.Folder is not { } folder) return;
        foreach (var n in new[] { "penguins", "tips", "titanic", "flights", "diamonds", "mpg", "iris" })
            await H.LoadAsync(n, Path.Combine(folder, "seaborn", n + ".csv"));
        await H.LoadAsync("chinook", Path.Combine(folder, "chinook", "Chinook_Sqlite.sqlite"));
    }

    public ValueTask DisposeAsync()
    {
        H.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class SharedDataPlannerTests(SeabornFixture f) : IClassFixture<SeabornFixture>
{
    private async Task<AskHarness.Answer> Ask(string dataset, string question, AskHarness.Answer? previous = null)
    {
        SharedFolder.Require();
        return await f.H.AskAsync(dataset, question, previous);
    }

    private static double N(object? v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Penguins_median_flipper_by_island_then_females()
    {
        var a = await Ask("penguins", "What is the median flipper length for each island?");
        Assert.Equal(["Biscoe", "Dream", "Torgersen"], a.Rows.Select(r => r[0]));
        Assert.Equal(214.0, N(a.Rows[0][1]));
        var b = await Ask("penguins", "and only for females", a);
        Assert.Contains("'FEMALE'", b.Plan.Sql);
        Assert.Equal(210.0, N(b.Rows[0][1]));
    }

    [Theory]
    [InlineData("penguins", "How many penguins are on each island?", "Biscoe", 168.0)]
    [InlineData("penguins", "每个岛屿有多少只企鹅？", "Biscoe", 168.0)]
    [InlineData("penguins", "Which species has the highest average body mass?", "Gentoo", 5076.02)]
    [InlineData("tips", "What is the average tip by day?", "Sun", 3.26)]
    [InlineData("titanic", "What was the survival rate by class?", "First", 62.96)]
    [InlineData("titanic", "Average fare by embark town", "Cherbourg", 59.95)]
    [InlineData("diamonds", "What is the average price by cut?", "Premium", 4584.26)]
    [InlineData("mpg", "Average mpg by origin", "japan", 30.45)]
    [InlineData("iris", "Average petal length per species", "virginica", 5.55)]
    [InlineData("chinook", "Number of tracks per genre", "Rock", 1297.0)]
    [InlineData("chinook", "Top 5 artists by number of tracks", "Iron Maiden", 213.0)]
    [InlineData("chinook", "Total sales by country", "USA", 523.06)]
    [InlineData("chinook", "Which customers spent the most?", "Helena Holý", 49.62)]
    [InlineData("chinook", "bottom 3 genres by track count", "Opera", 1.0)]
    [InlineData("titanic", "survival rate by sex", "female", 74.2)]
    [InlineData("tips", "按性别统计小费总额", "Male", 485.07)]
    [InlineData("flights", "Which year had the most passengers?", 1960L, 5714.0)]
    [InlineData("mpg", "Average acceleration by number of cylinders", 3L, 13.25)]
    [InlineData("chinook", "Which employees support the most customers?", "Jane Peacock", 21.0)]
    [InlineData("chinook", "What is the total quantity of tracks sold per genre?", "Rock", 835.0)]
    [InlineData("chinook", "Which artist has the most albums?", "Iron Maiden", 21.0)]
    [InlineData("penguins", "Which penguin species has the longest flippers?", "Gentoo", 217.19)]
    [InlineData("titanic", "average fare paid by survivors vs non-survivors", 0L, 22.12)]
    public async Task Grouped_answers_lead_with_the_right_group(string dataset, string question, object top, double value)
    {
        var a = await Ask(dataset, question);
        Assert.Equal(top, a.Rows[0][0]);
        Assert.Equal(value, N(a.Rows[0][^1]), 2);
        Assert.NotNull(a.Chart);
    }

    [Theory]
    [InlineData("penguins", "How many penguins are there?", 344.0)]
    [InlineData("penguins", "What percentage of penguins are female?", 47.97)]
    [InlineData("penguins", "How many penguins weigh more than 5000 g?", 61.0)]
    [InlineData("titanic", "What percentage of passengers survived?", 38.38)]
    [InlineData("titanic", "How many passengers were women?", 271.0)]
    [InlineData("tips", "How many tables had more than 4 people?", 9.0)]
    [InlineData("diamonds", "How many diamonds have a carat above 2?", 1889.0)]
    [InlineData("chinook", "How many tracks are there?", 3503.0)]
    [InlineData("tips", "how many male smokers are there?", 60.0)]
    [InlineData("titanic", "how many children survived", 49.0)]
    [InlineData("titanic", "how many passengers embarked from Southampton", 644.0)]
    [InlineData("chinook", "how many tracks are in the Rock genre", 1297.0)]
    [InlineData("titanic", "票价超过100的乘客有多少", 53.0)]
    [InlineData("tips", "what percentage of diners are smokers", 38.11)]
    [InlineData("tips", "How many parties of size 2 were there?", 156.0)]
    [InlineData("tips", "What is the maximum tip given on Saturday?", 10.0)]
    [InlineData("flights", "How many passengers flew in July 1955?", 364.0)]
    [InlineData("chinook", "How many customers are from Brazil?", 5.0)]
    [InlineData("chinook", "How many albums does AC/DC have?", 2.0)]
    [InlineData("penguins", "How many male penguins are on Dream island?", 62.0)]
    [InlineData("tips", "What percentage of tips were given at dinner?", 72.13)]
    [InlineData("mpg", "What's the average mpg of 4-cylinder cars?", 29.29)]
    [InlineData("diamonds", "How many diamonds have color E and cut Ideal?", 3903.0)]
    [InlineData("titanic", "how many passengers did not survive?", 549.0)]
    [InlineData("diamonds", "How many diamonds cost more than $10,000?", 5222.0)]
    [InlineData("chinook", "Total revenue between 2022 and 2024", 1428.56)]
    [InlineData("chinook", "How many invoices were issued before 2023?", 166.0)]
    [InlineData("flights", "What's the total number of passengers in 1950?", 1676.0)]
    public async Task Single_numbers(string dataset, string question, double expected) =>
        Assert.Equal(expected, N((await Ask(dataset, question)).Rows.Single()[0]), 2);

    [Fact]
    public async Task Several_aggregates_of_one_column()
    {
        var a = await Ask("penguins", "What is the minimum, maximum and mean body mass by species?");
        Assert.Equal(["species", "average_body_mass_g", "min_body_mass_g", "max_body_mass_g"], a.Columns);
        Assert.Equal("Gentoo", a.Rows[0][0]);
        var b = await Ask("titanic", "min, max and average fare");
        Assert.Equal(0.0, N(b.Cell(0, "min_fare")));
        Assert.Equal(512.3292, N(b.Cell(0, "max_fare")), 4);
        var c = await Ask("penguins", "What are the different species?");
        Assert.Equal(3, c.Rows.Count);
    }

    [Fact]
    public async Task Follow_up_chains_refine_step_by_step()
    {
        var a = await Ask("diamonds", "average price by cut");
        var b = await Ask("diamonds", "for color D only", a);
        Assert.Contains("\"color\" = 'D'", b.Plan.Sql);
        Assert.Equal("cut", b.Columns[0]);
        var c = await Ask("diamonds", "what about the median?", b);
        Assert.Contains("median(\"price\")", c.Plan.Sql);
        Assert.Contains("'D'", c.Plan.Sql);
        var d = await Ask("diamonds", "top 3", c);
        Assert.Equal(3, d.Rows.Count);
        var t = await Ask("titanic", "survival rate by class");
        var w = await Ask("titanic", "only for women", t);
        Assert.Equal(97.8, N(w.Rows.Single(r => (string?)r[0] == "First")[1]));
        var s = await Ask("titanic", "split by sex too", w);
        Assert.Equal(["class", "sex", "percent_survived"], s.Columns);
        var zh = await Ask("penguins", "每个物种的平均体重");
        var zh2 = await Ask("penguins", "只看雌性", zh);
        Assert.Contains("'FEMALE'", zh2.Plan.Sql);
    }

    [Fact]
    public async Task Flights_trends_and_months_in_calendar_order()
    {
        var years = await Ask("flights", "How did the number of passengers change over the years?");
        Assert.Equal(12, years.Rows.Count);
        Assert.Equal(ChartType.Line, years.Chart!.Type);
        var months = await Ask("flights", "Total passengers per month in 1955");
        Assert.Equal("January", months.Rows[0][0]);
        Assert.Equal("December", months.Rows[^1][0]);
        var series = await Ask("flights", "Show passengers over time");
        Assert.Equal(144, series.Rows.Count);
    }

    [Fact]
    public async Task Distributions_relationships_and_rows()
    {
        Assert.Equal(ChartType.Histogram, (await Ask("titanic", "年龄的分布")).Chart!.Type);
        var rel = await Ask("diamonds", "Relationship between carat and price");
        Assert.Equal(ChartType.Scatter, rel.Chart!.Type);
        Assert.Equal(0.922, N(rel.Rows[0][2]), 3);
        var top = await Ask("diamonds", "Show the 10 most expensive diamonds");
        Assert.Equal(10, top.Rows.Count);
        Assert.Equal(18823L, top.Rows[0][6]);
        Assert.Equal(ChartType.Box, (await Ask("iris", "Box plot of sepal width by species")).Chart!.Type);
        Assert.Equal(ChartType.Scatter, (await Ask("mpg", "does horsepower affect mpg")).Chart!.Type);
        var heaviest = await Ask("penguins", "3 heaviest penguins");
        Assert.Equal(3, heaviest.Rows.Count);
        Assert.Equal(6300L, heaviest.Rows[0][5]);
        var cn = await Ask("diamonds", "价格最高的10颗钻石");
        Assert.Equal(10, cn.Rows.Count);
        Assert.Equal(18823L, cn.Rows[0][6]);
    }

    [Fact]
    public async Task Monthly_revenue_uses_the_invoice_date()
    {
        var a = await Ask("chinook", "Monthly revenue trend");
        Assert.Contains("InvoiceDate", a.Plan.Sql);
        Assert.Equal(ChartType.Line, a.Chart!.Type);
    }

    [Fact]
    public async Task Groups_whose_count_or_total_passes_a_bound()
    {
        var spent = await Ask("chinook", "Which customers spent more than 45 dollars?");
        Assert.Contains("HAVING", spent.Plan.Sql);
        Assert.True(spent.Plan.Confident);
        Assert.Equal(5, spent.Rows.Count);
        Assert.Equal("Helena Holý", spent.Rows[0][0]);
        Assert.All(spent.Rows, r => Assert.True(N(r[1]) > 45));
        var albums = await Ask("chinook", "Which artists have more than 10 albums?");
        Assert.Equal(["Iron Maiden", "Led Zeppelin", "Deep Purple"], albums.Rows.Select(r => r[0]));
    }
}
