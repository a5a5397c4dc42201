namespace DataCharts.Core.Reports;

/// <summary>Small steps of reading SQL text that the parameter binder and the composer share: quoted parts and comments skipped whole.</summary>
internal static class SqlText
{
    /// <summary>The character at <paramref name="i"/>, or NUL past the end.</summary>
    public static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>The index just past a quoted part that opens at <paramref name="i"/> (a doubled quote stays inside).</summary>
    public static int SkipQuoted(string s, int i, char quote)
    {
        i++;
        while (i < s.Length)
        {
            if (s[i] == quote)
            {
                if (At(s, i + 1) == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /// <summary>The index just past the next <paramref name="end"/> from <paramref name="from"/>, or the end of the text.</summary>
    public static int SkipTo(string s, int from, string end)
    {
        var at = s.IndexOf(end, from, StringComparison.Ordinal);
        return at < 0 ? s.Length : at + end.Length;
    }
}
