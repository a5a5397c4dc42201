using System.Globalization;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Presentation;

/// <summary>
/// How each column of one result reads, decided once (units from the semantic model or the names, decimals and
/// percent meaning from the column's values, labels) and then applied to any cell, so a page of 20 rows costs 20
/// lookups, not 20 decisions. The result itself is untouched: downloads and the API keep raw values and names.
/// </summary>
public sealed class ResultFormat
{
    private ResultFormat(CultureInfo culture, IReadOnlyList<ResultColumn> columns, IReadOnlyList<ColumnFormat> formats, IReadOnlyList<string> labels)
    {
        Culture = culture;
        Columns = columns;
        Formats = formats;
        Labels = labels;
    }

    public CultureInfo Culture { get; }
    public IReadOnlyList<ResultColumn> Columns { get; }
    public IReadOnlyList<ColumnFormat> Formats { get; }

    /// <summary>What a person reads above each column ("Unit price"); the raw name stays in <see cref="Columns"/>.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Aggregate prefixes the planner and people put before a measure's name (total_revenue, avg_tip), to find the unit of what is aggregated.</summary>
    private static readonly string[] AggregatePrefixes = ["total", "sum", "average", "avg", "mean", "median", "min", "max", "minimum", "maximum"];

    /// <summary>Formats for <paramref name="result"/> in <paramref name="culture"/>, with units and labels from <paramref name="model"/> where it knows the columns.</summary>
    public static ResultFormat For(QueryResult result, SemanticModel? model, CultureInfo culture)
    {
        var formats = new ColumnFormat[result.Columns.Count];
        var labels = new string[result.Columns.Count];
        for (var i = 0; i < formats.Length; i++)
        {
            var column = result.Columns[i];
            var (unit, role) = model is null ? (null, null) : UnitOf(column.Name, model);
            var index = i;
            formats[i] = ColumnFormat.Decide(column, unit, result.Rows.Select(r => index < r.Length ? r[index] : null), role);
            labels[i] = ColumnLabels.For(column.Name, model);
        }
        return new ResultFormat(culture, result.Columns, formats, labels);
    }

    /// <summary>The cell at <paramref name="column"/> as a person reads it; null is the empty string.</summary>
    public string Text(int column, object? value) =>
        column >= 0 && column < Formats.Count ? ValueFormatter.Format(value, Formats[column], Culture) : value?.ToString() ?? "";

    /// <summary>The index of a column by its name (as the SQL names it), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == name) return i;
        return -1;
    }

    /// <summary>True when the column's cells are numbers (aligned right in tables).</summary>
    public bool IsNumeric(int column) =>
        column >= 0 && column < Formats.Count && Formats[column].Kind is not (ValueKind.Text or ValueKind.Boolean or ValueKind.Date or ValueKind.Timestamp);

    /// <summary>
    /// The unit the semantic model gives a result column: a measure of that name, else a dimension column of that name,
    /// each also with an aggregate prefix removed (average_unit_price is in the unit of unit_price). Null when the model
    /// does not know the column; then the name is read as the model would read it.
    /// </summary>
    public static (Unit? Unit, DimensionKind? Role) UnitOf(string name, SemanticModel model)
    {
        foreach (var candidate in Candidates(name))
        {
            if (model.MeasureNamed(candidate) is { } m) return (m.Unit, null);
            if (model.Dimensions.FirstOrDefault(d => d.Column.Equals(candidate, StringComparison.OrdinalIgnoreCase)) is { } d)
                // Only the column itself is a key or a time; an aggregate of it (max_order_id) is a number like any other.
                return (d.Unit == Unit.None ? null : d.Unit, candidate == name ? d.Kind : null);
        }
        return (null, null);
    }

    private static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        var words = Words.Split(name);
        if (words.Count > 1 && AggregatePrefixes.Contains(words[0]))
        {
            var rest = string.Join('_', words.Skip(1));
            yield return rest;
            yield return string.Concat(words.Skip(1));
        }
    }
}
