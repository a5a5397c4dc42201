using System.Globalization;
using DataCharts.Core.Datasets;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Semantics;

/// <summary>What one scan of a column tells: non-null count, distinct count (exact for key-like columns, estimated for large text ones, -1 when not counted), numeric range.</summary>
public sealed record ColumnStats(long NonNull, long Distinct, double? Min, double? Max);

/// <summary>
/// The facts inference works from: the dataset's tables, the loaded low-cardinality values, and cheap probes over the
/// dataset's read-only connection (one scan per table, one containment query per candidate relationship). Without a
/// connection the probes answer nothing and inference goes by names alone.
/// </summary>
public sealed class SchemaFacts
{
    /// <summary>Tables up to this many rows get exact distinct counts for every column.</summary>
    public const long ExactDistinctRows = 20_000;

    /// <summary>How many distinct values of a referencing column are checked against the key.</summary>
    public const int ContainmentSample = 5000;

    private readonly DuckDBConnection? connection;
    private readonly Dictionary<string, (long Rows, Dictionary<string, ColumnStats> Columns)> stats = new(StringComparer.OrdinalIgnoreCase);

    public SchemaFacts(DatasetRecord dataset, IReadOnlyDictionary<string, IReadOnlyList<string>> values, DuckDBConnection? connection)
    {
        Dataset = dataset;
        Values = values;
        this.connection = connection;
    }

    public DatasetRecord Dataset { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }
    public bool CanProbe => connection is not null;

    /// <summary>The key chosen for each table (absent when it has none).</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Foreign-key columns as "table.column", filled once relationships are known.</summary>
    public HashSet<string> ForeignKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    public DatasetTableRecord? Table(string name) => Dataset.Tables.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Distinct values of a low-cardinality column, or null when it has too many to list.</summary>
    public IReadOnlyList<string>? ValuesOf(string table, string column) => Values.TryGetValue($"{table}.{column}", out var v) ? v : null;

    public bool IsKey(string table, string column) => Keys.TryGetValue(table, out var k) && k.Equals(column, StringComparison.OrdinalIgnoreCase);

    public bool IsForeignKey(string table, string column) => ForeignKeys.Contains($"{table}.{column}");

    public long Rows(DatasetTableRecord t) => Scan(t).Rows;

    public ColumnStats? Stats(DatasetTableRecord t, string column) => Scan(t).Columns.GetValueOrDefault(column);

    /// <summary>True when most non-null values are distinct (a name column, not a category).</summary>
    public bool UniqueIsh(DatasetTableRecord t, string column)
    {
        if (Stats(t, column) is not { } s) return true;
        return s.NonNull > 0 && s.Distinct >= 0.9 * s.NonNull && s.NonNull >= 0.5 * Rows(t);
    }

    /// <summary>True when a column could be a key: no nulls, no repeats (true by name alone without a connection).</summary>
    public bool Unique(DatasetTableRecord t, string column)
    {
        // Without statistics (no connection, or a table the scan could not read) the name is the only evidence.
        if (!CanProbe || Scan(t).Columns.Count == 0) return true;
        var rows = Rows(t);
        return Stats(t, column) is { } s && s.NonNull == rows && s.Distinct == rows;
    }

