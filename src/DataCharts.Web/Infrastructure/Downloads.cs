using DataCharts.Core;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Web.Infrastructure;

/// <summary>File downloads shared by the API and the pages: rows in every export format and chart images.</summary>
public static class Downloads
{
    public static ChartFormat ImageFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "png" => ChartFormat.Png,
        "svg" => ChartFormat.Svg,
        _ => throw new UserFacingException($"Unknown image format '{format}': use png or svg.") { Field = "format" },
    };

    /// <summary>The content type and file extension of a chart image format.</summary>
    public static (string ContentType, string Extension) Describe(ChartFormat format) =>
        format == ChartFormat.Png ? ("image/png", "png") : ("image/svg+xml", "svg");

    public static IResult Image(byte[] bytes, ChartFormat format, string baseName)
    {
        var (type, ext) = Describe(format);
        return Results.File(bytes, type, $"{baseName}.{ext}");
    }

    /// <summary>
    /// Writes every row of a query as an attachment named <paramref name="baseName"/> with the format's extension and
    /// content type; a result cut at the row cap is streamed again in full.
    /// </summary>
    public static async Task WriteRowsAsync(HttpContext http, ResultExport export, DatasetRecord dataset, QueryOutcome outcome,
        IReadOnlyDictionary<string, object?>? parameters, string? format, string baseName, CancellationToken ct)
    {
        var f = ResultExport.Parse(format);
        var (type, ext) = ResultExport.Describe(f);
        Attach(http, type, $"{baseName}.{ext}");
        await export.WriteAsync(dataset, outcome, parameters, f, http.Response.Body, ct);
    }

    /// <summary>Makes the response a download named <paramref name="fileName"/> (before any byte of it is written).</summary>
    public static void Attach(HttpContext http, string contentType, string fileName)
    {
        http.Response.ContentType = contentType;
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
    }

    /// <summary>A file-name-safe version of a title: letters, digits, dashes.</summary>
    public static string FileName(string title)
    {
        var s = DataCharts.Core.Reports.ReportLibrary.Slug(title);
        return s.Length == 0 ? "download" : s.Length > 60 ? s[..60] : s;
    }
}
