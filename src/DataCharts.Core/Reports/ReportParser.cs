using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;

namespace DataCharts.Core.Reports;

/// <summary>
/// Reads the report format of PRODUCT.md §6: front matter (<c>title</c>, <c>data</c>), fenced <c>input</c>, <c>sql</c> and
/// <c>chart</c> blocks whose bodies are <c>key: value</c> lines (SQL for sql blocks), and Markdown in between. A block
/// that cannot be read becomes an <see cref="ErrorBlock"/> at its line; the rest of the report still reads.
/// </summary>
public static partial class ReportParser
{
    public static readonly string[] InputKeys = ["type", "label", "options", "min", "max", "step", "default"];
    public static readonly string[] ChartKeys = ["data", "type", "x", "y", "series", "title", "sort", "x_label", "y_label"];

    /// <param name="firstLine">The number of the text's first line (a notebook cell's fence is line 0, so its body starts at 1).</param>
    public static ReportDocument Parse(string text, string fallbackTitle, int firstLine = 1)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var blocks = new List<ReportBlock>();
        var (title, data, dataLine, start) = FrontMatter(lines, fallbackTitle, blocks);
        var markdown = new StringBuilder();
        var markdownLine = start + firstLine;
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        void FlushMarkdown(int nextLine)
        {
            if (markdown.ToString().Trim().Length > 0) blocks.Add(new MarkdownBlock(blocks.Count, markdownLine, markdown.ToString().TrimEnd()));
            markdown.Clear();
            markdownLine = nextLine;
        }

