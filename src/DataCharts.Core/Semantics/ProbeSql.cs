using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Semantics;

/// <summary>How much a column's scan counts of its distinct values.</summary>
internal enum DistinctCount { None, Estimate, Exact }

/// <summary>
/// The probes' SQL in each dialect. DuckDB scans the dataset's tables whole (<c>"ds_…"."table"</c>); a live server is read
/// through a sample of each table's first rows (<see cref="IFactProbe.SampleRows"/>), by the bare table name its session
/// resolves (PostgreSQL's search_path, MySQL's database). Live dialects have no approximate distinct count (the sample is
/// small enough to count exactly) and check containment as a semi-join the server can plan well (MySQL has no FILTER
/// clause anyway); ranges come back as doubles in every dialect.
/// </summary>
internal sealed class ProbeSql(SqlDialect dialect, string datasetId, int? sample)
{
    private bool Live => dialect != SqlDialect.DuckDb;

    public string Quote(string identifier) => dialect.Quote(identifier);

    /// <summary>The table as a probe names it: schema-qualified in the engine, bare on a live server.</summary>
    public string Source(DatasetTableRecord t) => Live ? Quote(t.Name) : $"{Quote(datasetId)}.{Quote(t.Name)}";

    /// <summary>Rows read: the whole table, or its first <c>sample</c> rows of just the columns read.</summary>
    private string From(DatasetTableRecord t, IEnumerable<string> columns, string? where = null) =>
        sample is not { } n ? Source(t)
            : $"(SELECT {string.Join(", ", columns.Select(Quote))} FROM {Source(t)}{(where is null ? "" : " WHERE " + where)} LIMIT {n}) s";

    /// <summary>
    /// One scan of a table: COUNT(*), then per column its non-null count, distinct count (-1 when not counted) and numeric
    /// range (NULL for non-numbers), four values each in the order of <paramref name="columns"/>.
    /// </summary>
    public string Stats(DatasetTableRecord t, IReadOnlyList<(DatasetColumnRecord Column, DistinctCount Distinct)> columns)
    {
        var parts = new List<string> { "COUNT(*)" };
        foreach (var (c, distinct) in columns)
        {
            var q = Quote(c.Name);
            parts.Add($"COUNT({q})");
            parts.Add(distinct switch
            {
                DistinctCount.None => "-1",
                // A live sample is small enough to count exactly (and only DuckDB has approx_count_distinct).
                DistinctCount.Estimate when !Live => $"approx_count_distinct({q})",
                // PostgreSQL has no equality for some types the app reads as text (json, xml, point): their text is compared.
                _ when dialect == SqlDialect.PostgreSql && c.Type == ColumnType.Text => $"COUNT(DISTINCT CAST({q} AS TEXT))",
                _ => $"COUNT(DISTINCT {q})",
            });
            parts.Add(c.Type.IsNumeric() ? AsDouble($"MIN({q})") : "NULL");
            parts.Add(c.Type.IsNumeric() ? AsDouble($"MAX({q})") : "NULL");
        }
        return $"SELECT {string.Join(", ", parts)} FROM {From(t, columns.Select(x => x.Column.Name))}";
    }

    /// <summary>
    /// Of up to <paramref name="limit"/> distinct non-null values of <paramref name="fromColumn"/>: how many there are, and how
    /// many are among <paramref name="toColumn"/>'s values (all of them, never a sample: a missing key would look like a
    /// reference that points nowhere). A number and a text are compared as text.
    /// </summary>
    public string Containment(DatasetTableRecord from, DatasetColumnRecord fromColumn, DatasetTableRecord to, DatasetColumnRecord toColumn, int limit)
    {
        var cast = (fromColumn.Type == ColumnType.Text) != (toColumn.Type == ColumnType.Text);
        string Ref(string c) => cast ? $"CAST({Quote(c)} AS {TextType})" : Quote(c);
        var notNull = $"{Quote(fromColumn.Name)} IS NOT NULL";
        var values = sample is null
            ? $"SELECT DISTINCT {Ref(fromColumn.Name)} AS v FROM {Source(from)} WHERE {notNull} LIMIT {limit}"
            : $"SELECT DISTINCT {Ref(fromColumn.Name)} AS v FROM {From(from, [fromColumn.Name], notNull)} LIMIT {limit}";
        if (!Live)
            return $"WITH v AS ({values}) SELECT COUNT(*), COUNT(*) FILTER (WHERE v IN (SELECT {Ref(toColumn.Name)} FROM {Source(to)})) FROM v";
        // On a server the key table is scanned once (or its index used) against the few values, as a semi-join: "v IN (key
        // table)" inside an aggregate re-reads a key table too big to hash for every value (20 s and more at 3 million
        // rows, against half a second). The distinct keys found are the values found, the values being distinct.
        return $"WITH v AS ({values}) SELECT (SELECT COUNT(*) FROM v), " +
               $"(SELECT COUNT(DISTINCT {Ref(toColumn.Name)}) FROM {Source(to)} WHERE {Ref(toColumn.Name)} IN (SELECT v FROM v))";
    }

    private string TextType => dialect switch
    {
        SqlDialect.PostgreSql => "TEXT",
        SqlDialect.MySql => "CHAR",
        _ => "VARCHAR",
    };

    /// <summary>
    /// A numeric aggregate as a double: PostgreSQL goes through NUMERIC (money has no direct cast, and a numeric beyond
    /// .NET's decimal could not be read); MySQL/MariaDB turn a sum with a double literal into a double.
    /// </summary>
    private string AsDouble(string aggregate) => dialect switch
    {
        SqlDialect.PostgreSql => $"CAST(CAST({aggregate} AS NUMERIC) AS DOUBLE PRECISION)",
        SqlDialect.MySql => $"({aggregate} + 0e0)",
        _ => $"CAST({aggregate} AS DOUBLE)",
    };
}
