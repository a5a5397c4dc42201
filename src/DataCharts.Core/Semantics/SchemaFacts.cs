using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Semantics;

/// <summary>What one scan of a column tells: non-null count, distinct count (exact for key-like columns, estimated for large text ones, -1 when not counted), numeric range.</summary>
public sealed record ColumnStats(long NonNull, long Distinct, double? Min, double? Max);

/// <summary>
/// The facts inference works from: the dataset's tables, the loaded low-cardinality values, and cheap probes over the
/// source (<see cref="IFactProbe"/>: the dataset's engine, or a live server): one scan per table, one containment query
/// per candidate relationship. Without a probe, and for whatever a probe could not answer, inference goes by names alone.
/// </summary>
public sealed class SchemaFacts
{
    /// <summary>Tables up to this many rows get exact distinct counts for every column.</summary>
    public const long ExactDistinctRows = 20_000;

    /// <summary>How many distinct values of a referencing column are checked against the key.</summary>
    public const int ContainmentSample = 5000;

    private readonly IFactProbe? probe;
    private readonly ProbeSql? sql;
    private readonly Dictionary<string, Scanned> stats = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A table's scan: its rows, how many of them the counts describe (fewer on a sampled live table), per-column stats.</summary>
    private sealed record Scanned(long Rows, long Read, Dictionary<string, ColumnStats> Columns);

    public SchemaFacts(DatasetRecord dataset, IReadOnlyDictionary<string, IReadOnlyList<string>> values, IFactProbe? probe)
    {
        Dataset = dataset;
        Values = values;
        this.probe = probe;
        if (probe is not null) sql = new ProbeSql(probe.Dialect, dataset.Id, probe.SampleRows);
    }

    public DatasetRecord Dataset { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }
    public bool CanProbe => probe is not null;

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
        return s.NonNull > 0 && s.Distinct >= 0.9 * s.NonNull && s.NonNull >= 0.5 * Scan(t).Read;
    }

    /// <summary>True when a column could be a key: no nulls, no repeats (true by name alone without a probe).</summary>
    public bool Unique(DatasetTableRecord t, string column)
    {
        // Without statistics (no probe, or a table the scan could not read) the name is the only evidence.
        var scan = Scan(t);
        if (!CanProbe || scan.Columns.Count == 0) return true;
        return Stats(t, column) is { } s && s.NonNull == scan.Read && s.Distinct == scan.Read;
    }

    /// <summary>
    /// The share of distinct non-null values of <paramref name="fromColumn"/> found among <paramref name="toColumn"/>'s
    /// values: 0 when the column is empty or its values cannot be compared with the key's; null when nothing could tell
    /// (no probe, or a live server that failed or ran out of time: missing evidence, not evidence against).
    /// </summary>
    public double? Containment(DatasetTableRecord from, DatasetColumnRecord fromColumn, DatasetTableRecord to, DatasetColumnRecord toColumn)
    {
        if (probe is null || sql is null) return null;
        // Up to ContainmentSample distinct values are evidence enough for "almost all are keys", and keep the probe cheap on big tables.
        var row = probe.FirstRow(sql.Containment(from, fromColumn, to, toColumn, ContainmentSample));
        // The engine holds every value, so its failure is the data's answer (types that cannot be compared: a list against a number).
        if (row is null) return probe.Dialect == SqlDialect.DuckDb ? 0 : null;
        var all = Convert.ToDouble(row[0], CultureInfo.InvariantCulture);
        return all == 0 ? 0 : Convert.ToDouble(row[1], CultureInfo.InvariantCulture) / all;
    }

    private Scanned Scan(DatasetTableRecord t)
    {
        if (stats.TryGetValue(t.Name, out var known)) return known;
        var result = new Scanned(t.RowCount, t.RowCount, new Dictionary<string, ColumnStats>(StringComparer.OrdinalIgnoreCase));
        if (probe is not null && sql is not null && t.Columns.Count > 0)
        {
            var keyNames = EntityInference.KeyNames(t.Name).ToHashSet();
            var first = t.Columns.Min(c => c.Ordinal);
            var columns = t.Columns.Select(c =>
            {
                // Distinct counts decide keys (exact) and name columns (text; the estimate tells unique from repeated well enough
                // on large tables); other columns need only their range.
                var candidate = keyNames.Contains(Words.Compact(c.Name)) || c.Ordinal == first || Referenced(t, c);
                var distinct = candidate || c.Type == ColumnType.Text && t.RowCount <= ExactDistinctRows ? DistinctCount.Exact
                    : c.Type == ColumnType.Text || KeyLike(c.Name) ? DistinctCount.Estimate : DistinctCount.None;
                return (c, distinct);
            }).ToList();
            // A failed scan (a column type the aggregates do not take, a table gone or too slow): the table is described by names alone.
            if (probe.FirstRow(sql.Stats(t, columns)) is { } row)
            {
                var read = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                // A sample that came back short is the whole table; a full one says only that the table has at least that many rows.
                var rows = probe.SampleRows is not { } n ? read : read < n ? read : Math.Max(read, t.RowCount);
                result = result with { Rows = rows, Read = read };
                for (var i = 0; i < t.Columns.Count; i++)
                {
                    var at = 1 + i * 4;
                    double? Num(int k) => row[k] is null ? null : Convert.ToDouble(row[k], CultureInfo.InvariantCulture);
                    result.Columns[t.Columns[i].Name] = new ColumnStats(
                        Convert.ToInt64(row[at], CultureInfo.InvariantCulture), Convert.ToInt64(row[at + 1], CultureInfo.InvariantCulture), Num(at + 2), Num(at + 3));
                }
            }
        }
        stats[t.Name] = result;
        return result;
    }

    private bool Referenced(DatasetTableRecord t, DatasetColumnRecord c) =>
        Dataset.Relations.Any(r => r.ToTable.Equals(t.Name, StringComparison.OrdinalIgnoreCase) && r.ToColumn.Equals(c.Name, StringComparison.OrdinalIgnoreCase));

    private static bool KeyLike(string column)
    {
        var c = Words.Compact(column);
        return c.EndsWith("id", StringComparison.Ordinal) || c.EndsWith("key", StringComparison.Ordinal) || c.EndsWith("code", StringComparison.Ordinal) || c.EndsWith("no", StringComparison.Ordinal) || c.EndsWith("number", StringComparison.Ordinal);
    }
}