        for (var i = start; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                if (markdown.Length == 0) markdownLine = i + firstLine;
                markdown.Append(lines[i]).Append('\n');
                continue;
            }
            var marker = fence.Groups["marker"].Value;
            var info = fence.Groups["info"].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var kind = info.Length > 0 ? info[0].ToLowerInvariant() : "";
            var close = FindClose(lines, i + 1, marker);
            if (kind is not ("input" or "sql" or "chart"))
            {
                // An ordinary code block: Markdown keeps it, including anything that looks like a fence inside it.
                if (markdown.Length == 0) markdownLine = i + firstLine;
                var end = close < 0 ? lines.Length - 1 : close;
                for (var j = i; j <= end; j++) markdown.Append(lines[j]).Append('\n');
                i = end;
                continue;
            }
            FlushMarkdown(i + firstLine);
            var line = i + firstLine;
            if (close < 0)
            {
                blocks.Add(new ErrorBlock(blocks.Count, line, kind, $"Line {line}: the {kind} block opened here is never closed: add a line with {marker} after its body."));
                break;
            }
            var body = lines[(i + 1)..close];
            var name = info.Length > 1 ? info[1] : null;
            var block = kind switch
            {
                "input" => ReadInput(blocks.Count, line, name, body),
                "sql" => ReadSql(blocks.Count, line, name, body),
                _ => ReadChart(blocks.Count, line, body),
            };
            if (info.Length > 2 && block is not ErrorBlock)
                block = new ErrorBlock(blocks.Count, line, kind, $"Line {line}: a {kind} block takes one name; found \"{string.Join(' ', info[1..])}\".");
            var blockName = block switch { InputBlock ib => "input " + ib.Name, SqlBlock { Name: { } n } => "sql " + n, _ => null };
            if (blockName is not null)
            {
                if (names.TryGetValue(blockName, out var first))
                    block = new ErrorBlock(blocks.Count, line, kind, $"Line {line}: there is already a {kind} block named \"{name}\" (line {first}).");
                else names[blockName] = line;
            }
            blocks.Add(block with { Body = string.Join('\n', body), FenceName = name });
            i = close;
        }
        FlushMarkdown(lines.Length + firstLine);
        return new ReportDocument(title, data, dataLine, blocks);
    }

    private static (string Title, string? Data, int DataLine, int Start) FrontMatter(string[] lines, string fallbackTitle, List<ReportBlock> blocks)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return (fallbackTitle, null, 0, 0);
        var end = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
        if (end < 0)
        {
            blocks.Add(new ErrorBlock(0, 1, "front matter", "Line 1: the front matter is never closed: add a line with --- after it."));
            return (fallbackTitle, null, 0, lines.Length);
        }
        string title = fallbackTitle, data = "";
        var dataLine = 0;
        for (var i = 1; i < end; i++)
        {
            if (lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith('#')) continue;
            var kv = KeyValue(lines[i]);
            if (kv is null) continue; // other front matter (YAML lists, etc.) is allowed and ignored
            if (kv.Value.Key == "title" && kv.Value.Value.Length > 0) title = Unquote(kv.Value.Value);
            else if (kv.Value.Key is "data" or "dataset") (data, dataLine) = (Unquote(kv.Value.Value), i + 1);
        }
        return (title, data.Length == 0 ? null : data, dataLine, end + 1);
    }

    private static ReportBlock ReadInput(int index, int line, string? name, string[] body)
    {
        if (name is null) return new ErrorBlock(index, line, "input", $"Line {line}: an input block needs a name, as in ```input min_size; the name binds as $min_size in SQL.");
        if (!Identifier().IsMatch(name)) return new ErrorBlock(index, line, "input", $"Line {line}: \"{name}\" cannot be an input name: use letters, digits and underscores, starting with a letter.");
        // The page's own links use these query-string names; an input called so would be read as (or clash with) them.
        if (name.Equals("handler", StringComparison.OrdinalIgnoreCase) || name.Equals("block", StringComparison.OrdinalIgnoreCase))
            return new ErrorBlock(index, line, "input", $"Line {line}: \"{name}\" is reserved for the page's own links; give the input another name.");
        var (keys, error) = KeyValues(body, line, InputKeys, "input");
        if (error is not null) return new ErrorBlock(index, line, "input", error);
        if (!keys.TryGetValue("type", out var typeText))
            return new ErrorBlock(index, line, "input", $"Line {line}: the input \"{name}\" needs a type: select, multiselect, slider, date_range or text.");
        InputKind type;
        switch (Normalize(typeText.Value))
        {
            case "select" or "dropdown": type = InputKind.Select; break;
            case "multiselect": type = InputKind.Multiselect; break;
            case "slider" or "range" or "number": type = InputKind.Slider; break;
            case "daterange": type = InputKind.DateRange; break;
            case "text" or "string": type = InputKind.Text; break;
            default:
                return new ErrorBlock(index, line, "input", $"Line {typeText.Line}: \"{typeText.Value}\" is not an input type; use select, multiselect, slider, date_range or text.");
        }
        double? Number(string key, out string? err)
        {
            err = null;
            if (!keys.TryGetValue(key, out var v)) return null;
            if (double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            err = $"Line {v.Line}: {key} of the input \"{name}\" must be a number; found \"{v.Value}\".";
            return null;
        }
        var options = keys.TryGetValue("options", out var o) ? SplitList(o.Value) : null;
        // An empty "default:" is no default (rather than an empty value a number or an option cannot be).
        var defaults = keys.TryGetValue("default", out var d) && d.Value.Length > 0 ? (type is InputKind.Text or InputKind.Select or InputKind.Slider ? [Unquote(d.Value)] : SplitList(d.Value.Replace("..", ","))) : null;
        string? numberError = null;
        double? min = null, max = null, step = null;
        if (type != InputKind.DateRange)
        {
            min = Number("min", out var e1); max = Number("max", out var e2); step = Number("step", out var e3);
            numberError = e1 ?? e2 ?? e3;
        }
        else
        {
            foreach (var key in new[] { "min", "max" })
                if (keys.TryGetValue(key, out var v) && !DateOnly.TryParseExact(v.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    numberError ??= $"Line {v.Line}: {key} of the date range \"{name}\" must be a date like 2024-01-31; found \"{v.Value}\".";
        }
        if (numberError is not null) return new ErrorBlock(index, line, "input", numberError);
        switch (type)
        {
            case InputKind.Select or InputKind.Multiselect when options is null || options.Count == 0:
                return new ErrorBlock(index, line, "input", $"Line {line}: the {Normalize(typeText.Value)} \"{name}\" needs options, as in options: North, South, East.");
            case InputKind.Slider when min is null || max is null:
                return new ErrorBlock(index, line, "input", $"Line {line}: the slider \"{name}\" needs min and max.");
            case InputKind.Slider when min > max:
                return new ErrorBlock(index, line, "input", $"Line {keys["min"].Line}: the slider \"{name}\" has min {min} above max {max}.");
            case InputKind.Slider when step is <= 0:
                return new ErrorBlock(index, line, "input", $"Line {keys["step"].Line}: the step of the slider \"{name}\" must be above 0.");
        }
        var spec = new InputSpec(type, keys.TryGetValue("label", out var label) ? Unquote(label.Value) : null, options, min, max, step, defaults)
        {
            DateMin = type == InputKind.DateRange && keys.TryGetValue("min", out var dmin) ? dmin.Value : null,
            DateMax = type == InputKind.DateRange && keys.TryGetValue("max", out var dmax) ? dmax.Value : null,
        };
        var defaultError = InputBinder.CheckDefault(name, spec);
        if (defaultError is not null) return new ErrorBlock(index, line, "input", $"Line {(keys.TryGetValue("default", out var dl) ? dl.Line : line)}: {defaultError}");
        return new InputBlock(index, line, name, spec);
    }

    private static ReportBlock ReadSql(int index, int line, string? name, string[] body)
    {
        if (name is not null && !Identifier().IsMatch(name))
            return new ErrorBlock(index, line, "sql", $"Line {line}: \"{name}\" cannot be a query name: use letters, digits and underscores, starting with a letter.");
        var first = Array.FindIndex(body, l => l.Trim().Length > 0);
        var hidden = false;
        if (first >= 0 && HiddenLine().Match(body[first]) is { Success: true } h)
        {
            hidden = h.Groups[1].Value.Equals("true", StringComparison.OrdinalIgnoreCase) || h.Groups[1].Value.Equals("yes", StringComparison.OrdinalIgnoreCase);
            first++;
            while (first < body.Length && body[first].Trim().Length == 0) first++;
        }
        if (first < 0 || first >= body.Length || string.Join('\n', body[first..]).Trim().Length == 0)
            return new ErrorBlock(index, line, "sql", $"Line {line}: the sql block{(name is null ? "" : $" \"{name}\"")} has no SQL.");
        return new SqlBlock(index, line, name, string.Join('\n', body[first..]).TrimEnd(), line + 1 + first, hidden);
    }

    private static ReportBlock ReadChart(int index, int line, string[] body)
    {
        var (keys, error) = KeyValues(body, line, ChartKeys, "chart");
        if (error is not null) return new ErrorBlock(index, line, "chart", error);
        if (!keys.TryGetValue("data", out var data))
            return new ErrorBlock(index, line, "chart", $"Line {line}: the chart needs data: the name of a sql block, as in data: by_day.");
        ChartType type = ChartType.Bar;
        if (keys.TryGetValue("type", out var t) && !TryChartType(t.Value, out type))
            return new ErrorBlock(index, line, "chart", $"Line {t.Line}: \"{t.Value}\" is not a chart type; use bar, grouped_bar, stacked_bar, horizontal_bar, line, area, scatter, pie, histogram, box or heatmap.");
        if (!keys.ContainsKey("x"))
            return new ErrorBlock(index, line, "chart", $"Line {line}: the chart needs x: the column along the horizontal axis.");
        var y = keys.TryGetValue("y", out var yv) ? SplitList(yv.Value) : [];
        if (y.Count == 0)
            return new ErrorBlock(index, line, "chart", $"Line {line}: the chart needs y: one or more columns to plot, separated by commas.");
        string? Get(string k) => keys.TryGetValue(k, out var v) ? Unquote(v.Value) : null;
        var spec = new ChartSpec(type, Get("x"), y, Get("series"), null, Get("title"), Get("x_label") ?? Get("x"), Get("y_label") ?? (y.Count == 1 ? y[0] : null), Get("sort"));
        return new ChartBlock(index, line, data.Value, spec, keys.ToDictionary(k => k.Key, k => k.Value.Line));
    }

    public static bool TryChartType(string text, out ChartType type)
    {
        var n = Normalize(text);
        if (n is "barh" or "hbar") n = "horizontalbar";
        if (n is "stacked") n = "stackedbar";
        if (n is "grouped") n = "groupedbar";
        return Enum.TryParse(n, ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(n, out _);
    }

    /// <summary>Reads <c>key: value</c> lines; an unknown key or a line that is not one is an error naming its line.</summary>
    private static (Dictionary<string, (string Value, int Line)> Keys, string? Error) KeyValues(string[] body, int blockLine, string[] known, string kind)
    {
        var keys = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < body.Length; i++)
        {
            var fileLine = blockLine + 1 + i;
            if (body[i].Trim().Length == 0 || body[i].TrimStart().StartsWith('#')) continue;
            var kv = KeyValue(body[i]);
            if (kv is null) return (keys, $"Line {fileLine}: expected key: value in the {kind} block; found \"{body[i].Trim()}\".");
            var key = kv.Value.Key.Replace('-', '_');
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                return (keys, $"Line {fileLine}: \"{kv.Value.Key}\" is not a key of {(kind == "input" ? "an" : "a")} {kind} block; use {string.Join(", ", known)}.");
            if (keys.ContainsKey(key)) return (keys, $"Line {fileLine}: \"{key}\" is given twice in the {kind} block (first on line {keys[key].Line}).");
            keys[key] = (kv.Value.Value.Trim(), fileLine);
        }
        return (keys, null);
    }

    private static (string Key, string Value)? KeyValue(string line)
    {
        var m = KeyValueLine().Match(line);
        return m.Success ? (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value.Trim()) : null;
    }

    private static int FindClose(string[] lines, int from, string marker)
    {
        for (var j = from; j < lines.Length; j++)
        {
            var t = lines[j].Trim();
            if (t.Length >= marker.Length && t[0] == marker[0] && t.All(c => c == marker[0])) return j;
        }
        return -1;
    }

    /// <summary>A comma-separated list; items may be quoted to hold commas ("North, East", South).</summary>
    public static IReadOnlyList<string> SplitList(string text)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is null && c is '"' or '\'') { quote = c; continue; }
            if (quote == c) { quote = null; continue; }
            if (quote is null && c == ',') { items.Add(current.ToString().Trim()); current.Clear(); continue; }
            current.Append(c);
        }
        items.Add(current.ToString().Trim());
        var cleaned = items.Where(s => s.Length > 0).ToList();
        if (cleaned.Count == 1 && cleaned[0].StartsWith('[') && cleaned[0].EndsWith(']')) return SplitList(cleaned[0][1..^1]);
        if (cleaned.Count > 0 && cleaned[0].StartsWith('[')) cleaned[0] = cleaned[0][1..].Trim();
        if (cleaned.Count > 0 && cleaned[^1].EndsWith(']')) cleaned[^1] = cleaned[^1][..^1].Trim();
        return cleaned.Where(s => s.Length > 0).ToList();
    }

    private static string Unquote(string s) => s.Length >= 2 && (s[0] == '"' && s[^1] == '"' || s[0] == '\'' && s[^1] == '\'') ? s[1..^1] : s;
    private static string Normalize(string s) => s.Trim().Replace("_", "").Replace("-", "").Replace(" ", "").ToLowerInvariant();

    [GeneratedRegex(@"^ {0,3}(?<marker>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_\-]*)\s*:\s?(.*)$")]
    private static partial Regex KeyValueLine();

    [GeneratedRegex(@"^\s*hidden\s*:\s*(\w+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenLine();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
