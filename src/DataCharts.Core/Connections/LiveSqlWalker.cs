using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// One pass over one statement's tokens for <see cref="LiveSqlGuard"/>: the WITH queries and where each is in scope, every
/// FROM item (after FROM, JOIN, a FROM list's comma, LATERAL, TABLE, and first in a bracketed join) at any depth, and every
/// function call (a name followed by "("). A FROM item is a table of the connection or a WITH query in scope, a subquery, or
/// an allowed table function; anything else there is refused.
/// </summary>
internal sealed class LiveSqlWalker
{
    /// <summary>What an open bracket holds: a bracketed join or FROM list, a function's arguments, or anything else.</summary>
    private enum Holds { Other, FromItems, Arguments }

    private sealed class Frame(Holds holds, string? function)
    {
        public Holds Holds { get; } = holds;
        public string? Function { get; } = function;
        public bool InFrom { get; set; } = holds == Holds.FromItems;
    }

    /// <summary>A WITH query's name and the tokens where a FROM item of that name means it.</summary>
    private sealed record Cte(string Name, bool Quoted, int From, int To);

    private readonly SqlDialect dialect;
    private readonly List<LiveToken> t;
    private readonly int[] match;
    private readonly IReadOnlyCollection<string> tables;
    private readonly IReadOnlyCollection<string> schemas;
    private readonly List<Cte> ctes = [];
    private readonly HashSet<int> notCalls = [];
    private readonly HashSet<int> aliasAt = [];
    private readonly Dictionary<int, Frame> frames = [];

    /// <summary>What stands past the last token: nothing, at the end of the statement.</summary>
    private readonly LiveToken end;

