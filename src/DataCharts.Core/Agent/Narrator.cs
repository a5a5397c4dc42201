using System.Globalization;
using DataCharts.Core.Charts;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;

namespace DataCharts.Core.Agent;

/// <summary>
/// Writes the short answer, in the question's language (English or Chinese). Every number it quotes is a value of
/// the result rows, formatted as the table shows it; it never computes new figures.
/// </summary>
public static class Narrator
{
    /// <summary>
    /// The answer's sentences. Numbers and dates read as the table shows them (<paramref name="format"/>: units, separators
    /// and decimals of the answer's culture); without one, in en-US (zh-CN for a Chinese answer) with units read from the names.
    /// </summary>
    public static string Describe(QueryResult result, ResultShape shape, bool truncated, bool chinese = false, ResultFormat? format = null)
    {
        format ??= ResultFormat.For(result, null, chinese ? Cultures.Chinese : Cultures.Default);
        if (chinese) return DescribeZh(result, shape, truncated, format);
        var rows = result.Rows;
        if (rows.Count == 0) return "No rows match this question.";
        string Name(string column) => NameOf(column, format);
        int Index(string column) => format.IndexOf(column);
        string V(object?[] row, int i) => row[i] is null ? "no value" : format.Text(i, row[i]);
        var n = format.Culture;
        var suffix = truncated ? $" (showing the first {rows.Count.ToString("N0", n)} rows)" : "";

        switch (shape.Kind)
        {
            case "histogram":
            {
                var peak = rows.OrderByDescending(r => Convert.ToDouble(r[2], CultureInfo.InvariantCulture)).First();
                return $"{Name(result.Columns[0].Name.Replace("_from", ""))} ranges from {V(rows[0], 0)} to {V(rows[^1], 1)}; the most common range is {V(peak, 0)} to {V(peak, 1)} with {V(peak, 2)} rows.";
            }
            case "scatter":
            {
                var corr = rows[0][Index("correlation")];
                var strength = corr is double c ? Math.Abs(c) switch { >= 0.7 => "a strong", >= 0.4 => "a moderate", >= 0.2 => "a weak", _ => "almost no" } : "no measurable";
                var direction = corr is double cd && Math.Abs(cd) >= 0.2 ? (cd > 0 ? " positive" : " negative") : "";
                return $"{Name(shape.Measures[0])} and {Name(shape.Measures[1])} show {strength}{direction} relationship (correlation {V(rows[0], Index("correlation"))}) over {rows.Count.ToString("N0", n)} rows{suffix}.";
            }
            case "box":
            {
                var g = shape.Dimensions[0];
                var top = rows[0];
                return $"{V(top, 0)} has the highest median ({V(top, Index("median"))}) of the {rows.Count} {Name(g)} groups; the middle half of its values lies between {V(top, Index("q1"))} and {V(top, Index("q3"))}.";
            }
            case "rows":
                return $"Found {rows.Count.ToString("N0", n)} row{(rows.Count == 1 ? "" : "s")}{suffix}.";
        }

        if (shape.Measures.Count == 0) return $"Found {rows.Count.ToString("N0", n)} rows{suffix}.";
        var m = shape.Measures[0];
        var mi = Index(m);
        if (shape.Dimensions.Count == 0)
        {
            var parts = shape.Measures.Select(x => $"{Name(x)} is {V(rows[0], Index(x))}");
            return Capitalize(string.Join("; ", parts)) + ".";
        }
        var d = shape.Dimensions[0];
        var di = Index(d);
        if (rows.Count == 1) return $"{Capitalize(Name(m))} for {V(rows[0], di)} is {V(rows[0], mi)}.";
        if (shape.TimeFirst && shape.Dimensions.Count == 1)
        {
            var first = rows[0];
            var last = rows[^1];
            var peak = rows.Where(r => r[mi] is not null).OrderByDescending(r => Convert.ToDouble(r[mi], CultureInfo.InvariantCulture)).First();
            return $"{Capitalize(Name(m))} went from {V(first, mi)} in {V(first, di)} to {V(last, mi)} in {V(last, di)}, peaking at {V(peak, mi)} in {V(peak, di)}{suffix}.";
        }
        if (shape.TimeFirst && shape.Dimensions.Count > 1)
        {
            // One line per series: how each moved from the first period to the last (the three largest at the end).
            var si = Index(shape.Dimensions[1]);
            var parts = rows.GroupBy(r => V(r, si))
                .Select(g => (Name: g.Key, First: g.First(), Last: g.Last()))
                .OrderByDescending(x => x.Last[mi] is null ? double.MinValue : Convert.ToDouble(x.Last[mi], CultureInfo.InvariantCulture))
                .Take(3)
                .Select(x => $"{x.Name} went from {V(x.First, mi)} in {V(x.First, di)} to {V(x.Last, mi)} in {V(x.Last, di)}");
            return $"{Capitalize(Name(m))}: {string.Join("; ", parts)}{suffix}.";
        }
        var ordered = rows.Where(r => r[mi] is not null && r[di] is not null).OrderByDescending(r => Convert.ToDouble(r[mi], CultureInfo.InvariantCulture)).ToList();
        if (ordered.Count == 0) return $"Found {rows.Count.ToString("N0", n)} groups{suffix}.";
        var hi = ordered[0];
        var lo = ordered[^1];
        var label = shape.Dimensions.Count > 1 ? $"{V(hi, di)} / {V(hi, Index(shape.Dimensions[1]))}" : V(hi, di);
        var loLabel = shape.Dimensions.Count > 1 ? $"{V(lo, di)} / {V(lo, Index(shape.Dimensions[1]))}" : V(lo, di);
        return $"{label} has the highest {Name(m)} ({V(hi, mi)}) and {loLabel} the lowest ({V(lo, mi)}), across {rows.Count.ToString("N0", n)} groups{suffix}.";
    }

