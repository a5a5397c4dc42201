using System.Globalization;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Query;

/// <summary>The SQL types the writers cast to, spelled by each dialect (<see cref="SqlSyntax.Cast"/>).</summary>
public enum SqlType { Text, Integer, BigInt, Double, Date }

/// <summary>
/// How one dialect spells what the SQL writers need: quoting, literals, casts, rounding and division, text matching,
/// date parts and truncation, medians and quantiles, ordering with nulls last. The DuckDB spellings are the ones the
/// writers always used (their output for files is unchanged); PostgreSQL and MySQL/MariaDB override where they differ,
/// so a question about a live database is answered by SQL the server itself runs (aggregation happens there).
/// </summary>
public abstract class SqlSyntax
{
    /// <summary>The month names in calendar order, lower case, for month-name columns.</summary>
    protected static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly SqlSyntax Duck = new DuckDbSyntax(), Postgres = new PostgreSqlSyntax(), MySql = new MySqlSyntax();

    /// <summary>The syntax of a dialect.</summary>
    public static SqlSyntax For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => Postgres,
        SqlDialect.MySql => MySql,
        _ => Duck,
    };

    /// <summary>The syntax a data source speaks: its live server's, otherwise DuckDB's.</summary>
    public static SqlSyntax For(DatasetRecord dataset) => For(dataset.Dialect());

    public abstract SqlDialect Dialect { get; }

    /// <summary>An identifier, quoted.</summary>
    public string Quote(string identifier) => Dialect.Quote(identifier);

    /// <summary>A string literal.</summary>
    public virtual string Literal(string value) => Identifiers.Literal(value);

    /// <summary>A date literal (DATE 'yyyy-mm-dd', understood by all three).</summary>
    public string DateLiteral(string isoDate) => $"DATE {Literal(isoDate)}";

    /// <summary>A value converted to a type.</summary>
    public virtual string Cast(string expression, SqlType type) => $"CAST({expression} AS {type switch
    {
        SqlType.Text => "VARCHAR",
        SqlType.Integer => "INTEGER",
        SqlType.BigInt => "BIGINT",
        SqlType.Double => "DOUBLE",
        _ => "DATE",
    }})";

    /// <summary>A number rounded to some decimal places.</summary>
    public virtual string Round(string expression, int digits) => $"round({expression}, {digits.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>A division that never truncates to an integer and gives null rather than an error when dividing by zero.</summary>
    public virtual string Divide(string numerator, string denominator) => $"{numerator} / {denominator}";

    /// <summary>Texts joined end to end.</summary>
    public virtual string Concat(params string[] parts) => string.Join(" || ", parts);

    /// <summary>A text contains a word, whatever the case of either. The word's own wildcards are removed.</summary>
    public virtual string ContainsIgnoringCase(string expression, string word) =>
        $"{expression} ILIKE {Literal("%" + word.Replace("%", "").Replace("_", "") + "%")}";

    /// <summary>The calendar year of a date, as a number for comparisons.</summary>
    public virtual string Year(string date) => $"year({date})";

    /// <summary>The month of a date, 1 to 12.</summary>
    public virtual string Month(string date) => $"month({date})";

    /// <summary>The calendar year of a date as a whole number to group by.</summary>
    public virtual string YearNumber(string date) => $"CAST(year({date}) AS BIGINT)";

    /// <summary>The quarter of a date, labelled "2024-Q3".</summary>
    public virtual string QuarterLabel(string date) => $"strftime(date_trunc('quarter', {date}), '%Y') || '-Q' || CAST(quarter({date}) AS VARCHAR)";

    /// <summary>The first day of a date's month, as a date.</summary>
    public virtual string MonthStart(string date) => $"CAST(date_trunc('month', {date}) AS DATE)";

    /// <summary>The Monday of a date's ISO week, as a date.</summary>
    public virtual string WeekStart(string date) => $"CAST(date_trunc('week', {date}) AS DATE)";

    /// <summary>The day of a date or timestamp, as a date.</summary>
    public virtual string Day(string date) => $"CAST({date} AS DATE)";

    /// <summary>The English name of a date's weekday ("Monday").</summary>
    public virtual string WeekdayName(string date) => $"dayname({date})";

    /// <summary>A number that orders weekdays from Monday to Sunday.</summary>
    public virtual string WeekdayNumber(string date) => $"isodow({date})";

    /// <summary>The position (1 to 12) of a month name in the calendar, whatever its case; null when it is not one.</summary>
    public virtual string MonthPosition(string monthName) => $"list_position({MonthList}, lower({monthName}))";

    /// <summary>The first day of a month given its year number and month name.</summary>
    public virtual string MonthOfYear(string year, string monthName) =>
        $"make_date(CAST({year} AS INTEGER), CAST({MonthPosition(monthName)} AS INTEGER), 1)";

    /// <summary>
    /// What ORDER BY writes to sort a grouped query's month-name column by the calendar: DuckDB may use the output
    /// column's name inside an expression; PostgreSQL may not, so the others use the grouped expression itself.
    /// </summary>
    public virtual string MonthNameOrder(string alias, string expression) => MonthPosition(alias);

    /// <summary>Seconds since 1970 of a date or timestamp.</summary>
    public virtual string Epoch(string date) => $"epoch({date})";

    /// <summary>The median of a column as an aggregate; null when the dialect has no such aggregate (see <see cref="HasQuantiles"/>).</summary>
    public virtual string? Median(string expression) => $"median({expression})";

    /// <summary>The continuous quantile (0.25 for the lower quartile) of a column as an aggregate; null when there is none.</summary>
    public virtual string? Quantile(string expression, double fraction) => $"quantile_cont({expression}, {fraction.ToString("R", CultureInfo.InvariantCulture)})";

    /// <summary>False when medians and quantiles have no aggregate and must be worked out from ranked rows (MySQL/MariaDB).</summary>
    public bool HasQuantiles => Median("x") is not null;

    /// <summary>The correlation of two columns over all rows of the result, on every row (a window).</summary>
    public virtual string CorrelationOverAll(string x, string y) => $"corr({x}, {y}) OVER ()";

    /// <summary>
    /// An ORDER BY item; with <paramref name="nullsLast"/> rows without a value go last in either direction.
    /// <paramref name="value"/> is what the item names when it is an output column's name (a measure's aggregate), for
    /// dialects that must test it for null themselves and may not use the name inside an expression.
    /// </summary>
    public virtual string Order(string expression, bool descending, bool nullsLast, string? value = null) =>
        $"{expression}{(descending ? " DESC" : " ASC")}{(nullsLast ? " NULLS LAST" : "")}";

    /// <summary>An ascending ORDER BY item as DuckDB and PostgreSQL sort by default: rows without a value last.</summary>
    public virtual string Ascending(string expression) => expression;

    /// <summary>False when the dialect has no FULL JOIN (MySQL/MariaDB): a writer then joins each part to the union of their keys.</summary>
    public virtual bool HasFullJoin => true;

    /// <summary>The month list as DuckDB writes it.</summary>
    protected static string MonthList => "[" + string.Join(",", MonthNames.Select(m => $"'{m}'")) + "]";
}

/// <summary>DuckDB, the engine of every file dataset: the spellings the writers have always used.</summary>
public sealed class DuckDbSyntax : SqlSyntax
{
    public override SqlDialect Dialect => SqlDialect.DuckDb;
}
