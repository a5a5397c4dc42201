using ScottPlot;

namespace DataCharts.Core.Charts;

/// <summary>Small, label-light charts for profiles and thumbnails, rendered with ScottPlot.</summary>
public static class MiniCharts
{
    /// <summary>Bars with category labels; horizontal for top-N values so long labels stay readable.</summary>
    public static byte[] Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values, bool horizontal, bool dark = false, int width = 360, int height = 180)
    {
        using var plot = new Plot();
        ChartFonts.Apply(plot);
        var bars = plot.Add.Bars(values.ToArray());
        bars.Color = Color.FromHex("#4C78A8");
        bars.Horizontal = horizontal;
        foreach (var b in bars.Bars) b.LineWidth = 0;
        var ticks = labels.Select((l, i) => new Tick(i, Shorten(l, horizontal ? 18 : 10)));
        ChartFonts.SetTicks(horizontal ? plot.Axes.Left : plot.Axes.Bottom, ticks);
        if (horizontal)
        {
            plot.Axes.Left.TickLabelStyle.FontSize = 10;
            plot.Axes.Margins(left: 0, right: 0.1, bottom: 0.02, top: 0.02);
            plot.Axes.InvertY();
        }
        else
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Count > 6 ? 45 : 0;
            plot.Axes.Bottom.TickLabelStyle.Alignment = labels.Count > 6 ? Alignment.MiddleLeft : Alignment.UpperCenter;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
            plot.Axes.Margins(bottom: 0);
        }
        ChartFonts.Fit(plot);
        if (dark) ChartThemes.Dark(plot);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>
/// Fonts: a Latin sans-serif for everything, and a CJK font (fonts-noto-cjk in the Docker image) only for the texts
/// that hold Chinese, Japanese or Korean characters. The CJK font's line metrics throw ScottPlot's text placement off
/// (legend entries cut at the top, tick labels over their ticks), so it is not the default.
/// </summary>
public static class ChartFonts
{
    private static readonly Lazy<string?> Cjk = new(() => Find("Noto Sans CJK SC", "Noto Sans CJK", "Noto Sans SC", "WenQuanYi Zen Hei", "Droid Sans Fallback"));
    private static readonly Lazy<string?> Latin = new(() => Find("DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"));

    private static string? Find(params string[] names)
    {
        foreach (var name in names)
        {
            try
            {
                var tf = SkiaSharp.SKFontManager.Default.MatchFamily(name);
                if (tf is not null && tf.FamilyName.Contains(name.Split(' ')[0], StringComparison.OrdinalIgnoreCase)) return tf.FamilyName;
            }
            catch (Exception) { /* try the next */ }
        }
        return null;
    }

    public static void Apply(Plot plot)
    {
        if (Latin.Value is { } family) plot.Font.Set(family);
    }

    /// <summary>Gives the CJK font to each text of a drawn plot that needs it: title, axis labels, category ticks, slice labels, legend.</summary>
    public static void Fit(Plot plot)
    {
        if (Cjk.Value is not { } cjk) return;
        if (HasCjk(plot.Axes.Title.Label.Text)) Use(plot.Axes.Title.Label, cjk);
        foreach (var axis in plot.Axes.GetAxes())
        {
            if (HasCjk(axis.Label.Text)) Use(axis.Label, cjk);
        }
        foreach (var pie in plot.GetPlottables<ScottPlot.Plottables.Pie>())
            foreach (var slice in pie.Slices)
                if (HasCjk(slice.Label)) Use(slice.LabelStyle, cjk);
        if (plot.Legend.GetItems().Any(i => HasCjk(i.LabelText))) plot.Legend.FontName = cjk;
    }

    /// <summary>Category ticks on an axis, in the CJK font when any label needs it (a manual generator's ticks are not readable before rendering).</summary>
    public static void SetTicks(IAxis axis, IEnumerable<Tick> ticks)
    {
        var list = ticks.ToArray();
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(list);
        if (Cjk.Value is { } cjk && list.Any(t => HasCjk(t.Label))) Use(axis.TickLabelStyle, cjk);
    }

    // A label draws with its typeface when it has one (Font.Set gives every label the Latin one), so both change.
    private static void Use(LabelStyle style, string family)
    {
        style.FontName = family;
        style.Font = Fonts.GetTypeface(family, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
    }

    /// <summary>Whether a text holds CJK ideographs, kana or hangul.</summary>
    public static bool HasCjk(string? text) =>
        text is not null && text.Any(c => c is >= '\u3040' and <= '\u30ff' or >= '\u3400' and <= '\u9fff' or >= '\uac00' and <= '\ud7af' or >= '\uf900' and <= '\ufaff' or >= '\uff00' and <= '\uffef');
}

/// <summary>Colour themes matching the app's light and dark modes.</summary>
public static class ChartThemes
{
    public static void Dark(Plot plot)
    {
        plot.FigureBackground.Color = Color.FromHex("#1e1f24");
        plot.DataBackground.Color = Color.FromHex("#1e1f24");
        plot.Axes.Color(Color.FromHex("#c9ccd4"));
        plot.Grid.MajorLineColor = Color.FromHex("#3a3d46");
        // Legends and slice labels default to black on white: light text on the panel colour instead.
        plot.Legend.BackgroundColor = Color.FromHex("#26282e");
        plot.Legend.OutlineColor = Color.FromHex("#4a4e59");
        plot.Legend.FontColor = Color.FromHex("#e6e8ee");
        foreach (var pie in plot.GetPlottables<ScottPlot.Plottables.Pie>())
        {
            pie.LineColor = Color.FromHex("#1e1f24");
            foreach (var slice in pie.Slices) slice.LabelStyle.ForeColor = Color.FromHex("#e6e8ee");
        }
        foreach (var bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
            foreach (var bar in bars.Bars)
                if (bar.LineWidth > 0) bar.LineColor = Color.FromHex("#1e1f24");
    }
}
