using System.Text.RegularExpressions;

namespace DataCharts.Core.Query;

/// <summary>
/// Engine error messages as a data source's users may read them: DuckDB's "did you mean …" suggestions come from the
/// whole catalog (other datasets' schemas and tables, the engine's views), and IO errors carry absolute paths of the
/// data directory. Suggestions are kept only when they name the data source's own tables (or, in an unknown-function
/// error, a function); paths become a neutral word.
/// </summary>
public static partial class EngineErrors
{
    /// <summary>What stands in for a removed path.</summary>
    public const string PathWord = "(path)";

    /// <summary>
    /// The first <paramref name="lines"/> lines of a message about the app's own statements (filters, assessments, derived
    /// datasets) on one line: no table suggestions, no paths.
    /// </summary>
    public static string Brief(string message, int lines = 2) =>
        string.Join(" ", Clean(message, "", []).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Take(lines));

    /// <param name="message">The engine's message, as thrown.</param>
    /// <param name="ownSchema">The data source's schema (or catalog) name; suggestions qualified with it are kept unqualified.</param>
    /// <param name="ownTables">The data source's table names.</param>
    public static string Clean(string message, string ownSchema, IReadOnlyCollection<string> ownTables)
    {
        if (string.IsNullOrEmpty(message)) return message;
        var own = new HashSet<string>(ownTables, StringComparer.OrdinalIgnoreCase);
        // Function names are the engine's, the same for every data source; a suggestion there helps and names no one's data.
        var aboutFunction = FunctionError().IsMatch(message);
        var text = Suggestion().Replace(message, m =>
        {
            var kept = Quoted().Matches(m.Groups["list"].Value)
                .Select(q => Keep(q.Groups[1].Value, ownSchema, own, aboutFunction))
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            return kept.Count == 0 ? "" : "Did you mean " + string.Join(" or ", kept.Select(k => $"\"{k}\"")) + "?";
        });
        // Quoted first, so a path with spaces goes whole.
        text = QuotedPath().Replace(text, m => m.Groups["q"].Value + PathWord + m.Groups["q"].Value);
        text = Url().Replace(text, PathWord);
        text = WindowsPath().Replace(text, PathWord);
        text = UnixPath().Replace(text, m => IsPath(m.Value) ? PathWord : m.Value);
        return text;
    }

    /// <summary>The suggestion as the user may see it (unqualified), or null to drop it.</summary>
    private static string? Keep(string suggestion, string ownSchema, HashSet<string> own, bool aboutFunction)
    {
        var parts = suggestion.Split('.');
        var name = parts[^1];
        var qualifiedOwn = parts.Length switch
        {
            1 => true,
            2 => string.Equals(parts[0], ownSchema, StringComparison.OrdinalIgnoreCase),
            3 => string.Equals(parts[0], ownSchema, StringComparison.OrdinalIgnoreCase) && string.Equals(parts[1], "main", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        if (!qualifiedOwn) return null;
        if (own.Contains(name)) return name;
        return aboutFunction && parts.Length == 1 ? name : null;
    }

    /// <summary>A Unix-looking match is a path when it has two segments or a file extension ("/etc/passwd", "/x.csv"), not "/2".</summary>
    private static bool IsPath(string s) => s.Count(c => c == '/') >= 2 || FileExtension().IsMatch(s) || s.StartsWith('~');

    [GeneratedRegex("""Did you mean (?<list>"[^"\n]*"(?:\s*(?:,|or)\s*"[^"\n]*")*)\s*\?""")]
    private static partial Regex Suggestion();

    [GeneratedRegex("\"([^\"\\n]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b(?:Scalar|Table|Aggregate|Pragma|Macro|Table Macro) Function with name\b", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionError();

    [GeneratedRegex(@"(?<q>[""'])(?:[A-Za-z]:\\|\\\\|~?/|[A-Za-z][A-Za-z0-9+.\-]*://)[^""'\n]+\k<q>")]
    private static partial Regex QuotedPath();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'`]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w])(?:[A-Za-z]:\\|\\\\)[^\s""'`]*")]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"(?<![\w.:/~])~?/[^\s""'`,;()\[\]]+")]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\.[A-Za-z][A-Za-z0-9]{0,7}$")]
    private static partial Regex FileExtension();
}
