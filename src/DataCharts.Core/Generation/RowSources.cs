using System.Globalization;
using System.Text.Json;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Generation;

/// <summary>Counts generated values that broke a rule, per field and rule.</summary>
internal sealed class ViolationTally
{
    private readonly Dictionary<(string Field, string Rule), long> counts = [];

    public void Add(string field, string rule) => counts[(field, rule)] = counts.GetValueOrDefault((field, rule)) + 1;

    public IReadOnlyList<ViolationCount> ToList() => counts.Select(kv => new ViolationCount(kv.Key.Field, kv.Key.Rule, kv.Value)).ToList();
}

/// <summary>Makes the rows of one generation, one at a time, with all randomness from the given <see cref="Random"/>.</summary>
internal abstract class RowSource
{
    public abstract IReadOnlyList<DerivedColumn> Columns { get; }
    public ViolationTally Tally { get; } = new();
    public abstract object?[] Next(Random rng);
}

/// <summary>Template and rule_based rows: each column from its <see cref="FieldRule"/>, checked as it is made.</summary>
internal sealed class RuleRowSource : RowSource
{
    private const int UniqueAttempts = 200;
    private readonly FieldRule[] rules;
    private readonly HashSet<object>?[] seen;
    private readonly SparseShuffle?[] shuffles;

    public RuleRowSource(IReadOnlyList<FieldRule> rules, long count)
    {
        this.rules = [.. rules];
        seen = new HashSet<object>?[rules.Count];
        shuffles = new SparseShuffle?[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            if (!r.Unique) continue;
            if (r.DomainSize < count)
                throw FieldRule.Bad($"{r.Path}.unique", $"{r.Path} cannot be unique over {count:N0} rows: it has only {r.DomainSize:N0} possible values.");
            seen[i] = [];
            if (r.Indexable) shuffles[i] = new SparseShuffle((long)r.DomainSize);
        }
        Columns = rules.Select(r => new DerivedColumn(r.Field, r.Type)).ToList();
    }

    public override IReadOnlyList<DerivedColumn> Columns { get; }

    public override object?[] Next(Random rng)
    {
        var row = new object?[rules.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            var r = rules[i];
            if (r.NullRate > 0 && rng.NextDouble() < r.NullRate) continue;
            object value;
            if (shuffles[i] is { } shuffle) value = r.At(shuffle.Draw(rng));
            else if (seen[i] is { } set)
            {
                var attempts = 0;
                do
                {
                    if (++attempts > UniqueAttempts)
                        throw new UserFacingException($"{r.Path} ran out of unique values after {set.Count:N0} rows: widen its pattern or ask for fewer rows.", 422, "Not enough unique values") { Field = $"{r.Path}.unique" };
                    value = r.Next(rng);
                } while (set.Contains(value));
            }
            else value = r.Next(rng);
            if (r.Violation(value) is { } broken) Tally.Add(r.Field, broken);
            if (seen[i] is { } s && !s.Add(value)) Tally.Add(r.Field, "unique");
            row[i] = value;
        }
        return row;
    }

    /// <summary>Draws distinct indexes of 0..size-1 in random order without materialising the range (a lazy Fisher–Yates).</summary>
    private sealed class SparseShuffle(long size)
    {
        private readonly Dictionary<long, long> swapped = [];
        private long drawn;

        public long Draw(Random rng)
        {
            var j = drawn + rng.NextInt64(size - drawn);
            var atJ = swapped.GetValueOrDefault(j, j);
            swapped[j] = swapped.GetValueOrDefault(drawn, drawn);
            swapped.Remove(drawn);
            drawn++;
            return atJ;
        }
    }
}

