using System.Globalization;
using DataCharts.Core.Charts;
using DataCharts.Core.Connections;
using DataCharts.Core.Query;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Datasets;

/// <summary>A page of a table's rows.</summary>
public sealed record TablePage(DatasetTableRecord Table, QueryResult Result, long Offset, int Limit, long Total)
{
    public bool HasMore => Offset + Result.Rows.Count < Total;
}

/// <summary>One bar of a column profile's histogram (a numeric bin or a top value).</summary>
public sealed record ProfileBin(string Label, long Count);

/// <summary>A column profile: nulls, distinct values, min/max and a small distribution.</summary>
public sealed record ColumnProfile(DatasetColumnRecord Column, long Rows, long Nulls, long Distinct, object? Min, object? Max, object? Mean,
    IReadOnlyList<ProfileBin> Bins, bool BinsAreTopValues)
{
    /// <summary>When the profile describes only the first rows of a large live table: how many it read.</summary>
    public long? SampledRows { get; init; }
}

/// <summary>
/// Reads published datasets: paged previews and column profiles. Identifiers come from the catalog, never from the caller.
/// Live database connections are read through <see cref="LiveTables"/>.
/// </summary>
public sealed class DatasetReader(DuckDbEngine engine, LiveTables? live = null)
{
    public const int MaxPageSize = 1000;

    public static DatasetTableRecord Table(DatasetRecord d, string? table) =>
        table is null ? d.Tables.First()
        : d.Tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase))
          ?? throw new NotFoundException($"Dataset '{d.Name}' has no table '{table}'.");

    public static DatasetColumnRecord Column(DatasetTableRecord t, string column) =>
        t.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException($"Table '{t.Label}' has no column '{column}'.");

    public async Task<TablePage> PageAsync(DatasetRecord d, string? table, long offset, int limit, CancellationToken ct = default)
    {
        var t = Table(d, table);
        if (offset < 0) throw new UserFacingException("offset must be 0 or more.") { Field = "offset" };
        if (limit is < 1 or > MaxPageSize) throw new UserFacingException($"limit must be between 1 and {MaxPageSize}.") { Field = "limit" };
        return d.IsLive() ? await Live().PageAsync(d, t, offset, limit, ct) : Page(d, t, offset, limit);
    }

    public async Task<ColumnProfile> ProfileAsync(DatasetRecord d, string table, string column, int bins = 12, CancellationToken ct = default)
    {
        var t = Table(d, table);
        var c = Column(t, column);
        return d.IsLive() ? await Live().ProfileAsync(d, t, c, bins, ct) : Profile(d, t, c, bins);
    }

    private LiveTables Live() => live ?? throw new InvalidOperationException("This DatasetReader was made without LiveTables and cannot read live connections.");

    private TablePage Page(DatasetRecord d, DatasetTableRecord t, long offset, int limit)
    {
        using var slot = engine.TakeQuerySlotAsync(TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult();
        using var conn = engine.Open(d.Id);
        using var cmd = conn.CreateCommand();
        var bounds = engine.Bounds;
        var columns = t.Columns.Select(c => c.Type == ColumnType.Text ? QueryResult.CutText(Quote(c.Name), bounds.MaxCellChars) : Quote(c.Name));
        cmd.CommandText = $"SELECT {string.Join(", ", columns)} FROM {Quote(d.Id)}.{Quote(t.Name)} LIMIT {limit} OFFSET {offset}";
        using var r = cmd.ExecuteReader();
        return new TablePage(t, QueryResult.Read(r, limit, bounds), offset, limit, t.RowCount);
    }

    private ColumnProfile Profile(DatasetRecord d, DatasetTableRecord t, DatasetColumnRecord c, int bins)
    {
        var source = $"{Quote(d.Id)}.{Quote(t.Name)}";
        var col = Quote(c.Name);
        using var conn = engine.Open(d.Id);
        var numeric = c.Type.IsNumeric();
        var temporal = c.Type.IsTemporal();
        var mean = numeric ? $"avg({col})" : "NULL";
        object? min = null, max = null, avg = null;
        long rows, nulls, distinct;
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT count(*), count(*) - count({col}), approx_count_distinct({col}), min({col}), max({col}), {mean} FROM {source}";
            using var r = cmd.ExecuteReader();
            r.Read();
            rows = r.GetInt64(0);
            nulls = r.GetInt64(1);
            distinct = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture);
            if (rows - nulls > 0)
            {
                min = QueryResult.Normalize(r.GetValue(3), c.Type);
                max = QueryResult.Normalize(r.GetValue(4), c.Type);
                avg = numeric ? QueryResult.Normalize(r.GetValue(5), ColumnType.Decimal) : null;
            }
        }
        if (distinct <= 100_000 && rows <= 10_000_000)
        {
            using var exact = conn.CreateCommand();
            exact.CommandText = $"SELECT count(DISTINCT {col}) FROM {source}";
            distinct = Convert.ToInt64(exact.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var useBins = (numeric || temporal) && min is not null && distinct > bins;
        var result = useBins ? NumericBins(conn, source, col, c.Type, bins) : TopValues(conn, source, col, c.Type);
        return new ColumnProfile(c, rows, nulls, distinct, min, max, avg, result, !useBins);
    }

    private static List<ProfileBin> NumericBins(DuckDBConnection conn, string source, string col, ColumnType type, int bins)
    {
        // Dates are binned on their epoch seconds, then labelled back as dates.
        var x = type.IsTemporal() ? $"epoch({col})" : $"CAST({col} AS DOUBLE)";
        var sql = $"""
            WITH v AS (SELECT {x} AS x FROM {source} WHERE {col} IS NOT NULL),
                 b AS (SELECT min(x) AS lo, max(x) AS hi FROM v)
            SELECT least(CAST(floor((x - lo) / ((hi - lo) / {bins})) AS BIGINT), {bins - 1}) AS bin, count(*) AS n, any_value(lo), any_value(hi)
            FROM v, b GROUP BY bin ORDER BY bin
            """;
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var counts = new long[bins];
        double lo = 0, hi = 0;
        while (r.Read())
        {
            counts[(int)r.GetInt64(0)] = r.GetInt64(1);
            lo = Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture);
            hi = Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture);
        }
        var width = (hi - lo) / bins;
        return counts.Select((n, i) => new ProfileBin(BinLabel(lo + i * width, type), n)).ToList();
    }

    internal static string BinLabel(double start, ColumnType type) => type switch
    {
        ColumnType.Date => DateTime.UnixEpoch.AddSeconds(start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ColumnType.Timestamp => DateTime.UnixEpoch.AddSeconds(start).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => start.ToString(Math.Abs(start) >= 1000 ? "N0" : "0.##", CultureInfo.InvariantCulture),
    };

    private static List<ProfileBin> TopValues(DuckDBConnection conn, string source, string col, ColumnType type)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {col} AS v, count(*) AS n FROM {source} WHERE {col} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 10";
        using var r = cmd.ExecuteReader();
        var list = new List<ProfileBin>();
        while (r.Read())
            list.Add(new ProfileBin(Convert.ToString(QueryResult.Normalize(r.GetValue(0), type), CultureInfo.InvariantCulture) ?? "", r.GetInt64(1)));
        return list;
    }

    /// <summary>The profile's distribution as a small PNG.</summary>
    public static byte[] ProfilePng(ColumnProfile p, bool dark = false) =>
        MiniCharts.Bars(p.Bins.Select(b => b.Label).ToList(), p.Bins.Select(b => (double)b.Count).ToList(), horizontal: p.BinsAreTopValues, dark);
}
