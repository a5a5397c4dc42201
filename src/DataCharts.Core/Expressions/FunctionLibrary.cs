namespace DataCharts.Core.Expressions;

/// <summary>The kinds of value the translator tracks, enough to catch "text times two" before the engine does.</summary>
public enum ExprType { Any, Null, Number, Text, Boolean, Date, Timestamp }

/// <summary>A translated piece of an expression: its SQL, its type and the node it came from (for error positions).</summary>
public sealed record TypedSql(string Sql, ExprType Type, ExprNode Node);

/// <summary>What a function's arguments must be; text and date functions convert other kinds instead of refusing them.</summary>
public enum ArgumentRule { Any, Numbers, Text, Dates }

/// <summary>One library function: how users call it, what it does, and the SQL it becomes.</summary>
public sealed record FunctionDefinition(
    string Name, string Category, string Signature, string Description, string Example,
    int MinArgs, int MaxArgs, bool Aggregate, ArgumentRule Rule,
    Func<IReadOnlyList<TypedSql>, ExprType> Returns, Func<IReadOnlyList<string>, string> Sql)
{
    public string ArgumentCount => MinArgs == MaxArgs ? Plural(MinArgs)
        : MaxArgs == int.MaxValue ? $"{Plural(MinArgs)} or more"
        : MaxArgs == MinArgs + 1 ? $"{MinArgs} or {Plural(MaxArgs)}" : $"{MinArgs} to {Plural(MaxArgs)}";

    private static string Plural(int n) => n == 1 ? "1 argument" : $"{n} arguments";
}

/// <summary>
/// The functions expressions may call, each mapped to DuckDB SQL over already-translated (quoted, parameterised)
/// arguments. Names are case-insensitive; a few have aliases (avg for mean, power for pow).
/// </summary>
public static class FunctionLibrary
{
    private static ExprType Num(IReadOnlyList<TypedSql> _) => ExprType.Number;
    private static ExprType Txt(IReadOnlyList<TypedSql> _) => ExprType.Text;
    private static ExprType Bool(IReadOnlyList<TypedSql> _) => ExprType.Boolean;
    private static ExprType First(IReadOnlyList<TypedSql> a) => a.Select(x => x.Type).FirstOrDefault(t => t != ExprType.Null, ExprType.Null);

