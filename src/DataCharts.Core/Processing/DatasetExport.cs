using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Reports;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Processing;

/// <summary>Whole-table export formats: JSON Lines, the Alpaca and ShareGPT instruction-tuning shapes, and the row formats.</summary>
public enum DatasetExportFormat { Jsonl, Alpaca, ShareGpt, Csv, Xlsx, Json, Parquet }

/// <summary>Which columns become the parts of a training example (names as the catalog has them, any case).</summary>
public sealed record TrainingColumns(string? Instruction = null, string? Input = null, string? Output = null, string? System = null);

/// <summary>A checked export: the table, the columns read (in order), and how the download is named and typed.</summary>
public sealed record DatasetExportPlan(DatasetRecord Dataset, DatasetTableRecord Table, DatasetExportFormat Format,
    IReadOnlyList<DatasetColumnRecord?> Columns, string FileName, string ContentType);

/// <summary>
/// Streams a whole table out of the engine, one row at a time (never the table in memory), as
/// <list type="bullet">
/// <item><c>jsonl</c>: one JSON object per line, every column with its JSON type;</item>
/// <item><c>alpaca</c>: JSON Lines of <c>{"instruction","input","output"}</c> (lines rather than one array, so huge sets
/// stream and tools such as Hugging Face <c>datasets</c> and LLaMA-Factory read them as they are); input is "" when no
/// column is picked;</item>
/// <item><c>sharegpt</c>: JSON Lines of <c>{"conversations":[{"from":"system"…}?, {"from":"human"…}, {"from":"gpt"…}]}</c>;
/// the human turn is the instruction, followed by a blank line and the input when an input column is picked and not empty;</item>
/// <item><c>csv</c>, <c>xlsx</c>, <c>json</c>, <c>parquet</c>: through <see cref="ResultExport"/>.</item>
/// </list>
/// In the training formats every value is text (null becomes ""); every row is written, none skipped.
/// </summary>
public sealed class DatasetExport(DuckDbEngine engine, ResultExport rows)
{
    public const string JsonLinesType = "application/x-ndjson";

