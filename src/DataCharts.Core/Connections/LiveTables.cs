using System.Collections.Concurrent;
using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// Previews and column profiles of a live database's tables, by cheap queries the app writes itself from catalog names
/// (never from the caller): a page of rows with LIMIT/OFFSET, and profiles over a sample of at most
/// <see cref="ProfileSample"/> rows, so opening a ten-million-row table costs the server little. Profiles are cached
/// per data source version; "Refresh" (a new version) computes them again. Every statement runs read-only with a timeout.
/// </summary>
public sealed class LiveTables(ConnectionCatalog connections, DuckDbEngine engine, DatasetChanges changes)
{
    /// <summary>How many rows a live column profile reads.</summary>
    public const int ProfileSample = 100_000;

    private const int MaxCachedProfiles = 512;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<string, ColumnProfile> profiles = Forgetting(changes);

    /// <summary>One page of a table's rows, long text cut by the server; the total is the catalog's estimate, or what was seen.</summary>
    public async Task<TablePage> PageAsync(DatasetRecord d, DatasetTableRecord t, long offset, int limit, CancellationToken ct)
    {
        var s = await connections.SettingsAsync(d.Id, ct);
        var dialect = d.Dialect();
        var bounds = engine.Bounds;
        var columns = t.Columns.Select(c => c.Type == ColumnType.Text && bounds.MaxCellChars != int.MaxValue
            ? $"left({dialect.Quote(c.Name)}, {bounds.MaxCellChars + 1}) AS {dialect.Quote(c.Name)}"
            : dialect.Quote(c.Name));
        var sql = $"SELECT {string.Join(", ", columns)} FROM {dialect.Quote(t.Name)} LIMIT {limit + 1} OFFSET {offset}";
        var result = await LiveDatabase.QueryAsync(s, sql, limit + 1, bounds, Timeout, ct);
        var more = result.Rows.Count > limit;
        if (more) result = result with { Rows = result.Rows.Take(limit).ToList() };
        var seen = offset + result.Rows.Count + (more ? 1 : 0);
        return new TablePage(t, result, offset, limit, Math.Max(more ? t.RowCount : 0, seen));
    }

    /// <summary>A column's profile over the first <see cref="ProfileSample"/> rows: nulls, distinct values, range, and bins or top values.</summary>
    public async Task<ColumnProfile> ProfileAsync(DatasetRecord d, DatasetTableRecord t, DatasetColumnRecord c, int bins, CancellationToken ct)
    {
        var key = $"{d.Id}@{d.Version}\u001f{t.Name}\u001f{c.Name}\u001f{bins}";
        if (profiles.TryGetValue(key, out var known)) return known;
        var s = await connections.SettingsAsync(d.Id, ct);
        var dialect = d.Dialect();
        var col = dialect.Quote(c.Name);
        var sample = $"(SELECT {col} AS v FROM {dialect.Quote(t.Name)} LIMIT {ProfileSample}) AS sample";
        var numeric = c.Type.IsNumeric();
        var temporal = c.Type.IsTemporal();
        var stats = await LiveDatabase.QueryAsync(s,
            $"SELECT count(*), count(v), count(DISTINCT v), min(v), max(v), {(numeric ? "avg(v)" : "NULL")} FROM {sample}", 1, ResultBounds.None, Timeout, ct);
        var row = stats.Rows[0];
        long Long(object? v) => Convert.ToInt64(v ?? 0, CultureInfo.InvariantCulture);
        var (rows, nonNull, distinct) = (Long(row[0]), Long(row[1]), Long(row[2]));
        object? min = nonNull > 0 ? Shown(row[3], c.Type) : null, max = nonNull > 0 ? Shown(row[4], c.Type) : null;
        var mean = numeric && row[5] is not null ? Convert.ToDouble(row[5], CultureInfo.InvariantCulture) : (double?)null;
        var useBins = (numeric || temporal) && min is not null && distinct > bins && Number(min, c.Type) is { } lo && Number(max, c.Type) is { } hi && hi > lo;
        var list = useBins
            ? await BinsAsync(s, dialect, t, c, bins, Number(min, c.Type)!.Value, Number(max, c.Type)!.Value, ct)
            : await TopValuesAsync(s, sample, c.Type, ct);
        var profile = new ColumnProfile(c, rows, rows - nonNull, distinct, min, max, mean, list, !useBins) { SampledRows = rows >= ProfileSample ? ProfileSample : null };
        if (profiles.Count >= MaxCachedProfiles) profiles.Clear();
        profiles[key] = profile;
        return profile;
    }

