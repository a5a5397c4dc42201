using System.Globalization;

namespace DataCharts.Core.Reports;

/// <summary>
/// An input's value as the page shows it (<see cref="Selected"/>) and as SQL receives it (<see cref="Parameters"/>,
/// always bound by the engine). <see cref="Error"/> says why a value from the URL was not taken; the default stands in.
/// </summary>
public sealed record InputValue(string Name, IReadOnlyList<string> Selected, IReadOnlyDictionary<string, object?> Parameters, string? Error);

/// <summary>
/// Turns query-string values into typed SQL parameters: select → one option, multiselect → a list, slider → a number
/// within bounds, date_range → <c>$name</c> (a list of two dates) plus <c>$name_start</c> and <c>$name_end</c>, text →
/// a string. A value that is not allowed falls back to the default and says why.
/// </summary>
public static class InputBinder
{
    public const int MaxTextLength = 500;

    public static InputValue Bind(InputBlock input, IReadOnlyList<string>? raw)
    {
        var (selected, error) = raw is null ? (Defaults(input.Spec), null) : Validate(input.Name, input.Spec, raw);
        if (error is not null) selected = Defaults(input.Spec);
        return new InputValue(input.Name, selected, Parameters(input.Name, input.Spec, selected), error);
    }

    /// <summary>Checks the declared default against the options or bounds; null when it is fine.</summary>
    public static string? CheckDefault(string name, InputSpec spec) =>
        spec.Default is null ? null : Validate(name, spec, spec.Default).Error is { } e ? "the default: " + e : null;

    /// <summary>The values used when the URL gives none.</summary>
    public static IReadOnlyList<string> Defaults(InputSpec spec) => spec.Type switch
    {
        _ when spec.Default is { Count: > 0 } d => spec.Type == InputKind.Select ? [Canonical(spec, d[0]) ?? d[0]] : d.Select(v => Canonical(spec, v) ?? v).ToList(),
        InputKind.Select => [spec.Options![0]],
        InputKind.Multiselect => spec.Options!.ToList(),
        InputKind.Slider => [Format(spec.Min!.Value)],
        InputKind.DateRange => [spec.DateMin ?? "1900-01-01", spec.DateMax ?? "2100-12-31"],
        _ => [""],
    };

