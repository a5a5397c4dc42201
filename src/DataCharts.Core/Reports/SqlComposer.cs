using DataCharts.Core.Query;
using System.Text;

namespace DataCharts.Core.Reports;

/// <summary>
/// A sql block as it runs: its own SQL, preceded by the sql blocks above it that it reads by name, each as a common table
/// expression (<c>WITH by_day AS (…) SELECT … FROM by_day</c>). The whole text is still one statement, so it passes the
/// guard, the row cap and the data source's own connection like any other; nothing is registered anywhere else.
/// </summary>
/// <param name="Sql">The statement to run (the block's own SQL when it reads no other block).</param>
/// <param name="Parameters">The <c>$name</c> inputs of the statement, the blocks it reads included.</param>
/// <param name="Reads">The blocks it reads, directly or through another block, in document order.</param>
/// <param name="PrefixLines">Lines the common table expressions take before the block's own SQL starts.</param>
/// <param name="Error">Why it cannot run (a name of a block below it, or a block it reads that cannot run), with the line.</param>
public sealed record ComposedQuery(string Sql, IReadOnlyList<string> Parameters, IReadOnlyList<SqlBlock> Reads, int PrefixLines, string? Error)
{
    /// <summary>The source lines of each block read, 1-based in <see cref="Sql"/>, to say where an engine error stands.</summary>
    public IReadOnlyList<(SqlBlock Block, int FirstLine, int LastLine)> ReadLines { get; init; } = [];

    /// <summary>Which line of the block's own SQL (1-based) a line of <see cref="Sql"/> is, or the block read that holds it.</summary>
    public (int? OwnLine, SqlBlock? Read) Locate(long line)
    {
        if (line > PrefixLines) return ((int)(line - PrefixLines), null);
        foreach (var (block, first, last) in ReadLines)
            if (line >= first && line <= last) return (null, block);
        return (null, null);
    }
}

