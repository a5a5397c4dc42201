using System.Globalization;
using System.Text.Json;

namespace DataCharts.Core.Agent.Offline;

/// <summary>A plan moved one period back: the same measures over the period before, and both periods in words.</summary>
public sealed record PeriodShift(QuerySpec Previous, string Current, string PreviousLabel);

/// <summary>
/// The previous period of a single-value plan that names one period ("revenue last year", "orders in 2025"): the same
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
        var periods = spec.Filters.Where(IsPeriod).ToList();
        if (periods.Count != 1 || spec.Filters.Any(f => f.Op is "month" or "year_between" or "year_gt" or "year_gte" or "year_lt")) return null;
        var f = periods[0];
        if (f.Values.Count != 1 || !int.TryParse(f.Values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        var previous = spec.Clone();
        var i = spec.Filters.IndexOf(f);
        previous.Filters[i] = f with { Values = [(year - 1).ToString(CultureInfo.InvariantCulture)] };
        return new PeriodShift(previous, year.ToString(CultureInfo.InvariantCulture), (year - 1).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>One year of a date (year(col) = 2025) or of a year column (release_year = 2025).</summary>
    private static bool IsPeriod(FilterSpec f) =>
        f.Via is null && (f.Op == "year" || f.Op == "in_num" && f.Column.Column.Contains("year", StringComparison.OrdinalIgnoreCase)
            && f.Values.All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1000 and <= 9999));
}
