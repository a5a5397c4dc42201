using System.Text;

namespace DataCharts.Core.Datasets.Import;

/// <summary>How a delimited file is written.</summary>
public sealed record CsvDialect(char Delimiter, char Quote, char Escape, bool HasHeader)
{
    public string DelimiterName => Delimiter switch { '\t' => "tab", ',' => "comma", ';' => "semicolon", '|' => "pipe", _ => Delimiter.ToString() };
}

/// <summary>One parsed record of the sample, with where it starts.</summary>
public sealed record CsvRecord(IReadOnlyList<string> Fields, long Line, IReadOnlyList<int> FieldColumns, int EndColumn);

/// <summary>What sniffing a sample found: the dialect, the header names and the parsed sample rows.</summary>
public sealed record CsvSniffResult(CsvDialect Dialect, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Rows, bool SampleIsWholeFile);

/// <summary>
/// Sniffs delimiter, quote, escape and header from the start of a delimited text, and checks that every sampled row
/// has as many fields as the header (reporting line and column when not).
/// </summary>
public static class CsvSniffer
{
    private static readonly char[] Delimiters = [',', '\t', ';', '|'];

    /// <param name="sample">The start of the file as text (without BOM).</param>
    /// <param name="isWholeFile">True when <paramref name="sample"/> is the whole file, so its last record is complete.</param>
    /// <param name="delimiterHint">From the file extension or the caller's options, tried first on ties.</param>
    /// <param name="headerHint">Forces header detection when set.</param>
    public static CsvSniffResult Sniff(string sample, bool isWholeFile, char? delimiterHint = null, bool? headerHint = null)
    {
        if (string.IsNullOrWhiteSpace(sample)) throw new UserFacingException("The file is empty: there is no header and no data.");

        (char delim, char quote, double score, List<CsvRecord> rows)? best = null;
        var delimiters = delimiterHint is { } h ? [h, .. Delimiters.Where(d => d != h)] : Delimiters;
        foreach (var quote in new[] { '"', '\'' })
        {
            foreach (var d in delimiters)
            {
                var escape = ChooseEscape(sample, quote);
                var rows = Parse(sample, d, quote, escape, isWholeFile, maxRecords: 500);
                var score = Score(rows);
                if (quote == '\'') score *= 0.9; // double quotes are the norm
                if (best is null || score > best.Value.score + 1e-9) best = (d, quote, score, rows);
            }
        }
        var (delimiter, q, _, parsed) = best!.Value;
        // An explicit hint wins when the sample has a single column anyway.
        if (delimiterHint is { } hint && parsed.All(r => r.Fields.Count <= 1)) delimiter = hint;
        var esc = ChooseEscape(sample, q);
        var all = Parse(sample, delimiter, q, esc, isWholeFile, maxRecords: 20_000);
        all.RemoveAll(r => r.Fields.Count == 1 && r.Fields[0].Length == 0); // blank lines
        if (all.Count == 0) throw new UserFacingException("The file is empty: there is no header and no data.");

        var hasHeader = headerHint ?? DetectHeader(all);
        var width = all[0].Fields.Count;
        var header = hasHeader ? all[0].Fields : Enumerable.Range(1, width).Select(i => $"column{i}").ToList();
        var body = hasHeader ? all.Skip(1).ToList() : all;
        foreach (var r in body)
        {
            if (r.Fields.Count == width) continue;
            var more = r.Fields.Count > width;
            throw new UserFacingException(
                $"Line {r.Line}: expected {width} fields (as in the {(hasHeader ? "header" : "first line")}) but found {r.Fields.Count}. " +
                (more ? "Is there an unquoted delimiter inside a value?" : "Is a value missing, or a quote left open?"))
            {
                Line = r.Line,
                Column = more ? r.FieldColumns[width] : r.EndColumn,
            };
        }
        return new CsvSniffResult(new CsvDialect(delimiter, q, esc, hasHeader), header, body, isWholeFile);
    }

    /// <summary>Backslash escapes win only when <c>\"</c> outnumbers doubled quotes that no backslash precedes.</summary>
    private static char ChooseEscape(string sample, char quote)
    {
        int backslashed = 0, doubled = 0;
        for (var i = 1; i < sample.Length; i++)
        {
            if (sample[i] != quote) continue;
            if (sample[i - 1] == '\\') backslashed++;
            else if (i + 1 < sample.Length && sample[i + 1] == quote) { doubled++; i++; }
        }
        return backslashed > doubled ? '\\' : quote;
    }

