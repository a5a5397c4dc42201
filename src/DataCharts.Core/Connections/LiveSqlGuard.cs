using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// The gate every SQL for a live PostgreSQL or MySQL/MariaDB database passes before it is sent, in front of the read-only
/// transaction (<see cref="LiveDatabase.QueryAsync"/>), which stops writes but not everything: a superuser's SELECT can still
/// read files, run programs, reach other servers, change settings, take locks or sleep. DuckDB's parser cannot read these
/// dialects, so this guard reads them itself (<see cref="LiveSqlLexer"/>) and is conservative: what it does not understand
/// it refuses. It allows exactly one SELECT (or WITH … SELECT, or a parenthesised SELECT), with one optional trailing ';',
/// calling only the dialect's allowlisted functions (<see cref="LiveFunctions"/>), and reading only the connection's tables
/// and the WITH queries in scope.
/// <para>
/// Table names: unquoted names match the connection's tables without ASCII case, as both servers fold them. On PostgreSQL a
/// quoted name ("Orders") matches exactly, as the server looks it up; on MySQL quoted names match without case too (there the
/// server's own case rule depends on its file system, and the name is one of the connection's tables either way). A qualifier
/// must be one of the connection's schemas (MySQL: its database). Unqualified PostgreSQL names starting with pg_ are refused
/// even when listed, because pg_catalog is searched before the schemas.
/// </para>
/// </summary>
public static class LiveSqlGuard
{
    public const int MaxLength = SqlGuard.MaxLength;

    /// <param name="dialect">The server's dialect (PostgreSQL or MySQL/MariaDB).</param>
    /// <param name="sql">The statement to check, with report parameters still written $name.</param>
    /// <param name="tables">The bare names of the tables and views this connection may read.</param>
    /// <param name="schemas">The schemas those tables are in (MySQL: the database), which may qualify them.</param>
    public static GuardVerdict Check(SqlDialect dialect, string sql, IReadOnlyCollection<string> tables, IReadOnlyCollection<string> schemas)
    {
        if (dialect == SqlDialect.DuckDb) throw new ArgumentOutOfRangeException(nameof(dialect), "DuckDB SQL is checked by SqlGuard.");
        if (string.IsNullOrWhiteSpace(sql)) return GuardVerdict.Refuse("The SQL is empty.");
        if (sql.Length > MaxLength) return GuardVerdict.Refuse($"The SQL is longer than {MaxLength:N0} characters.");

        var lex = LiveSqlLexer.Tokenize(dialect, sql);
        if (!lex.Ok) return GuardVerdict.Refuse(lex.Error!, lex.Position);
        var tokens = lex.Tokens.ToList();
        var problem = OneStatement(tokens) ?? Start(tokens);
        if (problem is not null) return GuardVerdict.Refuse(problem.Reason, problem.Position);

        // The WITH queries first, so a data-modifying one is named as such rather than by its verb.
        var walker = new LiveSqlWalker(dialect, tokens, tables, schemas);
        problem = walker.WithQueries() ?? Words(dialect, tokens) ?? walker.Walk();
        return problem is null
            ? new GuardVerdict(true, null, walker.Used)
            : GuardVerdict.Refuse(problem.Reason, problem.Position);
    }

    /// <summary>Exactly one statement: a ';' only at the very end (dropped here), and brackets that pair up.</summary>
    private static Refusal? OneStatement(List<LiveToken> tokens)
    {
        if (tokens.Count > 0 && tokens[^1].IsSymbol(";")) tokens.RemoveAt(tokens.Count - 1);
        if (tokens.Count == 0) return new Refusal("The SQL holds only comments; write a SELECT.", 0);
        var semicolon = tokens.FindIndex(t => t.IsSymbol(";"));
        if (semicolon >= 0)
            return new Refusal("Only one statement can run at a time on a live database; this SQL has more after the ';'. Run them one by one.", tokens[semicolon].Position);

        var open = new Stack<LiveToken>();
        foreach (var t in tokens)
        {
            if (t.IsSymbol("(") || t.IsSymbol("[")) open.Push(t);
            else if (t.IsSymbol(")") || t.IsSymbol("]"))
            {
                var expected = t.Text == ")" ? "(" : "[";
                if (open.Count == 0 || open.Peek().Text != expected)
                    return new Refusal($"This '{t.Text}' closes nothing that was opened; check the brackets.", t.Position);
                open.Pop();
            }
        }
        return open.Count > 0 ? new Refusal($"This '{open.Peek().Text}' is never closed; check the brackets.", open.Peek().Position) : null;
    }

