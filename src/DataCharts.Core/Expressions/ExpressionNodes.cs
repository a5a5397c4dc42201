namespace DataCharts.Core.Expressions;

/// <summary>A node of a parsed expression; <see cref="Position"/> is the 0-based offset of its first character.</summary>
public abstract record ExprNode(int Position);

/// <summary>A number (long or double), string, boolean or null written in the expression.</summary>
public sealed record LiteralNode(object? Value, int Position) : ExprNode(Position);

/// <summary>A column, by the name as written (bare, `backticked` or [bracketed]).</summary>
public sealed record ColumnNode(string Name, int Position) : ExprNode(Position);

/// <summary><c>-x</c>, <c>+x</c> or <c>not x</c> (operator normalised to "-", "+" or "not").</summary>
public sealed record UnaryNode(string Operator, ExprNode Operand, int Position) : ExprNode(Position);

/// <summary>
/// A binary operation; the operator is normalised: "or", "and", "==", "!=", "&lt;", "&lt;=", "&gt;", "&gt;=", "+", "-",
/// "*", "/", "%", "^".
/// </summary>
public sealed record BinaryNode(string Operator, ExprNode Left, ExprNode Right, int Position) : ExprNode(Position);

/// <summary>A call of a library function (name in lower case as the library spells it).</summary>
public sealed record CallNode(string Name, IReadOnlyList<ExprNode> Arguments, int Position) : ExprNode(Position);

/// <summary>A parsed expression: an optional assignment target (<c>z = …</c>) and the value.</summary>
public sealed record ParsedExpression(string Text, string? Target, ExprNode Root)
{
    /// <summary>True when the value is computed over all rows (one-row result) rather than per row.</summary>
    public bool IsAggregate => Nodes(Root).OfType<CallNode>().Any(c => FunctionLibrary.Find(c.Name)?.Aggregate == true);

    /// <summary>The columns named, in first-use order, without repeats (case-insensitively).</summary>
    public IReadOnlyList<string> Variables => Nodes(Root).OfType<ColumnNode>().Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The functions called, in first-use order, without repeats.</summary>
    public IReadOnlyList<string> Functions => Nodes(Root).OfType<CallNode>().Select(c => c.Name).Distinct().ToList();

    /// <summary>Every node, parents before children, left to right.</summary>
    public static IEnumerable<ExprNode> Nodes(ExprNode node)
    {
        yield return node;
        IEnumerable<ExprNode> children = node switch
        {
            UnaryNode u => [u.Operand],
            BinaryNode b => [b.Left, b.Right],
            CallNode c => c.Arguments,
            _ => [],
        };
        foreach (var child in children)
            foreach (var n in Nodes(child))
                yield return n;
    }
}