    /// <summary>Consistent field counts above one score highest.</summary>
    private static double Score(List<CsvRecord> rows)
    {
        var counts = rows.Where(r => !(r.Fields.Count == 1 && r.Fields[0].Length == 0)).Select(r => r.Fields.Count).ToList();
        if (counts.Count == 0) return 0;
        var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
        if (mode.Key <= 1) return 0.01;
        var consistency = (double)mode.Count() / counts.Count;
        return consistency * 10 + Math.Min(mode.Key, 50) / 100.0;
    }

    private static bool DetectHeader(List<CsvRecord> rows)
    {
        if (rows.Count == 1) return true;
        var first = rows[0].Fields;
        var body = rows.Skip(1).Take(2000).Where(r => r.Fields.Count == first.Count).ToList();
        if (body.Count == 0) return true;
        var typedColumnDisagrees = false;
        var allText = true;
        for (var c = 0; c < first.Count; c++)
        {
            var type = TypeAccumulator.Infer(body.Select(r => r.Fields[c]));
            if (type == ColumnType.Text) continue;
            allText = false;
            if (!string.IsNullOrEmpty(first[c]) && !TypeAccumulator.Conforms(first[c], type)) typedColumnDisagrees = true;
        }
        if (typedColumnDisagrees) return true;
        if (!allText) return false;
        // All text: a header has distinct, non-empty names that do not recur as values.
        if (first.Any(string.IsNullOrWhiteSpace) || first.Distinct(StringComparer.OrdinalIgnoreCase).Count() != first.Count) return false;
        for (var c = 0; c < first.Count; c++)
            if (body.Any(r => string.Equals(r.Fields[c], first[c], StringComparison.Ordinal))) return false;
        return true;
    }

    /// <summary>An RFC 4180 parser with line and column tracking, for samples (the engine reads the whole file).</summary>
    public static List<CsvRecord> Parse(string text, char delimiter, char quote, char escape, bool isWholeFile, int maxRecords)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var columns = new List<int>();
        var sb = new StringBuilder();
        long line = 1, recordLine = 1;
        int col = 1, fieldCol = 1;
        var inQuotes = false;
        var wasQuoted = false;
        var i = 0;

        void EndField()
        {
            fields.Add(sb.ToString());
            columns.Add(fieldCol);
            sb.Clear();
            wasQuoted = false;
        }

        while (i < text.Length && records.Count < maxRecords)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == escape && escape != quote && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == escape))
                {
                    sb.Append(text[i + 1]);
                    i += 2; col += 2;
                    continue;
                }
                if (ch == quote)
                {
                    if (escape == quote && i + 1 < text.Length && text[i + 1] == quote)
                    {
                        sb.Append(quote);
                        i += 2; col += 2;
                        continue;
                    }
                    inQuotes = false;
                    i++; col++;
                    continue;
                }
                if (ch == '\n' || (ch == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n'))) { line++; col = 0; }
                sb.Append(ch);
                i++; col++;
                continue;
            }
            if (ch == quote && sb.Length == 0 && !wasQuoted)
            {
                inQuotes = true;
                wasQuoted = true;
                i++; col++;
                continue;
            }
            if (ch == delimiter)
            {
                EndField();
                i++; col++;
                fieldCol = col;
                continue;
            }
            if (ch == '\r' || ch == '\n')
            {
                var endCol = col;
                EndField();
                records.Add(new CsvRecord(fields.ToArray(), recordLine, columns.ToArray(), endCol));
                fields.Clear(); columns.Clear();
                i += ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++; col = 1; fieldCol = 1; recordLine = line;
                continue;
            }
            sb.Append(ch);
            i++; col++;
        }
        if (records.Count < maxRecords && i >= text.Length && (sb.Length > 0 || fields.Count > 0 || wasQuoted))
        {
            if (inQuotes && isWholeFile)
                throw new UserFacingException($"Line {recordLine}: a quoted value opened at column {fieldCol} is never closed.") { Line = recordLine, Column = fieldCol };
            if (isWholeFile)
            {
                var endCol = col;
                EndField();
                records.Add(new CsvRecord(fields.ToArray(), recordLine, columns.ToArray(), endCol));
            }
        }
        return records;
    }
}