    /// <summary>The statement starts with SELECT or WITH, possibly after opening brackets.</summary>
    private static Refusal? Start(List<LiveToken> tokens)
    {
        var first = tokens.FirstOrDefault(t => !t.IsSymbol("("));
        if (first.IsWord("SELECT") || first.IsWord("WITH")) return null;
        var what = first.Kind switch
        {
            LiveTokenKind.Word when !first.Quoted => first.Text.ToUpperInvariant(),
            LiveTokenKind.Word or LiveTokenKind.Symbol => $"'{first.Text}'",
            _ => "a " + first.Kind.ToString().ToLowerInvariant(),
        };
        return new Refusal($"Only SELECT statements run on a live database; this one starts with {what}.", first.Position);
    }

    /// <summary>Keywords and tokens refused wherever they stand: writes, INTO, locking clauses, variables, catalog casts.</summary>
    private static Refusal? Words(SqlDialect dialect, List<LiveToken> tokens)
    {
        LiveToken At(int k) => k >= 0 && k < tokens.Count ? tokens[k] : default;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == LiveTokenKind.Variable)
                return new Refusal($"Variables ({t.Text}) are not allowed on a live database: they read the server's settings or carry values between queries. Use a report parameter ($name) instead.", t.Position);
            if (t.IsSymbol(":=") && dialect == SqlDialect.MySql)
                return new Refusal("Assignments with ':=' are not allowed on a live database: they set variables on the server.", t.Position);
            if (t.Kind != LiveTokenKind.Word) continue;
            if (LiveKeywords.RegTypes.Contains(t.Text))
                return new Refusal($"The type {t.Text} is not allowed on a live database: casting to it reads the server's catalog.", t.Position);
            if (t.Quoted || At(i - 1).IsSymbol(".")) continue;

            var next = At(i + 1);
            string? reason = null;
            if (t.IsWord("FOR") && (next.IsWord("UPDATE") || next.IsWord("SHARE") || next.IsWord("NO") || next.IsWord("KEY")))
                reason = "FOR UPDATE and FOR SHARE lock rows; a query on a live database only reads, so remove that clause.";
            else if ((t.IsWord("NEXT") || t.IsWord("PREVIOUS")) && next.IsWord("VALUE"))
                reason = $"{t.Text.ToUpperInvariant()} VALUE FOR is not allowed on a live database: it uses a sequence, which changes it outside the transaction.";
            else if (t.IsWord("SET") && !At(i - 1).IsWord("CHARACTER"))
                reason = Word(t, LiveKeywords.SetReason);
            else if ((t.IsWord("REPLACE") || t.IsWord("TRUNCATE")) && !next.IsSymbol("("))
                reason = Word(t, LiveKeywords.ChangesDataReason);
            else if (LiveKeywords.Denied.TryGetValue(t.Text, out var why))
                reason = Word(t, why);
            if (reason is not null) return new Refusal(reason, t.Position);
        }
        return null;
    }

    private static string Word(LiveToken t, string why)
    {
        var word = t.Text.ToUpperInvariant();
        return $"{word} is not allowed in a query on a live database: {why}. (If {t.Text} is a column's name, put it in quotes.)";
    }
}

/// <summary>Why the guard refused, and where (0-based character offset of the refused token).</summary>
internal sealed record Refusal(string Reason, int Position);
