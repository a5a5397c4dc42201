using System.Globalization;
using System.Text.Json;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Processing;

/// <summary>How a column's missing values are filled: with a given value, or with a statistic of the column.</summary>
public enum FillStrategy { Value, Mean, Median, Mode, Zero, Empty }

/// <summary>One fill rule: a strategy, and for <see cref="FillStrategy.Value"/> the value (long, double, bool or string).</summary>
public sealed record FillRule(FillStrategy Strategy, object? Value = null)
{
    public static FillRule Of(object value) => new(FillStrategy.Value, value);

    public string Describe() => Strategy == FillStrategy.Value
        ? "'" + Convert.ToString(Value, CultureInfo.InvariantCulture) + "'"
        : Strategy.ToString().ToLowerInvariant();
}

/// <summary>
/// The clean-up steps of <c>/api/data/process</c>. They run in this order: trim whitespace, drop empty rows, cast types,
/// fill nulls, remove duplicates (so a fill sees cast values, and duplicates are found on the cleaned values).
/// </summary>
public sealed record PreprocessOptions
{
    public bool TrimWhitespace { get; init; }
    public bool DropEmptyRows { get; init; }
    public bool RemoveDuplicates { get; init; }
    /// <summary>Key columns for <see cref="RemoveDuplicates"/>; empty means whole rows.</summary>
    public IReadOnlyList<string> DedupeColumns { get; init; } = [];
    /// <summary>Column name (or <c>*</c> for every column the rule fits) → rule.</summary>
    public IReadOnlyDictionary<string, FillRule> FillNulls { get; init; } = new Dictionary<string, FillRule>();
    public IReadOnlyDictionary<string, ColumnType> CastTypes { get; init; } = new Dictionary<string, ColumnType>();

    public bool IsEmpty => !TrimWhitespace && !DropEmptyRows && !RemoveDuplicates && FillNulls.Count == 0 && CastTypes.Count == 0;

    public static readonly IReadOnlyList<string> Names = ["trim_whitespace", "drop_empty_rows", "remove_duplicates", "dedupe_columns", "fill_nulls", "cast_types"];

    /// <summary>The type names a cast accepts (with a few common aliases).</summary>
    public static ColumnType ParseType(string? name, string field) => name?.Trim().ToLowerInvariant() switch
    {
        "integer" or "int" or "bigint" => ColumnType.Integer,
        "decimal" or "double" or "float" or "number" or "numeric" => ColumnType.Decimal,
        "text" or "string" or "varchar" => ColumnType.Text,
        "date" => ColumnType.Date,
        "timestamp" or "datetime" => ColumnType.Timestamp,
        "boolean" or "bool" => ColumnType.Boolean,
        _ => throw new UserFacingException($"Unknown type '{name}' in {field}: use integer, decimal, text, date, timestamp or boolean.") { Field = field },
    };

    /// <summary>A fill rule from its text: a strategy word (mean, median, mode, zero, empty) or else the value itself.</summary>
    public static FillRule ParseFill(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mean" => new(FillStrategy.Mean),
        "median" => new(FillStrategy.Median),
        "mode" => new(FillStrategy.Mode),
        "zero" => new(FillStrategy.Zero),
        "empty" => new(FillStrategy.Empty),
        _ => FillRule.Of(text),
    };

