using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Presentation;

/// <summary>Which way a figure moved from the previous period.</summary>
public enum KpiDirection { Flat, Up, Down }

/// <summary>A figure against the same figure of the previous period: the change and the percent change (none when the previous value is zero).</summary>
public sealed record KpiChange(double Current, double Previous)
{
    public double Change => Current - Previous;

    /// <summary>The change as a percent of the previous value's size; null when that is zero (no percent of nothing).</summary>
    public double? Percent => Previous == 0 ? null : Change / Math.Abs(Previous) * 100;

    public KpiDirection Direction => Math.Abs(Change) < 1e-9 * Math.Max(1, Math.Abs(Previous)) ? KpiDirection.Flat : Change > 0 ? KpiDirection.Up : KpiDirection.Down;
}

/// <summary>The previous period's values of a single-value answer, from its own guarded query (<see cref="Sql"/>), and both periods in words.</summary>
public sealed record KpiPrevious(string CurrentPeriod, string PreviousPeriod, IReadOnlyList<object?> Values, string Sql);

/// <summary>One number of a card: the column (as the SQL names it), its label, the raw value and the value as people read it.</summary>
public sealed record KpiFigure(string Column, string Label, object? Value, string Text)
{
    /// <summary>The comparison with the previous period, when one was computed and both values are numbers.</summary>
    public KpiChange? Change { get; init; }

    /// <summary>The previous period's value as people read it.</summary>
    public string? PreviousText { get; init; }

    /// <summary>The change as people read it, signed ("+$1,234.50", "−3"); for percentages in points ("+1.2 pts").</summary>
    public string? ChangeText { get; init; }

    /// <summary>The percent change, signed ("+12.3%"); null when the previous value was zero.</summary>
    public string? PercentText { get; init; }
}

/// <summary>A single-value answer shown as a card: the big numbers with their labels, and the periods compared when there was a comparison.</summary>
public sealed record KpiCard(IReadOnlyList<KpiFigure> Figures, string? CurrentPeriod, string? PreviousPeriod)
{
    /// <summary>The SQL that computed the previous period, shown with the card so the figure can be checked.</summary>
    public string? PreviousSql { get; init; }
}

/// <summary>When a result is a KPI card, and the card's numbers and comparison.</summary>
public static class Kpi
{
    /// <summary>A row of more numbers than this is a table, not a card.</summary>
    public const int MaxFigures = 4;

    /// <summary>One row of one to <see cref="MaxFigures"/> numbers, none of them an identifier or a year.</summary>
    public static bool IsCard(QueryResult result, ResultFormat format) =>
        result.Rows.Count == 1 && result.Columns.Count is >= 1 and <= MaxFigures
        && result.Columns.All(c => c.Type.IsNumeric())
        && format.Formats.All(f => f.Kind is not ValueKind.Identifier);

    /// <summary>The card of a single-value result (null when it is not one), compared with <paramref name="previous"/> when given.</summary>
    public static KpiCard? Of(QueryResult result, ResultFormat format, KpiPrevious? previous = null)
    {
        if (!IsCard(result, format)) return null;
        var row = result.Rows[0];
        var comparable = previous is not null && previous.Values.Count == row.Length;
        var figures = new List<KpiFigure>();
        for (var i = 0; i < row.Length; i++)
        {
            var figure = new KpiFigure(result.Columns[i].Name, format.Labels[i], row[i], row[i] is null ? "—" : format.Text(i, row[i]));
            if (comparable && Number(row[i]) is { } now && Number(previous!.Values[i]) is { } before)
            {
                var change = new KpiChange(now, before);
                figure = figure with
                {
                    Change = change,
                    PreviousText = format.Text(i, previous.Values[i]),
                    ChangeText = ChangeText(change, format.Formats[i], format.Culture),
                    PercentText = change.Percent is { } p ? Signed(p / 100, "P1", format.Culture) : null,
                };
            }
            figures.Add(figure);
        }
        var compared = figures.Any(f => f.Change is not null);
        return new KpiCard(figures, compared ? previous!.CurrentPeriod : null, compared ? previous!.PreviousPeriod : null) { PreviousSql = compared ? previous!.Sql : null };
    }

    /// <summary>The change in the figure's own format, with its sign; a percentage changes by points, not by percent.</summary>
    private static string ChangeText(KpiChange change, ColumnFormat format, CultureInfo culture)
    {
        if (format.Kind == ValueKind.Percent)
        {
            var points = change.Change * (format.PercentIsFraction ? 100 : 1);
            return Signed(points, "N1", culture) + " pts";
        }
        var text = ValueFormatter.Format(Math.Abs(change.Change), format, culture);
        return (change.Direction == KpiDirection.Down ? culture.NumberFormat.NegativeSign : change.Direction == KpiDirection.Up ? "+" : "") + text;
    }

    private static string Signed(double x, string format, CultureInfo culture)
    {
        var text = Math.Abs(x).ToString(format, culture);
        return x > 0 && text.Any(c => c is >= '1' and <= '9') ? "+" + text : x < 0 && text.Any(c => c is >= '1' and <= '9') ? culture.NumberFormat.NegativeSign + text : text;
    }

    private static double? Number(object? v) => v switch
    {
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => null,
    };
}
