using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Charts;
using DataCharts.Core.Query;

namespace DataCharts.Web.Pages.Shared;

/// <summary>
/// A server-drawn chart made interactive (<c>_ChartFigure</c>): the image, the marks overlay that wiring in
/// <c>wwwroot/js/charts.js</c> reads for tooltips, keys, drag-zoom and drill, and the text alternative.
/// </summary>
/// <param name="Id">DOM id prefix, unique on the page.</param>
/// <param name="ImageUrl">The PNG, already carrying the zoom range.</param>
/// <param name="ZoomUrl">Where a zoom asks (the range is added as <paramref name="ZoomParams"/>); null where the chart does not zoom.</param>
/// <param name="ZoomTarget">The element the zoom response replaces (outerHTML).</param>
public sealed record ChartFigureView(string Id, string ImageUrl, string Alt, ChartOverlay? Overlay, string? ZoomUrl, string? ZoomTarget,
    (string From, string To) ZoomParams, bool Drill, string? Error)
{
    public ChartLayout? Layout => Overlay?.Layout;

    /// <summary>The zoom as words ("2024-01-01 – 2024-03-31"), when zoomed.</summary>
    public string? ZoomedTo => Overlay is { Range: { } r } o ? ChartZoom.Describe(r, o.Layout.XKind, ChartText.Plain(o.Layout.XName)) : null;

    /// <summary>
    /// The marks for the browser, one array each: shape (r, s or p), x, y, label, value, series (index into
    /// <see cref="SeriesJson"/>), then for bars and slices the drill question (Chat) and the geometry: a rect's width and
    /// height, a slice's radius, start and sweep. Points stop after the series, which keeps a long line's overlay small.
    /// </summary>
    public string MarksJson()
    {
        if (Layout is not { } layout) return "[]";
        var series = Series();
        var rows = layout.Marks.Select(m =>
        {
            var si = series.IndexOf(m.Series ?? "");
            var q = Drill && layout.DrillColumn is { } column && m.DrillValue is { } value ? ChartDrill.FollowUp(column, value) : null;
            return m.Shape switch
            {
                MarkShape.Rect => new object?[] { "r", m.X, m.Y, m.Label, m.Value, si, q, m.Width, m.Height },
                MarkShape.Slice => new object?[] { "s", m.X, m.Y, m.Label, m.Value, si, q, m.Width, m.StartDegrees, m.SweepDegrees },
                _ => new object?[] { "p", m.X, m.Y, m.Label, m.Value, si },
            };
        });
        return JsonSerializer.Serialize(rows);
    }

    /// <summary>The series names the marks refer to by index.</summary>
    public string SeriesJson() => JsonSerializer.Serialize(Series());

    private List<string> Series() => Layout?.Marks.Select(m => m.Series ?? "").Distinct().ToList() ?? [];

    /// <summary>The figure for a spec and its rows; a chart that cannot be laid out still shows its image, with the reason.</summary>
    public static ChartFigureView For(string id, ChartSpec spec, QueryResult rows, string imageUrl, XRange? range,
        string? zoomUrl, string? zoomTarget, (string, string) zoomParams, bool drill, DataCharts.Core.Presentation.ResultFormat? format = null)
    {
        var alt = AltText(spec);
        try
        {
            var overlay = InteractiveChart.Overlay(spec, rows, range, format: format);
            return new ChartFigureView(id, imageUrl, alt, overlay, overlay.Layout.Zoomable ? zoomUrl : null, zoomTarget, zoomParams, drill, null);
        }
        catch (UserFacingException ex)
        {
            return new ChartFigureView(id, imageUrl, alt, null, null, zoomTarget, zoomParams, false, ex.Message);
        }
    }

    /// <summary>The figure for an overlay already laid out (with its image, <see cref="InteractiveChart.Picture"/>).</summary>
    public static ChartFigureView Of(string id, ChartSpec spec, ChartOverlay overlay, string imageUrl, string? zoomUrl, string? zoomTarget,
        (string, string) zoomParams, bool drill) =>
        new(id, imageUrl, AltText(spec), overlay, overlay.Layout.Zoomable ? zoomUrl : null, zoomTarget, zoomParams, drill, null);

    /// <summary>The image's alt text: the title and what is drawn against what (the summary below says what it shows).</summary>
    public static string AltText(ChartSpec spec) =>
        $"{spec.Title ?? "Chart"}: {ChartTypeNames.Noun(spec.Type)} of {string.Join(", ", spec.Y.Select(ChartText.Words))}{(spec.X is null ? "" : " by " + ChartText.Words(spec.X))}";

    /// <summary>The image URL with the zoom range added under the given parameter names.</summary>
    public static string WithRange(string url, XRange? range, (string From, string To) names) =>
        range is null ? url : $"{url}&{names.From}={Uri.EscapeDataString(range.FromText)}&{names.To}={Uri.EscapeDataString(range.ToText)}";
}
