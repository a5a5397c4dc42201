using System.Globalization;

namespace DataCharts.Core.Query;

/// <summary>
/// MySQL's and MariaDB's spellings (the subset both understand: MySQL 8, MariaDB 10.3 and later). || means OR there,
/// so texts are joined with CONCAT; a backslash escapes inside string literals; there is no ILIKE, no NULLS LAST, no
/// FULL JOIN and no median or quantile aggregate (MariaDB's MEDIAN is a window function only), so writers work those
/// out from ranked rows (<see cref="SqlSyntax.HasQuantiles"/>).
/// </summary>
public sealed class MySqlSyntax : SqlSyntax
{
    public override SqlDialect Dialect => SqlDialect.MySql;

    /// <summary>Quotes doubled and backslashes doubled: in MySQL's default mode a backslash escapes the next character.</summary>
    public override string Literal(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "''") + "'";

    public override string Cast(string expression, SqlType type) => $"CAST({expression} AS {type switch
    {
        SqlType.Text => "CHAR",
        SqlType.Integer or SqlType.BigInt => "SIGNED",
        SqlType.Double => "DOUBLE",
        _ => "DATE",
    }})";

    public override string Divide(string numerator, string denominator) =>
        $"{numerator} / {(PostgreSqlSyntax.IsNonZeroNumber(denominator) ? denominator : $"NULLIF({denominator}, 0)")}";

    public override string Concat(params string[] parts) => $"CONCAT({string.Join(", ", parts)})";

    /// <summary>LOWER on both sides (a binary collation would compare case); a backslash would escape the pattern, so it goes.</summary>
    public override string ContainsIgnoringCase(string expression, string word) =>
        $"LOWER({expression}) LIKE LOWER({Literal("%" + word.Replace("%", "").Replace("_", "").Replace("\\", "") + "%")})";

    public override string Year(string date) => $"YEAR({date})";

    public override string Month(string date) => $"MONTH({date})";

    public override string YearNumber(string date) => $"YEAR({date})";

    public override string QuarterLabel(string date) => $"CONCAT(YEAR({date}), '-Q', QUARTER({date}))";

    public override string MonthStart(string date) => $"CAST(DATE_FORMAT({date}, '%Y-%m-01') AS DATE)";

    public override string WeekStart(string date) => $"CAST(DATE_SUB({date}, INTERVAL WEEKDAY({date}) DAY) AS DATE)";

    /// <summary>DAYNAME follows lc_time_names, English unless the server was told otherwise.</summary>
    public override string WeekdayName(string date) => $"DAYNAME({date})";

    public override string WeekdayNumber(string date) => $"WEEKDAY({date})";

    public override string MonthPosition(string monthName) => $"NULLIF(FIELD(LOWER({monthName}), {string.Join(", ", MonthNames.Select(m => $"'{m}'"))}), 0)";

    public override string MonthOfYear(string year, string monthName) =>
        $"MAKEDATE(CAST({year} AS SIGNED), 1) + INTERVAL ({MonthPosition(monthName)} - 1) MONTH";

    public override string MonthNameOrder(string alias, string expression) => MonthPosition(expression);

    public override string Epoch(string date) => $"UNIX_TIMESTAMP({date})";

    public override string? Median(string expression) => null;

    public override string? Quantile(string expression, double fraction) => null;

    /// <summary>No corr aggregate: Pearson's formula from window sums, in doubles.</summary>
    public override string CorrelationOverAll(string x, string y)
    {
        string X = Cast(x, SqlType.Double), Y = Cast(y, SqlType.Double);
        const string n = "count(*) OVER ()";
        string S(string e) => $"sum({e}) OVER ()";
        return $"({n} * {S($"{X} * {Y}")} - {S(X)} * {S(Y)}) / NULLIF(sqrt(({n} * {S($"{X} * {X}")} - {S(X)} * {S(X)}) * ({n} * {S($"{Y} * {Y}")} - {S(Y)} * {S(Y)})), 0)";
    }

    /// <summary>MySQL sorts nulls last when descending; ascending, they are sent last by a test of the value (an aggregate's alias may not be used in an expression).</summary>
    public override string Order(string expression, bool descending, bool nullsLast, string? value = null) =>
        nullsLast && !descending ? $"{value ?? expression} IS NULL, {expression} ASC" : base.Order(expression, descending, false);

    /// <summary>MySQL sorts nulls first when ascending; the others sort them last.</summary>
    public override string Ascending(string expression) => $"{expression} IS NULL, {expression}";

    public override bool HasFullJoin => false;

    /// <summary>
    /// The continuous quantile of a value from its rank: <paramref name="rank"/> counts from 0 among the
    /// <paramref name="count"/> rows that have a value, nulls ranked after them; the two rows around the quantile's
    /// position are weighted by their distance to it (the same interpolation as PostgreSQL's percentile_cont).
    /// </summary>
    public static string QuantileFromRanks(string value, string rank, string count, double fraction)
    {
        var p = fraction.ToString("R", CultureInfo.InvariantCulture);
        var at = $"({count} - 1) * {p}";
        var lower = $"floor({at})";
        var frac = $"({at} - {lower})";
        return $"sum(CASE WHEN {rank} = {lower} THEN {value} * (1 - {frac}) WHEN {rank} = {lower} + 1 THEN {value} * {frac} END)";
    }
}