    public static DatasetExportFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "jsonl" or "ndjson" => DatasetExportFormat.Jsonl,
        "alpaca" => DatasetExportFormat.Alpaca,
        "sharegpt" => DatasetExportFormat.ShareGpt,
        "csv" => DatasetExportFormat.Csv,
        "xlsx" => DatasetExportFormat.Xlsx,
        "json" => DatasetExportFormat.Json,
        "parquet" => DatasetExportFormat.Parquet,
        _ => throw new UserFacingException($"Unknown export format '{format}': use jsonl, alpaca, sharegpt, csv, xlsx, json or parquet.") { Field = "format" },
    };

    /// <summary>Checks the format, table and column mapping before anything is written, so a mistake is still a 400.</summary>
    public static DatasetExportPlan Plan(DatasetRecord d, string? table, string? format, TrainingColumns picks)
    {
        d.RequireImported("Exports of a whole table");
        var f = ParseFormat(format);
        var t = DatasetProcessor.TableOf(d, table);
        var slug = ReportLibrary.Slug(d.Name);
        if (slug.Length == 0) slug = "dataset";
        else if (slug.Length > 60) slug = slug[..60];
        DatasetColumnRecord? Pick(string role, string? name, bool required)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                if (required)
                    throw new UserFacingException($"The {f.ToString().ToLowerInvariant()} format needs the {role} column: add {role}=<column> (one of {string.Join(", ", t.Columns.Select(c => c.Name))}).") { Field = role };
                return null;
            }
            return DatasetProcessor.ColumnOf(t, name.Trim(), role);
        }
        switch (f)
        {
            case DatasetExportFormat.Alpaca:
            case DatasetExportFormat.ShareGpt:
                var picked = new[]
                {
                    Pick("instruction", picks.Instruction, true),
                    Pick("input", picks.Input, false),
                    Pick("output", picks.Output, true),
                    f == DatasetExportFormat.ShareGpt ? Pick("system", picks.System, false) : null,
                };
                var suffix = f == DatasetExportFormat.Alpaca ? "-alpaca" : "-sharegpt";
                // Columns read in role order; a role left out reads as NULL so positions stay fixed.
                return new DatasetExportPlan(d, t, f, picked, $"{slug}{suffix}.jsonl", JsonLinesType);
            case DatasetExportFormat.Jsonl:
                return new DatasetExportPlan(d, t, f, t.Columns, $"{slug}.jsonl", JsonLinesType);
            default:
                var rowFormat = Enum.Parse<ExportFormat>(f.ToString());
                var (type, ext) = ResultExport.Describe(rowFormat);
                return new DatasetExportPlan(d, t, f, t.Columns, $"{slug}.{ext}", type);
        }
    }

    /// <summary>Writes every row of the plan's table to <paramref name="output"/>.</summary>
    public async Task WriteAsync(DatasetExportPlan plan, Stream output, CancellationToken ct)
    {
        using var conn = engine.Open(plan.Dataset.Id);
        using var cmd = conn.CreateCommand();
        var select = string.Join(", ", plan.Columns.Select(c => c is null ? "NULL" : Quote(c.Name)));
        cmd.CommandText = $"SELECT {select} FROM {Quote(plan.Dataset.Id)}.{Quote(plan.Table.Name)}";
        cmd.UseStreamingMode = true;
        using var reg = ct.Register(() => { try { cmd.Cancel(); } catch (Exception) { /* finished */ } });
        using var reader = await Task.Run(cmd.ExecuteReader, ct);
        var types = plan.Columns.Select(c => c?.Type ?? ColumnType.Text).ToArray();
        object? Value(int i) => reader.IsDBNull(i) ? null : QueryResult.Normalize(reader.GetValue(i), types[i]);

        if (plan.Format is DatasetExportFormat.Csv or DatasetExportFormat.Xlsx or DatasetExportFormat.Json or DatasetExportFormat.Parquet)
        {
            IEnumerable<object?[]> Rows()
            {
                while (reader.Read())
                {
                    ct.ThrowIfCancellationRequested();
                    var row = new object?[types.Length];
                    for (var i = 0; i < row.Length; i++) row[i] = Value(i);
                    yield return row;
                }
            }
            var columns = plan.Columns.Select(c => new ResultColumn(c!.Name, c.Type, c.Type.ToDuckDb())).ToList();
            await rows.WriteAsync(columns, Rows(), Enum.Parse<ExportFormat>(plan.Format.ToString()), output, ct);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        // Relaxed escaping keeps non-ASCII text readable in the file; it is a download, never HTML.
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        while (reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            switch (plan.Format)
            {
                case DatasetExportFormat.Alpaca:
                    json.WriteStartObject();
                    json.WriteString("instruction", Text(Value(0)));
                    json.WriteString("input", Text(Value(1)));
                    json.WriteString("output", Text(Value(2)));
                    json.WriteEndObject();
                    break;
                case DatasetExportFormat.ShareGpt:
                    json.WriteStartObject();
                    json.WriteStartArray("conversations");
                    if (plan.Columns[3] is not null) Turn(json, "system", Text(Value(3)));
                    var input = Text(Value(1));
                    Turn(json, "human", input.Length == 0 ? Text(Value(0)) : Text(Value(0)) + "\n\n" + input);
                    Turn(json, "gpt", Text(Value(2)));
                    json.WriteEndArray();
                    json.WriteEndObject();
                    break;
                default:
                    json.WriteStartObject();
                    for (var i = 0; i < types.Length; i++)
                    {
                        json.WritePropertyName(plan.Columns[i]!.Name);
                        WriteValue(json, Value(i));
                    }
                    json.WriteEndObject();
                    break;
            }
            await json.FlushAsync(ct);
            json.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 1 << 15)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
            }
        }
        if (buffer.WrittenCount > 0) await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
    }

    private static void Turn(Utf8JsonWriter json, string from, string value)
    {
        json.WriteStartObject();
        json.WriteString("from", from);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? v)
    {
        switch (v)
        {
            case null: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case double: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            default: json.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>A value as training text: null is empty, numbers in invariant culture.</summary>
    public static string Text(object? v) => v switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
