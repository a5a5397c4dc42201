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
    /// The marks for the browser, one array each: shape (r, s or p), x, y, width, height, start and sweep angles, label,
    /// value, series, and the drill question (bars and slices in Chat).
    /// </summary>
    public string MarksJson()
    {
        if (Layout is not { } layout) return "[]";
        var rows = layout.Marks.Select(m => new object?[]
        {
            m.Shape switch { MarkShape.Rect => "r", MarkShape.Slice => "s", _ => "p" },
            m.X, m.Y, m.Width, m.Height, m.StartDegrees, m.SweepDegrees, m.Label, m.Value, m.Series,
            Drill && layout.DrillColumn is { } column && m.DrillValue is { } value ? ChartDrill.FollowUp(column, value) : null,
        });
        return JsonSerializer.Serialize(rows);
    }

    /// <summary>The figure for a spec and its rows; a chart that cannot be laid out still shows its image, with the reason.</summary>
    public static ChartFigureView For(string id, ChartSpec spec, QueryResult rows, string imageUrl, XRange? range,
        string? zoomUrl, string? zoomTarget, (string, string) zoomParams, bool drill)
    {
        var alt = AltText(spec);
        try
        {
            var overlay = InteractiveChart.Overlay(spec, rows, range);
            return new ChartFigureView(id, imageUrl, alt, overlay, overlay.Layout.Zoomable ? zoomUrl : null, zoomTarget, zoomParams, drill, null);
        }
        catch (UserFacingException ex)
        {
            return new ChartFigureView(id, imageUrl, alt, null, null, zoomTarget, zoomParams, false, ex.Message);
        }
    }

    /// <summary>The image's alt text: the title and what is drawn against what (the summary below says what it shows).</summary>
    public static string AltText(ChartSpec spec) =>
        $"{spec.Title ?? "Chart"}: {ChartTypeNames.Noun(spec.Type)} of {string.Join(", ", spec.Y.Select(ChartText.Words))}{(spec.X is null ? "" : " by " + ChartText.Words(spec.X))}";

    /// <summary>The image URL with the zoom range added under the given parameter names.</summary>
    public static string WithRange(string url, XRange? range, (string From, string To) names) =>
        range is null ? url : $"{url}&{names.From}={Uri.EscapeDataString(range.FromText)}&{names.To}={Uri.EscapeDataString(range.ToText)}";
}
