using System.Text;
using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// Reads PostgreSQL or MySQL/MariaDB SQL into tokens the way the server reads it, so that what the guard takes for a string or
/// a comment is one for the server too. Where the server's reading depends on its settings or version, or where the driver
/// (Npgsql, MySqlConnector) reads the text differently from the server, the lexer refuses instead of guessing:
/// a backslash before a quote (standard_conforming_strings, NO_BACKSLASH_ESCAPES), MySQL "--" without a following space,
/// MySQL executable comments (/*! … */, /*M! … */) and hints (/*+ … */), an E'…' string continued on a new line,
/// parameter-like ":name" and "@name" in PostgreSQL. Anything opened and never closed is refused with its position.
/// </summary>
public static class LiveSqlLexer
{
    /// <summary>The tokens of <paramref name="sql"/>, or the first thing that cannot be read safely and where it starts.</summary>
    public static LiveLex Tokenize(SqlDialect dialect, string sql)
    {
        if (dialect == SqlDialect.DuckDb) throw new ArgumentOutOfRangeException(nameof(dialect), "DuckDB SQL is read by DuckDB's own parser (SqlGuard).");
        var scanner = new Scanner(sql, dialect == SqlDialect.MySql);
        try
        {
            scanner.Run();
            return new LiveLex(scanner.Tokens);
        }
        catch (LexError e)
        {
            return new LiveLex(scanner.Tokens, e.Message, e.Position);
        }
    }

    /// <summary>
    /// The SQL with each report parameter <c>$name</c> written <c>@name</c>, as Npgsql and MySqlConnector bind them; strings,
    /// comments, quoted names, dollar-quoted strings and positional <c>$1</c> are left alone. Run it on SQL the guard allowed:
    /// text the lexer cannot read comes back unchanged.
    /// </summary>
    public static string BindNames(SqlDialect dialect, string sql) => BindNames(dialect, sql, out _);

    /// <inheritdoc cref="BindNames(SqlDialect, string)"/>
    /// <param name="names">The parameter names in order of first use (case-insensitively distinct).</param>
    public static string BindNames(SqlDialect dialect, string sql, out IReadOnlyList<string> names)
    {
        var found = new List<string>();
        names = found;
        var lex = Tokenize(dialect, sql);
        if (!lex.Ok) return sql;
        var b = new StringBuilder(sql.Length);
        var at = 0;
        foreach (var t in lex.Tokens)
        {
            if (t.Kind != LiveTokenKind.Parameter) continue;
            b.Append(sql, at, t.Position - at).Append('@').Append(t.Text);
            at = t.End;
            if (!found.Contains(t.Text, StringComparer.OrdinalIgnoreCase)) found.Add(t.Text);
        }
        return b.Append(sql, at, sql.Length - at).ToString();
    }