    /// <summary>The same answers in Chinese: the same rows and numbers, the sentences in the question's language.</summary>
    private static string DescribeZh(QueryResult result, ResultShape shape, bool truncated, ResultFormat format)
    {
        var rows = result.Rows;
        if (rows.Count == 0) return "没有符合这个问题的数据行。";
        string Name(string column) => NameOf(column, format);
        int Index(string column) => format.IndexOf(column);
        string V(object?[] row, int i) => row[i] is null ? "空值" : format.Text(i, row[i]);
        var n = format.Culture;
        var suffix = truncated ? $"（仅显示前 {rows.Count.ToString("N0", n)} 行）" : "";
        switch (shape.Kind)
        {
            case "histogram":
            {
                var peak = rows.OrderByDescending(r => Convert.ToDouble(r[2], CultureInfo.InvariantCulture)).First();
                return $"{Name(result.Columns[0].Name.Replace("_from", ""))}的取值范围是 {V(rows[0], 0)} 到 {V(rows[^1], 1)}；最常见的区间是 {V(peak, 0)} 到 {V(peak, 1)}，共 {V(peak, 2)} 行。";
            }
            case "scatter":
            {
                var corr = rows[0][Index("correlation")];
                var strength = corr is double c ? Math.Abs(c) switch { >= 0.7 => "强", >= 0.4 => "中等程度的", >= 0.2 => "弱", _ => "几乎没有" } : "无法衡量的";
                var direction = corr is double cd && Math.Abs(cd) >= 0.2 ? (cd > 0 ? "正" : "负") : "";
                return $"{Name(shape.Measures[0])}与{Name(shape.Measures[1])}之间呈{strength}{direction}相关（相关系数 {V(rows[0], Index("correlation"))}），共 {rows.Count.ToString("N0", n)} 行{suffix}。";
            }
            case "box":
            {
                var top = rows[0];
                return $"在 {rows.Count} 个{Name(shape.Dimensions[0])}分组中，{V(top, 0)} 的中位数最高（{V(top, Index("median"))}）；其中间一半的值在 {V(top, Index("q1"))} 到 {V(top, Index("q3"))} 之间。";
            }
            case "rows":
                return $"找到 {rows.Count.ToString("N0", n)} 行{suffix}。";
        }
        if (shape.Measures.Count == 0) return $"找到 {rows.Count.ToString("N0", n)} 行{suffix}。";
        var m = shape.Measures[0];
        var mi = Index(m);
        if (shape.Dimensions.Count == 0) return string.Join("；", shape.Measures.Select(x => $"{Name(x)}为 {V(rows[0], Index(x))}")) + "。";
        var di = Index(shape.Dimensions[0]);
        if (rows.Count == 1) return $"{V(rows[0], di)} 的{Name(m)}为 {V(rows[0], mi)}。";
        if (shape.TimeFirst && shape.Dimensions.Count == 1)
        {
            var peak = rows.Where(r => r[mi] is not null).OrderByDescending(r => Convert.ToDouble(r[mi], CultureInfo.InvariantCulture)).First();
            return $"{Name(m)}从 {V(rows[0], di)} 的 {V(rows[0], mi)} 变为 {V(rows[^1], di)} 的 {V(rows[^1], mi)}，在 {V(peak, di)} 达到最高 {V(peak, mi)}{suffix}。";
        }
        var ordered = rows.Where(r => r[mi] is not null && r[di] is not null).OrderByDescending(r => Convert.ToDouble(r[mi], CultureInfo.InvariantCulture)).ToList();
        if (ordered.Count == 0) return $"找到 {rows.Count.ToString("N0", n)} 组{suffix}。";
        string Label(object?[] r) => shape.Dimensions.Count > 1 ? $"{V(r, di)} / {V(r, Index(shape.Dimensions[1]))}" : V(r, di);
        return $"{Label(ordered[0])} 的{Name(m)}最高（{V(ordered[0], mi)}），{Label(ordered[^1])} 最低（{V(ordered[^1], mi)}），共 {rows.Count.ToString("N0", n)} 组{suffix}。";
    }

    /// <summary>A column's label in a sentence: "Unit price" reads "unit price"; "Order ID" keeps its capitals after the first word.</summary>
    private static string NameOf(string column, ResultFormat format)
    {
        var i = format.IndexOf(column);
        var label = i < 0 ? column.Replace('_', ' ') : format.Labels[i];
        return label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;
    }

    /// <summary>A raw value as invariant text (what the rows hold, before formatting), for checking that quoted figures come from the rows.</summary>
    public static string Format(object? v) => v switch
    {
        null => "no value",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString() ?? "",
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