    // sqrt and logarithms of numbers outside their domain give NULL, as division by zero does, rather than an engine error.
    public static readonly IReadOnlyList<FunctionDefinition> All =
    [
        new("if", "logic", "if(condition, then, else)", "The second argument where the condition is true, else the third.", "if(revenue > 100, 'big', 'small')",
            3, 3, false, ArgumentRule.Any, a => First([a[1], a[2]]), a => $"CASE WHEN {a[0]} THEN {a[1]} ELSE {a[2]} END"),
        new("coalesce", "logic", "coalesce(value, fallback, ...)", "The first argument that is not empty (null).", "coalesce(discount, 0)",
            1, int.MaxValue, false, ArgumentRule.Any, First, a => $"coalesce({string.Join(", ", a)})"),
        new("is_null", "logic", "is_null(value)", "True where the value is empty (null).", "is_null(email)",
            1, 1, false, ArgumentRule.Any, Bool, a => $"({a[0]} IS NULL)"),

        new("abs", "math", "abs(x)", "Absolute value.", "abs(change)", 1, 1, false, ArgumentRule.Numbers, Num, a => $"abs({a[0]})"),
        new("round", "math", "round(x[, digits])", "Rounds to the given number of decimal digits (0 when left out).", "round(price * 1.2, 2)",
            1, 2, false, ArgumentRule.Numbers, Num, a => a.Count == 1 ? $"round({a[0]})" : $"round({a[0]}, CAST({a[1]} AS INTEGER))"),
        new("ceil", "math", "ceil(x)", "Smallest whole number not below x.", "ceil(hours)", 1, 1, false, ArgumentRule.Numbers, Num, a => $"ceil({a[0]})"),
        new("floor", "math", "floor(x)", "Largest whole number not above x.", "floor(hours)", 1, 1, false, ArgumentRule.Numbers, Num, a => $"floor({a[0]})"),
        new("sqrt", "math", "sqrt(x)", "Square root; empty for negative numbers.", "sqrt(area)",
            1, 1, false, ArgumentRule.Numbers, Num, a => $"CASE WHEN {a[0]} >= 0 THEN sqrt({a[0]}) END"),
        new("log", "math", "log(x)", "Natural logarithm; empty for zero and negative numbers.", "log(revenue)",
            1, 1, false, ArgumentRule.Numbers, Num, a => $"CASE WHEN {a[0]} > 0 THEN ln({a[0]}) END"),
        new("log10", "math", "log10(x)", "Base-10 logarithm; empty for zero and negative numbers.", "log10(population)",
            1, 1, false, ArgumentRule.Numbers, Num, a => $"CASE WHEN {a[0]} > 0 THEN log10({a[0]}) END"),
        new("exp", "math", "exp(x)", "e raised to the power x.", "exp(rate)", 1, 1, false, ArgumentRule.Numbers, Num, a => $"exp({a[0]})"),
        new("pow", "math", "pow(x, y)", "x raised to the power y (also written x ^ y or x ** y).", "pow(1 + rate, years)",
            2, 2, false, ArgumentRule.Numbers, Num, a => $"power({a[0]}, {a[1]})"),

        new("mean", "aggregate", "mean(x)", "Average of the non-empty values (also avg).", "mean(revenue)", 1, 1, true, ArgumentRule.Numbers, Num, a => $"avg({a[0]})"),
        new("sum", "aggregate", "sum(x)", "Total of the values.", "sum(revenue)", 1, 1, true, ArgumentRule.Numbers, Num, a => $"sum({a[0]})"),
        new("min", "aggregate", "min(x)", "Smallest value.", "min(order_date)", 1, 1, true, ArgumentRule.Any, First, a => $"min({a[0]})"),
        new("max", "aggregate", "max(x)", "Largest value.", "max(order_date)", 1, 1, true, ArgumentRule.Any, First, a => $"max({a[0]})"),
        new("count", "aggregate", "count([x])", "Number of rows, or of non-empty values of x.", "count()",
            0, 1, true, ArgumentRule.Any, Num, a => a.Count == 0 ? "count(*)" : $"count({a[0]})"),
        new("median", "aggregate", "median(x)", "Middle value.", "median(revenue)", 1, 1, true, ArgumentRule.Numbers, Num, a => $"median({a[0]})"),
        new("std", "aggregate", "std(x)", "Sample standard deviation (n - 1).", "std(revenue)", 1, 1, true, ArgumentRule.Numbers, Num, a => $"stddev_samp({a[0]})"),

        new("year", "date", "year(date)", "The year of a date or timestamp.", "year(order_date)", 1, 1, false, ArgumentRule.Dates, Num, a => $"year({a[0]})"),
        new("quarter", "date", "quarter(date)", "The quarter, 1 to 4.", "quarter(order_date)", 1, 1, false, ArgumentRule.Dates, Num, a => $"quarter({a[0]})"),
        new("month", "date", "month(date)", "The month, 1 to 12.", "month(order_date)", 1, 1, false, ArgumentRule.Dates, Num, a => $"month({a[0]})"),
        new("day", "date", "day(date)", "The day of the month, 1 to 31.", "day(order_date)", 1, 1, false, ArgumentRule.Dates, Num, a => $"day({a[0]})"),
        new("weekday", "date", "weekday(date)", "The ISO day of the week: 1 Monday to 7 Sunday.", "weekday(order_date)", 1, 1, false, ArgumentRule.Dates, Num, a => $"isodow({a[0]})"),
        new("hour", "date", "hour(timestamp)", "The hour, 0 to 23.", "hour(created_at)", 1, 1, false, ArgumentRule.Dates, Num, a => $"hour({a[0]})"),
        new("minute", "date", "minute(timestamp)", "The minute, 0 to 59.", "minute(created_at)", 1, 1, false, ArgumentRule.Dates, Num, a => $"minute({a[0]})"),
        new("days_between", "date", "days_between(start, end)", "Whole days from start to end (negative when end is earlier).", "days_between(order_date, shipped_date)",
            2, 2, false, ArgumentRule.Dates, Num, a => $"date_diff('day', {a[0]}, {a[1]})"),

        new("lower", "text", "lower(text)", "Lower case.", "lower(email)", 1, 1, false, ArgumentRule.Text, Txt, a => $"lower({a[0]})"),
        new("upper", "text", "upper(text)", "Upper case.", "upper(country_code)", 1, 1, false, ArgumentRule.Text, Txt, a => $"upper({a[0]})"),
        new("trim", "text", "trim(text)", "Without leading and trailing spaces.", "trim(name)", 1, 1, false, ArgumentRule.Text, Txt, a => $"trim({a[0]})"),
        new("length", "text", "length(text)", "Number of characters.", "length(comment)", 1, 1, false, ArgumentRule.Text, Num, a => $"length({a[0]})"),
        new("concat", "text", "concat(a, b, ...)", "The values joined as text; empty values are skipped.", "concat(first_name, ' ', last_name)",
            1, int.MaxValue, false, ArgumentRule.Text, Txt, a => $"concat({string.Join(", ", a)})"),
        new("substr", "text", "substr(text, start[, length])", "Part of the text from the 1-based start position.", "substr(sku, 1, 3)",
            2, 3, false, ArgumentRule.Text, Txt, a => a.Count == 2 ? $"substr({a[0]}, CAST({a[1]} AS BIGINT))" : $"substr({a[0]}, CAST({a[1]} AS BIGINT), CAST({a[2]} AS BIGINT))"),
        new("replace", "text", "replace(text, find, with)", "Every occurrence of find replaced.", "replace(phone, '-', '')",
            3, 3, false, ArgumentRule.Text, Txt, a => $"replace({a[0]}, {a[1]}, {a[2]})"),
        new("contains", "text", "contains(text, part)", "True where the text contains the part (case-sensitive).", "contains(title, 'sale')",
            2, 2, false, ArgumentRule.Text, Bool, a => $"contains({a[0]}, {a[1]})"),
        new("starts_with", "text", "starts_with(text, prefix)", "True where the text starts with the prefix.", "starts_with(sku, 'A-')",
            2, 2, false, ArgumentRule.Text, Bool, a => $"starts_with({a[0]}, {a[1]})"),
        new("ends_with", "text", "ends_with(text, suffix)", "True where the text ends with the suffix.", "ends_with(email, '.org')",
            2, 2, false, ArgumentRule.Text, Bool, a => $"ends_with({a[0]}, {a[1]})"),

        new("to_number", "conversion", "to_number(value)", "The value as a number; empty where it is not one.", "to_number(zip)",
            1, 1, false, ArgumentRule.Any, Num, a => $"TRY_CAST({a[0]} AS DOUBLE)"),
        new("to_text", "conversion", "to_text(value)", "The value as text.", "to_text(order_id)", 1, 1, false, ArgumentRule.Any, Txt, a => $"CAST({a[0]} AS VARCHAR)"),
        new("to_date", "conversion", "to_date(value)", "The value as a date; empty where it is not one.", "to_date('2024-01-31')",
            1, 1, false, ArgumentRule.Any, _ => ExprType.Date, a => $"TRY_CAST({a[0]} AS DATE)"),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["avg"] = "mean",
        ["average"] = "mean",
        ["power"] = "pow",
        ["ln"] = "log",
        ["stddev"] = "std",
        ["substring"] = "substr",
        ["len"] = "length",
        ["ifnull"] = "coalesce",
    };

    private static readonly Dictionary<string, FunctionDefinition> ByName = All.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static FunctionDefinition? Find(string name) =>
        ByName.GetValueOrDefault(Aliases.GetValueOrDefault(name) ?? name);

    /// <summary>" Did you mean 'x'?" for a near miss, else "".</summary>
    public static string Suggest(string name)
    {
        var best = All.Select(f => (f.Name, Distance: Distance(name.ToLowerInvariant(), f.Name))).OrderBy(x => x.Distance).First();
        return best.Distance <= Math.Max(1, name.Length / 3) ? $" Did you mean '{best.Name}'?" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
