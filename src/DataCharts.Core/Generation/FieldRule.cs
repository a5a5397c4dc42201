using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Generation;

/// <summary>The value kinds a template spec or a field constraint can ask for.</summary>
public enum FieldKind { Integer, Float, String, Choice, Date, Boolean }

/// <summary>
/// How one generated column gets its values: a template spec (<c>template.&lt;field&gt;</c>) or a rule_based constraint
/// (<c>field_constraints.&lt;field&gt;</c>), parsed and checked so that every value it makes satisfies it.
/// </summary>
/// <remarks>
/// In a template, <c>pattern</c> is the simple pattern of <see cref="SimplePattern"/>; in a constraint it is a regular
/// expression (<see cref="RegexGenerator"/>). Both accept <c>nullable</c> (true = 10% nulls, or a rate 0..1) and <c>unique</c>.
/// </remarks>
public sealed class FieldRule
{
    private static readonly Regex EmailShape = new(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant);
    private static readonly Regex PhoneShape = new(@"^\+\d{1,3}(-\d{2,4}){2,3}$", RegexOptions.CultureInvariant);
    private static readonly string[] Words = ["alpha", "bravo", "delta", "echo", "kilo", "lima", "nova", "orbit", "pixel", "quartz", "river", "solar"];

    public required string Field { get; init; }
    /// <summary>Where the rule came from, for error messages: <c>template.age</c>.</summary>
    public required string Path { get; init; }
    public FieldKind Kind { get; private init; }
    public ColumnType Type { get; private init; }
    public double? Min { get; private init; }
    public double? Max { get; private init; }
    public DateOnly Start { get; private init; }
    public DateOnly End { get; private init; }
    public int Decimals { get; private init; } = 2;
    public string? SimplePatternText { get; private init; }
    public RegexGenerator? Regex { get; private init; }
    public string? Format { get; private init; }
    public IReadOnlyList<object> Values { get; private init; } = [];
    public IReadOnlyList<double>? Weights { get; private init; }
    public double P { get; private init; } = 0.5;
    public double NullRate { get; private init; }
    public bool Unique { get; private init; }

    private static readonly string[] TemplateKeys = ["type", "min", "max", "decimals", "pattern", "values", "weights", "start", "end", "p", "nullable", "null_rate", "unique", "format", "allowed_values", "choices"];

    /// <summary>
    /// The keys that list a field's allowed values: ours, the constraint spelling, and <c>choices</c>, which the
    /// predecessor's templates used for fields of type <c>choice</c> (its clients still send it).
    /// </summary>
    private static readonly string[] ValueKeys = ["values", "allowed_values", "choices"];

