namespace DataCharts.Core.Reports;

/// <summary>
/// Finds the <c>$name</c> parameters a SQL text refers to, skipping string literals, quoted identifiers and comments,
/// so that <c>'$5 off'</c> is not a parameter. The values are always bound by the engine, never spliced into the text.
/// </summary>
public static class SqlParameters
{
    public static IReadOnlyList<string> Find(string sql)
    {
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"') i = SqlText.SkipQuoted(sql, i, c);
            else if (c == '-' && SqlText.At(sql, i + 1) == '-') i = SqlText.SkipTo(sql, i, "\n");
            else if (c == '/' && SqlText.At(sql, i + 1) == '*') i = SqlText.SkipTo(sql, i + 2, "*/");
            else if (c == '$' && SqlText.At(sql, i + 1) == '$') i = SqlText.SkipTo(sql, i + 2, "$$");
            else if (c == '$' && IsStart(SqlText.At(sql, i + 1)))
            {
                var start = ++i;
                while (i < sql.Length && IsPart(sql[i])) i++;
                var name = sql[start..i];
                // $tag$ opens a tagged dollar-quoted string that runs to the next $tag$, not a parameter.
                if (SqlText.At(sql, i) == '$') i = SqlText.SkipTo(sql, i + 1, "$" + name + "$");
                else if (!names.Contains(name, StringComparer.OrdinalIgnoreCase)) names.Add(name);
            }
            else i++;
        }
        return names;
    }

    private static bool IsStart(char c) => char.IsLetter(c) || c == '_';
    private static bool IsPart(char c) => char.IsLetterOrDigit(c) || c == '_';

}
