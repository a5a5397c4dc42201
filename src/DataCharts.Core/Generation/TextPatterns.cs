using System.Text;
using System.Text.RegularExpressions;

namespace DataCharts.Core.Generation;

/// <summary>
/// The simple string pattern of template specs: <c>#</c> is a digit, <c>?</c> an upper-case letter, every other character
/// is itself (so <c>ORD-####-??</c> gives <c>ORD-0427-KX</c>).
/// </summary>
public static class SimplePattern
{
    public static string Next(string pattern, Random rng)
    {
        var sb = new StringBuilder(pattern.Length);
        foreach (var c in pattern)
            sb.Append(c switch
            {
                '#' => (char)('0' + rng.Next(10)),
                '?' => (char)('A' + rng.Next(26)),
                _ => c,
            });
        return sb.ToString();
    }

    /// <summary>How many different strings the pattern can give (capped, for the unique check).</summary>
    public static double DomainSize(string pattern) =>
        pattern.Aggregate(1.0, (n, c) => c == '#' ? n * 10 : c == '?' ? n * 26 : n);

    public static Regex ToRegex(string pattern) =>
        new("^" + string.Concat(pattern.Select(c => c switch { '#' => "[0-9]", '?' => "[A-Z]", _ => Regex.Escape(c.ToString()) })) + "$", RegexOptions.CultureInvariant);
}

/// <summary>
/// Makes strings that match a regular expression, for the subset generated data needs: literals and escapes, <c>.</c>,
/// <c>\d \w \s</c>, classes such as <c>[a-z0-9_]</c> and <c>[^,]</c>, groups with alternation <c>(a|b)</c>, and the
/// quantifiers <c>? * + {n} {n,} {n,m}</c> (open ones stop at 5 more than their minimum). Anchors are accepted and ignored.
/// Look-arounds, back-references and other constructs are refused with a message that names the field.
/// </summary>
public sealed class RegexGenerator
{
    private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    private const string Digits = "0123456789";
    private const string Word = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    private const string AnyChar = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private abstract record Node;
    private sealed record Chars(string Set) : Node;
    private sealed record Seq(IReadOnlyList<Node> Items) : Node;
    private sealed record Alt(IReadOnlyList<Node> Options) : Node;
    private sealed record Repeat(Node Item, int Min, int Max) : Node;

    private readonly Node root;
    private readonly string text;
    private readonly string field;
    private int pos;

    /// <summary>The full-match regex, to count generated values that do not match.</summary>
    public Regex Matcher { get; }

    /// <summary>The expression as written in the spec.</summary>
    public string Pattern => text;

    public RegexGenerator(string pattern, string field)
    {
        text = pattern;
        this.field = field;
        try
        {
            Matcher = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new UserFacingException($"The regular expression of {field} is not valid: {ex.Message}") { Field = field };
        }
        root = ParseAlt();
        if (pos < text.Length) throw Unsupported($"an unmatched '{text[pos]}'");
    }

    public string Next(Random rng)
    {
        var sb = new StringBuilder();
        Emit(root, rng, sb);
        return sb.ToString();
    }

    private static void Emit(Node node, Random rng, StringBuilder sb)
    {
        switch (node)
        {
            case Chars c: sb.Append(c.Set[rng.Next(c.Set.Length)]); break;
            case Seq s: foreach (var item in s.Items) Emit(item, rng, sb); break;
            case Alt a: Emit(a.Options[rng.Next(a.Options.Count)], rng, sb); break;
            case Repeat r:
                var n = r.Min + rng.Next(r.Max - r.Min + 1);
                for (var i = 0; i < n; i++) Emit(r.Item, rng, sb);
                break;
        }
    }

    private UserFacingException Unsupported(string what) =>
        new($"The regular expression of {field} uses {what}, which generation does not support: use literals, classes like [a-z] or \\d, groups with |, and ? * + {{n}} {{n,m}}.") { Field = field };

    private bool More => pos < text.Length;

    private Node ParseAlt()
    {
        var options = new List<Node> { ParseSeq() };
        while (More && text[pos] == '|')
        {
            pos++;
            options.Add(ParseSeq());
        }
        return options.Count == 1 ? options[0] : new Alt(options);
    }

    private Node ParseSeq()
    {
        var items = new List<Node>();
        while (More && text[pos] is not '|' and not ')')
        {
            var c = text[pos];
            if (c is '^' or '$') { pos++; continue; }
            var atom = ParseAtom();
            items.Add(ParseQuantifier(atom));
        }
        return new Seq(items);
    }

    private Node ParseQuantifier(Node atom)
    {
        if (!More) return atom;
        Node result;
        switch (text[pos])
        {
            case '?': pos++; result = new Repeat(atom, 0, 1); break;
            case '*': pos++; result = new Repeat(atom, 0, 5); break;
            case '+': pos++; result = new Repeat(atom, 1, 6); break;
            case '{':
                var close = text.IndexOf('}', pos);
                var parts = text[(pos + 1)..close].Split(',');
                var min = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var max = parts.Length == 1 ? min : parts[1].Length == 0 ? min + 5 : int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                if (max > 1000) throw Unsupported("a repetition above 1000");
                pos = close + 1;
                result = new Repeat(atom, min, max);
                break;
            default: return atom;
        }
        if (More && text[pos] is '?' or '+') throw Unsupported("a lazy or possessive quantifier");
        return result;
    }

    private Node ParseAtom()
    {
        var c = text[pos++];
        switch (c)
        {
            case '(':
                if (More && text[pos] == '?')
                {
                    if (pos + 1 < text.Length && text[pos + 1] == ':') pos += 2;
                    else throw Unsupported("a look-around or named group");
                }
                var inner = ParseAlt();
                pos++; // ')' (the Regex check above guarantees it is there)
                return inner;
            case '[': return ParseClass();
            case '.': return new Chars(AnyChar);
            case '\\': return new Chars(Escape(text[pos++], inClass: false));
            default: return new Chars(c.ToString());
        }
    }

    private string Escape(char e, bool inClass) => e switch
    {
        'd' => Digits,
        'w' => Word,
        's' => " ",
        'D' => new string(Printable.Where(ch => !char.IsAsciiDigit(ch)).ToArray()),
        'W' => " -.,;:!",
        't' => "\t",
        'n' => "\n",
        _ when char.IsAsciiDigit(e) && !inClass => throw Unsupported("a back-reference"),
        _ when char.IsAsciiLetter(e) => throw Unsupported($"the escape \\{e}"),
        _ => e.ToString(),
    };

    private Chars ParseClass()
    {
        var negated = More && text[pos] == '^';
        if (negated) pos++;
        var set = new StringBuilder();
        var first = true;
        while (More && (text[pos] != ']' || first))
        {
            first = false;
            var c = text[pos++];
            string one;
            if (c == '\\') one = Escape(text[pos++], inClass: true);
            else one = c.ToString();
            if (one.Length == 1 && pos + 1 < text.Length && text[pos] == '-' && text[pos + 1] != ']')
            {
                pos++;
                var hi = text[pos++];
                if (hi == '\\') hi = text[pos++];
                for (var ch = one[0]; ch <= hi; ch++) set.Append(ch);
            }
            else set.Append(one);
        }
        pos++; // ']'
        var chars = set.ToString();
        var result = negated ? new string(Printable.Where(ch => !chars.Contains(ch)).ToArray()) : new string(chars.Distinct().ToArray());
        if (result.Length == 0) throw Unsupported("a class that matches no character");
        return new Chars(result);
    }
}