/// <summary>Composes sql blocks that read earlier blocks by name (see <see cref="ComposedQuery"/>).</summary>
public static class SqlComposer
{
    /// <summary>
    /// Every sql block of <paramref name="doc"/> composed. A block reads only blocks above it: a name of the block itself or of
    /// a block below it, where a table stands, is an error unless the data source has a table of that name (which it then means).
    /// Cycles cannot form, since each block only reaches upwards.
    /// </summary>
    /// <param name="dialect">How the source quotes names (a live MySQL database takes backticks).</param>
    public static IReadOnlyDictionary<int, ComposedQuery> Compose(ReportDocument doc, IReadOnlyCollection<string> tables, SqlDialect dialect = SqlDialect.DuckDb)
    {
        var tableSet = new HashSet<string>(tables, StringComparer.OrdinalIgnoreCase);
        var queries = doc.Queries.ToList();
        var result = new Dictionary<int, ComposedQuery>();
        // For each block, the blocks it reads directly (strong: where a table stands; weak: the name appears elsewhere).
        var direct = new Dictionary<int, List<(SqlBlock Block, bool Strong)>>();
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var tokens = SqlTokens.Read(q.Sql);
            var tableRefs = SqlTokens.TableNames(tokens);
            var names = SqlTokens.Names(tokens);
            // The nearest block above with each name (names are unique in a report file; notebook cells may repeat one).
            var above = new Dictionary<string, SqlBlock>(StringComparer.OrdinalIgnoreCase);
            foreach (var earlier in queries.Take(i))
                if (earlier.Name is not null) above[earlier.Name] = earlier;
            string? error = null;
            var reads = new List<(SqlBlock, bool)>();
            foreach (var (name, offset) in tableRefs)
            {
                if (above.TryGetValue(name, out var source))
                {
                    if (!reads.Any(r => r.Item1 == source)) reads.Add((source, true));
                    continue;
                }
                if (tableSet.Contains(name)) continue;
                var line = q.SqlLine + LineOf(q.Sql, offset) - 1;
                if (q.Name is not null && string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    error ??= $"{At(line)}a query cannot read its own result (\"{name}\"); read the table it comes from instead.";
                    continue;
                }
                if (queries.Skip(i + 1).FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)) is { } below)
                    error ??= $"{At(line)}\"{name}\" is {(below.Line > 0 ? $"the query on line {below.Line}, " : "")}below this one; a query can read only the results above it.";
            }
            foreach (var name in names)
                if (above.TryGetValue(name, out var source) && !reads.Any(r => r.Item1 == source)) reads.Add((source, false));
            direct[q.Index] = reads;
            result[q.Index] = error is null ? Build(q, doc, direct, result, dialect) : new ComposedQuery(q.Sql, q.Parameters, [], 0, error);
        }
        return result;
    }

    private static ComposedQuery Build(SqlBlock q, ReportDocument doc, Dictionary<int, List<(SqlBlock Block, bool Strong)>> direct,
        Dictionary<int, ComposedQuery> done, SqlDialect dialect)
    {
        // Every block reached, through blocks read where a table stands or by name elsewhere; a block read only by name
        // (perhaps a column of the same name) that cannot run is left out rather than failing this one.
        var reached = new HashSet<int>();
        var stack = new Stack<(SqlBlock Block, bool Strong)>(direct[q.Index]);
        while (stack.Count > 0)
        {
            var (b, strong) = stack.Pop();
            if (done[b.Index].Error is not null)
            {
                if (strong) return new ComposedQuery(q.Sql, q.Parameters, [], 0,
                    $"{At(q.SqlLine)}this query reads \"{b.Name}\"{(b.Line > 0 ? $" (line {b.Line})" : "")}, which cannot run: {Unlined(done[b.Index].Error!)}");
                continue;
            }
            if (!reached.Add(b.Index)) continue;
            foreach (var next in direct[b.Index]) stack.Push(next);
        }
        if (reached.Count == 0) return new ComposedQuery(q.Sql, q.Parameters, [], 0, null);

        // Document order is a valid order: every block reads only blocks above it.
        var reads = doc.Queries.Where(b => reached.Contains(b.Index)).ToList();
        var tokens = SqlTokens.Read(q.Sql);
        var first = tokens.FirstOrDefault();
        var ownWith = first is { Kind: TokenKind.Word } && first.Text.Equals("WITH", StringComparison.OrdinalIgnoreCase);
        var recursive = ownWith && tokens.Count > 1 && tokens[1].Kind == TokenKind.Word && tokens[1].Text.Equals("RECURSIVE", StringComparison.OrdinalIgnoreCase);
        var sb = new StringBuilder(recursive ? "WITH RECURSIVE " : "WITH ");
        var lines = new List<(SqlBlock, int, int)>();
        for (var i = 0; i < reads.Count; i++)
        {
            var b = reads[i];
            sb.Append(dialect.Quote(b.Name!)).Append(" AS (\n");
            var firstLine = 1 + Count(sb, '\n');
            var body = WithoutTrailingSemicolon(b.Sql);
            sb.Append(body).Append('\n');
            lines.Add((b, firstLine, firstLine + body.Count(c => c == '\n')));
            sb.Append(i < reads.Count - 1 || ownWith ? "),\n" : ")\n");
        }
        var prefixLines = Count(sb, '\n');
        var own = q.Sql;
        if (ownWith)
        {
            // Its own WITH list continues ours: drop its WITH (and RECURSIVE), keep everything else where it stands.
            var end = recursive ? tokens[1].Offset + tokens[1].Text.Length : first!.Offset + first.Text.Length;
            own = own[..first!.Offset] + own[end..];
        }
        sb.Append(own);
        var sql = sb.ToString();
        return new ComposedQuery(sql, SqlParameters.Find(sql), reads, prefixLines, null) { ReadLines = lines };
    }

    private static string At(int line) => line > 0 ? $"Line {line}: " : "";

    /// <summary>An error of another block without its "Line n: " (that line is the other block's).</summary>
    private static string Unlined(string error) =>
        error.StartsWith("Line ", StringComparison.Ordinal) && error.IndexOf(": ", StringComparison.Ordinal) is > 0 and var i ? error[(i + 2)..] : error;

    private static int LineOf(string sql, int offset) => 1 + sql.AsSpan(0, Math.Min(offset, sql.Length)).Count('\n');

    private static int Count(StringBuilder sb, char c)
    {
        var n = 0;
        foreach (var chunk in sb.GetChunks())
            foreach (var ch in chunk.Span)
                if (ch == c) n++;
        return n;
    }


    /// <summary>The SQL without a final <c>;</c> (and anything after it but comments), which a subquery cannot hold.</summary>
    private static string WithoutTrailingSemicolon(string sql)
    {
        var tokens = SqlTokens.Read(sql);
        return tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Punct, Text: ";" } last ? sql[..last.Offset].TrimEnd() : sql.TrimEnd();
    }
}

