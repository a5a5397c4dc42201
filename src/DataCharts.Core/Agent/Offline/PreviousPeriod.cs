using System.Globalization;
using System.Text.Json;

namespace DataCharts.Core.Agent.Offline;

/// <summary>A plan moved one period back: the same measures over the period before, and both periods in words.</summary>
public sealed record PeriodShift(QuerySpec Previous, string Current, string PreviousLabel);

/// <summary>
/// The previous period of a single-value plan that names one period ("revenue last year", "orders in 2025", "this
/// quarter", "last month", "the past 30 days"): the same
/// plan with that period moved back one step, so its SQL has the same shape as the answer's. Plans that name no
/// period, several, or group their rows have no previous period; nothing is guessed.
/// </summary>
public static class PreviousPeriod
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The planner's stored plan (<see cref="AgentPlan.PlanJson"/>), or null when it is not one.</summary>
    public static QuerySpec? Parse(string? planJson)
    {
        if (string.IsNullOrWhiteSpace(planJson)) return null;
        try { return JsonSerializer.Deserialize<QuerySpec>(planJson, Json); }
        catch (JsonException) { return null; }
    }

    public static PeriodShift? Of(QuerySpec spec)
    {
        if (spec.Kind != QueryKind.Aggregate || spec.Groups.Count > 0 || spec.Measures.Count == 0 || spec.Having is not null) return null;
        var periods = spec.Filters.Where(f => IsYear(f) || f.Op == "date_range" && f.Via is null).ToList();
        if (periods.Count != 1 || spec.Filters.Any(f => f.Op is "month" or "year_between" or "year_gt" or "year_gte" or "year_lt" or "date_after" or "date_from" or "date_before" or "date_to")) return null;
        var f = periods[0];
        var shifted = f.Op == "date_range" ? ShiftRange(f) : ShiftYear(f);
        if (shifted is not { } s) return null;
        var previous = spec.Clone();
        previous.Filters[spec.Filters.IndexOf(f)] = s.Filter;
        return new PeriodShift(previous, s.Current, s.Previous);
    }

    private static (FilterSpec Filter, string Current, string Previous)? ShiftYear(FilterSpec f)
    {
        if (f.Values.Count != 1 || !int.TryParse(f.Values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        return (f with { Values = [(year - 1).ToString(CultureInfo.InvariantCulture)] }, Year(year), Year(year - 1));
    }

    /// <summary>
    /// A date range [from, to) moved back: whole calendar months by as many months (last month → the month before, this
    /// quarter → last quarter); a year to date to the same days a year earlier; any other span by its own length.
    /// </summary>
    internal static (FilterSpec Filter, string Current, string Previous)? ShiftRange(FilterSpec f)
    {
        if (f.Values.Count != 2 || !Date(f.Values[0], out var from) || !Date(f.Values[1], out var to) || to <= from) return null;
        DateOnly pFrom, pTo;
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (from.Day == 1 && to.Day == 1 && months > 0)
            (pFrom, pTo) = (from.AddMonths(-months), from);
        else if (from is { Month: 1, Day: 1 } && to <= from.AddYears(1))
            (pFrom, pTo) = (from.AddYears(-1), to.AddYears(-1));
        else
            (pFrom, pTo) = (from.AddDays(-(to.DayNumber - from.DayNumber)), from);
        return (f with { Values = [Iso(pFrom), Iso(pTo)] }, Label(from, to), Label(pFrom, pTo));
    }

    /// <summary>A period in words: "Nov 2026", "Q4 2026", "2025", else its first and last days.</summary>
    private static string Label(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (from.Day == 1 && to.Day == 1)
        {
            if (months == 1) return from.ToString("MMM yyyy", CultureInfo.InvariantCulture);
            if (months == 3 && (from.Month - 1) % 3 == 0) return $"Q{(from.Month - 1) / 3 + 1} {Year(from.Year)}";
            if (months == 12 && from.Month == 1) return Year(from.Year);
        }
        var last = to.AddDays(-1);
        return last == from ? Iso(from) : $"{Iso(from)} – {Iso(last)}";
    }

    private static string Year(int y) => y.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool Date(string s, out DateOnly d) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);

    /// <summary>One year of a date (year(col) = 2025) or of a year column (release_year = 2025).</summary>
    private static bool IsYear(FilterSpec f) =>
        f.Via is null && (f.Op == "year" || f.Op == "in_num" && f.Column.Column.Contains("year", StringComparison.OrdinalIgnoreCase)
            && f.Values.All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1000 and <= 9999));
}