    /// <summary>
    /// The share of distinct non-null values of <paramref name="fromColumn"/> found among <paramref name="toColumn"/>'s
    /// values; null without a connection or when the column is empty.
    /// </summary>
    public double? Containment(DatasetTableRecord from, DatasetColumnRecord fromColumn, DatasetTableRecord to, DatasetColumnRecord toColumn)
    {
        if (connection is null) return null;
        var cast = (fromColumn.Type == ColumnType.Text) != (toColumn.Type == ColumnType.Text);
        string Ref(string c) => cast ? $"CAST({Quote(c)} AS VARCHAR)" : Quote(c);
        // Up to ContainmentSample distinct values are evidence enough for "almost all are keys", and keep the probe cheap on big tables.
        var sql = $"WITH v AS (SELECT DISTINCT {Ref(fromColumn.Name)} AS v FROM {Source(from)} WHERE {Quote(fromColumn.Name)} IS NOT NULL LIMIT {ContainmentSample}) " +
                  $"SELECT COUNT(*), COUNT(*) FILTER (WHERE v IN (SELECT {Ref(toColumn.Name)} FROM {Source(to)})) FROM v";
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var all = Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture);
            return all == 0 ? null : Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture) / all;
        }
        catch (DuckDBException)
        {
            // Types that cannot be compared (a list against a number): no evidence, so no relationship.
            return null;
        }
    }

    private string Source(DatasetTableRecord t) => $"{Quote(Dataset.Id)}.{Quote(t.Name)}";

    private (long Rows, Dictionary<string, ColumnStats> Columns) Scan(DatasetTableRecord t)
    {
        if (stats.TryGetValue(t.Name, out var known)) return known;
        var result = (Rows: t.RowCount, Columns: new Dictionary<string, ColumnStats>(StringComparer.OrdinalIgnoreCase));
        if (connection is not null && t.Columns.Count > 0)
        {
            var parts = new List<string> { "COUNT(*)" };
            var keyNames = EntityInference.KeyNames(t.Name).ToHashSet();
            var first = t.Columns.Min(c => c.Ordinal);
            foreach (var c in t.Columns)
            {
                var q = Quote(c.Name);
                parts.Add($"COUNT({q})");
                // Distinct counts decide keys (exact) and name columns (text; the estimate tells unique from repeated well enough
                // on large tables); other columns need only their range.
                var candidate = keyNames.Contains(Words.Compact(c.Name)) || c.Ordinal == first || Referenced(t, c);
                parts.Add(candidate || c.Type == ColumnType.Text && t.RowCount <= ExactDistinctRows ? $"COUNT(DISTINCT {q})"
                    : c.Type == ColumnType.Text || KeyLike(c.Name) ? $"approx_count_distinct({q})" : "-1");
                parts.Add(c.Type.IsNumeric() ? $"CAST(MIN({q}) AS DOUBLE)" : "NULL");
                parts.Add(c.Type.IsNumeric() ? $"CAST(MAX({q}) AS DOUBLE)" : "NULL");
            }
            try
            {
                ReadStats(t, parts, result.Columns, out var rows);
                if (rows is { } n) result.Rows = n;
            }
            catch (DuckDBException)
            {
                // A column type the aggregates do not take (a nested value): the table is described by names alone.
                result.Columns.Clear();
            }
        }
        stats[t.Name] = result;
        return result;
    }

    private void ReadStats(DatasetTableRecord t, List<string> parts, Dictionary<string, ColumnStats> columns, out long? rows)
    {
        rows = null;
        using var cmd = connection!.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(", ", parts)} FROM {Source(t)}";
        using var r = cmd.ExecuteReader();
        if (r.Read())
        {
            rows = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            for (var i = 0; i < t.Columns.Count; i++)
            {
                var at = 1 + i * 4;
                double? Num(int k) => r.IsDBNull(k) ? null : Convert.ToDouble(r.GetValue(k), CultureInfo.InvariantCulture);
                columns[t.Columns[i].Name] = new ColumnStats(
                    Convert.ToInt64(r.GetValue(at), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(at + 1), CultureInfo.InvariantCulture), Num(at + 2), Num(at + 3));
            }
        }
    }

    private bool Referenced(DatasetTableRecord t, DatasetColumnRecord c) =>
        Dataset.Relations.Any(r => r.ToTable.Equals(t.Name, StringComparison.OrdinalIgnoreCase) && r.ToColumn.Equals(c.Name, StringComparison.OrdinalIgnoreCase));

    private static bool KeyLike(string column)
    {
        var c = Words.Compact(column);
        return c.EndsWith("id", StringComparison.Ordinal) || c.EndsWith("key", StringComparison.Ordinal) || c.EndsWith("code", StringComparison.Ordinal) || c.EndsWith("no", StringComparison.Ordinal) || c.EndsWith("number", StringComparison.Ordinal);
    }
}
