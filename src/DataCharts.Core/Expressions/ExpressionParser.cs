using System.Globalization;

namespace DataCharts.Core.Expressions;

/// <summary>
/// Recursive-descent parser for derived-column and aggregate expressions. The text is only ever turned into a tree and
/// then into parameterised SQL (<see cref="SqlTranslator"/>); it is never evaluated as code.
/// </summary>
/// <remarks>
/// Grammar, loosest binding first:
/// <code>
/// expression := [name "="] or                      -- "=" assigns only here; compare with "=="
/// or         := and (("or" | "||") and)*
/// and        := not (("and" | "&amp;&amp;") not)*
/// not        := ("not" | "!") not | comparison
/// comparison := additive [("==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") additive]   -- no chains: a &lt; b &lt; c is an error
/// additive   := multiplicative (("+" | "-") multiplicative)*
/// multiplicative := unary (("*" | "/" | "%") unary)*
/// unary      := ("-" | "+") unary | power
/// power      := primary [("^" | "**") unary]       -- right-associative: 2^3^2 = 2^9; -x^2 = -(x^2), as in maths
/// primary    := number | 'string' | "string" | true | false | null | name | `name` | [name] | name "(" [expression ("," expression)*] ")" | "(" expression ")"
/// </code>
/// Errors are <see cref="ExpressionException"/>s carrying the 0-based position of the offending token.
/// </remarks>
public sealed class ExpressionParser
{
    public const int MaxLength = 4000;
    private const int MaxDepth = 100;
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "true", "false", "null" };

    private readonly string text;
    private readonly List<Token> tokens;
    private int index;
    private int depth;

    private ExpressionParser(string text, List<Token> tokens)
    {
        this.text = text;
        this.tokens = tokens;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="ExpressionException"/> saying where it is wrong.</summary>
    public static ParsedExpression Parse(string? text)
    {
        text ??= "";
        if (string.IsNullOrWhiteSpace(text)) throw Tokenizer.Fail(text, 0, "The expression is empty.");
        if (text.Length > MaxLength) throw Tokenizer.Fail(text, MaxLength, $"The expression is longer than {MaxLength} characters.");
        var parser = new ExpressionParser(text, Tokenizer.Tokenize(text));
        var parsed = parser.ParseTop();
        CheckAggregates(parsed);
        return parsed;
    }

    /// <summary>Parses without throwing: the expression, or the error with its position.</summary>
    public static (ParsedExpression? Expression, ExpressionError? Error) TryParse(string? text)
    {
        try { return (Parse(text), null); }
        catch (ExpressionException ex) { return (null, ex.Error); }
    }

    private Token Current => tokens[index];
    private Token Next => tokens[Math.Min(index + 1, tokens.Count - 1)];
    private Token Previous => tokens[Math.Max(index - 1, 0)];
    private Token Advance() => tokens[index++];

    private ExpressionException Fail(int position, string message) => Tokenizer.Fail(text, position, message);

    private bool IsOp(params string[] ops) => Current.Kind == TokenKind.Operator && ops.Contains(Current.Text);
    private bool IsWord(string word) => Current.Kind == TokenKind.Identifier && string.Equals(Current.Text, word, StringComparison.OrdinalIgnoreCase);

    private ParsedExpression ParseTop()
    {
        string? target = null;
        if (Current.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !(Current.Kind == TokenKind.Identifier && Keywords.Contains(Current.Text))
            && Next.Kind == TokenKind.Operator && Next.Text == "=")
        {
            target = Advance().Text;
            Advance();
            if (Current.Kind == TokenKind.End) throw Fail(Previous.Position, $"Expected a value after '=' at position {Previous.Position}.");
        }
        var root = ParseOr();
        if (Current.Kind != TokenKind.End)
        {
            var t = Current;
            if (t.Kind == TokenKind.RightParen) throw Fail(t.Position, $"Unexpected ')' at position {t.Position}: there is no '(' for it to close.");
            if (t.Kind == TokenKind.Operator && t.Text == "=") throw Fail(t.Position, $"Unexpected '=' at position {t.Position}: '=' only assigns a name at the start (z = x * 2); use '==' to compare.");
            throw Fail(t.Position, $"Unexpected {t.Show} at position {t.Position}: expected an operator or the end of the expression.");
        }
        return new ParsedExpression(text, target, root);
    }

    private ExprNode ParseOr()
    {
        var left = ParseAnd();
        while (IsWord("or") || IsOp("||"))
        {
            var op = Advance();
            left = new BinaryNode("or", left, ParseAnd(), op.Position);
        }
        return left;
    }

    private ExprNode ParseAnd()
    {
        var left = ParseNot();
        while (IsWord("and") || IsOp("&&"))
        {
            var op = Advance();
            left = new BinaryNode("and", left, ParseNot(), op.Position);
        }
        return left;
    }

    private ExprNode ParseNot()
    {
        if (IsWord("not") || IsOp("!"))
        {
            var op = Advance();
            return Deeper(() => new UnaryNode("not", ParseNot(), op.Position));
        }
        return ParseComparison();
    }

    private static readonly string[] Comparisons = ["==", "!=", "<>", "<", "<=", ">", ">="];

    private ExprNode ParseComparison()
    {
        var left = ParseAdditive();
        if (!IsOp(Comparisons)) return left;
        var op = Advance();
        var right = ParseAdditive();
        if (IsOp(Comparisons))
            throw Fail(Current.Position, $"Comparisons cannot be chained: '{Current.Text}' at position {Current.Position}; join them with 'and'.");
        return new BinaryNode(op.Text == "<>" ? "!=" : op.Text, left, right, op.Position);
    }

    private ExprNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (IsOp("+", "-"))
        {
            var op = Advance();
            left = new BinaryNode(op.Text, left, ParseMultiplicative(), op.Position);
        }
        return left;
    }

    private ExprNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (IsOp("*", "/", "%"))
        {
            var op = Advance();
            left = new BinaryNode(op.Text, left, ParseUnary(), op.Position);
        }
        return left;
    }

    private ExprNode ParseUnary()
    {
        if (IsOp("-", "+"))
        {
            var op = Advance();
            return Deeper(() => new UnaryNode(op.Text, ParseUnary(), op.Position));
        }
        return ParsePower();
    }

    private ExprNode ParsePower()
    {
        var left = ParsePrimary();
        if (!IsOp("^", "**")) return left;
        var op = Advance();
        return Deeper(() => new BinaryNode("^", left, ParseUnary(), op.Position));
    }

    private ExprNode Deeper(Func<ExprNode> parse)
    {
        if (++depth > MaxDepth) throw Fail(Current.Position, $"The expression is nested too deeply (more than {MaxDepth} levels) at position {Current.Position}.");
        try { return parse(); }
        finally { depth--; }
    }

    private ExprNode ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralNode(ParseNumber(t), t.Position);
            case TokenKind.String:
                Advance();
                return new LiteralNode(t.Text, t.Position);
            case TokenKind.QuotedIdentifier:
                Advance();
                return new ColumnNode(t.Text, t.Position);
            case TokenKind.Identifier:
                Advance();
                if (string.Equals(t.Text, "true", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(true, t.Position);
                if (string.Equals(t.Text, "false", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(false, t.Position);
                if (string.Equals(t.Text, "null", StringComparison.OrdinalIgnoreCase)) return new LiteralNode(null, t.Position);
                if (Keywords.Contains(t.Text)) throw Fail(t.Position, $"Unexpected '{t.Text}' at position {t.Position}: expected a value.");
                return Current.Kind == TokenKind.LeftParen ? ParseCall(t) : new ColumnNode(t.Text, t.Position);
            case TokenKind.LeftParen:
                Advance();
                var inner = Deeper(ParseOr);
                if (Current.Kind != TokenKind.RightParen)
                {
                    if (Current.Kind == TokenKind.End) throw Fail(t.Position, $"Missing ')' for the '(' opened at position {t.Position}.");
                    throw Fail(Current.Position, $"Unexpected {Current.Show} at position {Current.Position}: expected ')' to close the '(' at position {t.Position}.");
                }
                Advance();
                return inner;
            case TokenKind.End:
                if (index == 0) throw Fail(0, "The expression is empty.");
                throw Fail(Previous.Position, $"Expected a value after '{Previous.Text}' at position {Previous.Position}, but the expression ends there.");
            default:
                throw Fail(t.Position, $"Unexpected {t.Show} at position {t.Position}: expected a value.");
        }
    }

    private ExprNode ParseCall(Token name)
    {
        var function = FunctionLibrary.Find(name.Text)
            ?? throw Fail(name.Position, $"Unknown function '{name.Text}' at position {name.Position}.{FunctionLibrary.Suggest(name.Text)}");
        var open = Advance();
        var args = new List<ExprNode>();
        if (Current.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                args.Add(Deeper(ParseOr));
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                if (Current.Kind == TokenKind.RightParen) break;
                if (Current.Kind == TokenKind.End) throw Fail(open.Position, $"Missing ')' for '{name.Text}(' opened at position {open.Position}.");
                throw Fail(Current.Position, $"Unexpected {Current.Show} at position {Current.Position}: expected ',' or ')' in the call of '{name.Text}'.");
            }
        }
        Advance();
        if (args.Count < function.MinArgs || args.Count > function.MaxArgs)
            throw Fail(name.Position, $"'{function.Name}' takes {function.ArgumentCount}, not {args.Count} (at position {name.Position}): {function.Signature}.");
        return new CallNode(function.Name, args, name.Position);
    }

    private object ParseNumber(Token t)
    {
        if (!t.Text.Contains('.') && !t.Text.Contains('e', StringComparison.OrdinalIgnoreCase)
            && long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        throw Fail(t.Position, $"'{t.Text}' is not a number that can be used (at position {t.Position}).");
    }

    /// <summary>An aggregate gives one value for all rows, so it cannot sit inside another, nor beside a bare column.</summary>
    private static void CheckAggregates(ParsedExpression parsed)
    {
        CallNode? firstAggregate = null;
        ColumnNode? bare = null;
        void Walk(ExprNode node, CallNode? inside)
        {
            switch (node)
            {
                case CallNode c when FunctionLibrary.Find(c.Name)!.Aggregate:
                    if (inside is not null)
                        throw Tokenizer.Fail(parsed.Text, c.Position, $"The aggregate '{c.Name}' at position {c.Position} cannot be inside the aggregate '{inside.Name}' at position {inside.Position}.");
                    firstAggregate ??= c;
                    foreach (var a in c.Arguments) Walk(a, c);
                    break;
                case CallNode c:
                    foreach (var a in c.Arguments) Walk(a, inside);
                    break;
                case UnaryNode u:
                    Walk(u.Operand, inside);
                    break;
                case BinaryNode b:
                    Walk(b.Left, inside);
                    Walk(b.Right, inside);
                    break;
                case ColumnNode col when inside is null:
                    bare ??= col;
                    break;
            }
        }
        Walk(parsed.Root, null);
        if (firstAggregate is not null && bare is not null)
            throw Tokenizer.Fail(parsed.Text, bare.Position,
                $"The column '{bare.Name}' at position {bare.Position} is a value per row, but '{firstAggregate.Name}' at position {firstAggregate.Position} gives one value for all rows; put the column inside an aggregate too (e.g. sum({bare.Name})).");
    }
}