    private static async Task<IReadOnlyList<ProfileBin>> TopValuesAsync(ConnectionSettings s, string sample, ColumnType type, CancellationToken ct)
    {
        var result = await LiveDatabase.QueryAsync(s, $"SELECT v, count(*) AS n FROM {sample} WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 10",
            10, new ResultBounds(1 << 20, 200), Timeout, ct);
        return result.Rows.Select(r => new ProfileBin(Convert.ToString(Shown(r[0], type), CultureInfo.InvariantCulture) ?? "", Convert.ToInt64(r[1], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Equal-width bins between the sample's min and max; dates on their epoch seconds, labelled back as dates.</summary>
    private static async Task<IReadOnlyList<ProfileBin>> BinsAsync(ConnectionSettings s, SqlDialect dialect, DatasetTableRecord t, DatasetColumnRecord c,
        int bins, double lo, double hi, CancellationToken ct)
    {
        var col = dialect.Quote(c.Name);
        var x = c.Type.IsTemporal()
            ? dialect == SqlDialect.MySql ? $"UNIX_TIMESTAMP({col})" : $"extract(epoch from {col})"
            : dialect == SqlDialect.MySql ? $"({col} + 0.0)" : $"CAST({col} AS double precision)";
        var width = (hi - lo) / bins;
        string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var sql = $"SELECT LEAST(FLOOR((x - {Num(lo)}) / {Num(width)}), {bins - 1}) AS bin, count(*) AS n " +
                  $"FROM (SELECT {x} AS x FROM {dialect.Quote(t.Name)} WHERE {col} IS NOT NULL LIMIT {ProfileSample}) AS sample GROUP BY 1 ORDER BY 1";
        var result = await LiveDatabase.QueryAsync(s, sql, bins + 1, ResultBounds.None, Timeout, ct);
        var counts = new long[bins];
        foreach (var r in result.Rows)
            counts[Math.Clamp(Convert.ToInt32(r[0], CultureInfo.InvariantCulture), 0, bins - 1)] += Convert.ToInt64(r[1], CultureInfo.InvariantCulture);
        return counts.Select((n, i) => new ProfileBin(DatasetReader.BinLabel(lo + i * width, c.Type), n)).ToList();
    }

    /// <summary>How many rows of a table the agent's value lists look at.</summary>
    public const int ValueSample = 200_000;

    /// <summary>
    /// The distinct values of a live table's low-cardinality columns, as the agent links words to data ("East", "paid"),
    /// from the first <see cref="ValueSample"/> rows of each table: up to <paramref name="limit"/> values per column, a
    /// column with more is left out (null), as one the server could not read in time.
    /// </summary>
    public async Task<IReadOnlyList<string>?> DistinctValuesAsync(DatasetRecord d, DatasetTableRecord t, DatasetColumnRecord c, int limit, CancellationToken ct)
    {
        var s = await connections.SettingsAsync(d.Id, ct);
        var dialect = d.Dialect();
        var col = dialect.Quote(c.Name);
        var sql = $"SELECT DISTINCT v FROM (SELECT {col} AS v FROM {dialect.Quote(t.Name)} LIMIT {ValueSample}) AS sample WHERE v IS NOT NULL LIMIT {limit + 1}";
        try
        {
            var result = await LiveDatabase.QueryAsync(s, sql, limit + 1, new ResultBounds(4 << 20, 200), TimeSpan.FromSeconds(10), ct);
            if (result.Rows.Count > limit) return null;
            return result.Rows.Select(r => Convert.ToString(r[0] is bool b ? (b ? "true" : "false") : r[0], CultureInfo.InvariantCulture) ?? "").ToList();
        }
        catch (UserFacingException)
        {
            return null;
        }
    }

    /// <summary>A min or max as the profile shows it (dates as ISO text, numbers as numbers).</summary>
    private static object? Shown(object? v, ColumnType type) => v switch
    {
        null => null,
        string text when type == ColumnType.Date && text.Length > 10 => text[..10],
        _ => v,
    };

    /// <summary>A min or max as a number on the bins' axis: the number itself, or a date's epoch seconds.</summary>
    private static double? Number(object? v, ColumnType type)
    {
        if (v is null) return null;
        if (type.IsTemporal())
            return DateTime.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? (at - DateTime.UnixEpoch).TotalSeconds : null;
        return Convert.ToDouble(v, CultureInfo.InvariantCulture);
    }

    private static ConcurrentDictionary<string, ColumnProfile> Forgetting(DatasetChanges changes)
    {
        var map = new ConcurrentDictionary<string, ColumnProfile>();
        changes.Changed += id => { foreach (var k in map.Keys.Where(k => k.StartsWith(id + "@", StringComparison.Ordinal))) map.TryRemove(k, out _); };
        return map;
    }
}
