using System.Collections;
using System.Globalization;
using System.Text.Json;
using DataCharts.Core.Datasets;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Filters;

/// <summary>A condition of a filter that cannot be used: the message names it (index and field) and says why (400).</summary>
public sealed class FilterConditionException(int index, string part, string message)
    : UserFacingException(message, 400, "The filter cannot be used")
{
    /// <summary>The 0-based position of the condition in <c>filter_conditions</c>.</summary>
    public int Index { get; } = index;

    /// <summary>Which part of it is wrong: field, operation or value.</summary>
    public string Part { get; } = part;
}

/// <summary>One translated condition: its SQL (values as <c>$pN</c> parameters) and, for regex_match, the pattern's parameter.</summary>
public sealed record PlannedCondition(int Index, DatasetColumnRecord Column, FilterOperation Operation, string Sql, string? PatternParameter);

/// <summary>A filter as SQL over one table: every statement the service runs, sharing one set of parameters.</summary>
public sealed record FilterPlan(
    DatasetTableRecord Table, string Source, IReadOnlyList<PlannedCondition> Conditions, string CombineOperation, string Where, string OrderBy,
    IReadOnlyDictionary<string, object?> Parameters, int Limit, long Offset)
{
    /// <summary>The page of matching rows.</summary>
    public string RowsSql => $"SELECT * FROM {Source} WHERE {Where}{OrderBy} LIMIT {Limit} OFFSET {Offset}";

    /// <summary>Every matching row, in order (a saved filter).</summary>
    public string AllRowsSql => $"SELECT * FROM {Source} WHERE {Where}{OrderBy}";

    /// <summary>One pass for the summary: all rows, rows matching each condition, rows matching the filter.</summary>
    public string CountsSql => "SELECT count(*)" + string.Concat(Conditions.Select(c => $", count(*) FILTER (WHERE {c.Sql})")) +
                               $", count(*) FILTER (WHERE {Where}) FROM {Source}";
}