/// <summary>The kinds of token <see cref="SqlTokens"/> tells apart.</summary>
public enum TokenKind { Word, QuotedName, Text, Number, Punct }

/// <summary>One SQL token and where it starts.</summary>
public sealed record SqlToken(TokenKind Kind, string Text, int Offset)
{
    /// <summary>An identifier's name: a word as written, a quoted name without its quotes.</summary>
    public string Name => Kind == TokenKind.QuotedName ? Text[1..^1].Replace("\"\"", "\"") : Text;
    public bool Is(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A small SQL tokenizer (strings, quoted names, comments and dollar-quoted text skipped as the engine would) and the names
/// that stand where a table does: after FROM or JOIN, and after commas of a FROM list. It only finds names to compose; the
/// guard, with the engine's own parser, still decides what runs.
/// </summary>
public static class SqlTokens
{
    /// <summary>Words that end a FROM list.</summary>
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "SELECT", "ON",
        "USING", "FETCH", "RETURNING", "SET", "VALUES", "PIVOT", "UNPIVOT", "SAMPLE", "TABLESAMPLE",
    };

    /// <summary>Words after FROM or JOIN before the table's name.</summary>
    private static readonly HashSet<string> BeforeName = new(StringComparer.OrdinalIgnoreCase) { "LATERAL", "ONLY" };

    public static List<SqlToken> Read(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && SqlText.At(sql, i + 1) == '-') { i = SqlText.SkipTo(sql, i, "\n"); continue; }
            if (c == '/' && SqlText.At(sql, i + 1) == '*') { i = SqlText.SkipTo(sql, i + 2, "*/"); continue; }
            if (c == '\'')
            {
                i = SqlText.SkipQuoted(sql, i, '\'');
                tokens.Add(new SqlToken(TokenKind.Text, sql[start..i], start));
            }
            else if (c == '"')
            {
                i = SqlText.SkipQuoted(sql, i, '"');
                tokens.Add(new SqlToken(i - start >= 2 && sql[i - 1] == '"' ? TokenKind.QuotedName : TokenKind.Text, sql[start..i], start));
            }
            else if (c == '$' && (SqlText.At(sql, i + 1) == '$' || char.IsLetter(SqlText.At(sql, i + 1)) || SqlText.At(sql, i + 1) == '_'))
            {
                // $$…$$ and $tag$…$tag$ are text; $name is a parameter.
                var j = i + 1;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
                if (SqlText.At(sql, j) == '$')
                {
                    var tag = sql[i..(j + 1)];
                    i = SqlText.SkipTo(sql, j + 1, tag);
                    tokens.Add(new SqlToken(TokenKind.Text, sql[start..i], start));
                }
                else
                {
                    i = j;
                    tokens.Add(new SqlToken(TokenKind.Punct, sql[start..i], start));
                }
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                tokens.Add(new SqlToken(TokenKind.Word, sql[start..i], start));
            }
            else if (char.IsDigit(c))
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
                tokens.Add(new SqlToken(TokenKind.Number, sql[start..i], start));
            }
            else
            {
                i++;
                tokens.Add(new SqlToken(TokenKind.Punct, c.ToString(), start));
            }
        }
        return tokens;
    }

    /// <summary>Unqualified names that stand where a table does (not a table function, not schema.table), with their offsets.</summary>
    public static List<(string Name, int Offset)> TableNames(IReadOnlyList<SqlToken> tokens)
    {
        var found = new List<(string, int)>();
        var ctes = CteNames(tokens);
        // Per parenthesis depth: inside a FROM list, expecting a table next, and whether FROM counts there (not in EXTRACT(x FROM d)).
        var frames = new Stack<(bool InFrom, bool Expect, bool Query)>();
        var (inFrom, expect, query) = (false, false, true);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t is { Kind: TokenKind.Punct, Text: "(" })
            {
                frames.Push((inFrom, false, query));
                // A parenthesis where a table stands holds a query or a join; one after a word is a call (EXTRACT, SUBSTRING…);
                // one elsewhere holds a query when it starts with SELECT or WITH.
                var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
                var prevWord = i > 0 && tokens[i - 1].Kind is TokenKind.Word or TokenKind.QuotedName && !IsKeywordBeforeQuery(tokens[i - 1]);
                query = expect || next is not null && (next.Is("SELECT") || next.Is("WITH") || next.Is("FROM")) || !prevWord && next is { Text: "(" };
                inFrom = expect;
                continue;
            }
            if (t is { Kind: TokenKind.Punct, Text: ")" })
            {
                if (frames.Count > 0)
                {
                    (inFrom, _, query) = frames.Pop();
                    expect = false;
                }
                continue;
            }
            if (!query) continue;
            if (t.Is("FROM") || t.Is("JOIN"))
            {
                (inFrom, expect) = (true, true);
                continue;
            }
            if (expect)
            {
                if (t.Kind == TokenKind.Word && BeforeName.Contains(t.Text)) continue;
                if (t.Is("SELECT") || t.Is("WITH") || t.Is("VALUES"))
                {
                    (inFrom, expect) = (false, false);
                    continue;
                }
                if (t.Kind is TokenKind.Word or TokenKind.QuotedName && !ctes.Contains(t.Name))
                {
                    var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
                    if (next is { Kind: TokenKind.Punct, Text: "." })
                    {
                        i += 2; // schema.table: a table of the data source, never a block
                    }
                    else if (next is not { Kind: TokenKind.Punct, Text: "(" })
                    {
                        found.Add((t.Name, t.Offset));
                    }
                }
                expect = false;
                continue;
            }
            if (inFrom && t is { Kind: TokenKind.Punct, Text: "," }) { expect = true; continue; }
            if (t.Kind == TokenKind.Word && ClauseWords.Contains(t.Text)) inFrom = false;
        }
        return found;
    }

    /// <summary>Names the SQL gives its own common table expressions (<c>name AS (</c>, <c>name(a, b) AS (</c>).</summary>
    public static HashSet<string> CteNames(IReadOnlyList<SqlToken> tokens)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Kind is not (TokenKind.Word or TokenKind.QuotedName)) continue;
            var j = i + 1;
            if (tokens[j] is { Kind: TokenKind.Punct, Text: "(" })
            {
                while (j < tokens.Count && tokens[j] is not { Kind: TokenKind.Punct, Text: ")" }) j++;
                j++;
            }
            if (j >= tokens.Count || !tokens[j].Is("AS")) continue;
            j++;
            while (j < tokens.Count && (tokens[j].Is("NOT") || tokens[j].Is("MATERIALIZED"))) j++;
            if (j < tokens.Count && tokens[j] is { Kind: TokenKind.Punct, Text: "(" }) names.Add(tokens[i].Name);
        }
        return names;
    }

    /// <summary>Every unqualified name in the SQL that is not a function call.</summary>
    public static HashSet<string> Names(IReadOnlyList<SqlToken> tokens)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind is not (TokenKind.Word or TokenKind.QuotedName)) continue;
            if (i > 0 && tokens[i - 1] is { Kind: TokenKind.Punct, Text: "." }) continue;
            if (i + 1 < tokens.Count && tokens[i + 1] is { Kind: TokenKind.Punct, Text: "(" }) continue;
            names.Add(t.Name);
        }
        return names;
    }

    private static bool IsKeywordBeforeQuery(SqlToken t) =>
        t.Kind == TokenKind.Word && (t.Is("IN") || t.Is("EXISTS") || t.Is("AS") || t.Is("ANY") || t.Is("ALL") || t.Is("SOME") || t.Is("LATERAL") || t.Is("NOT"));

}
