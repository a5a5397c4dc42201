using DataCharts.Core.Charts;
using DataCharts.Core.Reports;

namespace DataCharts.Core.Notebooks;

/// <summary>
/// The <c>key: value</c> text of a chart cell as the chart builder shows it: data, type, x, y (a list), series and title,
/// read leniently (a half-typed cell still fills what it can). The browser writes the text back from the builder; this
/// only reads it for the first render.
/// </summary>
public sealed record ChartCellText(string? Data, string? Type, string? X, IReadOnlyList<string> Y, string? Series, string? Title)
{
    /// <summary>Both axes chosen: the chart can be drawn (or, if a name is wrong, say why).</summary>
    public bool HasAxes => !string.IsNullOrWhiteSpace(X) && Y.Count > 0;

    public static ChartCellText Read(string source)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in source.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().Replace('-', '_');
            keys.TryAdd(key, line[(colon + 1)..].Trim());
        }
        string? Get(string key) => keys.TryGetValue(key, out var v) && v.Length > 0 ? Unquote(v) : null;
        var y = keys.TryGetValue("y", out var ys) ? ReportParser.SplitList(ys) : [];
        return new ChartCellText(Get("data"), Get("type"), Get("x"), y, Get("series"), Get("title"));
    }

    /// <summary>The type's snake_case name as chart text writes it (grouped_bar), or null when the text names no known type.</summary>
    public string? TypeName => Type is not null && ReportParser.TryChartType(Type, out var t) ? Name(t) : null;

    public static string Name(ChartType type) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    private static string Unquote(string s) => s.Length >= 2 && (s[0] == '"' && s[^1] == '"' || s[0] == '\'' && s[^1] == '\'') ? s[1..^1] : s;
}