    /// <summary>
    /// Reads the JSON of <c>preprocess_options</c>. Unknown options and values of the wrong kind are refused with the
    /// option named. In <c>fill_nulls</c> a string that is a strategy word is the strategy; to fill with that word itself
    /// write <c>{"value": "mean"}</c> (and <c>{"strategy": "mean"}</c> is the explicit form of a strategy).
    /// </summary>
    public static PreprocessOptions FromJson(JsonElement json, string path = "preprocess_options")
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new UserFacingException($"{path} must be an object with any of: {string.Join(", ", Names)}.") { Field = path };
        var o = new PreprocessOptions();
        foreach (var p in json.EnumerateObject())
        {
            var field = $"{path}.{p.Name}";
            o = p.Name switch
            {
                "trim_whitespace" => o with { TrimWhitespace = Bool(p.Value, field) },
                "drop_empty_rows" => o with { DropEmptyRows = Bool(p.Value, field) },
                "remove_duplicates" => o with { RemoveDuplicates = Bool(p.Value, field) },
                "dedupe_columns" => o with { DedupeColumns = Strings(p.Value, field) },
                "fill_nulls" => o with { FillNulls = Fills(p.Value, field) },
                "cast_types" => o with { CastTypes = Casts(p.Value, field) },
                _ => throw new UserFacingException($"Unknown option '{p.Name}' in {path}: use {string.Join(", ", Names)}.") { Field = field },
            };
        }
        return o;
    }

    private static bool Bool(JsonElement v, string field) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        _ => throw new UserFacingException($"{field} must be true or false.") { Field = field },
    };

    private static List<string> Strings(JsonElement v, string field)
    {
        if (v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw new UserFacingException($"{field} must be a list of column names.") { Field = field };
        return v.EnumerateArray().Select(x => x.GetString()!).ToList();
    }

    private static Dictionary<string, FillRule> Fills(JsonElement v, string field)
    {
        var rules = new Dictionary<string, FillRule>(StringComparer.OrdinalIgnoreCase);
        if (v.ValueKind == JsonValueKind.Null) return rules;
        if (v.ValueKind != JsonValueKind.Object)
            throw new UserFacingException($"{field} must be an object of column → value or strategy (mean, median, mode, zero, empty); \"*\" means every column.") { Field = field };
        foreach (var p in v.EnumerateObject()) rules[p.Name] = Fill(p.Value, $"{field}.{p.Name}");
        return rules;
    }

    private static FillRule Fill(JsonElement v, string field)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.String: return ParseFill(v.GetString()!);
            case JsonValueKind.True: return FillRule.Of(true);
            case JsonValueKind.False: return FillRule.Of(false);
            case JsonValueKind.Number: return FillRule.Of(v.TryGetInt64(out var l) ? l : v.GetDouble());
            case JsonValueKind.Object:
                var props = v.EnumerateObject().ToList();
                if (props.Count == 1 && props[0].Name == "value" && props[0].Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
                    return props[0].Value.ValueKind == JsonValueKind.String ? FillRule.Of(props[0].Value.GetString()!) : Fill(props[0].Value, field);
                if (props.Count == 1 && props[0].Name == "strategy" && props[0].Value.ValueKind == JsonValueKind.String
                    && ParseFill(props[0].Value.GetString()!) is { Strategy: not FillStrategy.Value } rule)
                    return rule;
                break;
        }
        throw new UserFacingException($"{field} must be a value, a strategy (mean, median, mode, zero, empty), {{\"value\": …}} or {{\"strategy\": …}}.") { Field = field };
    }

    private static Dictionary<string, ColumnType> Casts(JsonElement v, string field)
    {
        var casts = new Dictionary<string, ColumnType>(StringComparer.OrdinalIgnoreCase);
        if (v.ValueKind == JsonValueKind.Null) return casts;
        if (v.ValueKind != JsonValueKind.Object)
            throw new UserFacingException($"{field} must be an object of column → type (integer, decimal, text, date, timestamp, boolean).") { Field = field };
        foreach (var p in v.EnumerateObject())
            casts[p.Name] = ParseType(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString(), $"{field}.{p.Name}");
        return casts;
    }
}

/// <summary>The body of <c>POST /api/data/process</c>.</summary>
public sealed record ProcessRequest(string DataId, string? Table, string? Name, PreprocessOptions Options)
{
    private static readonly string[] Known = ["data_id", "table", "name", "preprocess_options"];

    /// <summary>Reads the request JSON; unknown fields are refused by name.</summary>
    public static ProcessRequest FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new UserFacingException("Send a JSON object with data_id and preprocess_options.");
        foreach (var p in json.EnumerateObject())
            if (!Known.Contains(p.Name))
                throw new UserFacingException($"Unknown field '{p.Name}': use {string.Join(", ", Known)}.") { Field = p.Name };
        string? Text(string name)
        {
            if (!json.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new UserFacingException($"{name} must be a string.") { Field = name };
        }
        var dataId = Text("data_id");
        if (string.IsNullOrWhiteSpace(dataId)) throw new UserFacingException("data_id is required: the dataset to clean up.") { Field = "data_id" };
        if (!json.TryGetProperty("preprocess_options", out var options))
            throw new UserFacingException($"preprocess_options is required: any of {string.Join(", ", PreprocessOptions.Names)}.") { Field = "preprocess_options" };
        return new ProcessRequest(dataId, Text("table"), Text("name"), PreprocessOptions.FromJson(options));
    }
}
