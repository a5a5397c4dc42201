using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

using static DataCharts.Core.Tests.Charts.ChartData;

namespace DataCharts.Core.Tests.Charts;

/// <summary>Every chart type renders, to PNG and SVG, in memory; CJK labels too; long series are thinned.</summary>
public sealed class ChartRendererTests
{
    private static readonly QueryResult ByRegion = Result(["region", "channel", "revenue", "orders"], [ColumnType.Text, ColumnType.Text, ColumnType.Decimal, ColumnType.Integer],
        ["North", "Online", 120.5, 3L], ["North", "Retail", 80.0, 2L], ["South", "Online", 60.25, 1L], ["South", "Retail", 99.0, 4L], ["东部", "Online", 42.0, 2L], ["东部", "Retail", 12.0, 1L]);

    public static TheoryData<ChartType> Types() => new(Enum.GetValues<ChartType>());

    private static ChartSpec SpecFor(ChartType t) => t switch
    {
        ChartType.Scatter => new ChartSpec(t, "revenue", ["orders"], "channel", Title: "散点 scatter"),
        ChartType.Histogram => new ChartSpec(t, "from", ["count"], Title: "Histogram"),
        ChartType.Box => new ChartSpec(t, "g", ["min", "q1", "median", "q3", "max"], Title: "Box"),
        ChartType.Line or ChartType.Area => new ChartSpec(t, "month", ["revenue"], "channel", Title: "月度 trend"),
        ChartType.Pie => new ChartSpec(t, "region", ["revenue"], Title: "Share 占比"),
        ChartType.GroupedBar or ChartType.StackedBar or ChartType.Heatmap => new ChartSpec(t, "region", ["revenue"], "channel", Title: t.ToString()),
        _ => new ChartSpec(t, "region", ["revenue"], Title: "各地区 revenue", XLabel: "region", YLabel: "revenue"),
    };

    private static QueryResult DataFor(ChartType t) => t switch
    {
        ChartType.Histogram => Result(["from", "to", "count"], [ColumnType.Decimal, ColumnType.Decimal, ColumnType.Integer], [0.0, 10.0, 4L], [10.0, 20.0, 9L], [20.0, 30.0, 2L]),
        ChartType.Box => Result(["g", "min", "q1", "median", "q3", "max"], [ColumnType.Text, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal, ColumnType.Decimal],
            ["a", 1.0, 2.0, 3.0, 4.0, 5.0], ["b", 2.0, 3.0, 3.5, 6.0, 9.0]),
        ChartType.Line or ChartType.Area => Result(["month", "channel", "revenue"], [ColumnType.Date, ColumnType.Text, ColumnType.Decimal],
            ["2024-01-01", "Online", 10.0], ["2024-02-01", "Online", 12.0], ["2024-03-01", "Online", 9.0], ["2024-01-01", "Retail", 7.0], ["2024-02-01", "Retail", 8.0], ["2024-03-01", "Retail", 11.0]),
        _ => ByRegion,
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_type_renders_to_png_and_svg(ChartType type)
    {
        var png = ChartRenderer.Render(SpecFor(type), DataFor(type), ChartFormat.Png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 5_000, $"{type}: {png.Length} bytes looks empty");
        var svg = System.Text.Encoding.UTF8.GetString(ChartRenderer.Render(SpecFor(type), DataFor(type), ChartFormat.Svg));
        Assert.Contains("<svg xmlns", svg);
        Assert.EndsWith("</svg>", svg.TrimEnd());
        var dark = ChartRenderer.Render(SpecFor(type), DataFor(type), ChartFormat.Png, dark: true);
        Assert.NotEqual(png, dark);
    }

    [Fact]
    public void Chinese_labels_draw_with_a_cjk_font_when_one_is_installed()
    {
        var font = typeof(ChartFonts).GetField("Cjk", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null) as Lazy<string?>;
        Assert.SkipWhen(font!.Value is null, "No CJK font installed (the test command installs fonts-noto-cjk).");
        var svg = System.Text.Encoding.UTF8.GetString(ChartRenderer.Render(SpecFor(ChartType.Bar), ByRegion, ChartFormat.Svg));
        Assert.Contains("东部", svg);
        Assert.Contains(font.Value!, svg);
    }

    [Fact]
    public void A_spec_naming_a_missing_column_is_a_clear_error()
    {
        var ex = Assert.Throws<UserFacingException>(() => ChartRenderer.Render(new ChartSpec(ChartType.Bar, "nope", ["revenue"]), ByRegion, ChartFormat.Png));
        Assert.Contains("nope", ex.Message);
        Assert.Contains("region", ex.Message);
    }

    [Fact]
    public void Long_series_keep_their_extremes_when_thinned()
    {
        var xs = Enumerable.Range(0, 1_000_000).Select(i => (double)i).ToArray();
        var ys = xs.Select(x => Math.Sin(x / 1000)).ToArray();
        ys[123_456] = 50;
        ys[654_321] = -50;
        var (tx, ty) = Downsample.MinMax(xs, ys, ChartRenderer.MaxLinePoints);
        Assert.True(tx.Length <= ChartRenderer.MaxLinePoints);
        Assert.Contains(50, ty);
        Assert.Contains(-50, ty);
        Assert.Equal(0, tx[0]);
        Assert.Equal(999_999, tx[^1]);
    }
}
