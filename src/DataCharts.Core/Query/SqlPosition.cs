using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataCharts.Core.Query;

/// <summary>
/// A place in a SQL text as an editor shows it: 1-based line and column, lines split at \r\n, \n or \r (as CodeMirror and
/// browsers do), columns counted in UTF-16 code units from the line's start. Found from the parser's offsets (the guard)
/// or from the "LINE n:" excerpt and caret the engine writes under its errors.
/// </summary>
public readonly partial record struct SqlPosition(long Line, long Column)
{
    /// <summary>"line 3, column 14", as messages say it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}");

    /// <summary>The position of a UTF-16 index into <paramref name="sql"/> (clamped to its end), or null without an index.</summary>
    public static SqlPosition? AtIndex(string sql, int? index)
    {
        if (index is not { } at || at < 0) return null;
        at = Math.Min(at, sql.Length);
        long line = 1;
        var start = 0;
        for (var i = 0; i < at; i++)
        {
            var c = sql[i];
            if (c == '\r' && i + 1 < sql.Length && sql[i + 1] == '\n' && i + 1 < at) continue; // \r\n is one break, counted at \n
            if (c is '\n' or '\r')
            {
                line++;
                start = i + 1;
            }
        }
        return new SqlPosition(line, at - start + 1);
    }

    /// <summary>
    /// The position of a byte offset into the UTF-8 text of <paramref name="sql"/>, as the engine's parser reports it
    /// (json_serialize_sql's "position", a node's "query_location"). An offset inside a character counts as that character.
    /// </summary>
    public static SqlPosition? AtUtf8Offset(string sql, int? offset) => offset is { } o && o >= 0 ? AtIndex(sql, CharIndexOfUtf8(sql, o)) : null;

    /// <summary>
    /// Where the engine's message points in <paramref name="sql"/>: its "LINE n: excerpt" line and the caret under it.
    /// The engine cuts long lines to an excerpt around the error (with
    /// "..." at a cut end), and the statement it ran may have been wrapped (the text cut of <see cref="QueryRunner"/>
    /// puts "SELECT * FROM (" before the first line): so the excerpt's text from the caret on is looked up in that line
    /// of <paramref name="sql"/>, the text before the caret deciding between repeats. Null when the message has no
    /// such excerpt or it does not match <paramref name="sql"/>.
    /// </summary>
    public static SqlPosition? FromEngineMessage(string sql, string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var m = Excerpt().Match(message);
        if (!m.Success || !int.TryParse(m.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var engineLine) || engineLine < 1)
            return null;
        var excerpt = m.Groups["text"].Value.TrimEnd('\r');
        var caret = m.Groups["pad"].Value.Length - m.Groups["prefix"].Value.Length;
        var cutStart = excerpt.StartsWith("...", StringComparison.Ordinal);
        if (cutStart)
        {
            excerpt = excerpt[3..];
            caret -= 3;
        }
        if (caret < 0) return null;

        // The engine splits lines as this type does (\r\n, \n or \r).
        var lineStart = 0;
        for (var n = 1; n < engineLine; n++)
        {
            var next = sql.IndexOfAny(['\r', '\n'], lineStart);
            if (next < 0) return null;
            lineStart = next + (sql[next] == '\r' && next + 1 < sql.Length && sql[next + 1] == '\n' ? 2 : 1);
        }
        var lineEnd = sql.IndexOfAny(['\r', '\n'], lineStart);
        var line = sql[lineStart..(lineEnd < 0 ? sql.Length : lineEnd)];

        // The caret stands under a render column: wide characters (CJK) take two.
        var k = 0;
        for (var width = 0; k < excerpt.Length && width < caret; k++) width += RenderWidth(excerpt, k);
        var head = excerpt[..k];
        var tail = excerpt[k..];
        if (tail.EndsWith("...", StringComparison.Ordinal) && !line.Contains(tail, StringComparison.Ordinal)) tail = tail[..^3];

        int? best = null;
        var bestScore = -1;
        for (var p = 0; p <= line.Length - tail.Length; p++)
        {
            if (string.CompareOrdinal(line, p, tail, 0, tail.Length) != 0) continue;
            var score = CommonSuffix(head, line.AsSpan(0, p));
            if (score > bestScore)
            {
                (best, bestScore) = (p, score);
            }
        }
        return best is { } at ? AtIndex(sql, lineStart + at) : null;
    }

    /// <summary>
    /// The position in <paramref name="sql"/> from the guard's offset or, failing that, the engine's message; the guard's
    /// offset is the parser's (UTF-8 bytes).
    /// </summary>
    public static SqlPosition? Of(string sql, int? guardOffset, string? engineMessage) =>
        AtUtf8Offset(sql, guardOffset) ?? FromEngineMessage(sql, engineMessage);

    private static int CharIndexOfUtf8(string sql, int offset)
    {
        var bytes = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var rune = Rune.GetRuneAt(sql, i);
            var size = rune.Utf8SequenceLength;
            if (bytes + size > offset) return i;
            bytes += size;
            if (rune.IsBmp) continue;
            i++; // the low surrogate of the same rune
        }
        return sql.Length;
    }

    private static int CommonSuffix(string a, ReadOnlySpan<char> b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[a.Length - 1 - n] == b[b.Length - 1 - n]) n++;
        return n;
    }

    /// <summary>Columns a terminal gives the character at <paramref name="i"/>: two for East Asian wide ones, else one.</summary>
    private static int RenderWidth(string s, int i)
    {
        var c = s[i];
        if (char.IsLowSurrogate(c)) return 0;
        var cp = char.IsHighSurrogate(c) && i + 1 < s.Length ? char.ConvertToUtf32(c, s[i + 1]) : c;
        return cp is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF
            or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
    }

    [GeneratedRegex(@"^(?<prefix>LINE (?<line>\d+): )(?<text>[^\n]*)\n(?<pad> *)\^", RegexOptions.Multiline)]
    private static partial Regex Excerpt();
}
