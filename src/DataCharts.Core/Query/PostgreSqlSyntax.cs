using System.Globalization;

namespace DataCharts.Core.Query;

/// <summary>
/// PostgreSQL's spellings. Its round(x, n) exists only for numeric, and integer divided by integer truncates, so both
/// go through numeric; date parts come from EXTRACT and to_char; medians and quantiles are ordered-set aggregates.
/// </summary>
public sealed class PostgreSqlSyntax : SqlSyntax
{
    public override SqlDialect Dialect => SqlDialect.PostgreSql;

    public override string Cast(string expression, SqlType type) => $"CAST({expression} AS {type switch
    {
        SqlType.Text => "text",
        SqlType.Integer => "integer",
        SqlType.BigInt => "bigint",
        SqlType.Double => "double precision",
        _ => "date",
    }})";

    public override string Round(string expression, int digits) => $"round(CAST({expression} AS numeric), {digits.ToString(CultureInfo.InvariantCulture)})";

    public override string Divide(string numerator, string denominator) =>
        $"CAST({numerator} AS numeric) / {(IsNonZeroNumber(denominator) ? denominator : $"NULLIF({denominator}, 0)")}";

    /// <summary>ILIKE as in DuckDB; a backslash would escape the next character of the pattern, so it goes too.</summary>
    public override string ContainsIgnoringCase(string expression, string word) => base.ContainsIgnoringCase(expression, word.Replace("\\", ""));

    public override string Year(string date) => $"EXTRACT(YEAR FROM {date})";

    public override string Month(string date) => $"EXTRACT(MONTH FROM {date})";

    public override string YearNumber(string date) => $"CAST(EXTRACT(YEAR FROM {date}) AS bigint)";

    public override string QuarterLabel(string date) => $"to_char({date}, 'YYYY-\"Q\"Q')";

    public override string WeekdayName(string date) => $"to_char({date}, 'FMDay')";

    public override string WeekdayNumber(string date) => $"EXTRACT(ISODOW FROM {date})";

    public override string MonthPosition(string monthName) => $"array_position(ARRAY[{string.Join(",", MonthNames.Select(m => $"'{m}'"))}], lower({monthName}))";

    public override string MonthOfYear(string year, string monthName) =>
        $"make_date(CAST({year} AS integer), CAST({MonthPosition(monthName)} AS integer), 1)";

    public override string MonthNameOrder(string alias, string expression) => MonthPosition(expression);

    public override string Epoch(string date) => $"EXTRACT(EPOCH FROM {date})";

    public override string? Median(string expression) => Quantile(expression, 0.5);

    public override string? Quantile(string expression, double fraction) =>
        $"percentile_cont({fraction.ToString("R", CultureInfo.InvariantCulture)}) WITHIN GROUP (ORDER BY {expression})";

    /// <summary>corr takes double precision; numeric columns are converted explicitly.</summary>
    public override string CorrelationOverAll(string x, string y) => $"corr({Cast(x, SqlType.Double)}, {Cast(y, SqlType.Double)}) OVER ()";

    internal static bool IsNonZeroNumber(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0;
}
