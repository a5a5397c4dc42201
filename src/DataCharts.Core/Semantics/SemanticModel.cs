namespace DataCharts.Core.Semantics;

/// <summary>
/// What a data source means, for both agents: the things its tables hold (entities), how they connect
/// (relationships with cardinality), what can be computed (measures, each at its own grain and unit) and what can
/// be grouped or filtered by (dimensions, with synonyms in English and Chinese and value aliases). Inferred on
/// import and merged with the user's edits (<see cref="ModelEdits"/>).
/// </summary>
public sealed record SemanticModel(
    IReadOnlyList<Entity> Entities,
    IReadOnlyList<Relationship> Relationships,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<Dimension> Dimensions)
{
    public static readonly SemanticModel Empty = new([], [], [], []);

    /// <summary>The user's edits that name tables, columns or measures this data does not have (kept, not applied), in words.</summary>
    public IReadOnlyList<string> NotApplied { get; init; } = [];

    public Measure? MeasureNamed(string name) => Measures.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public Entity? EntityOf(string table) => Entities.FirstOrDefault(e => e.Table.Equals(table, StringComparison.OrdinalIgnoreCase));

    public Dimension? DimensionOf(string table, string column) =>
        Dimensions.FirstOrDefault(d => d.Table.Equals(table, StringComparison.OrdinalIgnoreCase) && d.Column.Equals(column, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when joining <paramref name="from"/> to <paramref name="to"/> can repeat rows of <paramref name="from"/> (to is on the many side).</summary>
    public bool FansOut(string from, string to) =>
        Relationships.Any(r => r.ToTable.Equals(from, StringComparison.OrdinalIgnoreCase) && r.FromTable.Equals(to, StringComparison.OrdinalIgnoreCase) && !r.IsSelf);
}

/// <summary>A table seen as a thing: its key, the column that names a row, and the nouns people call it (English singular and plural, Chinese).</summary>
public sealed record Entity(string Table, string? Key, string? Display, IReadOnlyList<string> Nouns, string? Description = null)
{
    /// <summary>Given-name and family-name columns shown together when there is no single name column ("Nancy Davolio").</summary>
    public string? DisplaySecond { get; init; }
}

/// <summary>Where a relationship comes from.</summary>
public enum RelationshipSource { Declared, Inferred, User }

/// <summary>
/// Many rows of <see cref="FromTable"/> point at one row of <see cref="ToTable"/> (many-to-one) through
/// FromColumn = ToColumn. A self-reference (employee → manager) has both tables equal and a <see cref="Role"/>.
/// </summary>
public sealed record Relationship(string FromTable, string FromColumn, string ToTable, string ToColumn, RelationshipSource Source, string? Role = null)
{
    public bool IsSelf => FromTable.Equals(ToTable, StringComparison.OrdinalIgnoreCase);
    public string Cardinality => "many_to_one";
}

/// <summary>What a number counts or measures, for formatting and for conversions asked in words.</summary>
public enum Unit { None, Currency, Milliseconds, Seconds, Bytes, Percent, Grams, Kilograms, Millimetres, Centimetres, Metres, Kilometres, Count }

/// <summary>How a measure adds up across rows.</summary>
public enum MeasureAgg { Sum, Avg, Count, CountDistinct, Min, Max, Median }

/// <summary>
/// Something to compute: an aggregation of an expression over the rows of <see cref="Table"/> (its grain). The
/// expression is SQL over that table's columns, built from the app's own parser, never typed SQL.
/// </summary>
public sealed record Measure(string Name, string Label, string Table, string Expression, MeasureAgg Agg, Unit Unit, IReadOnlyList<string> Synonyms, bool Derived)
{
    /// <summary>The expression in the app's expression syntax, as the user writes and the edit file keeps it ("unit_price * quantity"); null for row counts.</summary>
    public string? Formula { get; init; }

    /// <summary>The column when the measure is one column as it is; null for derived expressions.</summary>
    public string? Column { get; init; }

    /// <summary>A ratio of two measures ("average order value" = revenue / number of orders): names of the measures divided.</summary>
    public (string Numerator, string Denominator)? Ratio { get; init; }

    public bool IsUserDefined { get; init; }
}

/// <summary>What role a column plays.</summary>
public enum DimensionKind { Category, Time, Flag, Number, Key, ForeignKey, Text }

/// <summary>A column to group or filter by, with the words people use for it and for its values.</summary>
public sealed record Dimension(string Table, string Column, string Label, DimensionKind Kind, IReadOnlyList<string> Synonyms, Unit Unit = Unit.None)
{
    /// <summary>Time grains that make sense for a time column (year, quarter, month, week, day).</summary>
    public IReadOnlyList<string> TimeGrains { get; init; } = [];

    /// <summary>Other ways to name values: "German" → "Germany", "UK" → "United Kingdom".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ValueAliases { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