    public LiveSqlWalker(SqlDialect dialect, List<LiveToken> tokens, IReadOnlyCollection<string> tables, IReadOnlyCollection<string> schemas)
    {
        this.dialect = dialect;
        t = tokens;
        this.tables = tables;
        this.schemas = schemas;
        end = new LiveToken(LiveTokenKind.Symbol, "", tokens.Count > 0 ? tokens[^1].End : 0, 0);
        match = new int[tokens.Count];
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            match[i] = -1;
            if (tokens[i].IsSymbol("(")) open.Push(i);
            else if (tokens[i].IsSymbol(")"))
            {
                var o = open.Pop();
                (match[i], match[o]) = (o, i);
            }
        }
    }

    /// <summary>The connection's tables the statement reads, in order of first use.</summary>
    public List<string> Used { get; } = [];

    private bool Pg => dialect == SqlDialect.PostgreSql;

    private LiveToken At(int k) => k >= 0 && k < t.Count ? t[k] : end;

    /// <summary>Reads every list of WITH queries: each must read, and its names come into scope (call before <see cref="Walk"/>).</summary>
    public Refusal? WithQueries()
    {
        for (var i = 0; i < t.Count; i++)
            if (t[i].IsWord("WITH") && IsCteList(i) && With(i) is { } p) return p;
        return null;
    }

    /// <summary>Checks every FROM item and function call, left to right.</summary>
    public Refusal? Walk()
    {
        var stack = new Stack<Frame>();
        stack.Push(new Frame(Holds.Other, null));
        var expectItem = false;
        for (var i = 0; i < t.Count;)
        {
            if (expectItem)
            {
                expectItem = false;
                if (FromItem(i, out var next) is { } p) return p;
                i = next;
                continue;
            }
            var tok = t[i];
            var top = stack.Peek();
            if (aliasAt.Contains(i)) Alias(i);
            if (tok.IsSymbol("("))
            {
                var frame = frames.GetValueOrDefault(i) ?? new Frame(Holds.Other, null);
                stack.Push(frame);
                expectItem = frame.Holds == Holds.FromItems;
            }
            else if (tok.IsSymbol(")")) stack.Pop();
            else if (tok.IsSymbol(",")) expectItem = top.InFrom;
            else if (tok.IsSymbol("::")) TypeAt(i + 1);
            else if (tok.Kind == LiveTokenKind.String && At(i + 1).IsSymbol("("))
                return new Refusal("A string cannot be called like a function; write function names without quotes.", tok.Position);
            else if (tok.Kind == LiveTokenKind.Word)
            {
                if (At(i + 1).IsSymbol("(") && Call(i) is { } p) return p;
                // On PostgreSQL t.f may call f(t); only functions of a row can be reached so, but the named ones stay out anyway.
                if (Pg && At(i - 1).IsSymbol(".") && LiveFunctions.DeniedReason(tok.Text, namedOnly: true) is { } why)
                    return new Refusal(Denied(tok.Text, why), tok.Position);
                if (!tok.Quoted) expectItem = Keyword(i, top);
            }
            i++;
        }
        return expectItem ? new Refusal("The query ends where a table should follow.", end.Position) : null;
    }

    // --- WITH ------------------------------------------------------------------------------------------------------

    /// <summary>WITH [RECURSIVE] name [(columns)] AS …: not WITH ORDINALITY, WITH TIME ZONE, WITH ROLLUP and the like.</summary>
    private bool IsCteList(int w)
    {
        var n = At(w + 1);
        if (n.IsWord("RECURSIVE")) return true;
        if (n.Kind != LiveTokenKind.Word || (!n.Quoted && LiveKeywords.NotCteNames.Contains(n.Text))) return false;
        var after = At(w + 2).IsSymbol("(") ? match[w + 2] + 1 : w + 2;
        return At(after).IsWord("AS");
    }

    /// <summary>
    /// A list of named queries: each body must read (no data-modifying WITH), and each name is in scope from after its body
    /// (RECURSIVE: from the WITH) to the end of the bracket that holds the WITH, as the servers scope them.
    /// </summary>
    private Refusal? With(int w)
    {
        var recursive = At(w + 1).IsWord("RECURSIVE");
        var j = recursive ? w + 2 : w + 1;
        var end = EnclosingClose(w);
        var found = new List<(LiveToken Name, int Close)>();
        while (true)
        {
            var name = At(j);
            if (name.Kind != LiveTokenKind.Word) return new Refusal("A name for the WITH query must follow here.", name.Position);
            if (At(j + 1).IsSymbol("("))
            {
                notCalls.Add(j);
                j = match[j + 1];
            }
            if (!At(j + 1).IsWord("AS")) return new Refusal($"AS must follow the WITH query's name {name.Text}.", At(j + 1).Position);
            j += 2;
            if (At(j).IsWord("NOT")) j++;
            if (At(j).IsWord("MATERIALIZED")) j++;
            if (!At(j).IsSymbol("(")) return new Refusal($"The WITH query {name.Text} must be a query in brackets.", At(j).Position);
            var first = j + 1;
            while (At(first).IsSymbol("(")) first++;
            if (!Reads(At(first)))
                return new Refusal($"A WITH query may only read on a live database; {name.Text} starts with {Describe(At(first))}.", At(first).Position);
            if (Pg && AsciiNames.Lower(name.Text).StartsWith("pg_", StringComparison.Ordinal))
                return new Refusal($"A WITH query cannot be named {name.Text}: names starting with pg_ are the server's catalog. Rename it.", name.Position);
            found.Add((name, match[j]));
            j = match[j] + 1;
            if (!At(j).IsSymbol(",")) break;
            j++;
        }
        var main = j;
        while (At(main).IsSymbol("(")) main++;
        if (At(main).Text.Length == 0) return new Refusal("A SELECT must follow the WITH queries.", At(main).Position);
        if (!Reads(At(main)))
            return new Refusal($"Only SELECT statements run on a live database; after its WITH queries this one is {Describe(At(main))}.", At(main).Position);
        foreach (var (name, close) in found)
            ctes.Add(new Cte(name.Text, name.Quoted, recursive ? w : close + 1, end));
        return null;
    }

    private static bool Reads(LiveToken tok) => tok.IsWord("SELECT") || tok.IsWord("WITH") || tok.IsWord("VALUES") || tok.IsWord("TABLE");

    /// <summary>The index of the ")" that closes the bracket around <paramref name="k"/>, or the end of the statement.</summary>
    private int EnclosingClose(int k)
    {
        var depth = 0;
        for (var i = k; i < t.Count; i++)
        {
            if (t[i].IsSymbol("(")) depth++;
            else if (t[i].IsSymbol(")") && depth-- == 0) return i;
        }
        return t.Count;
    }

    // --- FROM items ------------------------------------------------------------------------------------------------

    /// <summary>What a keyword does to the reading: FROM, JOIN, LATERAL and TABLE expect a FROM item; clause words end a FROM list.</summary>
    private bool Keyword(int i, Frame top)
    {
        var tok = t[i];
        if (tok.IsWord("FROM"))
        {
            // EXTRACT(x FROM y), SUBSTRING(s FROM 2), TRIM(… FROM s) and IS [NOT] DISTINCT FROM are expressions, not tables.
            if (top.Holds == Holds.Arguments && LiveKeywords.FromInside.Contains(top.Function!)) return false;
            if (At(i - 1).IsWord("DISTINCT") && (At(i - 2).IsWord("IS") || At(i - 2).IsWord("NOT"))) return false;
            top.InFrom = true;
            return true;
        }
        if (tok.IsWord("JOIN") || (tok.IsWord("STRAIGHT_JOIN") && !Pg))
        {
            top.InFrom = true;
            return true;
        }
        if (tok.IsWord("LATERAL") || tok.IsWord("TABLE")) return true;
        if (tok.IsWord("TABLESAMPLE")) notCalls.Add(i + 1);
        if (LiveKeywords.EndFrom.Contains(tok.Text) || (Pg && LiveKeywords.EndFromPostgreSql.Contains(tok.Text))) top.InFrom = false;
        return false;
    }

    /// <summary>
    /// The FROM item starting at <paramref name="i"/>: checks a table name now; marks a subquery's or bracketed join's bracket
    /// and a table function's call for the main pass, which then reads them (<paramref name="next"/> is where it goes on).
    /// </summary>
    private Refusal? FromItem(int i, out int next)
    {
        next = i;
        var j = i;
        while (At(j).IsWord("LATERAL") || At(j).IsWord("ONLY")) j++;
        if (j >= t.Count) return new Refusal("The query ends where a table should follow.", end.Position);
        if (At(j).IsWord("ROWS") && At(j + 1).IsWord("FROM") && At(j + 2).IsSymbol("("))
        {
            aliasAt.Add(match[j + 2] + 1);
            next = j + 2;
            return null;
        }
        var tok = t[j];
        if (tok.IsSymbol("("))
        {
            // A bracket after FROM holds a subquery, or a join or FROM list whose first item is a table like any other.
            if (!Reads(At(j + 1))) frames[j] = new Frame(Holds.FromItems, null);
            aliasAt.Add(match[j] + 1);
            next = j;
            return null;
        }
        if (tok.Kind != LiveTokenKind.Word)
            return new Refusal($"A table, a subquery or a table function must follow here, not {Describe(tok)}.", tok.Position);
        var parts = new List<LiveToken> { tok };
        var k = j + 1;
        while (At(k).IsSymbol(".") && At(k + 1).Kind == LiveTokenKind.Word)
        {
            parts.Add(t[k + 1]);
            k += 2;
        }
        if (At(k).IsSymbol("("))
        {
            if (parts.Count > 1) return new Refusal(Qualified(parts), tok.Position);
            aliasAt.Add(match[k] + 1); // the call itself is checked by the main pass
            next = j;
            return null;
        }
        if (Table(parts, j) is { } refused) return refused;
        if (Pg && At(k).IsSymbol("*")) k++; // t * (the table and its children)
        aliasAt.Add(k);
        next = k;
        return null;
    }

    /// <summary>After a FROM item: [AS] alias [(columns)]; the alias before its column list is not a function call.</summary>
    private void Alias(int k)
    {
        var a = At(k);
        if (a.IsWord("AS")) a = At(++k);
        var named = a.Kind == LiveTokenKind.Word && (a.Quoted || (!LiveKeywords.NotAliases.Contains(a.Text) && !LiveKeywords.Introducers.Contains(a.Text)));
        if (named && At(k + 1).IsSymbol("(")) notCalls.Add(k);
    }

    /// <summary>A table reference: a WITH query in scope, or one of the connection's tables, qualified at most by one of its schemas.</summary>
    private Refusal? Table(List<LiveToken> parts, int at)
    {
        var written = string.Join('.', parts.Select(p => p.Text));
        if (parts.Count > 2)
            return new Refusal($"Table \"{written}\" is not one this connection may read: write a table as name or schema.name. It may read: {Readable()}.", parts[0].Position);
        var name = parts[^1];
        if (parts.Count == 2)
        {
            var schema = parts[0];
            if (!schemas.Any(s => Matches(schema, s)))
                return new Refusal($"Table \"{written}\" is not one this connection may read ({schema.Text} is not one of its schemas). It may read: {Readable()}.", parts[0].Position);
        }
        else
        {
            if (ctes.Any(c => at >= c.From && at < c.To && SameCte(c, name))) return null;
            if (!Pg && !name.Quoted && name.IsWord("DUAL")) return null;
            if (Pg && AsciiNames.Lower(name.Text).StartsWith("pg_", StringComparison.Ordinal))
                return new Refusal($"Table \"{written}\" is not one this connection may read: unqualified names starting with pg_ are the server's catalog. It may read: {Readable()}.", name.Position);
        }
        var table = tables.FirstOrDefault(x => Matches(name, x));
        if (table is null)
            return new Refusal($"Table \"{written}\" is not one this connection may read. It may read: {Readable()}.", parts[0].Position);
        if (!Used.Contains(table, StringComparer.Ordinal)) Used.Add(table);
        return null;
    }

    /// <summary>A written name against a real one: exact for PostgreSQL's quoted names, without ASCII case otherwise.</summary>
    private bool Matches(LiveToken written, string actual) =>
        Pg && written.Quoted ? string.Equals(written.Text, actual, StringComparison.Ordinal) : AsciiNames.Comparer.Equals(written.Text, actual);

    /// <summary>
    /// A FROM item's name against a WITH query's, as the server compares them: PostgreSQL folds unquoted names to small
    /// letters; MySQL is taken as case-sensitive (its rule depends on the server), so a near miss is checked as a table instead.
    /// </summary>
    private bool SameCte(Cte c, LiveToken name) => Pg
        ? string.Equals(c.Quoted ? c.Name : AsciiNames.Lower(c.Name), name.Quoted ? name.Text : AsciiNames.Lower(name.Text), StringComparison.Ordinal)
        : string.Equals(c.Name, name.Text, StringComparison.Ordinal);

    private string Readable()
    {
        var names = tables.Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0) return "no tables";
        return string.Join(", ", names.Take(10)) + (names.Count > 10 ? $", … ({names.Count - 10} more)" : "");
    }

    // --- calls -----------------------------------------------------------------------------------------------------

    /// <summary>A name followed by "(": a function call that must be allowed, unless it is a keyword, a type, an alias's or WITH query's column list.</summary>
    private Refusal? Call(int i)
    {
        var name = t[i];
        if (LiveFunctions.DeniedReason(name.Text) is { } why) return new Refusal(Denied(name.Text, why), name.Position);
        var prev = At(i - 1);
        if (notCalls.Contains(i) || prev.IsWord("AS") || prev.IsSymbol("::")) return null;
        if (!name.Quoted && (LiveKeywords.NotCalls.Contains(name.Text) || LiveKeywords.TypeWords.Contains(name.Text))) return null;
        if (name.Quoted)
            return new Refusal($"Function names cannot be quoted on a live database; write {name.Text} without quotes.", name.Position);
        if (prev.IsSymbol("."))
            return new Refusal($"Functions are called by their plain name on a live database; {At(i - 2).Text}.{name.Text} names a schema or a table.", At(i - 2).Position);
        if (!LiveFunctions.IsAllowed(dialect, name.Text))
            return new Refusal($"The function {name.Text} is not one DataCharts runs on a live database; use a built-in aggregate, window, math, text, date or JSON function.", name.Position);
        frames[i + 1] = new Frame(Holds.Arguments, AsciiNames.Lower(name.Text));
        return null;
    }

    /// <summary>After "::" a type name: its "(" holds a length or precision, not arguments.</summary>
    private void TypeAt(int k)
    {
        if (At(k).Kind != LiveTokenKind.Word) return;
        notCalls.Add(k);
        if (At(k + 1).IsSymbol(".") && At(k + 2).Kind == LiveTokenKind.Word) notCalls.Add(k + 2);
    }

    private static string Denied(string name, string why) => $"The function {name} is not allowed on a live database ({why}).";

    private static string Qualified(List<LiveToken> parts) =>
        $"Functions are called by their plain name on a live database; {string.Join('.', parts.Select(p => p.Text))} names a schema.";

    private static string Describe(LiveToken tok) => tok.Kind switch
    {
        _ when tok.Text.Length == 0 => "the end of the statement",
        LiveTokenKind.Word when !tok.Quoted => tok.Text.ToUpperInvariant(),
        LiveTokenKind.Word => $"\"{tok.Text}\"",
        LiveTokenKind.Symbol => $"'{tok.Text}'",
        LiveTokenKind.String => "a string",
        LiveTokenKind.Number => "a number",
        LiveTokenKind.Parameter => $"the parameter ${tok.Text}",
        _ => $"'{tok.Text}'",
    };
}
