using DataCharts.Core.Presentation;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Tests.Presentation;

public sealed class ColumnLabelsTests
{
    [Theory]
    [InlineData("unit_price", "Unit price")]
    [InlineData("avg_tip", "Avg tip")]
    [InlineData("UnitPrice", "Unit price")]
    [InlineData("customerID", "Customer ID")]
    [InlineData("order_id", "Order ID")]
    [InlineData("total_revenue", "Total revenue")]
    [InlineData("percent_of_total_revenue", "Percent of total revenue")]
    [InlineData("price_usd", "Price USD")]
    [InlineData("count", "Count")]
    [InlineData("Total Revenue", "Total revenue")]
    [InlineData("销售额", "销售额")]
    [InlineData("销售额_2024", "销售额2024")]
    [InlineData("(*)", "(*)")]
    public void Labels_are_the_names_words_in_sentence_case(string name, string label) => Assert.Equal(label, ColumnLabels.FromName(name));

    [Fact]
    public void The_semantic_models_labels_win()
    {
        var model = new SemanticModel([], [], [new Measure("aov", "Average order value", "orders", "x", MeasureAgg.Avg, Unit.Currency, [], true)],
            [new Dimension("orders", "ship_cntry", "Ship country", DimensionKind.Category, [])]);
        Assert.Equal("Average order value", ColumnLabels.For("aov", model));
        Assert.Equal("Ship country", ColumnLabels.For("ship_cntry", model));
        Assert.Equal("Unit price", ColumnLabels.For("unit_price", model));
    }
}