    /// <summary>Parses a template spec (<paramref name="regexPattern"/> false) or a field constraint (true).</summary>
    public static FieldRule Parse(string field, JsonElement spec, string path, bool regexPattern)
    {
        if (spec.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"{path} must be an object such as {{\"type\": \"integer\", \"min\": 0, \"max\": 10}}.");
        foreach (var p in spec.EnumerateObject())
            if (!TemplateKeys.Contains(p.Name)) throw Bad($"{path}.{p.Name}", $"Unknown key '{p.Name}' in {path}: use {string.Join(", ", TemplateKeys)}.");

        var typeName = Str(spec, "type", path);
        var given = ValueKeys.Where(k => spec.TryGetProperty(k, out _)).ToList();
        if (given.Count > 1) throw Bad($"{path}.{given[1]}", $"{path} has both {given[0]} and {given[1]}: keep one list of values.");
        var valuesKey = given.Count == 1 ? given[0] : "values";
        var values = given.Count == 1 ? spec.GetProperty(valuesKey) : default;
        var format = Str(spec, "format", path)?.ToLowerInvariant();
        var pattern = Str(spec, "pattern", path);
        var kind = typeName?.Trim().ToLowerInvariant() switch
        {
            "integer" or "int" => FieldKind.Integer,
            "float" or "decimal" or "double" or "number" => FieldKind.Float,
            "string" or "text" => FieldKind.String,
            "choice" or "category" => FieldKind.Choice,
            "date" => FieldKind.Date,
            "boolean" or "bool" => FieldKind.Boolean,
            null when values.ValueKind != JsonValueKind.Undefined => FieldKind.Choice,
            null when format is not null || pattern is not null => FieldKind.String,
            null => throw Bad($"{path}.type", $"{path} needs a type: integer, float, string, choice, date or boolean."),
            _ => throw Bad($"{path}.type", $"Unknown type '{typeName}' in {path}.type: use integer, float, string, choice, date or boolean."),
        };

        var nullRate = 0.0;
        if (spec.TryGetProperty("nullable", out var nb) || spec.TryGetProperty("null_rate", out nb))
        {
            nullRate = nb.ValueKind switch
            {
                JsonValueKind.True => 0.1,
                JsonValueKind.False or JsonValueKind.Null => 0,
                JsonValueKind.Number when nb.GetDouble() is >= 0 and <= 1 => nb.GetDouble(),
                _ => throw Bad($"{path}.nullable", $"{path}.nullable must be true, false or a null rate between 0 and 1."),
            };
        }
        var unique = spec.TryGetProperty("unique", out var u) && (u.ValueKind == JsonValueKind.True ? true
            : u.ValueKind is JsonValueKind.False or JsonValueKind.Null ? false : throw Bad($"{path}.unique", $"{path}.unique must be true or false."));

        var rule = new FieldRule { Field = field, Path = path, Kind = kind, NullRate = nullRate, Unique = unique, Type = ColumnType.Text };
        if (format is not null && kind != FieldKind.String) throw Bad($"{path}.format", $"{path}.format applies to strings only.");
        if (format is not null && format is not ("email" or "url" or "phone")) throw Bad($"{path}.format", $"Unknown format '{format}' in {path}.format: use email, url or phone.");
        if (format is not null && pattern is not null) throw Bad($"{path}.pattern", $"{path} has both a format and a pattern: keep one.");

        // A list of allowed values turns any type into a choice among them, typed like the field.
        if (values.ValueKind != JsonValueKind.Undefined)
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
                throw Bad($"{path}.{valuesKey}", $"{path}.{valuesKey} must be a non-empty list of values.");
            var list = new List<object>();
            foreach (var item in values.EnumerateArray())
                list.Add(item.ValueKind switch
                {
                    JsonValueKind.String => kind == FieldKind.Date ? ParseDate(item.GetString(), $"{path}.{valuesKey}") : item.GetString()!,
                    JsonValueKind.Number => item.TryGetInt64(out var l) && kind != FieldKind.Float ? (object)l : item.GetDouble(), // (object): a bare ternary would widen l to double
                    JsonValueKind.True or JsonValueKind.False => item.GetBoolean(),
                    _ => throw Bad($"{path}.{valuesKey}", $"{path}.{valuesKey} may hold strings, numbers and booleans only."),
                });
            IReadOnlyList<double>? weights = null;
            if (spec.TryGetProperty("weights", out var w))
            {
                if (w.ValueKind != JsonValueKind.Array || w.GetArrayLength() != list.Count || w.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || x.GetDouble() < 0))
                    throw Bad($"{path}.weights", $"{path}.weights must be {list.Count} non-negative numbers, one per value.");
                weights = w.EnumerateArray().Select(x => x.GetDouble()).ToList();
                if (weights.Sum() <= 0) throw Bad($"{path}.weights", $"{path}.weights must not all be zero.");
            }
            var type = list.All(x => x is long) ? ColumnType.Integer
                : list.All(x => x is long or double) ? ColumnType.Decimal
                : list.All(x => x is bool) ? ColumnType.Boolean
                : list.All(x => x is DateOnly) ? ColumnType.Date
                : ColumnType.Text;
            if (type == ColumnType.Decimal) list = list.Select(x => (object)Convert.ToDouble(x, CultureInfo.InvariantCulture)).ToList();
            if (type == ColumnType.Text) list = list.Select(x => (object)Convert.ToString(x, CultureInfo.InvariantCulture)!).ToList();
            if (unique && list.Distinct().Count() < list.Count) throw Bad($"{path}.{valuesKey}", $"{path}.{valuesKey} repeats a value, so it cannot be unique.");
            return new FieldRule { Field = field, Path = path, Kind = FieldKind.Choice, Type = type, Values = list, Weights = weights, NullRate = nullRate, Unique = unique };
        }
        if (kind == FieldKind.Choice) throw Bad($"{path}.values", $"{path} is a choice but has no values: add \"values\": [..] (or \"choices\").");

        switch (kind)
        {
            case FieldKind.Integer:
            case FieldKind.Float:
                {
                    var min = Num(spec, "min", path);
                    var max = Num(spec, "max", path);
                    if (min is not null && max is not null && min > max) throw Bad($"{path}.min", $"{path}.min ({min}) is greater than its max ({max}).");
                    var lo = min ?? (max is { } m ? m - 100 : 0);
                    var hi = max ?? lo + (kind == FieldKind.Integer ? 100 : 1000);
                    if (Math.Abs(lo) > 1e15 || Math.Abs(hi) > 1e15) throw Bad($"{path}.max", $"{path} ranges beyond ±1e15.");
                    var decimals = (int)(Num(spec, "decimals", path) ?? 2);
                    if (decimals is < 0 or > 10) throw Bad($"{path}.decimals", $"{path}.decimals must be between 0 and 10.");
                    if (kind == FieldKind.Integer)
                    {
                        lo = Math.Ceiling(lo);
                        hi = Math.Floor(hi);
                        if (lo > hi) throw Bad($"{path}.min", $"{path} holds no integer between its min and max.");
                    }
                    return new FieldRule
                    {
                        Field = field,
                        Path = path,
                        Kind = kind,
                        Type = kind == FieldKind.Integer ? ColumnType.Integer : ColumnType.Decimal,
                        Min = lo,
                        Max = hi,
                        Decimals = decimals,
                        NullRate = nullRate,
                        Unique = unique,
                    };
                }
            case FieldKind.Date:
                {
                    var start = DateOf(spec, "start", path) ?? DateOf(spec, "min", path) ?? new DateOnly(2020, 1, 1);
                    var end = DateOf(spec, "end", path) ?? DateOf(spec, "max", path) ?? new DateOnly(2024, 12, 31);
                    if (start > end) throw Bad($"{path}.start", $"{path} starts ({start:yyyy-MM-dd}) after it ends ({end:yyyy-MM-dd}).");
                    return new FieldRule { Field = field, Path = path, Kind = kind, Type = ColumnType.Date, Start = start, End = end, NullRate = nullRate, Unique = unique };
                }
            case FieldKind.Boolean:
                {
                    var p = Num(spec, "p", path) ?? 0.5;
                    if (p is < 0 or > 1) throw Bad($"{path}.p", $"{path}.p must be a probability between 0 and 1.");
                    return new FieldRule { Field = field, Path = path, Kind = kind, Type = ColumnType.Boolean, P = p, NullRate = nullRate, Unique = unique };
                }
            default:
                {
                    var min = Num(spec, "min", path);
                    var max = Num(spec, "max", path);
                    if (min is not null && max is not null && min > max) throw Bad($"{path}.min", $"{path}.min ({min}) is greater than its max ({max}).");
                    if (min < 0 || max > 1000) throw Bad($"{path}.max", $"{path}: the length of a string must be between 0 and 1000.");
                    var lo = min ?? Math.Min(6, max ?? 6);
                    var hi = max ?? Math.Max(lo, 10);
                    return new FieldRule
                    {
                        Field = field,
                        Path = path,
                        Kind = kind,
                        Type = ColumnType.Text,
                        Min = lo,
                        Max = hi,
                        Format = format,
                        NullRate = nullRate,
                        Unique = unique,
                        SimplePatternText = regexPattern ? null : pattern,
                        Regex = regexPattern && pattern is not null ? new RegexGenerator(pattern, $"{path}.pattern") : null,
                    };
                }
        }
    }

    /// <summary>How many distinct values the rule can give; <c>double.PositiveInfinity</c> when too many to matter.</summary>
    public double DomainSize => Kind switch
    {
        FieldKind.Integer => Max!.Value - Min!.Value + 1,
        FieldKind.Float => Math.Round((Max!.Value - Min!.Value) * Math.Pow(10, Decimals)) + 1,
        FieldKind.Choice => Values.Count,
        FieldKind.Date => End.DayNumber - Start.DayNumber + 1,
        FieldKind.Boolean => 2,
        _ when SimplePatternText is not null => SimplePattern.DomainSize(SimplePatternText),
        _ => double.PositiveInfinity,
    };

    /// <summary>Whether the unique values come from an index into the domain (finite kinds) rather than by retrying.</summary>
    public bool Indexable => Kind is FieldKind.Integer or FieldKind.Float or FieldKind.Choice or FieldKind.Date or FieldKind.Boolean;

    /// <summary>The value at <paramref name="index"/> of the domain (for unique values of finite kinds).</summary>
    public object At(long index) => Kind switch
    {
        FieldKind.Integer => (long)Min!.Value + index,
        FieldKind.Float => Math.Round(Min!.Value + index / Math.Pow(10, Decimals), Decimals),
        FieldKind.Choice => Values[(int)index],
        FieldKind.Date => Start.AddDays((int)index),
        _ => index == 1,
    };

    /// <summary>One value (never null: nulls are decided by the caller).</summary>
    public object Next(Random rng)
    {
        switch (Kind)
        {
            case FieldKind.Integer: return rng.NextInt64((long)Min!.Value, (long)Max!.Value + 1);
            case FieldKind.Float:
                var x = Math.Round(Min!.Value + rng.NextDouble() * (Max!.Value - Min.Value), Decimals);
                return Math.Clamp(x, Min.Value, Max.Value);
            case FieldKind.Date: return Start.AddDays(rng.Next(End.DayNumber - Start.DayNumber + 1));
            case FieldKind.Boolean: return rng.NextDouble() < P;
            case FieldKind.Choice:
                if (Weights is null) return Values[rng.Next(Values.Count)];
                var target = rng.NextDouble() * Weights.Sum();
                for (var i = 0; i < Values.Count; i++)
                {
                    target -= Weights[i];
                    if (target < 0 && Weights[i] > 0) return Values[i];
                }
                return Values[Enumerable.Range(0, Values.Count).Last(i => Weights[i] > 0)];
        }
        if (SimplePatternText is not null) return SimplePattern.Next(SimplePatternText, rng);
        if (Regex is not null) return Regex.Next(rng);
        return Format switch
        {
            "email" => $"user{rng.Next(1, 100_000_000)}@example.com",
            "url" => $"https://www.example.com/{Words[rng.Next(Words.Length)]}/{rng.Next(1, 10_000_000)}",
            "phone" => $"+1-555-{rng.Next(1000):000}-{rng.Next(10000):0000}",
            _ => Letters(rng, (int)Min!.Value + rng.Next((int)Max!.Value - (int)Min.Value + 1)),
        };
    }

    /// <summary>The name of the first rule <paramref name="value"/> breaks, or null when it satisfies them all.</summary>
    public string? Violation(object value)
    {
        switch (Kind)
        {
            case FieldKind.Integer or FieldKind.Float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return d < Min ? "min" : d > Max ? "max" : null;
            case FieldKind.Date:
                var day = (DateOnly)value;
                return day < Start ? "min" : day > End ? "max" : null;
            case FieldKind.Choice: return Values.Contains(value) ? null : "allowed_values";
            case FieldKind.String:
                var s = (string)value;
                if (SimplePatternText is not null) return SimplePattern.ToRegex(SimplePatternText).IsMatch(s) ? null : "pattern";
                if (Regex is not null) return Regex.Matcher.IsMatch(s) ? null : "pattern";
                return Format switch
                {
                    "email" => EmailShape.IsMatch(s) ? null : "format",
                    "phone" => PhoneShape.IsMatch(s) ? null : "format",
                    "url" => Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : "format",
                    _ => s.Length < Min || s.Length > Max ? "length" : null,
                };
            default: return null;
        }
    }

    private static string Letters(Random rng, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)('a' + rng.Next(26));
        return new string(chars);
    }

    internal static UserFacingException Bad(string field, string message) => new(message) { Field = field };

    private static string? Str(JsonElement o, string key, string path) =>
        !o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw Bad($"{path}.{key}", $"{path}.{key} must be a string.");

    private static double? Num(JsonElement o, string key, string path) =>
        !o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Bad($"{path}.{key}", $"{path}.{key} must be a number.");

    private static DateOnly? DateOf(JsonElement o, string key, string path) =>
        Str(o, key, path) is { } s ? ParseDate(s, $"{path}.{key}") : null;

    private static DateOnly ParseDate(string? s, string field) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw Bad(field, $"{field} must be a date written yyyy-MM-dd, not '{s}'.");
}
