using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Datasets.Import;

/// <summary>
/// Loads a staged file into a new dataset's own engine file (see <see cref="EngineWriter"/>). Nothing is visible to users
/// until the catalog publishes the result; on failure the half-written file is deleted, and a crash leaves only an
/// orphan file that start-up removes. Compressed inputs are held to <see cref="InflateLimits"/> (options, or the defaults).
/// </summary>
public sealed partial class DatasetImporter(DuckDbEngine engine, DataPaths paths, Microsoft.Extensions.Options.IOptions<DataChartsOptions>? options = null)
{
    private InflateLimits Limits => options?.Value is { } o ? new InflateLimits(o.MaxInflatedBytes, o.MaxInflateRatio) : InflateLimits.Default;

    private const int HeadBytes = 64 * 1024;
    private const int SampleChars = 2 * 1024 * 1024;

    public async Task<ImportedDataset> ImportAsync(ImportSource source, Action<double, string?> progress, CancellationToken ct)
    {
        var info = new FileInfo(source.FilePath);
        if (!info.Exists || info.Length == 0) throw new UserFacingException("The file is empty.");
        var id = NewDatasetId();
        var name = string.IsNullOrWhiteSpace(source.DatasetName) ? Path.GetFileNameWithoutExtension(source.FileName) : source.DatasetName.Trim();
        if (name.Length == 0) name = "dataset";
        using var writer = engine.Create(id);
        var conn = writer.Connection;
        var temps = new List<string>();
        try
        {
            var ctx = new LoadContext(conn, id, progress, ct, temps);
            var tableLabel = Path.GetFileNameWithoutExtension(source.FileName);
            IReadOnlyList<ImportedTable> tables;
            IReadOnlyList<ImportedRelation> relations = [];
            switch (source.Format)
            {
                case ImportFormat.Csv or ImportFormat.Tsv:
                    tables = [await ImportDelimitedAsync(ctx, source, tableLabel)];
                    break;
                case ImportFormat.Json or ImportFormat.JsonLines:
                    tables = [await ImportJsonAsync(ctx, source, tableLabel)];
                    break;
                case ImportFormat.Xlsx:
                    tables = await ImportXlsxAsync(ctx, source);
                    break;
                case ImportFormat.Parquet:
                    CheckParquetSize(conn, source.FilePath);
                    progress(0.1, "Reading Parquet");
                    tables = [await CreateFromSelectAsync(ctx, tableLabel, $"SELECT * FROM read_parquet({Literal(source.FilePath)})", 0.1, 0.95)];
                    break;
                case ImportFormat.Sqlite:
                    (tables, relations) = await ImportSqliteAsync(ctx, source);
                    break;
                default:
                    tables = await ImportDuckDbAsync(ctx, source);
                    break;
            }
            if (tables.Count == 0) throw new UserFacingException("The file holds no tables to import.");
            progress(0.97, "Publishing");
            ct.ThrowIfCancellationRequested();
            writer.Commit();
            return new ImportedDataset(id, name, source.Format, source.FileName, info.Length, tables, relations);
        }
        catch (Exception ex) when (ex is not UserFacingException and not OperationCanceledException && ct.IsCancellationRequested)
        {
            // The writer, disposed unpublished, deletes the half-written file.
            throw new OperationCanceledException("Import cancelled", ex, ct);
        }
        finally
        {
            foreach (var t in temps) TryDelete(t);
        }
    }

    /// <summary>Deletes an imported dataset's engine file (when its publication in the catalog failed).</summary>
    public void Discard(string id) => engine.Delete(id);

    private sealed record LoadContext(DuckDBConnection Conn, string Schema, Action<double, string?> Progress, CancellationToken Ct, List<string> Temps)
    {
        private readonly HashSet<string> tableNames = new(StringComparer.OrdinalIgnoreCase);

        public string TableName(string label)
        {
            var baseName = Sanitize(label, "table");
            var n = baseName;
            for (var i = 2; !tableNames.Add(n); i++) n = $"{baseName}_{i}";
            return n;
        }

        public string Qualified(string table) => $"{Quote(Schema)}.{Quote(table)}";
    }

    // ---------- delimited text ----------

