using System.Globalization;
using System.Text.Json;
using DataCharts.Core.Datasets;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Quality;

/// <summary>One declared rule of a column, translated: its name as the report says it and the SQL that is true when a cell breaks it.</summary>
public sealed record PlannedRule(string Name, string FailSql);

/// <summary>The rules of one column: the cells they check (every row with not_null, else the non-empty cells) and each rule.</summary>
public sealed record PlannedColumnRules(DatasetColumnRecord Column, bool NotNull, IReadOnlyList<PlannedRule> Rules, string? RangeValueSql, string? RangeFailSql, string RangeText);

/// <summary>
/// A validated assessment request over one table: the chosen dimensions with weights normalised to sum 1, thresholds,
/// translated rules, keys, the reference table and the timeliness column. Built by <see cref="QualityPlanner"/>; every
/// identifier comes from the catalog and is quoted, every value from the request is a parameter.
/// </summary>
public sealed record QualityPlan(
    DatasetRecord Dataset,
    DatasetTableRecord Table,
    IReadOnlyList<string> Dimensions,
    IReadOnlyDictionary<string, double> Weights,
    double OverallThreshold,
    IReadOnlyDictionary<string, double> DimensionThresholds,
    IReadOnlyList<PlannedColumnRules> Rules,
    IReadOnlyList<DatasetColumnRecord> KeyColumns,
    DatasetRecord? Reference,
    DatasetTableRecord? ReferenceTable,
    DatasetColumnRecord? TimelinessColumn,
    double? MaxAgeDays,
    IReadOnlyDictionary<string, object?> Parameters)
{
    public string Source => $"{Quote(Dataset.Id)}.{Quote(Table.Name)}";

    public bool Has(string dimension) => Dimensions.Contains(dimension);

    /// <summary>The threshold a dimension is held to: its own when declared, else the overall one.</summary>
    public double ThresholdOf(string dimension) => DimensionThresholds.TryGetValue(dimension, out var t) ? t : OverallThreshold;
}

/// <summary>Checks a <see cref="QualityRequest"/> against the dataset and turns it into a <see cref="QualityPlan"/>; errors are 400s naming the field.</summary>
public static class QualityPlanner
{
    public const double DefaultOverallThreshold = 0.8;