/// <summary>Rows to vary: column names and types, and the rows themselves (dates as <see cref="DateOnly"/>).</summary>
internal sealed record SeedTable(IReadOnlyList<string> Names, IReadOnlyList<ColumnType> Types, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads <c>seed_data</c>: the union of the objects' keys, typed by their values (yyyy-MM-dd strings are dates).</summary>
    public static SeedTable FromJson(JsonElement seed)
    {
        if (seed.GetArrayLength() == 0) throw FieldRule.Bad("seed_data", "seed_data is empty: give at least one row object.");
        var names = new List<string>();
        var index = 0;
        foreach (var row in seed.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object) throw FieldRule.Bad($"seed_data[{index}]", $"seed_data[{index}] is not a row object.");
            foreach (var p in row.EnumerateObject())
            {
                if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    throw FieldRule.Bad($"seed_data[{index}].{p.Name}", $"seed_data[{index}].{p.Name} holds a nested value; use strings, numbers, booleans or null.");
                if (!names.Contains(p.Name)) names.Add(p.Name);
            }
            index++;
        }
        var raw = seed.EnumerateArray().Select(r => names.Select(n => r.TryGetProperty(n, out var v) && v.ValueKind != JsonValueKind.Null ? (JsonElement?)v : null).ToArray()).ToList();
        var types = new List<ColumnType>();
        for (var c = 0; c < names.Count; c++)
        {
            var values = raw.Select(r => r[c]).OfType<JsonElement>().ToList();
            types.Add(values.Count == 0 ? ColumnType.Text
                : values.All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _)) ? ColumnType.Integer
                : values.All(v => v.ValueKind == JsonValueKind.Number) ? ColumnType.Decimal
                : values.All(v => v.ValueKind is JsonValueKind.True or JsonValueKind.False) ? ColumnType.Boolean
                : values.All(v => v.ValueKind == JsonValueKind.String && IsDate(v.GetString())) ? ColumnType.Date
                : ColumnType.Text);
        }
        var rows = raw.Select(r => r.Select((v, c) => v is { } e ? Value(e, types[c]) : null).ToArray()).ToList();
        return new SeedTable(names, types, rows);
    }

    private static bool IsDate(string? s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static object Value(JsonElement e, ColumnType type) => type switch
    {
        ColumnType.Integer => e.GetInt64(),
        ColumnType.Decimal => e.GetDouble(),
        ColumnType.Boolean => e.GetBoolean(),
        ColumnType.Date => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(),
    };
}

/// <summary>
/// Variation rows: each row starts from a seed row picked at random; numbers move by up to ±variation_factor of their
/// seed value (integers stay whole), dates shift by up to the factor times the column's span, categories are drawn from
/// the column's own values with their frequencies, and nulls come at the column's null rate. Constraints may narrow
/// numbers (min/max, clamping counted as violations), categories (allowed_values) and nulls (nullable).
/// </summary>
internal sealed class VariationRowSource : RowSource
{
    private static readonly string[] ConstraintKeys = ["min", "max", "allowed_values", "nullable", "type"];
    private readonly SeedTable seed;
    private readonly double factor;
    private readonly VariationColumn[] columns;

    public VariationRowSource(SeedTable seed, double factor, IReadOnlyList<KeyValuePair<string, JsonElement>> constraints)
    {
        this.seed = seed;
        this.factor = factor;
        columns = seed.Names.Select((n, i) => new VariationColumn(n, seed.Types[i], seed.Rows.Select(r => r[i]).ToList())).ToArray();
        foreach (var (field, spec) in constraints)
        {
            var path = $"field_constraints.{field}";
            var column = columns.FirstOrDefault(c => c.Name == field)
                ?? throw FieldRule.Bad(path, $"{path}: the seed rows have no field '{field}' (they have {string.Join(", ", seed.Names)}).");
            column.Constrain(spec, path);
        }
        Columns = columns.Select(c => new DerivedColumn(c.Name, c.Type)).ToList();
    }

    public override IReadOnlyList<DerivedColumn> Columns { get; }