    /// <summary>
    /// MySQL SQL respelled so DuckDB's parser can read its shape (for checks such as the grain check, never to run):
    /// backtick names in double quotes and double-quoted strings in single quotes. Other dialects come back as they are;
    /// text the lexer cannot read comes back unchanged.
    /// </summary>
    public static string ForAnalysis(SqlDialect dialect, string sql)
    {
        if (dialect != SqlDialect.MySql) return sql;
        var lex = Tokenize(dialect, sql);
        if (!lex.Ok) return sql;
        var b = new StringBuilder(sql.Length);
        var at = 0;
        foreach (var t in lex.Tokens)
        {
            string? respelled = t switch
            {
                { Kind: LiveTokenKind.Word, Quoted: true } => "\"" + t.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
                { Kind: LiveTokenKind.String } when sql[t.Position] == '"' => "'" + sql.Substring(t.Position + 1, t.Length - 2).Replace("\"\"", "\"", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'",
                _ => null,
            };
            if (respelled is null) continue;
            b.Append(sql, at, t.Position - at).Append(respelled);
            at = t.End;
        }
        return b.Append(sql, at, sql.Length - at).ToString();
    }

    private sealed class LexError(string message, int position) : Exception(message)
    {
        public int Position { get; } = position;
    }

    private sealed class Scanner(string sql, bool mysql)
    {
        public List<LiveToken> Tokens { get; } = [];
        private int i;

        private char At(int k) => k < sql.Length ? sql[k] : '\0';

        public void Run()
        {
            while (i < sql.Length)
            {
                var c = sql[i];
                if (IsSpace(c)) i++;
                else if (c == '\0') throw new LexError("The SQL contains a NUL character.", i);
                else if (mysql ? MySqlComment() : PgComment()) { }
                else if (mysql ? MySqlQuoted() : PgQuoted()) { }
                else if (c == '$') Dollar();
                else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(i + 1)))) Number();
                else if (IsIdentStart(c)) Word();
                else Symbol();
            }
        }

        private void Add(LiveTokenKind kind, string text, int start, int end, bool quoted = false)
        {
            Tokens.Add(new LiveToken(kind, text, start, end - start, quoted));
            i = end;
        }

        // --- comments -------------------------------------------------------------------------------------------------

        /// <summary>PostgreSQL: "--" to the end of the line (\n or \r), "/* */" nested as the server nests them.</summary>
        private bool PgComment()
        {
            if (sql[i] == '-' && At(i + 1) == '-')
            {
                var j = i + 2;
                while (j < sql.Length && sql[j] is not ('\n' or '\r')) j++;
                i = j;
                return true;
            }
            if (sql[i] != '/' || At(i + 1) != '*') return false;
            int depth = 1, k = i + 2;
            while (depth > 0)
            {
                if (k >= sql.Length) throw new LexError("A comment (/* … */) is opened here but never closed.", i);
                if (sql[k] == '/' && At(k + 1) == '*') { depth++; k += 2; }
                else if (sql[k] == '*' && At(k + 1) == '/') { depth--; k += 2; }
                else k++;
            }
            i = k;
            return true;
        }

        /// <summary>MySQL: "#" and "-- " to the end of the line, "/* */" not nested; executable comments and hints refused.</summary>
        private bool MySqlComment()
        {
            var c = sql[i];
            if (c == '#' || (c == '-' && At(i + 1) == '-'))
            {
                if (c == '-' && !IsSpace(At(i + 2)))
                    throw new LexError("In MySQL, '--' starts a comment only when a space follows it; as written it is ambiguous. Write '-- ' for a comment or '- -' for two minus signs.", i);
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                var cr = sql.IndexOf('\r', i, end - i);
                if (cr >= 0 && At(cr + 1) != '\n')
                    throw new LexError("This comment holds a carriage return without a line feed; MySQL reads what follows it as part of the comment. End the line with a line feed.", cr);
                i = end;
                return true;
            }
            if (c == '*' && At(i + 1) == '/')
                throw new LexError("'*/' outside a comment is not allowed (MySQL would read it as the end of an executable comment).", i);
            if (c != '/' || At(i + 1) != '*') return false;
            if (At(i + 2) == '!' || (At(i + 2) is 'M' or 'm' && At(i + 3) == '!'))
                throw new LexError("Executable comments (/*! … */, /*M! … */) are not allowed: MySQL and MariaDB run the SQL inside them.", i);
            if (At(i + 2) == '+')
                throw new LexError("Optimizer hints (/*+ … */) are not allowed: they can change the server's settings for the query.", i);
            var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
            if (close < 0) throw new LexError("A comment (/* … */) is opened here but never closed.", i);
            var inner = sql.IndexOf("/*", i + 2, close - (i + 2), StringComparison.Ordinal);
            if (inner >= 0) throw new LexError("A comment inside a comment is read differently by MySQL versions; remove the inner '/*'.", inner);
            i = close + 2;
            return true;
        }

        // --- strings and quoted names ---------------------------------------------------------------------------------

        private bool PgQuoted()
        {
            var c = sql[i];
            var next = At(i + 1);
            if (c == '\'') StandardString(i, i);
            else if (c is 'e' or 'E' && next == '\'') EscapeString();
            else if (c is 'n' or 'N' && next == '\'') StandardString(i, i + 1);
            else if (c is 'b' or 'B' or 'x' or 'X' && next == '\'') BitString(i, i + 1);
            else if (c is 'u' or 'U' && next == '&' && At(i + 2) == '\'') StandardString(i, i + 2);
            else if (c is 'u' or 'U' && next == '&' && At(i + 2) == '"')
                throw new LexError("Unicode-escaped names (U&\"…\") are not allowed; write the name as it is, in double quotes.", i);
            else if (c == '"') QuotedName('"', i);
            else return false;
            return true;
        }

        private bool MySqlQuoted()
        {
            var c = sql[i];
            var next = At(i + 1);
            if (c is '\'' or '"') MySqlString(i, i);
            else if (c is 'n' or 'N' && next == '\'') MySqlString(i, i + 1);
            else if (c is 'b' or 'B' or 'x' or 'X' && next == '\'') BitString(i, i + 1);
            else if (c == '`') QuotedName('`', i);
            else return false;
            return true;
        }

        /// <summary>
        /// The index just past the quote that closes a quoted part opening at <paramref name="open"/>, or -1: a doubled quote
        /// stays inside, and with <paramref name="backslash"/> a backslash takes the next character with it.
        /// </summary>
        private int Close(int open, char quote, bool backslash)
        {
            for (var j = open + 1; j < sql.Length; j++)
            {
                if (backslash && sql[j] == '\\') { j++; continue; }
                if (sql[j] != quote) continue;
                if (At(j + 1) != quote) return j + 1;
                j++;
            }
            return -1;
        }

        /// <summary>'…' (also N'…', U&amp;'…'): a backslash is a plain character only while standard_conforming_strings is on, so one that would move the end is refused.</summary>
        private void StandardString(int start, int open)
        {
            var end = Close(open, '\'', backslash: false);
            if (end < 0) throw new LexError("A string (in single quotes) is opened here but never closed.", start);
            if (sql.IndexOf('\\', open, end - open) >= 0 && Close(open, '\'', backslash: true) != end)
                throw new LexError("This string has a backslash before a quote, which the server reads differently depending on its settings (standard_conforming_strings). Write '' for a quote inside a string, or use E'…' (E'\\\\' is one backslash).", start);
            Add(LiveTokenKind.String, sql[start..end], start, end);
        }

        /// <summary>E'…' with backslash escapes. A continuation on the next line ('…'\n'…') stays in escape mode for the server but not for every driver, so it is refused.</summary>
        private void EscapeString()
        {
            var start = i;
            var end = Close(i + 1, '\'', backslash: true);
            if (end < 0) throw new LexError("A string (E'…') is opened here but never closed.", start);
            var k = end;
            while (At(k) is ' ' or '\t' or '\f' or '\v') k++;
            if (At(k) is '\n' or '\r')
            {
                while (true)
                {
                    if (IsSpace(At(k))) k++;
                    else if (At(k) == '-' && At(k + 1) == '-') { while (k < sql.Length && sql[k] is not ('\n' or '\r')) k++; }
                    else break;
                }
                if (At(k) == '\'')
                    throw new LexError("An E'…' string continued on the next line is read differently by drivers; write it as one string.", k);
            }
            Add(LiveTokenKind.String, sql[start..end], start, end);
        }

        /// <summary>B'0101' and X'1F': closed by the first quote, and holding only binary or hexadecimal digits.</summary>
        private void BitString(int start, int open)
        {
            var close = sql.IndexOf('\'', open + 1);
            if (close < 0) throw new LexError("A bit string (B'…' or X'…') is opened here but never closed.", start);
            for (var k = open + 1; k < close; k++)
                if (!char.IsAsciiHexDigit(sql[k])) throw new LexError("A bit string (B'…' or X'…') may hold only binary or hexadecimal digits.", k);
            Add(LiveTokenKind.String, sql[start..(close + 1)], start, close + 1);
        }

        /// <summary>MySQL '…' and "…": backslash escapes unless the server's sql_mode has NO_BACKSLASH_ESCAPES, so a backslash that would move the end is refused.</summary>
        private void MySqlString(int start, int open)
        {
            var quote = sql[open];
            var end = Close(open, quote, backslash: true);
            var plain = Close(open, quote, backslash: false);
            if (end < 0 && plain < 0) throw new LexError($"A string (in {(quote == '"' ? "double" : "single")} quotes) is opened here but never closed.", start);
            if (end != plain)
                throw new LexError($"This string has a backslash before a quote, which MySQL reads differently depending on its sql_mode (NO_BACKSLASH_ESCAPES). Write {quote}{quote} for a quote inside a string.", start);
            Add(LiveTokenKind.String, sql[start..end], start, end);
        }

        /// <summary>"name" (PostgreSQL) or `name` (MySQL); a doubled quote is one quote in the name.</summary>
        private void QuotedName(char quote, int start)
        {
            var end = Close(start, quote, backslash: false);
            if (end < 0) throw new LexError($"A quoted name ({quote}…{quote}) is opened here but never closed.", start);
            var name = sql[(start + 1)..(end - 1)].Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);
            if (name.Length == 0) throw new LexError("A quoted name is empty.", start);
            Add(LiveTokenKind.Word, name, start, end, quoted: true);
        }

        // --- dollars: parameters and dollar-quoted strings -----------------------------------------------------------

        private void Dollar()
        {
            var start = i;
            var next = At(i + 1);
            if (char.IsAsciiDigit(next))
            {
                var j = i + 1;
                while (char.IsAsciiDigit(At(j))) j++;
                if (mysql) throw new LexError("Positional parameters ($1) are not used with MySQL; name the parameter ($name).", start);
                if (IsIdentChar(At(j))) throw new LexError("A positional parameter runs straight into a name; put a space after it.", start);
                Add(LiveTokenKind.Positional, sql[(i + 1)..j], start, j);
                return;
            }
            if (next == '$' && !mysql)
            {
                DollarString(start, "");
                return;
            }
            if (!char.IsLetter(next) && next != '_')
                throw new LexError("A '$' must start a parameter ($name).", start);
            var end = i + 1;
            while (char.IsLetterOrDigit(At(end)) || At(end) == '_') end++;
            var name = sql[(i + 1)..end];
            if (At(end) == '$' && !mysql)
            {
                if (!name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                    throw new LexError("A dollar-quote tag ($tag$) must be plain letters, digits and underscores.", start);
                DollarString(start, name);
                return;
            }
            if (At(end) is '$' or '.' || IsIdentChar(At(end)))
                throw new LexError($"The parameter ${name} runs straight into '{At(end)}'; put a space after it.", start);
            Add(LiveTokenKind.Parameter, name, start, end);
        }

        /// <summary>$$…$$ or $tag$…$tag$: everything up to the same tag is text.</summary>
        private void DollarString(int start, string tag)
        {
            var delimiter = "$" + tag + "$";
            var close = sql.IndexOf(delimiter, start + delimiter.Length, StringComparison.Ordinal);
            if (close < 0) throw new LexError($"A dollar-quoted string ({delimiter} … {delimiter}) is opened here but never closed.", start);
            var end = close + delimiter.Length;
            Add(LiveTokenKind.String, sql[start..end], start, end);
        }

        // --- numbers, words, symbols ---------------------------------------------------------------------------------

        private void Number()
        {
            var start = i;
            var j = i;
            // MySQL knows only 0x… and 0b… (small letters); elsewhere "0X1" is a name to it, refused below as a number running into one.
            if (sql[j] == '0' && (mysql ? At(j + 1) is 'x' or 'b' : At(j + 1) is 'x' or 'X' or 'b' or 'B' or 'o' or 'O'))
            {
                j += 2;
                while (char.IsAsciiHexDigit(At(j)) || (!mysql && At(j) == '_')) j++;
            }
            else
            {
                while (char.IsAsciiDigit(At(j)) || (!mysql && At(j) == '_' && char.IsAsciiDigit(At(j + 1)))) j++;
                if (At(j) == '.' && At(j + 1) != '.')
                {
                    j++;
                    while (char.IsAsciiDigit(At(j))) j++;
                }
                if (At(j) is 'e' or 'E' && (char.IsAsciiDigit(At(j + 1)) || (At(j + 1) is '+' or '-' && char.IsAsciiDigit(At(j + 2)))))
                {
                    j += 2;
                    while (char.IsAsciiDigit(At(j))) j++;
                }
            }
            if (IsIdentChar(At(j)))
                throw new LexError($"A number runs straight into a name ('{sql[start..Math.Min(sql.Length, j + 8)]}…'); put a space between them.", start);
            Add(LiveTokenKind.Number, sql[start..j], start, j);
        }

        private void Word()
        {
            var start = i;
            var j = i;
            while (IsIdentChar(At(j))) j++;
            Add(LiveTokenKind.Word, sql[start..j], start, j);
        }

        private void Symbol()
        {
            var start = i;
            var c = sql[i];
            switch (c)
            {
                case '(' or ')' or ',' or ';' or '.':
                    Add(LiveTokenKind.Symbol, c.ToString(), start, i + 1);
                    return;
                case '[' or ']' when !mysql:
                    Add(LiveTokenKind.Symbol, c.ToString(), start, i + 1);
                    return;
                case ':':
                    if (At(i + 1) is ':' or '=') Add(LiveTokenKind.Symbol, sql.Substring(i, 2), start, i + 2);
                    else if (!mysql && IsIdentStart(At(i + 1)))
                        throw new LexError("':name' is read as a parameter by the driver; put a space after ':'.", start);
                    else Add(LiveTokenKind.Symbol, ":", start, i + 1);
                    return;
                case '@' when mysql:
                    var v = i + (At(i + 1) == '@' ? 2 : 1);
                    while (IsIdentChar(At(v)) || At(v) == '.') v++;
                    Add(LiveTokenKind.Variable, sql[start..v], start, v);
                    return;
            }
            if (mysql && "+-*/<>=~!^&|%".Contains(c))
            {
                Add(LiveTokenKind.Symbol, c.ToString(), start, i + 1);
                return;
            }
            if (!mysql && IsPgOperator(c))
            {
                var j = i;
                while (IsPgOperator(At(j)) && !(At(j) == '-' && At(j + 1) == '-') && !(At(j) == '/' && At(j + 1) == '*'))
                {
                    if (At(j) == '@' && IsIdentStart(At(j + 1)))
                        throw new LexError("'@name' is read as a parameter by the driver; put a space after '@' (or use abs()).", j);
                    j++;
                }
                Add(LiveTokenKind.Symbol, sql[start..j], start, j);
                return;
            }
            var what = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
            throw new LexError($"The character '{what}' is not allowed here in {(mysql ? "MySQL" : "PostgreSQL")} SQL.", start);
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

        /// <summary>Both servers take any non-ASCII character as part of a name (PostgreSQL every byte from 0x80).</summary>
        private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;

        private static bool IsIdentChar(char c) => IsIdentStart(c) || char.IsAsciiDigit(c) || c == '$';

        private static bool IsPgOperator(char c) => c != '\0' && "+-*/<>=~!@#%^&|`?".Contains(c);
    }
}
