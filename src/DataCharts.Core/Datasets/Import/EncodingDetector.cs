using System.Text;

namespace DataCharts.Core.Datasets.Import;

/// <summary>The text encoding of an uploaded file, and how many bytes of byte-order mark precede the text.</summary>
public sealed record DetectedEncoding(Encoding Encoding, int BomLength, string Name)
{
    public bool IsUtf8 => Encoding.CodePage == Encoding.UTF8.CodePage;
}

/// <summary>
/// Detects UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM), GB18030/GBK and, as a last
/// resort, Windows-1252. Rejects binary content with the offset of the first give-away byte.
/// </summary>
public static class EncodingDetector
{
    static EncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding(54936);

    /// <param name="head">The first bytes of the file (64 KiB is plenty).</param>
    /// <param name="isWholeFile">True when <paramref name="head"/> is the entire file.</param>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.Length == 0) throw new UserFacingException("The file is empty.");
        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) return new(new UTF8Encoding(false), 3, "UTF-8 (BOM)");
        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE) return new(new UnicodeEncoding(false, false), 2, "UTF-16LE (BOM)");
        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF) return new(new UnicodeEncoding(true, false), 2, "UTF-16BE (BOM)");

        var utf16 = GuessUtf16WithoutBom(head);
        if (utf16 is not null) return utf16;

        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
            throw new UserFacingException($"This does not look like a text file: byte {nul + 1} is a NUL byte. " +
                "Upload delimited text (CSV/TSV), JSON, or a supported binary format (XLSX, Parquet, SQLite, DuckDB).") { Column = nul + 1 };

        var control = 0;
        foreach (var b in head) if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C) control++;
        if (control > Math.Max(2, head.Length / 100))
            throw new UserFacingException("This does not look like a text file: it contains many control characters. " +
                "Upload delimited text (CSV/TSV), JSON, or a supported binary format (XLSX, Parquet, SQLite, DuckDB).");

        var text = isWholeFile ? head : TrimIncompleteUtf8(head);
        if (IsValid(new UTF8Encoding(false, true), text)) return new(new UTF8Encoding(false), 0, "UTF-8");
        var gb = Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        if (IsValid(gb, isWholeFile ? head : head[..Math.Max(0, head.Length - 4)]) && LooksLikeGb(head))
            return new(Gb18030, 0, "GB18030");
        return new(Encoding.GetEncoding(1252), 0, "Windows-1252");
    }

    private static DetectedEncoding? GuessUtf16WithoutBom(ReadOnlySpan<byte> head)
    {
        var n = Math.Min(head.Length, 4096) & ~1;
        if (n < 4) return null;
        int evenZero = 0, oddZero = 0;
        for (var i = 0; i < n; i += 2)
        {
            if (head[i] == 0) evenZero++;
            if (head[i + 1] == 0) oddZero++;
        }
        var pairs = n / 2;
        // ASCII in UTF-16 has a zero byte on one side; CJK text has fewer, but still far more there than on the other side.
        bool? bigEndian = oddZero > pairs * 0.2 && evenZero * 4 < oddZero ? false
            : evenZero > pairs * 0.2 && oddZero * 4 < evenZero ? true
            : null;
        if (bigEndian is not { } be || !IsPrintableUtf16(head[..n], be)) return null;
        return new(new UnicodeEncoding(be, false), 0, be ? "UTF-16BE" : "UTF-16LE");
    }

    /// <summary>Real UTF-16 text decodes cleanly and has almost no control characters.</summary>
    private static bool IsPrintableUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        if (bytes.Length < 16) return false;
        string text;
        try
        {
            text = new UnicodeEncoding(bigEndian, false, true).GetString(bytes[..(bytes.Length - 2)]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var control = text.Count(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
        return control * 100 < Math.Max(1, text.Length);
    }

    private static bool IsValid(Encoding strict, ReadOnlySpan<byte> bytes)
    {
        try
        {
            strict.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>GB18030 decodes almost anything; require a good share of double-byte CJK lead bytes.</summary>
    private static bool LooksLikeGb(ReadOnlySpan<byte> head)
    {
        int high = 0, lead = 0;
        foreach (var b in head)
        {
            if (b >= 0x80) high++;
            if (b is >= 0xB0 and <= 0xF7) lead++;
        }
        return high > 0 && lead * 4 >= high;
    }

    /// <summary>Drops a UTF-8 sequence cut off at the end of a partial read.</summary>
    private static ReadOnlySpan<byte> TrimIncompleteUtf8(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte
            if (b >= 0xC0)
            {
                var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return need > back ? bytes[..^back] : bytes;
            }
            return bytes;
        }
        return bytes;
    }
}
