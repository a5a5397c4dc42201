using System.Text.Json;

namespace DataCharts.Core.Generation;

/// <summary>The ways <c>/api/data/generate</c> makes rows.</summary>
public enum GenerationMethod { Variation, Template, RuleBased, LlmBased }

/// <summary>
/// A checked <c>POST /api/data/generate</c> body. Unknown keys and values of the wrong kind are refused with the key named,
/// like the other data tools. The method may be left out when the body makes it plain (a template, or constraints alone).
/// </summary>
public sealed record GenerationRequest
{
    public const long MaxCount = 1_000_000;
    /// <summary>Above this many rows the API answers 202 and the job runs on.</summary>
    public const long SyncLimit = 100_000;

    public static readonly IReadOnlyList<string> Names =
        ["seed_data", "data_id", "table", "template", "generation_method", "count", "field_constraints", "variation_factor", "random_seed", "name", "async"];

    public GenerationMethod Method { get; init; }
    public long Count { get; init; } = 100;
    public int? RandomSeed { get; init; }
    public double VariationFactor { get; init; } = 0.1;
    public string? Name { get; init; }
    public bool Async { get; init; }
    public string? DataId { get; init; }
    public string? Table { get; init; }
    public JsonElement? SeedData { get; init; }
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Template { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Constraints { get; init; } = [];

    public static string MethodName(GenerationMethod m) => m switch
    {
        GenerationMethod.Variation => "variation",
        GenerationMethod.Template => "template",
        GenerationMethod.RuleBased => "rule_based",
        _ => "llm_based",
    };

    public static GenerationRequest FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw FieldRule.Bad("body", "The body must be a JSON object with generation_method, count and the method's settings.");
        foreach (var p in body.EnumerateObject())
            if (!Names.Contains(p.Name)) throw FieldRule.Bad(p.Name, $"Unknown option '{p.Name}': use {string.Join(", ", Names)}.");

        var r = new GenerationRequest
        {
            DataId = Str(body, "data_id"),
            Table = Str(body, "table"),
            Name = Str(body, "name"),
            Template = Fields(body, "template"),
            Constraints = Fields(body, "field_constraints"),
        };
        if (body.TryGetProperty("seed_data", out var seed) && seed.ValueKind != JsonValueKind.Null)
        {
            if (seed.ValueKind != JsonValueKind.Array) throw FieldRule.Bad("seed_data", "seed_data must be a list of row objects.");
            r = r with { SeedData = seed.Clone() };
        }
        if (body.TryGetProperty("async", out var a) && a.ValueKind != JsonValueKind.Null)
            r = r with { Async = a.ValueKind == JsonValueKind.True || (a.ValueKind == JsonValueKind.False ? false : throw FieldRule.Bad("async", "async must be true or false.")) };

        if (Num(body, "count") is { } count)
        {
            if (count != Math.Floor(count) || count <= 0 || count > MaxCount)
                throw FieldRule.Bad("count", $"count must be a whole number from 1 to {MaxCount:N0}, not {count}.");
            r = r with { Count = (long)count };
        }
        if (Num(body, "variation_factor") is { } f)
        {
            if (f is < 0 or > 1) throw FieldRule.Bad("variation_factor", $"variation_factor must be between 0 and 1, not {f}.");
            r = r with { VariationFactor = f };
        }
        if (Num(body, "random_seed") is { } s)
        {
            if (s != Math.Floor(s) || s < int.MinValue || s > int.MaxValue) throw FieldRule.Bad("random_seed", "random_seed must be a whole number that fits in 32 bits.");
            r = r with { RandomSeed = (int)s };
        }

        var method = Str(body, "generation_method");
        r = r with
        {
            Method = method?.Trim().ToLowerInvariant().Replace('-', '_') switch
            {
                "variation" => GenerationMethod.Variation,
                "template" => GenerationMethod.Template,
                "rule_based" or "rules" => GenerationMethod.RuleBased,
                "llm_based" or "llm" => GenerationMethod.LlmBased,
                null when r.Template.Count > 0 => GenerationMethod.Template,
                null when r.Constraints.Count > 0 && r.SeedData is null && r.DataId is null => GenerationMethod.RuleBased,
                null when r.SeedData is not null || r.DataId is not null => GenerationMethod.Variation,
                null => throw FieldRule.Bad("generation_method", "generation_method is required: variation, template, rule_based or llm_based."),
                _ => throw FieldRule.Bad("generation_method", $"Unknown generation_method '{method}': use variation, template, rule_based or llm_based."),
            },
        };
        switch (r.Method)
        {
            case GenerationMethod.Template when r.Template.Count == 0:
                throw FieldRule.Bad("template", "The template method needs a template: {\"field\": {\"type\": \"integer\", \"min\": 0, \"max\": 10}, ...}.");
            case GenerationMethod.RuleBased when r.Constraints.Count == 0:
                throw FieldRule.Bad("field_constraints", "The rule_based method needs field_constraints: {\"field\": {\"type\": \"string\", \"format\": \"email\"}, ...}.");
            case GenerationMethod.Variation when r.SeedData is null && r.DataId is null:
                throw FieldRule.Bad("seed_data", "The variation method needs rows to vary: seed_data (a list of row objects) or data_id.");
        }
        return r;
    }

    private static IReadOnlyList<KeyValuePair<string, JsonElement>> Fields(JsonElement body, string key)
    {
        if (!body.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Object) throw FieldRule.Bad(key, $"{key} must be an object of field name → spec.");
        var list = v.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone())).ToList();
        foreach (var p in list)
            if (string.IsNullOrWhiteSpace(p.Key)) throw FieldRule.Bad(key, $"{key} has a field with an empty name.");
        return list;
    }

    private static string? Str(JsonElement o, string key) =>
        !o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw FieldRule.Bad(key, $"{key} must be a string.");

    private static double? Num(JsonElement o, string key) =>
        !o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw FieldRule.Bad(key, $"{key} must be a number.");
}
