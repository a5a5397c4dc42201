using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>What a piece of live SQL is, as <see cref="LiveSqlLexer"/> reads it.</summary>
public enum LiveTokenKind
{
    /// <summary>A name or a keyword. A quoted name ("x", `x`) has its quotes removed and <see cref="LiveToken.Quoted"/> set; it is never a keyword.</summary>
    Word,

    /// <summary>A string literal in any of the dialect's forms ('…', E'…', U&amp;'…', $tag$…$tag$, MySQL "…"), as written.</summary>
    String,

    Number,

    /// <summary>A report parameter <c>$name</c>; the text is the name without the dollar.</summary>
    Parameter,

    /// <summary>A PostgreSQL positional parameter <c>$1</c>; the text is the number.</summary>
    Positional,

    /// <summary>A MySQL user or system variable (<c>@x</c>, <c>@@x</c>), which the guard refuses.</summary>
    Variable,

    /// <summary>Punctuation or an operator: ( ) , ; . [ ] :: := and runs of operator characters.</summary>
    Symbol,
}

/// <summary>One token of live SQL: its kind, its text (a quoted name unquoted), and where it stands (0-based character offset and length in the source).</summary>
public readonly record struct LiveToken(LiveTokenKind Kind, string Text, int Position, int Length, bool Quoted = false)
{
    /// <summary>The offset just past the token in the source.</summary>
    public int End => Position + Length;

    /// <summary>An unquoted word equal to <paramref name="keyword"/> (ASCII letters without case): only unquoted words are keywords.</summary>
    public bool IsWord(string keyword) => Kind == LiveTokenKind.Word && !Quoted && AsciiNames.Comparer.Equals(Text, keyword);

    public bool IsSymbol(string symbol) => Kind == LiveTokenKind.Symbol && Text == symbol;
}

/// <summary>The tokens of a statement, or why it could not be read and where (a string, comment or name never closed, an ambiguous spelling).</summary>
public sealed record LiveLex(IReadOnlyList<LiveToken> Tokens, string? Error = null, int? Position = null)
{
    public bool Ok => Error is null;
}
