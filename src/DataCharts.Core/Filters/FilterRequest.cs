namespace DataCharts.Core.Filters;

/// <summary>
/// One row of the filter builder: a column, an operation and its value. <see cref="Value"/> arrives as JSON
/// (<see cref="System.Text.Json.JsonElement"/>) from the API and as text from the Data page; it is read against the
/// column's type when the filter is translated. For in_range and not_in_range it is a two-item list [min, max].
/// </summary>
public sealed record FilterCondition(string? Field, string? Operation, object? Value = null, bool? CaseSensitive = null);

/// <summary>
/// A filter over one table of a dataset (PRODUCT.md §4, <c>POST /api/data/filter</c>): conditions combined with AND or
/// OR, an optional order, a page, and optionally a name under which every matching row becomes a new dataset.
/// </summary>
public sealed record FilterRequest(
    string? DataId = null,
    IReadOnlyList<FilterCondition>? FilterConditions = null,
    string? CombineOperation = null,
    int? Limit = null,
    long? Offset = null,
    string? OrderBy = null,
    string? OrderDirection = null,
    string? Table = null,
    string? SaveAs = null);

/// <summary>The operations of the filter builder, by the names clients send.</summary>
public enum FilterOperation
{
    Equals,
    NotEquals,
    GreaterThan,
    LessThan,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    InRange,
    NotInRange,
    RegexMatch,
    IsNull,
    IsNotNull,
}

/// <summary>Names of <see cref="FilterOperation"/> as the API spells them (snake_case).</summary>
public static class FilterOperations
{
    private static readonly Dictionary<string, FilterOperation> ByName = Enum.GetValues<FilterOperation>()
        .ToDictionary(NameOf, o => o, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every operation name, in the order the builder lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<FilterOperation>().Select(NameOf).ToList();

    public static string NameOf(FilterOperation op) => string.Concat(op.ToString().Select((ch, i) =>
        char.IsUpper(ch) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    public static bool TryParse(string? name, out FilterOperation op) => ByName.TryGetValue(name?.Trim() ?? "", out op);

    /// <summary>Whether the operation reads a value (is_null and is_not_null do not).</summary>
    public static bool TakesValue(this FilterOperation op) => op is not (FilterOperation.IsNull or FilterOperation.IsNotNull);

    /// <summary>Whether the value is a [min, max] pair.</summary>
    public static bool TakesRange(this FilterOperation op) => op is FilterOperation.InRange or FilterOperation.NotInRange;

    /// <summary>Whether the operation works on the text of the column (any column type is read as text).</summary>
    public static bool IsTextual(this FilterOperation op) =>
        op is FilterOperation.Contains or FilterOperation.NotContains or FilterOperation.StartsWith or FilterOperation.EndsWith or FilterOperation.RegexMatch;
}