    public override object?[] Next(Random rng)
    {
        var from = seed.Rows[rng.Next(seed.Rows.Count)];
        var row = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++) row[i] = columns[i].Next(rng, from[i], factor, Tally);
        return row;
    }

    private sealed class VariationColumn
    {
        private object[] values;
        private readonly int spanDays;
        private readonly long spanSeconds;
        private double? min, max;

        public VariationColumn(string name, ColumnType type, IReadOnlyList<object?> all)
        {
            Name = name;
            Type = type;
            values = all.OfType<object>().ToArray();
            NullRate = all.Count == 0 ? 0 : (all.Count - values.Length) / (double)all.Count;
            if (type == ColumnType.Date && values.Length > 0) spanDays = values.Cast<DateOnly>().Max().DayNumber - values.Cast<DateOnly>().Min().DayNumber;
            if (type == ColumnType.Timestamp && values.Length > 0) spanSeconds = (long)(values.Cast<DateTime>().Max() - values.Cast<DateTime>().Min()).TotalSeconds;
        }

        public string Name { get; }
        public ColumnType Type { get; }
        public double NullRate { get; private set; }

        public void Constrain(JsonElement spec, string path)
        {
            if (spec.ValueKind != JsonValueKind.Object) throw FieldRule.Bad(path, $"{path} must be an object.");
            foreach (var p in spec.EnumerateObject())
            {
                var key = $"{path}.{p.Name}";
                if (!ConstraintKeys.Contains(p.Name))
                    throw FieldRule.Bad(key, $"{key} does not apply to variation: use {string.Join(", ", ConstraintKeys.Where(k => k != "type"))}.");
                switch (p.Name)
                {
                    case "min" or "max":
                        if (!Type.IsNumeric()) throw FieldRule.Bad(key, $"{key} applies to numbers, but '{Name}' is {Type.DisplayName()}.");
                        if (p.Value.ValueKind != JsonValueKind.Number) throw FieldRule.Bad(key, $"{key} must be a number.");
                        if (p.Name == "min") min = p.Value.GetDouble(); else max = p.Value.GetDouble();
                        if (min > max) throw FieldRule.Bad($"{path}.min", $"{path}.min ({min}) is greater than its max ({max}).");
                        break;
                    case "allowed_values":
                        if (Type.IsNumeric() || Type.IsTemporal()) throw FieldRule.Bad(key, $"{key} applies to categories, but '{Name}' is {Type.DisplayName()}.");
                        if (p.Value.ValueKind != JsonValueKind.Array) throw FieldRule.Bad(key, $"{key} must be a list of values.");
                        var allowed = p.Value.EnumerateArray().Select(v => v.ValueKind switch
                        {
                            JsonValueKind.True => (object)true,
                            JsonValueKind.False => false,
                            _ => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText(),
                        }).ToHashSet();
                        values = values.Where(allowed.Contains).ToArray();
                        if (values.Length == 0) throw FieldRule.Bad(key, $"None of the seed's values of '{Name}' is in {key}.");
                        break;
                    case "nullable":
                        NullRate = p.Value.ValueKind switch
                        {
                            JsonValueKind.False => 0,
                            JsonValueKind.True => NullRate,
                            JsonValueKind.Number when p.Value.GetDouble() is >= 0 and <= 1 => p.Value.GetDouble(),
                            _ => throw FieldRule.Bad(key, $"{key} must be true, false or a null rate between 0 and 1."),
                        };
                        break;
                }
            }
        }

        public object? Next(Random rng, object? from, double factor, ViolationTally tally)
        {
            if (NullRate > 0 && rng.NextDouble() < NullRate) return null;
            if (values.Length == 0) return null;
            var pick = values[rng.Next(values.Length)];
            switch (Type)
            {
                case ColumnType.Integer or ColumnType.Decimal:
                    var b = Convert.ToDouble(from ?? pick, CultureInfo.InvariantCulture);
                    var lo = Math.Min(b * (1 - factor), b * (1 + factor));
                    var hi = Math.Max(b * (1 - factor), b * (1 + factor));
                    var x = b * (1 + (2 * rng.NextDouble() - 1) * factor);
                    if (Type == ColumnType.Integer)
                    {
                        var (ilo, ihi) = (Math.Ceiling(lo), Math.Floor(hi));
                        x = ilo <= ihi ? Math.Clamp(Math.Round(x), ilo, ihi) : b;
                    }
                    else x = Math.Clamp(Math.Round(x, 2), lo, hi);
                    if (x < min) { tally.Add(Name, "min"); x = Type == ColumnType.Integer ? Math.Ceiling(min.Value) : min.Value; }
                    if (x > max) { tally.Add(Name, "max"); x = Type == ColumnType.Integer ? Math.Floor(max.Value) : max.Value; }
                    return Type == ColumnType.Integer ? (long)x : x;
                case ColumnType.Date:
                    var days = Math.Max(1, (int)Math.Round(factor * spanDays));
                    return ((DateOnly)(from ?? pick)).AddDays(factor == 0 ? 0 : rng.Next(-days, days + 1));
                case ColumnType.Timestamp:
                    var seconds = Math.Max(1, (long)Math.Round(factor * spanSeconds));
                    return ((DateTime)(from ?? pick)).AddSeconds(factor == 0 ? 0 : rng.NextInt64(-seconds, seconds + 1));
                default:
                    return pick;
            }
        }
    }
}