    /// <summary>Well-known formats for the <c>format</c> rule (RE2, whole value).</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["email"] = @"[^@\s]+@[^@\s]+\.[^@\s]+",
        ["url"] = @"(https?|ftp)://[^\s/$.?#][^\s]*",
        ["phone"] = @"\+?[0-9][0-9 ().\-/]{5,18}[0-9]",
    };

    private static readonly Dictionary<string, ColumnType> RuleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["integer"] = ColumnType.Integer,
        ["int"] = ColumnType.Integer,
        ["decimal"] = ColumnType.Decimal,
        ["number"] = ColumnType.Decimal,
        ["float"] = ColumnType.Decimal,
        ["double"] = ColumnType.Decimal,
        ["numeric"] = ColumnType.Decimal,
        ["boolean"] = ColumnType.Boolean,
        ["bool"] = ColumnType.Boolean,
        ["date"] = ColumnType.Date,
        ["timestamp"] = ColumnType.Timestamp,
        ["datetime"] = ColumnType.Timestamp,
        ["text"] = ColumnType.Text,
        ["string"] = ColumnType.Text,
    };

    public static QualityPlan Plan(DatasetRecord dataset, QualityRequest request, DatasetRecord? reference)
    {
        var table = DatasetReader.Table(dataset, string.IsNullOrWhiteSpace(request.Table) ? null : request.Table);

        var dimensions = new List<string>();
        foreach (var raw in request.Dimensions ?? QualityDimensions.All)
        {
            var d = (raw ?? "").Trim().ToLowerInvariant();
            if (!QualityDimensions.All.Contains(d))
                throw new UserFacingException($"dimensions names an unknown dimension '{raw}': use {string.Join(", ", QualityDimensions.All)}.") { Field = "dimensions" };
            if (!dimensions.Contains(d)) dimensions.Add(d);
        }
        if (dimensions.Count == 0) throw new UserFacingException("dimensions is empty: choose at least one dimension.") { Field = "dimensions" };

        var weights = Weights(request.Weights, dimensions);
        var (overall, perDimension) = Thresholds(request.ThresholdScores);

        var parameters = new Dictionary<string, object?>();
        var rules = (request.Rules ?? new Dictionary<string, ColumnRule>())
            .Select(kv => PlanRules(table, kv.Key, kv.Value ?? new ColumnRule(), parameters)).ToList();

        var keys = (request.KeyColumns ?? []).Select(k => ColumnOf(table, k, "key_columns")).DistinctBy(c => c.Name).ToList();

        DatasetTableRecord? referenceTable = null;
        if (reference is not null)
        {
            if (keys.Count == 0) throw new UserFacingException("reference_data_id needs key_columns: the columns that match rows of the two datasets.") { Field = "key_columns" };
            referenceTable = reference.Tables.FirstOrDefault(t => string.Equals(t.Name, table.Name, StringComparison.OrdinalIgnoreCase)) ?? reference.Tables.First();
            foreach (var k in keys)
            {
                if (!referenceTable.Columns.Any(c => string.Equals(c.Name, k.Name, StringComparison.OrdinalIgnoreCase)))
                    throw new UserFacingException($"The reference dataset '{reference.Name}' has no key column '{k.Name}'.") { Field = "key_columns" };
            }
        }

        DatasetColumnRecord? timeliness = null;
        if (!string.IsNullOrWhiteSpace(request.TimelinessColumn)) timeliness = ColumnOf(table, request.TimelinessColumn, "timeliness_column");
        else timeliness = table.Columns.FirstOrDefault(c => c.Type.IsTemporal());
        if (request.MaxAgeDays is { } age && (age <= 0 || double.IsNaN(age) || double.IsInfinity(age)))
            throw new UserFacingException("max_age_days must be a positive number of days.") { Field = "max_age_days" };

        return new QualityPlan(dataset, table, dimensions, weights, overall, perDimension, rules, keys, reference, referenceTable, timeliness,
            request.MaxAgeDays, parameters);
    }

    /// <summary>Equal weights by default; given weights must name every chosen dimension (and only those), be positive, and are scaled to sum 1.</summary>
    private static Dictionary<string, double> Weights(IReadOnlyDictionary<string, double>? given, List<string> dimensions)
    {
        if (given is null || given.Count == 0) return dimensions.ToDictionary(d => d, _ => 1.0 / dimensions.Count);
        var byName = new Dictionary<string, double>();
        foreach (var (key, value) in given)
        {
            var d = key.Trim().ToLowerInvariant();
            if (!QualityDimensions.All.Contains(d)) throw new UserFacingException($"weights names an unknown dimension '{key}'.") { Field = $"weights.{key}" };
            if (!dimensions.Contains(d)) throw new UserFacingException($"weights names '{d}', which is not among the chosen dimensions.") { Field = $"weights.{d}" };
            if (!(value > 0) || double.IsInfinity(value)) throw new UserFacingException($"The weight of '{d}' must be a positive number.") { Field = $"weights.{d}" };
            byName[d] = value;
        }
        var missing = dimensions.FirstOrDefault(d => !byName.ContainsKey(d));
        if (missing is not null)
            throw new UserFacingException($"weights must cover every chosen dimension: '{missing}' has no weight.") { Field = $"weights.{missing}" };
        var sum = byName.Values.Sum();
        return dimensions.ToDictionary(d => d, d => byName[d] / sum);
    }

    private static (double Overall, Dictionary<string, double> PerDimension) Thresholds(IReadOnlyDictionary<string, double>? given)
    {
        var overall = DefaultOverallThreshold;
        var per = new Dictionary<string, double>();
        foreach (var (key, value) in given ?? new Dictionary<string, double>())
        {
            var k = key.Trim().ToLowerInvariant();
            if (k != "overall" && !QualityDimensions.All.Contains(k))
                throw new UserFacingException($"threshold_scores names an unknown dimension '{key}'.") { Field = $"threshold_scores.{key}" };
            if (!(value is >= 0 and <= 1)) throw new UserFacingException($"threshold_scores.{k} must be between 0 and 1.") { Field = $"threshold_scores.{k}" };
            if (k == "overall") overall = value;
            else per[k] = value;
        }
        return (overall, per);
    }

    public static DatasetColumnRecord ColumnOf(DatasetTableRecord table, string? name, string field) =>
        table.Columns.FirstOrDefault(c => string.Equals(c.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? table.Columns.FirstOrDefault(c => string.Equals(c.Label, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UserFacingException($"{field} names an unknown column '{name}' (table '{table.Label}').") { Field = field == "rules" ? $"rules.{name}" : field };

    /// <summary>The value of a column as SQL text (trimmed for text columns).</summary>
    public static string TextOf(DatasetColumnRecord c) =>
        c.Type == ColumnType.Text ? $"trim({Quote(c.Name)})" : $"CAST({Quote(c.Name)} AS VARCHAR)";

    /// <summary>True when the cell is null or, for text, blank.</summary>
    public static string EmptySql(DatasetColumnRecord c) =>
        c.Type == ColumnType.Text ? $"({Quote(c.Name)} IS NULL OR trim({Quote(c.Name)}) = '')" : $"({Quote(c.Name)} IS NULL)";

    private static PlannedColumnRules PlanRules(DatasetTableRecord table, string columnName, ColumnRule rule, Dictionary<string, object?> parameters)
    {
        var c = ColumnOf(table, columnName, "rules");
        var field = $"rules.{columnName}";
        string P(object? v)
        {
            var n = "q" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[n] = v;
            return "$" + n;
        }
        var text = TextOf(c);
        var planned = new List<PlannedRule>();
        if (!string.IsNullOrWhiteSpace(rule.Type))
        {
            if (!RuleTypes.TryGetValue(rule.Type.Trim(), out var type))
                throw new UserFacingException($"Unknown type '{rule.Type}' in the rule of '{columnName}': use integer, decimal, boolean, date, timestamp or text.") { Field = field + ".type" };
            if (type != ColumnType.Text && type != c.Type)
                planned.Add(new PlannedRule($"type {type.DisplayName()}", $"TRY_CAST({text} AS {type.ToDuckDb()}) IS NULL"));
        }
        string? rangeValue = null, rangeFail = null;
        var rangeText = "";
        if (rule.Min is not null || rule.Max is not null)
        {
            if (rule.Min is { } lo && rule.Max is { } hi && lo > hi) throw new UserFacingException($"The rule of '{columnName}' has min above max.") { Field = field + ".min" };
            rangeValue = c.Type.IsNumeric() ? $"CAST({Quote(c.Name)} AS DOUBLE)"
                : c.Type == ColumnType.Text ? $"TRY_CAST({text} AS DOUBLE)"
                : throw new UserFacingException($"min and max need a numeric (or numbers-as-text) column; '{c.Name}' is {c.Type.DisplayName()}.") { Field = field + ".min" };
            var parts = new List<string>();
            if (rule.Min is { } min) parts.Add($"{rangeValue} < {P(min)}");
            if (rule.Max is { } max) parts.Add($"{rangeValue} > {P(max)}");
            rangeFail = "(" + string.Join(" OR ", parts) + ")";
            rangeText = rule.Min is not null && rule.Max is not null ? $"between {F(rule.Min.Value)} and {F(rule.Max.Value)}"
                : rule.Min is not null ? $"at least {F(rule.Min.Value)}" : $"at most {F(rule.Max!.Value)}";
            planned.Add(new PlannedRule(rangeText, $"coalesce({rangeFail}, false)"));
        }
        if (rule.AllowedValues is { Count: > 0 } allowed)
        {
            var names = allowed.Select(v => P(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())).ToList();
            var shown = string.Join(", ", allowed.Take(5).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()));
            planned.Add(new PlannedRule($"one of [{shown}{(allowed.Count > 5 ? ", …" : "")}]", $"{text} NOT IN ({string.Join(", ", names)})"));
        }
        if (!string.IsNullOrEmpty(rule.Pattern))
            planned.Add(new PlannedRule($"pattern {rule.Pattern}", $"NOT regexp_full_match({text}, {P(rule.Pattern)})"));
        if (!string.IsNullOrWhiteSpace(rule.Format))
        {
            if (!Formats.TryGetValue(rule.Format.Trim(), out var re))
                throw new UserFacingException($"Unknown format '{rule.Format}' in the rule of '{columnName}': use email, url or phone.") { Field = field + ".format" };
            planned.Add(new PlannedRule($"{rule.Format.Trim().ToLowerInvariant()} format", $"NOT regexp_full_match({text}, {P(re)})"));
        }
        return new PlannedColumnRules(c, rule.NotNull == true, planned, rangeValue, rangeFail, rangeText);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