/// <summary>
/// Validates a <see cref="FilterRequest"/> against a table and translates it to DuckDB SQL: identifiers come from the
/// catalog and are quoted, values are read against the column type and bound as parameters, never spliced. Errors name
/// the condition and say what is wrong.
/// </summary>
public static class FilterTranslator
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxConditions = 50;

    public static FilterPlan Translate(DatasetRecord dataset, FilterRequest request)
    {
        var table = DatasetReader.Table(dataset, string.IsNullOrWhiteSpace(request.Table) ? null : request.Table);
        var combine = (request.CombineOperation ?? "AND").Trim().ToUpperInvariant() switch
        {
            "" or "AND" => "AND",
            "OR" => "OR",
            _ => throw new UserFacingException($"Unknown combine_operation '{request.CombineOperation}': use AND or OR.") { Field = "combine_operation" },
        };
        var limit = request.Limit ?? DefaultLimit;
        if (limit is < 0 or > MaxLimit) throw new UserFacingException($"limit must be between 0 and {MaxLimit}.") { Field = "limit" };
        var offset = request.Offset ?? 0;
        if (offset < 0) throw new UserFacingException("offset must be 0 or more.") { Field = "offset" };
        var conditions = request.FilterConditions ?? [];
        if (conditions.Count > MaxConditions) throw new UserFacingException($"A filter has at most {MaxConditions} conditions.") { Field = "filter_conditions" };

        var parameters = new Dictionary<string, object?>();
        var planned = new List<PlannedCondition>(conditions.Count);
        for (var i = 0; i < conditions.Count; i++)
        {
            planned.Add(TranslateCondition(i, conditions[i] ?? new FilterCondition(null, null), table, parameters));
        }
        var where = planned.Count == 0 ? "true" : string.Join($" {combine} ", planned.Select(c => $"({c.Sql})"));
        return new FilterPlan(table, $"{Quote(dataset.Id)}.{Quote(table.Name)}", planned, combine, where, OrderBy(table, request), parameters, limit, offset);
    }

    private static string OrderBy(DatasetTableRecord table, FilterRequest request)
    {
        var direction = (request.OrderDirection ?? "asc").Trim().ToLowerInvariant() switch
        {
            "" or "asc" or "ascending" => "ASC",
            "desc" or "descending" => "DESC",
            _ => throw new UserFacingException($"Unknown order_direction '{request.OrderDirection}': use asc or desc.") { Field = "order_direction" },
        };
        if (string.IsNullOrWhiteSpace(request.OrderBy)) return "";
        var column = FindColumn(table, request.OrderBy)
                     ?? throw new UserFacingException($"order_by: table '{table.Label}' has no column '{request.OrderBy}'.") { Field = "order_by" };
        // rowid breaks ties, so pages of an ordered filter neither repeat nor skip rows.
        return $" ORDER BY {Quote(column.Name)} {direction} NULLS LAST, rowid";
    }

    private static DatasetColumnRecord? FindColumn(DatasetTableRecord table, string? field)
    {
        var f = field?.Trim() ?? "";
        return table.Columns.FirstOrDefault(c => string.Equals(c.Name, f, StringComparison.OrdinalIgnoreCase))
               ?? table.Columns.FirstOrDefault(c => string.Equals(c.Label, f, StringComparison.OrdinalIgnoreCase));
    }

    private static PlannedCondition TranslateCondition(int index, FilterCondition c, DatasetTableRecord table, Dictionary<string, object?> parameters)
    {
        var name = $"filter_conditions[{index}]";
        if (string.IsNullOrWhiteSpace(c.Field))
            throw new FilterConditionException(index, "field", $"{name}: choose a field.") { Field = name + ".field" };
        var column = FindColumn(table, c.Field)
                     ?? throw new FilterConditionException(index, "field",
                         $"{name}: unknown field '{c.Field}'; table '{table.Label}' has {string.Join(", ", table.Columns.Select(x => x.Name))}.")
                     { Field = name + ".field" };
        var label = $"{name} (field '{column.Name}')";
        if (!FilterOperations.TryParse(c.Operation, out var op))
            throw new FilterConditionException(index, "operation",
                $"{label}: unknown operation '{c.Operation}'; use one of {string.Join(", ", FilterOperations.Names)}.")
            { Field = name + ".operation" };

        var col = Quote(column.Name);
        var caseSensitive = c.CaseSensitive ?? false;
        string Bind(object? value)
        {
            var p = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[p] = value;
            return "$" + p;
        }
        FilterConditionException Bad(string why) => new(index, "value", $"{label}, {FilterOperations.NameOf(op)}: {why}") { Field = name + ".value" };

        if (!op.TakesValue())
            return new PlannedCondition(index, column, op, op == FilterOperation.IsNull ? $"{col} IS NULL" : $"{col} IS NOT NULL", null);

        var raw = Unwrap(c.Value);
        if (op.TakesRange())
        {
            if (raw is not IList { Count: 2 } pair)
                throw Bad($"needs two values [min, max], got {Describe(raw)}.");
            var min = Typed(pair[0], column, op, Bad);
            var max = Typed(pair[1], column, op, Bad);
            if (min is IComparable a && max is not null && a.GetType() == max.GetType() && a.CompareTo(max) > 0)
                throw Bad($"min {Show(pair[0])} is greater than max {Show(pair[1])}.");
            var (x, lo, hi) = Fold(col, column, caseSensitive, Bind(min), Bind(max));
            var between = $"{x} BETWEEN {lo} AND {hi}";
            return new PlannedCondition(index, column, op, op == FilterOperation.InRange ? between : $"NOT coalesce({between}, false)", null);
        }
        if (raw is IList) throw Bad($"needs one value, got a list of {((IList)raw).Count}.");
        if (raw is null) throw Bad("needs a value.");

        if (op.IsTextual())
        {
            var text = TextOf(raw);
            if (op == FilterOperation.RegexMatch && text.Length == 0) throw Bad("needs a pattern.");
            var subject = column.Type == ColumnType.Text ? col : $"CAST({col} AS VARCHAR)";
            var p = Bind(text);
            if (op == FilterOperation.RegexMatch)
                return new PlannedCondition(index, column, op, caseSensitive ? $"regexp_matches({subject}, {p})" : $"regexp_matches({subject}, {p}, 'i')", p[1..]);
            if (!caseSensitive)
            {
                subject = $"lower({subject})";
                p = $"lower({p})";
            }
            var sql = op switch
            {
                FilterOperation.Contains => $"contains({subject}, {p})",
                FilterOperation.NotContains => $"NOT coalesce(contains({subject}, {p}), false)",
                FilterOperation.StartsWith => $"starts_with({subject}, {p})",
                _ => $"suffix({subject}, {p})",
            };
            return new PlannedCondition(index, column, op, sql, null);
        }

        var value = Typed(raw, column, op, Bad);
        var (left, right, _) = Fold(col, column, caseSensitive, Bind(value), "");
        var compare = op switch
        {
            FilterOperation.Equals or FilterOperation.NotEquals => $"{left} = {right}",
            FilterOperation.GreaterThan => $"{left} > {right}",
            _ => $"{left} < {right}",
        };
        // Negations keep the rows the positive form does not match, nulls included: equals + not_equals = every row.
        return new PlannedCondition(index, column, op, op == FilterOperation.NotEquals ? $"NOT coalesce({compare}, false)" : compare, null);
    }

    /// <summary>Text columns compared case-insensitively go through lower() on both sides.</summary>
    private static (string Column, string A, string B) Fold(string col, DatasetColumnRecord column, bool caseSensitive, string a, string b) =>
        column.Type == ColumnType.Text && !caseSensitive
            ? ($"lower({col})", $"lower({a})", b.Length == 0 ? "" : $"lower({b})")
            : (col, a, b);

    /// <summary>JSON values become plain .NET values (string, long, double, bool, null, lists).</summary>
    private static object? Unwrap(object? v) => v switch
    {
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Array => e.EnumerateArray().Select(x => Unwrap(x)).ToList(),
            JsonValueKind.Object => e.GetRawText(),
            _ => null,
        },
        string or long or double or bool or null => v,
        int i => (long)i,
        float f => (double)f,
        decimal d => (double)d,
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToList(),
        _ => v,
    };

    private static string TextOf(object v) => v switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>A value read against the column's type, ready to bind; wrong types are refused with the reason.</summary>
    private static object Typed(object? raw, DatasetColumnRecord column, FilterOperation op, Func<string, FilterConditionException> bad)
    {
        raw = Unwrap(raw);
        if (raw is null) throw bad("needs a value.");
        if (raw is IList) throw bad("needs a single value, not a list.");
        var type = column.Type;
        var text = raw as string;
        var kind = type.DisplayName();
        switch (type)
        {
            case ColumnType.Integer or ColumnType.Decimal:
                if (raw is long l) return type == ColumnType.Integer ? l : (double)l;
                if (raw is double d) return d;
                if (text is not null && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var li))
                    return type == ColumnType.Integer ? li : (double)li;
                if (text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dd) && double.IsFinite(dd)) return dd;
                throw bad($"{Show(raw)} is not a number, and '{column.Name}' is a{(type == ColumnType.Integer ? "n" : "")} {kind} column.");
            case ColumnType.Boolean:
                if (raw is bool b) return b;
                switch (text?.Trim().ToLowerInvariant())
                {
                    case "true" or "1" or "yes": return true;
                    case "false" or "0" or "no": return false;
                }
                if (raw is long n and (0 or 1)) return n == 1;
                throw bad($"{Show(raw)} is not true or false, and '{column.Name}' is a boolean column.");
            case ColumnType.Date:
                if (text is not null && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
                if (text is not null && DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) && dt.TimeOfDay == TimeSpan.Zero)
                    return DateOnly.FromDateTime(dt);
                throw bad($"{Show(raw)} is not a date (yyyy-mm-dd), and '{column.Name}' is a date column.");
            case ColumnType.Timestamp:
                if (text is not null && DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts)) return ts;
                throw bad($"{Show(raw)} is not a date and time (yyyy-mm-dd hh:mm:ss), and '{column.Name}' is a timestamp column.");
            default:
                return TextOf(raw);
        }
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        string s => "'" + s + "'",
        _ => TextOf(v),
    };

    private static string Describe(object? v) => v switch
    {
        null => "nothing",
        IList l => $"{l.Count} value{(l.Count == 1 ? "" : "s")}",
        _ => "one value " + Show(v),
    };
}