    private async Task<ImportedTable> ImportDelimitedAsync(LoadContext ctx, ImportSource source, string tableLabel)
    {
        var (head, whole) = ReadHead(source.FilePath);
        var encoding = EncodingDetector.Detect(head, whole);
        var path = source.FilePath;
        if (!encoding.IsUtf8)
        {
            ctx.Progress(0.02, $"Converting from {encoding.Name} to UTF-8");
            path = NewTemp(ctx, ".csv");
            await TranscodeAsync(source.FilePath, encoding, path, f => ctx.Progress(0.02 + 0.2 * f, null), ctx.Ct);
        }

        ctx.Progress(0.23, "Sniffing delimiter, quotes and header");
        var (sample, sampleIsWhole) = ReadSample(path);
        var hint = source.Options.Delimiter ?? (source.Format == ImportFormat.Tsv ? '\t' : null);
        var sniff = CsvSniffer.Sniff(sample, sampleIsWhole, hint, source.Options.Header);
        var labels = sniff.Header.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"column{i + 1}" : h.Trim()).ToList();
        var names = SanitizeAll(labels, "column");
        // Types come from the head and from chunks spread through the rest of the file.
        var sampleRows = sampleIsWhole ? sniff.Rows : [.. sniff.Rows, .. ReadScatteredRows(path, sniff.Dialect, labels.Count)];
        var sampled = Enumerable.Range(0, labels.Count).Select(c =>
        {
            var acc = new TypeAccumulator();
            foreach (var r in sampleRows) acc.Add(r.Fields[c]);
            return acc;
        }).ToList();
        var types = sampled.Select(a => a.Result).ToList();
        // Text with a value to show for it cannot narrow as more values come: the fallback need not type it again.
        var textIsFinal = sampled.Select(a => a.Result == ColumnType.Text && a.NonMissing > 0).ToList();
        var codeLike = Enumerable.Range(0, labels.Count).Where(c => types[c] == ColumnType.Integer && LooksLikeCode(sampleRows.Select(r => r.Fields[c]))).ToHashSet();

