using System.Globalization;
using System.Text;
using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using MiniExcelLibs;

namespace DataCharts.Core.Ask;

/// <summary>Row export formats.</summary>
public enum ExportFormat { Csv, Xlsx, Json, Parquet }

/// <summary>
/// Writes result rows as CSV (formulas neutralised), XLSX, JSON or Parquet. A result cut at the row cap is read again
/// through the guard and streamed, so a download holds every row (up to the export limit), not the first page of them.
/// </summary>
public sealed class ResultExport(DataPaths paths, QueryRunner runner)
{
    public static (string ContentType, string Extension) Describe(ExportFormat f) => f switch
    {
        ExportFormat.Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat.Xlsx => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ExportFormat.Json => ("application/json", "json"),
        _ => ("application/vnd.apache.parquet", "parquet"),
    };

    public static ExportFormat Parse(string? format) => format?.ToLowerInvariant() switch
    {
        "csv" or null or "" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        "json" => ExportFormat.Json,
        "parquet" => ExportFormat.Parquet,
        _ => throw new UserFacingException($"Unknown export format '{format}': use csv, xlsx, json or parquet.") { Field = "format" },
    };

    /// <summary>Writes every row of <paramref name="outcome"/>: its own rows, or when it was cut at the row cap, the query streamed again.</summary>
    public Task WriteAsync(DatasetRecord dataset, QueryOutcome outcome, IReadOnlyDictionary<string, object?>? parameters, ExportFormat format,
        Stream output, CancellationToken ct) =>
        outcome.Truncated
            ? runner.StreamAsync(dataset, outcome.Sql, parameters, (columns, rows) => WriteAsync(columns, rows, format, output, ct), ct)
            : WriteAsync(outcome.Result.Columns, outcome.Result.Rows, format, output, ct);

    public Task WriteAsync(QueryResult result, ExportFormat format, Stream output, CancellationToken ct) =>
        WriteAsync(result.Columns, result.Rows, format, output, ct);

    /// <summary>Writes <paramref name="rows"/> as they are enumerated: nothing but one row at a time is held in memory.</summary>
    public async Task WriteAsync(IReadOnlyList<ResultColumn> columns, IEnumerable<object?[]> rows, ExportFormat format, Stream output, CancellationToken ct)
    {
        switch (format)
        {
            case ExportFormat.Csv:
                await using (var w = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true))
                {
                    await w.WriteLineAsync(string.Join(",", columns.Select(c => CsvField(c.Name))));
                    foreach (var row in rows) await w.WriteLineAsync(string.Join(",", row.Select(v => CsvField(v))));
                }
                break;
            case ExportFormat.Json:
                var objects = rows.Select(r => columns.Select((c, i) => (c.Name, r[i])).ToDictionary(x => x.Name, x => x.Item2));
                await JsonSerializer.SerializeAsync(output, new { columns = columns.Select(c => new { name = c.Name, type = c.Type.DisplayName() }), rows = objects }, cancellationToken: ct);
                break;
            case ExportFormat.Xlsx:
                // The workbook is zipped with synchronous writes, so it goes through a staging file, not the response.
                var sheet = rows.Select(r => columns.Select((c, i) => (c.Name, r[i])).ToDictionary(x => x.Name, x => x.Item2));
                var file = paths.NewStagingFile(".xlsx");
                try
                {
                    await MiniExcel.SaveAsAsync(file, sheet, excelType: ExcelType.XLSX, cancellationToken: ct);
                    await using var fs = File.OpenRead(file);
                    await fs.CopyToAsync(output, ct);
                }
                finally
                {
                    File.Delete(file);
                }
                break;
            default:
                await WriteParquetAsync(columns, rows, output, ct);
                break;
        }
    }

    /// <summary>
    /// A value for CSV: quoted when needed, and text that a spreadsheet would run as a formula (= + - @ tab, CR)
    /// gets a leading apostrophe.
    /// </summary>
    public static string CsvField(object? v)
    {
        if (v is null) return "";
        var s = v switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? "",
        };
        if (v is string && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 || s != s.Trim() ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>Parquet through a private in-memory DuckDB (not the locked app engine), via the staging folder.</summary>
    private async Task WriteParquetAsync(IReadOnlyList<ResultColumn> columns, IEnumerable<object?[]> rows, Stream output, CancellationToken ct)
    {
        var file = paths.NewStagingFile(".parquet");
        try
        {
            using (var c = new DuckDBConnection("Data Source=:memory:"))
            {
                c.Open();
                var cols = string.Join(", ", columns.Select((col, i) => $"{Identifiers.Quote(col.Name)} {(col.Type == ColumnType.Text ? "VARCHAR" : col.Type.ToDuckDb())}"));
                Query.DuckDbEngine.Execute(c, $"CREATE TABLE t ({cols})");
                using (var app = c.CreateAppender("t"))
                {
                    foreach (var row in rows)
                    {
                        var r = app.CreateRow();
                        for (var i = 0; i < row.Length; i++) Query.DuckDbEngine.Append(r, row[i], columns[i].Type);
                        r.EndRow();
                    }
                }
                Query.DuckDbEngine.Execute(c, $"COPY t TO {Identifiers.Literal(file)} (FORMAT parquet)");
            }
            await using var fs = File.OpenRead(file);
            await fs.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