    private static (IReadOnlyList<string> Selected, string? Error) Validate(string name, InputSpec spec, IReadOnlyList<string> raw)
    {
        // Forms send an empty value beside multi-selects so that "nothing chosen" is different from "not given".
        var values = raw.Where(v => v.Length > 0).ToList();
        switch (spec.Type)
        {
            case InputKind.Select:
            {
                if (values.Count == 0) return (Defaults(spec), null);
                var canonical = Canonical(spec, values[0]);
                return canonical is null ? ([], $"\"{Clip(values[0])}\" is not an option of {name}; choose {Options(spec)}.") : ([canonical], null);
            }
            case InputKind.Multiselect:
            {
                var chosen = new List<string>();
                foreach (var v in values.SelectMany(v => ReportParser.SplitList(v).Count > 1 && Canonical(spec, v) is null ? ReportParser.SplitList(v) : [v]))
                {
                    var canonical = Canonical(spec, v);
                    if (canonical is null) return ([], $"\"{Clip(v)}\" is not an option of {name}; choose from {Options(spec)}.");
                    if (!chosen.Contains(canonical)) chosen.Add(canonical);
                }
                return (chosen, null);
            }
            case InputKind.Slider:
            {
                if (values.Count == 0) return (Defaults(spec), null);
                if (!double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
                    return ([], $"{name} must be a number; \"{Clip(values[0])}\" is not.");
                if (n < spec.Min || n > spec.Max) return ([], $"{name} must be between {Format(spec.Min!.Value)} and {Format(spec.Max!.Value)}; {Format(n)} is not.");
                return ([Format(n)], null);
            }
            case InputKind.DateRange:
            {
                var parts = values.SelectMany(v => v.Split("..", StringSplitOptions.TrimEntries)).Where(v => v.Length > 0).ToList();
                if (parts.Count == 0) return (Defaults(spec), null);
                if (parts.Count != 2) return ([], $"{name} needs two dates, a start and an end.");
                var dates = new DateOnly[2];
                for (var i = 0; i < 2; i++)
                    if (!DateOnly.TryParseExact(parts[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dates[i]))
                        return ([], $"\"{Clip(parts[i])}\" is not a date like 2024-01-31 ({name}).");
                if (dates[0] > dates[1]) return ([], $"{name} starts ({parts[0]}) after it ends ({parts[1]}).");
                if (spec.DateMin is { } min && string.CompareOrdinal(parts[0], min) < 0 || spec.DateMax is { } max && string.CompareOrdinal(parts[1], max) > 0)
                    return ([], $"{name} must lie between {spec.DateMin ?? "any date"} and {spec.DateMax ?? "any date"}; {parts[0]}..{parts[1]} does not.");
                return ([parts[0], parts[1]], null);
            }
            default:
            {
                var text = values.Count == 0 ? "" : values[0];
                return text.Length > MaxTextLength ? ([], $"{name} takes at most {MaxTextLength} characters.") : ([text], null);
            }
        }
    }

    private static IReadOnlyDictionary<string, object?> Parameters(string name, InputSpec spec, IReadOnlyList<string> selected)
    {
        var p = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (spec.Type)
        {
            case InputKind.Select:
                p[name] = Typed(spec, selected.FirstOrDefault() ?? "");
                break;
            case InputKind.Multiselect:
                p[name] = AllNumbers(spec.Options!) is { } whole
                    ? whole ? selected.Select(long.Parse).ToList() : selected.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList()
                    : selected.ToList();
                break;
            case InputKind.Slider:
                var n = double.Parse(selected[0], CultureInfo.InvariantCulture);
                // (object): without it the conditional's type is double and the whole number goes back to a double.
                p[name] = n == Math.Floor(n) && Math.Abs(n) < 1e15 && Integral(spec) ? (object)(long)n : n;
                break;
            case InputKind.DateRange:
                var start = DateOnly.ParseExact(selected[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var end = DateOnly.ParseExact(selected[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                p[name] = new List<DateOnly> { start, end };
                p[name + "_start"] = start;
                p[name + "_end"] = end;
                break;
            default:
                p[name] = selected.FirstOrDefault() ?? "";
                break;
        }
        return p;
    }

    private static object Typed(InputSpec spec, string value) => AllNumbers(spec.Options!) switch
    {
        true => long.Parse(value, CultureInfo.InvariantCulture),
        false => double.Parse(value, CultureInfo.InvariantCulture),
        null => value,
    };

    /// <summary>True when every option is a whole number, false when all are numbers, null when any is text.</summary>
    private static bool? AllNumbers(IReadOnlyList<string> options)
    {
        if (options.All(o => long.TryParse(o, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && (o.Length == 1 || o[0] != '0'))) return true;
        if (options.All(o => double.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && (!o.StartsWith('0') || o.StartsWith("0.")))) return false;
        return null;
    }

    private static bool Integral(InputSpec s) => new[] { s.Min, s.Max, s.Step ?? 1 }.All(v => v is null || v == Math.Floor(v.Value));
    private static string? Canonical(InputSpec spec, string value) =>
        spec.Options?.FirstOrDefault(o => string.Equals(o, value.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? (spec.Options is null ? value : null);
    private static string Options(InputSpec spec) => string.Join(", ", spec.Options!.Take(12)) + (spec.Options!.Count > 12 ? ", …" : "");
    private static string Clip(string s) => s.Length > 60 ? s[..60] + "…" : s;
    public static string Format(double d) => d.ToString("0.##########", CultureInfo.InvariantCulture);
}
