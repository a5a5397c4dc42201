using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Generation;

namespace DataCharts.Core.Tests.Generation;

/// <summary>How a model's reply is read for llm_based generation: only JSON rows, each value coerced and checked.</summary>
public sealed class LlmRowsTests
{
    private static LlmColumn Ruled(string field, string spec, bool regex = false)
    {
        using var doc = JsonDocument.Parse(spec);
        var rule = FieldRule.Parse(field, doc.RootElement.Clone(), $"template.{field}", regex);
        return new LlmColumn(field, rule.Type, rule);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("""{"rows": [{"a": 1}, {"a": 2}]}""", 2)]
    [InlineData("  ```json\n{\"rows\": [{\"a\": 1}]}\n```  ", 1)]
    [InlineData("```\n{\"rows\": []}\n```", 0)]
    public void A_json_object_with_a_rows_list_is_read_even_inside_a_code_fence(string reply, int rows) =>
        Assert.Equal(rows, LlmRows.ReadRows(reply)!.Count);

    [Theory]
    [InlineData("Here are your rows: a=1, a=2")]
    [InlineData("""[{"a": 1}]""")]
    [InlineData("""{"data": [{"a": 1}]}""")]
    [InlineData("""{"rows": {"a": 1}}""")]
    [InlineData("""{"rows": [{"a": 1}""")]
    [InlineData("```json\n{\"rows\": []}")]
    [InlineData("")]
    public void Anything_else_is_not_rows(string reply) => Assert.Null(LlmRows.ReadRows(reply));

    [Theory]
    [InlineData("4", 4L, null)]
    [InlineData("\"4\"", 4L, null)]
    [InlineData("3.0", 3L, null)]
    [InlineData("3.5", null, "type")]
    [InlineData("\"four\"", null, "type")]
    [InlineData("12", null, "max")]
    [InlineData("0", null, "min")]
    [InlineData("null", null, "nullable")]
    public void Integers_are_coerced_and_checked_against_their_range(string json, object? expected, string? broken)
    {
        var rule = LlmRows.Coerce(Json(json), Ruled("qty", """{"type": "integer", "min": 1, "max": 9}"""), out var value);
        Assert.Equal(broken, rule);
        if (broken is null) Assert.Equal(expected, value);
    }

    [Fact]
    public void Other_types_are_coerced_or_named_as_broken()
    {
        Assert.Null(LlmRows.Coerce(Json("\"2.5\""), Ruled("p", """{"type": "float", "min": 0, "max": 5, "decimals": 1}"""), out var p));
        Assert.Equal(2.5, p);
        Assert.Null(LlmRows.Coerce(Json("\"2024-02-29\""), Ruled("d", """{"type": "date"}"""), out var d));
        Assert.Equal(new DateOnly(2024, 2, 29), d);
        Assert.Equal("type", LlmRows.Coerce(Json("\"29/02/2024\""), Ruled("d", """{"type": "date"}"""), out _));
        Assert.Null(LlmRows.Coerce(Json("\"FALSE\""), Ruled("b", """{"type": "boolean"}"""), out var b));
        Assert.Equal(false, b);
        Assert.Equal("format", LlmRows.Coerce(Json("\"bob at example\""), Ruled("e", """{"type": "string", "format": "email"}"""), out _));
        Assert.Equal("pattern", LlmRows.Coerce(Json("\"AB-1\""), Ruled("s", """{"type": "string", "pattern": "AB-##"}"""), out _));
        Assert.Equal("pattern", LlmRows.Coerce(Json("\"x9\""), Ruled("s", """{"type": "string", "pattern": "[a-f][0-9]"}""", regex: true), out _));
        Assert.Equal("allowed_values", LlmRows.Coerce(Json("\"bronze\""), Ruled("t", """{"allowed_values": ["gold", "silver"]}"""), out _));
        Assert.Null(LlmRows.Coerce(Json("null"), Ruled("t", """{"allowed_values": ["gold"], "nullable": true}"""), out _));
        Assert.Equal("type", LlmRows.Coerce(Json("{\"x\": 1}"), new LlmColumn("free", ColumnType.Text, null), out _));
        Assert.Null(LlmRows.Coerce(Json("42"), new LlmColumn("free", ColumnType.Text, null), out var text));
        Assert.Equal("42", text);
    }

    [Fact]
    public void A_repeated_unique_value_drops_its_row_but_a_dropped_row_does_not_use_up_its_value()
    {
        var columns = new[] { Ruled("id", """{"type": "integer", "min": 1, "max": 100, "unique": true}"""), Ruled("qty", """{"type": "integer", "min": 1, "max": 9}""") };
        var used = new HashSet<object>?[] { [], null };
        var tally = new ViolationTally();
        Assert.NotNull(LlmRows.Accept(Json("""{"id": 1, "qty": 2}"""), columns, used, tally));
        Assert.Null(LlmRows.Accept(Json("""{"id": 1, "qty": 3}"""), columns, used, tally));
        Assert.Null(LlmRows.Accept(Json("""{"id": 2, "qty": 99}"""), columns, used, tally));
        Assert.Equal([2L, 4L], LlmRows.Accept(Json("""{"id": 2, "qty": 4, "extra": "ignored"}"""), columns, used, tally)!);
        Assert.Equal(["id:unique:1", "qty:max:1"], tally.ToList().Select(v => $"{v.Field}:{v.Rule}:{v.Count}").Order());
    }
}
