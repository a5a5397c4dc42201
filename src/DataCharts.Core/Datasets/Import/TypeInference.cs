using System.Globalization;

namespace DataCharts.Core.Datasets.Import;

/// <summary>
/// Infers a column's type from its text values, one value at a time. Empty values are missing and say nothing.
/// Integers and decimals with a leading zero ("08123") are codes, so the column stays text.
/// </summary>
public sealed class TypeAccumulator
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
    ];

    private bool canInteger = true, canDecimal = true, canBoolean = true, canDate = true, canTimestamp = true;

    /// <summary>Values seen that were not missing.</summary>
    public long NonMissing { get; private set; }

    /// <summary>Values that decided against a narrower type, kept for messages (first few).</summary>
    public string? FirstText { get; private set; }

    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        NonMissing++;
        if (!(canInteger || canDecimal || canBoolean || canDate || canTimestamp)) return;
        var v = value.AsSpan().Trim();
        if (v.Length != value.Length) { Reject(value); return; } // padded values are text, as typed

        if (canInteger && !IsInteger(v)) canInteger = false;
        if (canDecimal && !IsDecimal(v)) canDecimal = false;
        if (canBoolean && !IsBoolean(v)) canBoolean = false;
        var isDate = IsDate(v);
        if (canDate && !isDate) canDate = false;
        if (canTimestamp && !isDate && !IsTimestamp(v)) canTimestamp = false;
        if (!(canInteger || canDecimal || canBoolean || canDate || canTimestamp)) FirstText ??= value;
    }

    public ColumnType Result =>
        NonMissing == 0 ? ColumnType.Text
        : canInteger ? ColumnType.Integer
        : canDecimal ? ColumnType.Decimal
        : canBoolean ? ColumnType.Boolean
        : canDate ? ColumnType.Date
        : canTimestamp ? ColumnType.Timestamp
        : ColumnType.Text;

    public static ColumnType Infer(IEnumerable<string?> values)
    {
        var acc = new TypeAccumulator();
        foreach (var v in values) acc.Add(v);
        return acc.Result;
    }

    /// <summary>True when the value would be read as the given type.</summary>
    public static bool Conforms(string? value, ColumnType type)
    {
        if (string.IsNullOrEmpty(value)) return true;
        var acc = new TypeAccumulator();
        acc.Add(value);
        return type switch
        {
            ColumnType.Integer => acc.canInteger,
            ColumnType.Decimal => acc.canDecimal,
            ColumnType.Boolean => acc.canBoolean,
            ColumnType.Date => acc.canDate,
            ColumnType.Timestamp => acc.canTimestamp,
            _ => true,
        };
    }

    private void Reject(string value)
    {
        canInteger = canDecimal = canBoolean = canDate = canTimestamp = false;
        FirstText ??= value;
    }

    private static bool HasLeadingZero(ReadOnlySpan<char> digits) => digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]);

    private static ReadOnlySpan<char> Unsigned(ReadOnlySpan<char> v) => v.Length > 0 && (v[0] == '-' || v[0] == '+') ? v[1..] : v;

    internal static bool IsInteger(ReadOnlySpan<char> v)
    {
        var u = Unsigned(v);
        if (u.Length is 0 or > 18) return false;
        foreach (var c in u) if (!char.IsAsciiDigit(c)) return false;
        return !HasLeadingZero(u);
    }

    internal static bool IsDecimal(ReadOnlySpan<char> v)
    {
        var u = Unsigned(v);
        if (u.Length == 0 || HasLeadingZero(u)) return false;
        int i = 0, digits = 0;
        while (i < u.Length && char.IsAsciiDigit(u[i])) { i++; digits++; }
        if (i < u.Length && u[i] == '.')
        {
            i++;
            while (i < u.Length && char.IsAsciiDigit(u[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < u.Length && (u[i] == 'e' || u[i] == 'E'))
        {
            i++;
            if (i < u.Length && (u[i] == '+' || u[i] == '-')) i++;
            var exp = 0;
            while (i < u.Length && char.IsAsciiDigit(u[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == u.Length;
    }

    internal static bool IsBoolean(ReadOnlySpan<char> v) =>
        v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase);

    internal static bool IsDate(ReadOnlySpan<char> v) =>
        v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal static bool IsTimestamp(ReadOnlySpan<char> v) =>
        v.Length >= 16 && char.IsAsciiDigit(v[0]) &&
        DateTime.TryParseExact(v.ToString(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _);
}
