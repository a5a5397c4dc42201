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
        var ticks = labels.Select((l, i) => new Tick(i, Shorten(l, horizontal ? 18 : 10))).ToArray();
        var manual = new ScottPlot.TickGenerators.NumericManual(ticks);
        if (horizontal) plot.Axes.Left.TickGenerator = manual;
        else plot.Axes.Bottom.TickGenerator = manual;
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
        if (dark) ChartThemes.Dark(plot);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>Fonts that can draw Chinese labels when the system has them (fonts-noto-cjk in the Docker image).</summary>
public static class ChartFonts
{
    private static readonly Lazy<string?> Cjk = new(() =>
    {
        foreach (var name in new[] { "Noto Sans CJK SC", "Noto Sans CJK", "Noto Sans SC", "WenQuanYi Zen Hei", "Droid Sans Fallback" })
        {
            try
            {
                var tf = SkiaSharp.SKFontManager.Default.MatchFamily(name);
                if (tf is not null && tf.FamilyName.Contains(name.Split(' ')[0], StringComparison.OrdinalIgnoreCase)) return tf.FamilyName;
            }
            catch (Exception) { /* try the next */ }
        }
        return null;
    });

    public static void Apply(Plot plot)
    {
        if (Cjk.Value is { } family) plot.Font.Set(family);
    }
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
    }
}
