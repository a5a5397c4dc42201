using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataCharts.Core.Generation;

/// <summary>What <c>/api/data/generate</c> answers (and what its job returns): the new dataset, its stats and the seed that made it.</summary>
public sealed record GenerationResult(string DataId, string Name, long Count, GenerationStats Stats, int SeedUsed, string GenerationMethod)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static GenerationResult FromJson(string json) => JsonSerializer.Deserialize<GenerationResult>(json, Json)!;
}

/// <summary>Per-column statistics of the generated table, and the values that broke a rule while generating.</summary>
public sealed record GenerationStats(IReadOnlyDictionary<string, ColumnStats> Columns, long SchemaViolations, IReadOnlyList<ViolationCount> Violations);

/// <summary>One column's statistics, from one aggregate query over the new table.</summary>
public sealed record ColumnStats(
    string Type, long Nulls, double NullRate, object? Min, object? Max,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean,
    long Distinct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TopValue>? TopValues);

/// <summary>A frequent value and how many rows hold it.</summary>
public sealed record TopValue(object? Value, long Count);

/// <summary>How many generated values broke one rule of one field (for variation: numbers clamped into min/max).</summary>
public sealed record ViolationCount(string Field, string Rule, long Count);
