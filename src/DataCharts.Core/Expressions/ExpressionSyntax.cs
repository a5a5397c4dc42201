namespace DataCharts.Core.Expressions;

/// <summary>
/// Where an expression is wrong: a message and the 0-based character offset of the offending token, with the same
/// place as a 1-based line and column (expressions pasted from elsewhere can span lines).
/// </summary>
public sealed record ExpressionError(string Message, int Position, int Line, int Column)
{
    public static ExpressionError At(string text, int position, string message)
    {
        position = Math.Clamp(position, 0, text.Length);
        int line = 1, column = 1;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return new ExpressionError(message, position, line, column);
    }
}

/// <summary>An expression that cannot be parsed or used: a 400 whose message names the position.</summary>
public sealed class ExpressionException(ExpressionError error)
    : UserFacingException(error.Message, 400, "Invalid expression")
{
    public ExpressionError Error { get; } = error;
}

internal enum TokenKind { Number, String, Identifier, QuotedIdentifier, Operator, LeftParen, RightParen, Comma, End }

internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    /// <summary>How the token reads in a message.</summary>
    public string Show => Kind == TokenKind.End ? "end of expression" : $"'{Text}'";
}

/// <summary>Splits expression text into tokens; strings and quoted names keep their decoded text.</summary>
internal static class Tokenizer
{
    private static readonly string[] Operators = ["**", "==", "!=", "<>", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "^", "<", ">", "=", "!"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && text[i] is 'e' or 'E' && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || (text[i + 1] is '+' or '-' && i + 2 < text.Length && char.IsAsciiDigit(text[i + 2]))))
                {
                    i += 2;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }
                var number = text[start..i];
                if (number.Count(ch => ch == '.') > 1) throw Fail(text, start, $"'{number}' is not a number (at position {start}).");
                tokens.Add(new Token(TokenKind.Number, number, start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }
            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var sb = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw Fail(text, start, c is '\'' or '"' ? $"Unterminated string starting at position {start}." : $"Unterminated column name starting at position {start}: missing {close}.");
                    if (text[i] == close)
                    {
                        // A doubled quote inside is one quote character ('it''s'); a backslash escapes the next one.
                        if (i + 1 < text.Length && text[i + 1] == close && c != '[') { sb.Append(close); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\\' && i + 1 < text.Length && c is '\'' or '"' && (text[i + 1] == close || text[i + 1] == '\\')) { sb.Append(text[i + 1]); i += 2; continue; }
                    sb.Append(text[i++]);
                }
                tokens.Add(new Token(c is '\'' or '"' ? TokenKind.String : TokenKind.QuotedIdentifier, sb.ToString(), start));
                continue;
            }
            if (c == '(') { tokens.Add(new Token(TokenKind.LeftParen, "(", i++)); continue; }
            if (c == ')') { tokens.Add(new Token(TokenKind.RightParen, ")", i++)); continue; }
            if (c == ',') { tokens.Add(new Token(TokenKind.Comma, ",", i++)); continue; }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0);
            if (op is null) throw Fail(text, i, $"Unexpected character '{c}' at position {i}.");
            tokens.Add(new Token(TokenKind.Operator, op, i));
            i += op.Length;
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    internal static ExpressionException Fail(string text, int position, string message)
    {
        var error = ExpressionError.At(text, position, message);
        return new ExpressionException(error) { Field = "expression", Line = error.Line, Column = error.Column };
    }
}
