using DataCharts.Core.Agent.Llm;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Tests.Agent;

/// <summary>The semantic model as the language model reads it: complete for a small schema, bounded for a large one.</summary>
public sealed class ModelTextTests(GrainShop shop) : IClassFixture<GrainShop>
{
    [Fact]
    public void A_small_schema_is_described_whole()
    {
        var text = ModelText.Describe(shop.Schema.Model);
        Assert.Contains("orders: key order_id; name column none; called order, orders, 订单", text);
        Assert.Contains("order_lines.order_id -> orders.order_id (many-to-one, inferred)", text);
        Assert.Contains("number of orders [grain orders]: count(*)", text);
        Assert.Contains("customers.country (category)", text);
        Assert.DoesNotContain("Left out", text);
    }

    [Fact]
    public void A_large_schema_is_cut_and_says_what_was_left_out()
    {
        var entities = Enumerable.Range(0, 400).Select(i => new Entity($"table_{i}", "id", "name", [$"thing {i}", $"things {i}"])).ToList();
        var relationships = Enumerable.Range(1, 400).Select(i => new Relationship($"table_{i}", "parent_id", $"table_{i - 1}", "id", RelationshipSource.Inferred)).ToList();
        var measures = Enumerable.Range(0, 400).Select(i => new Measure($"amount {i}", $"Amount {i}", $"table_{i}", "\"amount\"", MeasureAgg.Sum, Unit.Currency, ["value"], false)).ToList();
        var dimensions = Enumerable.Range(0, 400).Select(i => new Dimension($"table_{i}", "kind", "Kind", DimensionKind.Category, ["type"])).ToList();
        var text = ModelText.Describe(new SemanticModel(entities, relationships, measures, dimensions));
        Assert.True(text.Length <= ModelText.MaxChars, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("table_0: key id; name column name", text);
        Assert.Contains("Left out to keep this short:", text);
        Assert.Contains("400 dimensions", text);
    }
}