        var table = ctx.TableName(tableLabel);
        var d = sniff.Dialect;
        var options = $"delim={Literal(d.Delimiter.ToString())}, quote={Literal(d.Quote.ToString())}, escape={Literal(d.Escape.ToString())}, " +
                      $"header={(d.HasHeader ? "true" : "false")}, auto_detect=false, strict_mode=true, null_padding=false";
        ctx.Progress(0.25, $"Loading rows ({d.DelimiterName}-separated{(d.HasHeader ? ", with header" : "")})");
        var columns = await LoadCsvAsync(ctx, path, table, names, labels, types, options, 0.25, 0.95, codeLike, textIsFinal);
        return new ImportedTable(table, tableLabel, RowCount(ctx, table), columns);
    }

    /// <summary>
    /// Fixed-width integers (zip codes, ids, phone numbers) may hide a leading zero past the sample;
    /// such columns load as text and become integers only once every value is checked.
    /// </summary>
    private static bool LooksLikeCode(IEnumerable<string> values)
    {
        var length = -1;
        foreach (var v in values)
        {
            if (v.Length == 0) continue;
            if (length == -1) length = v.Length;
            else if (v.Length != length) return false;
        }
        return length >= 3;
    }

    /// <summary>Records parsed from chunks spread through a large file (each chunk starts after its first line break).</summary>
    private static List<CsvRecord> ReadScatteredRows(string path, CsvDialect dialect, int width)
    {
        const int chunks = 8, chunkBytes = 128 * 1024;
        var rows = new List<CsvRecord>();
        using var fs = File.OpenRead(path);
        if (fs.Length < SampleChars * 2L) return rows;
        var buffer = new byte[chunkBytes];
        for (var i = 1; i <= chunks; i++)
        {
            fs.Position = fs.Length * i / (chunks + 1);
            var n = fs.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            var start = text.IndexOf('\n');
            if (start < 0) continue;
            // A chunk may start inside a quoted value; records of the wrong width are simply not used.
            rows.AddRange(CsvSniffer.Parse(text[(start + 1)..], dialect.Delimiter, dialect.Quote, dialect.Escape, false, 5000).Where(r => r.Fields.Count == width));
        }
        return rows;
    }

    /// <summary>
    /// Loads a UTF-8 CSV with the given column types. If the file disagrees with the types somewhere past the sample,
    /// it is loaded as text and typed again over every value.
    /// </summary>
    /// <param name="textIsFinal">
    /// When <paramref name="types"/> were inferred from a sample of the file's own values (so every value agrees with
    /// them or is wider): per column, whether it is text because of a sampled value. The fallback then types only the
    /// columns and types that more values can still decide. Null types every column for every type.
    /// </param>
    private async Task<IReadOnlyList<ImportedColumn>> LoadCsvAsync(LoadContext ctx, string path, string table, IReadOnlyList<string> names,
        IReadOnlyList<string> labels, IReadOnlyList<ColumnType> types, string options, double from, double to,
        IReadOnlySet<int>? verify = null, IReadOnlyList<bool>? textIsFinal = null)
    {
        string Columns(Func<int, string> type) => "{" + string.Join(", ", names.Select((n, i) => $"{Literal(n)}: {Literal(type(i))}")) + "}";
        var read = $"read_csv({Literal(path)}, {options}, columns=";
        try
        {
            await DuckDbEngine.ExecuteWithProgressAsync(ctx.Conn,
                $"CREATE TABLE {ctx.Qualified(table)} AS SELECT * FROM {read}{Columns(i => verify?.Contains(i) == true ? "VARCHAR" : types[i].ToDuckDb())})",
                p => ctx.Progress(from + (to - from) * p, null), ctx.Ct);
            var final = types.ToList();
            if (verify is { Count: > 0 })
            {
                var checkedTypes = InferTypesInEngine(ctx, table, verify.Order().Select(i => names[i]).ToList(), verify.Order().Select(i => Candidates(types[i])).ToList());
                var k = 0;
                foreach (var i in verify.Order())
                {
                    final[i] = checkedTypes[k++];
                    if (final[i] != ColumnType.Text)
                        DuckDbEngine.Execute(ctx.Conn, $"ALTER TABLE {ctx.Qualified(table)} ALTER {Quote(names[i])} TYPE {final[i].ToDuckDb()}");
                }
            }
            return names.Select((n, i) => new ImportedColumn(n, labels[i], final[i])).ToList();
        }
        catch (DuckDBException ex) when (!ctx.Ct.IsCancellationRequested && IsConversionError(ex.Message))
        {
            // The sample promised a type the rest of the file breaks: load text, then type every value.
            ctx.Progress(from, "Some values disagree with the sampled types; typing every value");
        }
        catch (DuckDBException ex) when (!ctx.Ct.IsCancellationRequested)
        {
            throw CsvError(ex);
        }

        var raw = "__raw_" + table;
        try
        {
            await DuckDbEngine.ExecuteWithProgressAsync(ctx.Conn,
                $"CREATE TABLE {ctx.Qualified(raw)} AS SELECT * FROM {read}{Columns(_ => "VARCHAR")})",
                p => ctx.Progress(from + (to - from) * 0.6 * p, null), ctx.Ct);
        }
        catch (DuckDBException ex) when (!ctx.Ct.IsCancellationRequested)
        {
            throw CsvError(ex);
        }
        var inferred = InferTypesInEngine(ctx, raw, names, textIsFinal is null ? null : types.Select((t, i) => textIsFinal[i] ? null : Candidates(t)).ToList());
        var select = string.Join(", ", names.Select((n, i) => inferred[i] == ColumnType.Text
            ? Quote(n)
            : inferred[i] == ColumnType.Boolean ? $"CAST(lower({Quote(n)}) AS BOOLEAN) AS {Quote(n)}"
            : $"CAST({Quote(n)} AS {inferred[i].ToDuckDb()}) AS {Quote(n)}"));
        await DuckDbEngine.ExecuteWithProgressAsync(ctx.Conn,
            $"CREATE TABLE {ctx.Qualified(table)} AS SELECT {select} FROM {ctx.Qualified(raw)}; DROP TABLE {ctx.Qualified(raw)};",
            p => ctx.Progress(from + (to - from) * (0.6 + 0.4 * p), null), ctx.Ct);
        return names.Select((n, i) => new ImportedColumn(n, labels[i], inferred[i])).ToList();
    }

    private static bool IsConversionError(string message) =>
        message.Contains("Could not convert", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("Conversion Error", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("out of range", StringComparison.OrdinalIgnoreCase);

    private static readonly ColumnType[] AllCandidates = [ColumnType.Integer, ColumnType.Decimal, ColumnType.Boolean, ColumnType.Date, ColumnType.Timestamp];

    /// <summary>
    /// The types a column sampled as <paramref name="sampled"/> can still end up as over the whole file (besides text):
    /// more values only rule types out, and a sampled integer is never a boolean, date or timestamp, a sampled date
    /// never a number, and so on. Text sampled from no values at all says nothing.
    /// </summary>
    private static ColumnType[] Candidates(ColumnType sampled) => sampled switch
    {
        ColumnType.Integer => [ColumnType.Integer, ColumnType.Decimal],
        ColumnType.Decimal => [ColumnType.Decimal],
        ColumnType.Boolean => [ColumnType.Boolean],
        ColumnType.Date => [ColumnType.Date, ColumnType.Timestamp],
        ColumnType.Timestamp => [ColumnType.Timestamp],
        _ => AllCandidates,
    };

    /// <summary>
    /// Types every value of a text table, with the same rules as <see cref="TypeAccumulator"/>. Per column, the types
    /// still possible (null: the column stays text, nothing to check); a null list checks every type of every column.
    /// </summary>
    private static List<ColumnType> InferTypesInEngine(LoadContext ctx, string raw, IReadOnlyList<string> names, IReadOnlyList<ColumnType[]?>? candidates)
    {
        const string intRe = @"^[+-]?([1-9][0-9]{0,17}|0)$";
        const string decRe = @"^[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$";
        var parts = new List<string>();
        var slots = new List<(ColumnType type, int index)[]>(); // per column: where each checked type's count of disagreeing values is
        for (var i = 0; i < names.Count; i++)
        {
            var check = candidates is null ? AllCandidates : candidates[i] ?? [];
            if (check.Length == 0)
            {
                slots.Add([]);
                continue;
            }
            var c = Quote(names[i]);
            var present = $"{c} IS NOT NULL AND {c} <> ''";
            var columnSlots = new List<(ColumnType, int)>();
            parts.Add($"count(*) FILTER (WHERE {present})");
            columnSlots.Add((ColumnType.Text, parts.Count - 1));
            foreach (var type in check)
            {
                parts.Add(type switch
                {
                    ColumnType.Integer => $"count(*) FILTER (WHERE {present} AND NOT regexp_matches({c}, '{intRe}'))",
                    ColumnType.Decimal => $"count(*) FILTER (WHERE {present} AND NOT regexp_matches({c}, '{decRe}'))",
                    ColumnType.Boolean => $"count(*) FILTER (WHERE {present} AND lower({c}) NOT IN ('true', 'false'))",
                    ColumnType.Date => $"count(*) FILTER (WHERE {present} AND NOT (regexp_matches({c}, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$') AND TRY_CAST({c} AS DATE) IS NOT NULL))",
                    _ => $"count(*) FILTER (WHERE {present} AND NOT (regexp_matches({c}, '^[0-9]{{4}}[-/][0-9]{{2}}[-/][0-9]{{2}}') AND TRY_CAST({c} AS TIMESTAMP) IS NOT NULL))",
                });
                columnSlots.Add((type, parts.Count - 1));
            }
            slots.Add(columnSlots.ToArray());
        }
        var result = new List<ColumnType>();
        if (parts.Count == 0)
        {
            for (var i = 0; i < names.Count; i++) result.Add(ColumnType.Text);
            return result;
        }
        using var cmd = ctx.Conn.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(", ", parts)} FROM {ctx.Qualified(raw)}";
        using var r = cmd.ExecuteReader();
        r.Read();
        long At(int k) => Convert.ToInt64(r.GetValue(k), CultureInfo.InvariantCulture);
        foreach (var columnSlots in slots)
        {
            // Present values first, then the checked types from narrowest to widest: the first that every value fits.
            var type = ColumnType.Text;
            if (columnSlots.Length > 0 && At(columnSlots[0].index) > 0)
            {
                foreach (var (t, k) in columnSlots.Skip(1))
                {
                    if (At(k) != 0) continue;
                    type = t;
                    break;
                }
            }
            result.Add(type);
        }
        return result;
    }

    [GeneratedRegex(@"Line:\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ColumnsRegex();

    /// <summary>Turns the engine's CSV error into a message with the line (and what was expected).</summary>
    private static UserFacingException CsvError(DuckDBException ex)
    {
        var line = LineRegex().Match(ex.Message) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null;
        var cols = ColumnsRegex().Match(ex.Message);
        var where = line is null ? "" : $"Line {line}: ";
        if (cols.Success)
            return new UserFacingException($"{where}expected {cols.Groups[1].Value} fields but found {cols.Groups[2].Value}.") { Line = line };
        if (ex.Message.Contains("unterminated quotes", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("quote", StringComparison.OrdinalIgnoreCase))
            return new UserFacingException($"{where}a quoted value is never closed or a quote is misplaced.") { Line = line };
        var first = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? ex.Message;
        return new UserFacingException($"{where}the file could not be read as delimited text: {first}") { Line = line };
    }

    private static (byte[] head, bool whole) ReadHead(string path)
    {
        using var fs = File.OpenRead(path);
        var buf = new byte[HeadBytes];
        var n = fs.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
        return (buf[..n], n < HeadBytes || fs.Position == fs.Length);
    }

    private static (string sample, bool whole) ReadSample(string utf8Path)
    {
        using var reader = new StreamReader(utf8Path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var buf = new char[SampleChars];
        var n = reader.ReadBlock(buf, 0, buf.Length);
        return (new string(buf, 0, n), reader.EndOfStream);
    }

    private static async Task TranscodeAsync(string from, DetectedEncoding encoding, string to, Action<double> progress, CancellationToken ct)
    {
        await using var input = File.OpenRead(from);
        var total = Math.Max(1, input.Length);
        input.Position = encoding.BomLength;
        using var reader = new StreamReader(input, encoding.Encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        await using var writer = new StreamWriter(to, false, new UTF8Encoding(false), 1 << 16);
        var buf = new char[1 << 16];
        int n;
        while ((n = await reader.ReadAsync(buf, ct)) > 0)
        {
            await writer.WriteAsync(buf.AsMemory(0, n), ct);
            progress((double)input.Position / total);
        }
    }

    // ---------- JSON and JSON Lines ----------

    private async Task<ImportedTable> ImportJsonAsync(LoadContext ctx, ImportSource source, string tableLabel)
    {
        var (head, whole) = ReadHead(source.FilePath);
        var encoding = EncodingDetector.Detect(head, whole);
        var csv = NewTemp(ctx, ".csv");
        using (var writer = new TabularCsvWriter(csv))
        {
            await using var fs = File.OpenRead(source.FilePath);
            var total = Math.Max(1, fs.Length);
            if (encoding.BomLength > 0) fs.Position = encoding.BomLength;
            var text = encoding.IsUtf8 ? fs : Encoding.CreateTranscodingStream(fs, encoding.Encoding, new UTF8Encoding(false), leaveOpen: true);
            var first = FirstNonSpace(head.AsSpan(encoding.IsUtf8 ? encoding.BomLength : 0));
            var lines = source.Format == ImportFormat.JsonLines || (first == '{' && LooksLikeJsonLines(head));
            ctx.Progress(0.05, lines ? "Reading JSON Lines" : "Reading JSON");
            if (lines) await ReadJsonLinesAsync(text, writer, () => ctx.Progress(0.05 + 0.5 * fs.Position / total, null), ctx.Ct);
            else await ReadJsonArrayAsync(text, writer, () => ctx.Progress(0.05 + 0.5 * fs.Position / total, null), ctx.Ct);
            if (writer.Labels.Count == 0) throw new UserFacingException("The JSON holds no fields to import: expected an array of objects (or one object per line).");
            return await LoadWrittenAsync(ctx, writer, csv, tableLabel, 0.55, 0.95);
        }
    }

    private static char FirstNonSpace(ReadOnlySpan<byte> b)
    {
        foreach (var x in b) if (!char.IsWhiteSpace((char)x)) return (char)x;
        return '\0';
    }

    private static bool LooksLikeJsonLines(byte[] head)
    {
        try
        {
            var reader = new Utf8JsonReader(head, new JsonReaderOptions { AllowTrailingCommas = false });
            // A single JSON document ends before the data does when it is JSON Lines.
            reader.Read();
            reader.Skip();
            var rest = head.AsSpan((int)reader.BytesConsumed);
            return rest.IndexOfAnyExcept(" \t\r\n"u8) >= 0;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static async Task ReadJsonArrayAsync(Stream stream, TabularCsvWriter writer, Action progress, CancellationToken ct)
    {
        var row = 0L;
        try
        {
            await foreach (var el in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, new JsonSerializerOptions { AllowTrailingCommas = false }, ct))
            {
                row++;
                WriteObject(writer, el, $"Item {row}");
                if (row % 10_000 == 0) progress();
            }
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            var col = ex.BytePositionInLine + 1;
            var message = ex.Message.Contains("JsonElement[]", StringComparison.Ordinal) || ex.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "expected an array of objects ([{...}, {...}])" : "the JSON is malformed";
            throw new UserFacingException($"Line {line}, column {col}: {message}.") { Line = line, Column = col };
        }
        if (row == 0) throw new UserFacingException("The JSON array is empty: there are no rows to import.");
    }

    private static async Task ReadJsonLinesAsync(Stream stream, TabularCsvWriter writer, Action progress, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1 << 16);
        var lineNo = 0L;
        var rows = 0L;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                var col = ex.BytePositionInLine + 1;
                throw new UserFacingException($"Line {lineNo}, column {col}: this line is not valid JSON.") { Line = lineNo, Column = col };
            }
            using (doc) WriteObject(writer, doc.RootElement, $"Line {lineNo}", lineNo);
            rows++;
            if (rows % 10_000 == 0) progress();
        }
        if (rows == 0) throw new UserFacingException("The file holds no JSON lines to import.");
    }

    private static void WriteObject(TabularCsvWriter writer, JsonElement el, string where, long? line = null)
    {
        if (el.ValueKind != JsonValueKind.Object)
            throw new UserFacingException($"{where}: expected an object with named fields, found {el.ValueKind.ToString().ToLowerInvariant()}.") { Line = line };
        var values = new List<string?>(writer.Labels.Count);
        foreach (var prop in el.EnumerateObject())
        {
            var i = writer.AddColumn(prop.Name);
            while (values.Count <= i) values.Add(null);
            values[i] = prop.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => prop.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => prop.Value.GetRawText(),
            };
        }
        writer.WriteRow(values);
    }

    /// <summary>Loads what a <see cref="TabularCsvWriter"/> wrote, with its inferred types.</summary>
    private async Task<ImportedTable> LoadWrittenAsync(LoadContext ctx, TabularCsvWriter writer, string csv, string tableLabel, double from, double to)
    {
        var labels = writer.Labels.Select((l, i) => string.IsNullOrWhiteSpace(l) ? $"column{i + 1}" : l.Trim()).ToList();
        var names = SanitizeAll(labels, "column");
        var types = writer.Types;
        writer.Dispose();
        var table = ctx.TableName(tableLabel);
        if (writer.RowCount == 0)
        {
            DuckDbEngine.Execute(ctx.Conn, $"CREATE TABLE {ctx.Qualified(table)} ({string.Join(", ", names.Select((n, i) => $"{Quote(n)} {types[i].ToDuckDb()}"))})");
            return new ImportedTable(table, tableLabel, 0, names.Select((n, i) => new ImportedColumn(n, labels[i], types[i])).ToList());
        }
        const string options = "delim=',', quote='\"', escape='\"', header=false, auto_detect=false, null_padding=true, allow_quoted_nulls=false";
        var columns = await LoadCsvAsync(ctx, csv, table, names, labels, types, options, from, to);
        return new ImportedTable(table, tableLabel, RowCount(ctx, table), columns);
    }

    // ---------- XLSX ----------

    private async Task<IReadOnlyList<ImportedTable>> ImportXlsxAsync(LoadContext ctx, ImportSource source)
    {
        // MiniExcel opens the package itself, so every part is inflated once through a counter first (streamed, nothing
        // kept): a zip bomb is refused before MiniExcel, the engine or the disk see any of it.
        ctx.Progress(0.01, "Checking the workbook's compression");
        InflateGuard.CheckZip(source.FilePath, "XLSX workbook", Limits, ctx.Ct);
        List<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(source.FilePath);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new UserFacingException("This file could not be opened as an XLSX workbook: " + ex.Message);
        }
        var tables = new List<ImportedTable>();
        for (var s = 0; s < sheets.Count; s++)
        {
            ctx.Ct.ThrowIfCancellationRequested();
            var sheet = sheets[s];
            var from = 0.05 + 0.9 * s / sheets.Count;
            var span = 0.9 / sheets.Count;
            ctx.Progress(from, $"Reading sheet '{sheet}'");
            var csv = NewTemp(ctx, ".csv");
            var writer = new TabularCsvWriter(csv);
            try
            {
                List<int>? order = null;
                foreach (IDictionary<string, object?> row in MiniExcel.Query(source.FilePath, useHeaderRow: true, sheetName: sheet))
                {
                    if (order is null)
                    {
                        order = row.Keys.Select(k => writer.AddColumn(k)).ToList();
                    }
                    var values = row.Values.Select(CellText).ToList();
                    if (values.All(v => v is null)) continue;
                    writer.WriteRow(values);
                    if (writer.RowCount % 10_000 == 0) ctx.Ct.ThrowIfCancellationRequested();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not UserFacingException)
            {
                writer.Dispose();
                throw new UserFacingException($"Sheet '{sheet}' could not be read: {ex.Message}");
            }
            if (writer.Labels.Count == 0) { writer.Dispose(); continue; }
            var label = sheets.Count == 1 ? Path.GetFileNameWithoutExtension(source.FileName) : sheet;
            tables.Add(await LoadWrittenAsync(ctx, writer, csv, label, from + span / 2, from + span));
        }
        return tables;
    }

    private static string? CellText(object? v) => v switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    // ---------- SQLite ----------

    private async Task<(IReadOnlyList<ImportedTable>, IReadOnlyList<ImportedRelation>)> ImportSqliteAsync(LoadContext ctx, ImportSource source)
    {
        var tables = new List<ImportedTable>();
        var relations = new List<ImportedRelation>();
        var cs = new SqliteConnectionStringBuilder { DataSource = source.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var sqlite = new SqliteConnection(cs);
        var names = new List<string>();
        try
        {
            await sqlite.OpenAsync(ctx.Ct);
            await using var list = sqlite.CreateCommand();
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid";
            await using var r = await list.ExecuteReaderAsync(ctx.Ct);
            while (await r.ReadAsync(ctx.Ct)) names.Add(r.GetString(0));
        }
        catch (SqliteException ex)
        {
            throw new UserFacingException("This file could not be read as a SQLite database: " + ex.Message);
        }
        var tableNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var columnNames = new Dictionary<(string, string), string>();
        for (var t = 0; t < names.Count; t++)
        {
            ctx.Ct.ThrowIfCancellationRequested();
            var src = names[t];
            var from = 0.05 + 0.9 * t / names.Count;
            ctx.Progress(from, $"Reading table '{src}' ({t + 1} of {names.Count})");
            var declared = new List<(string name, string type)>();
            await using (var info = sqlite.CreateCommand())
            {
                info.CommandText = $"PRAGMA table_info({Quote(src)})";
                await using var r = await info.ExecuteReaderAsync(ctx.Ct);
                while (await r.ReadAsync(ctx.Ct)) declared.Add((r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2)));
            }
            var csv = NewTemp(ctx, ".csv");
            var writer = new TabularCsvWriter(csv);
            foreach (var (n, type) in declared) writer.AddColumn(n, DeclaredType(type));
            await using (var rows = sqlite.CreateCommand())
            {
                rows.CommandText = $"SELECT {string.Join(", ", declared.Select(c => Quote(c.name)))} FROM {Quote(src)}";
                await using var r = await rows.ExecuteReaderAsync(ctx.Ct);
                var values = new string?[declared.Count];
                while (await r.ReadAsync(ctx.Ct))
                {
                    for (var i = 0; i < values.Length; i++) values[i] = SqliteText(r.GetValue(i));
                    writer.WriteRow(values);
                }
            }
            var table = await LoadWrittenAsync(ctx, writer, csv, src, from + 0.45 / names.Count, from + 0.9 / names.Count);
            tables.Add(table);
            tableNames[src] = table.Name;
            for (var i = 0; i < declared.Count; i++) columnNames[(src.ToLowerInvariant(), declared[i].name.ToLowerInvariant())] = table.Columns[i].Name;
        }
        foreach (var src in names)
        {
            await using var fk = sqlite.CreateCommand();
            fk.CommandText = $"PRAGMA foreign_key_list({Quote(src)})";
            await using var r = await fk.ExecuteReaderAsync(ctx.Ct);
            while (await r.ReadAsync(ctx.Ct))
            {
                var toTable = r.GetString(2);
                var fromCol = r.GetString(3);
                var toCol = r.IsDBNull(4) ? null : r.GetString(4);
                if (!tableNames.TryGetValue(toTable, out var to)) continue;
                var toColumn = toCol is null ? null : columnNames.GetValueOrDefault((toTable.ToLowerInvariant(), toCol.ToLowerInvariant()));
                var fromColumn = columnNames.GetValueOrDefault((src.ToLowerInvariant(), fromCol.ToLowerInvariant()));
                if (fromColumn is null || toColumn is null) continue;
                relations.Add(new ImportedRelation(tableNames[src], fromColumn, to, toColumn));
            }
        }
        return (tables, relations);
    }

    private static ColumnType? DeclaredType(string declared)
    {
        var t = declared.ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal)) return ColumnType.Integer;
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal)) return ColumnType.Text;
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal) || t.Contains("NUMERIC", StringComparison.Ordinal) || t.Contains("DECIMAL", StringComparison.Ordinal)) return ColumnType.Decimal;
        return null;
    }

    private static string? SqliteText(object v) => v switch
    {
        DBNull => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    // ---------- DuckDB files and Parquet ----------

    /// <summary>
    /// Parquet is decompressed inside the engine, one page at a time into a buffer of the size its page header declares, so
    /// the bytes cannot be counted here; the sizes the footer declares are held to the same total cap before any is read.
    /// No ratio rule: constant and sorted columns legitimately compress far past 100 to 1.
    /// </summary>
    private void CheckParquetSize(DuckDBConnection conn, string path)
    {
        object? declared;
        try
        {
            declared = DuckDbEngine.Scalar(conn, $"SELECT CAST(coalesce(sum(total_uncompressed_size), 0) AS BIGINT) FROM parquet_metadata({Literal(path)})");
        }
        catch (DuckDBException ex)
        {
            throw new UserFacingException("The file could not be read: " + ex.Message.Split('\n')[0]);
        }
        if (Convert.ToInt64(declared, CultureInfo.InvariantCulture) > Limits.MaxInflatedBytes) throw InflateGuard.TooLarge("Parquet file", Limits);
    }

    private async Task<IReadOnlyList<ImportedTable>> ImportDuckDbAsync(LoadContext ctx, ImportSource source)
    {
        var alias = "src_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            DuckDbEngine.Execute(ctx.Conn, $"ATTACH {Literal(source.FilePath)} AS {Quote(alias)} (READ_ONLY)");
        }
        catch (DuckDBException ex)
        {
            throw new UserFacingException("This file could not be opened as a DuckDB database: " + ex.Message.Split('\n')[0]);
        }
        try
        {
            var list = new List<(string schema, string table)>();
            using (var cmd = ctx.Conn.CreateCommand())
            {
                cmd.CommandText = "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = $1 ORDER BY schema_name, table_name";
                cmd.Parameters.Add(new DuckDBParameter(alias));
                using var r = cmd.ExecuteReader();
                while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
            }
            var tables = new List<ImportedTable>();
            for (var i = 0; i < list.Count; i++)
            {
                var (schema, table) = list[i];
                ctx.Progress(0.05 + 0.9 * i / list.Count, $"Copying table '{table}'");
                tables.Add(await CreateFromSelectAsync(ctx, table, $"SELECT * FROM {Quote(alias)}.{Quote(schema)}.{Quote(table)}",
                    0.05 + 0.9 * i / list.Count, 0.05 + 0.9 * (i + 1) / list.Count));
            }
            return tables;
        }
        finally
        {
            try { DuckDbEngine.Execute(ctx.Conn, $"DETACH {Quote(alias)}"); }
            catch (DuckDBException) { /* detached with the connection */ }
        }
    }

    /// <summary>Creates a table from a query over a typed source, giving its columns safe names and labels.</summary>
    private async Task<ImportedTable> CreateFromSelectAsync(LoadContext ctx, string label, string select, double from, double to)
    {
        var described = new List<(string name, string type)>();
        try
        {
            using var cmd = ctx.Conn.CreateCommand();
            cmd.CommandText = $"DESCRIBE {select}";
            using var r = cmd.ExecuteReader();
            while (r.Read()) described.Add((r.GetString(0), r.GetString(1)));
        }
        catch (DuckDBException ex)
        {
            throw new UserFacingException("The file could not be read: " + ex.Message.Split('\n')[0]);
        }
        var names = SanitizeAll(described.Select(d => (string?)d.name).ToList(), "column");
        var table = ctx.TableName(label);
        var projection = string.Join(", ", described.Select((d, i) => $"{Quote(d.name)} AS {Quote(names[i])}"));
        await DuckDbEngine.ExecuteWithProgressAsync(ctx.Conn, $"CREATE TABLE {ctx.Qualified(table)} AS SELECT {projection} FROM ({select})",
            p => ctx.Progress(from + (to - from) * p, null), ctx.Ct);
        var columns = described.Select((d, i) => new ImportedColumn(names[i], d.name, ColumnTypes.FromDuckDb(d.type))).ToList();
        return new ImportedTable(table, label, RowCount(ctx, table), columns);
    }

    // ---------- helpers ----------

    private static long RowCount(LoadContext ctx, string table) =>
        Convert.ToInt64(DuckDbEngine.Scalar(ctx.Conn, $"SELECT count(*) FROM {ctx.Qualified(table)}"), CultureInfo.InvariantCulture);

    private string NewTemp(LoadContext ctx, string ext)
    {
        var p = paths.NewStagingFile(ext);
        ctx.Temps.Add(p);
        return p;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* cleaned at start-up */ }
    }
}
