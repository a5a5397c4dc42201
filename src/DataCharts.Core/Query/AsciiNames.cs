namespace DataCharts.Core.Query;

/// <summary>
/// Names compared as the engines compare unquoted names (DuckDB, PostgreSQL, MySQL): ASCII letters without case, every
/// other character as is. A wider folding (.NET's ignore-case maps 'ſ' to 'S', "É" to "é") would take a name for an
/// allowed one where the engine reads something else.
/// </summary>
public sealed class AsciiNames : IEqualityComparer<string>
{
    public static readonly AsciiNames Comparer = new();

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null) return x is null && y is null;
        if (x.Length != y.Length) return false;
        for (var i = 0; i < x.Length; i++)
            if (Fold(x[i]) != Fold(y[i])) return false;
        return true;
    }

    public int GetHashCode(string s)
    {
        var h = new HashCode();
        foreach (var c in s) h.Add(Fold(c));
        return h.ToHashCode();
    }

    /// <summary>The name with ASCII capitals made small, as PostgreSQL folds an unquoted name.</summary>
    public static string Lower(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++) span[i] = Fold(src[i]);
    });

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
