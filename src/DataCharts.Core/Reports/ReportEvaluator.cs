using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Reports;

/// <summary>A sql block's rows and the parameters they were bound with, or why it has none (with the file line in the message).</summary>
public sealed record SqlOutcome(QueryOutcome? Query, string? Error, IReadOnlyDictionary<string, object?>? Parameters = null)
{
    /// <summary>
    /// Where the error stands when the guard or the engine said: the file line (as in the message) and the column in that
    /// line; in a notebook, whose cell is a file of its own, the line and column in the cell's text (an editor marks it).
    /// </summary>
    public SqlPosition? ErrorAt { get; init; }
}

/// <summary>A chart block's resolved spec and rows, or why it cannot be drawn.</summary>
public sealed record ChartOutcome(ChartSpec? Spec, QueryResult? Data, string? Error);

/// <summary>One evaluation of a report for one set of input values.</summary>
public sealed record ReportRun(
    ReportDocument Document,
    DatasetRecord? Dataset,
    string? DatasetError,
    IReadOnlyDictionary<string, InputValue> Inputs,
    IReadOnlyDictionary<int, SqlOutcome> Queries,
    IReadOnlyDictionary<int, ChartOutcome> Charts)
{
    /// <summary>The query-string pairs that reproduce these inputs (for shareable URLs).</summary>
    public IEnumerable<KeyValuePair<string, string>> QueryPairs() =>
        Document.Inputs.Where(i => Inputs.ContainsKey(i.Name))
            .SelectMany(i => Inputs[i.Name].Selected.DefaultIfEmpty("").Select(v => new KeyValuePair<string, string>(i.Name, v)));
}

/// <summary>
/// Runs the live blocks of a report: binds inputs from the URL, runs each sql block through the guard with the
/// input values as engine parameters, and checks each chart's columns against its rows. Every failure stays with its
/// block, so one bad block never takes the page down.
/// </summary>
public sealed class ReportEvaluator(DatasetCatalog catalog, QueryRunner runner)
{
    public async Task<ReportRun> RunAsync(ReportDocument doc, Func<string, IReadOnlyList<string>?> values, IReadOnlySet<int>? only = null,
        DatasetRecord? dataset = null, CancellationToken ct = default)
    {
        var inputs = doc.Inputs.ToDictionary(i => i.Name, i => InputBinder.Bind(i, values(i.Name)), StringComparer.OrdinalIgnoreCase);
        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in inputs.Values.SelectMany(v => v.Parameters)) parameters[p.Key] = p.Value;

        string? datasetError = null;
        if (dataset is null)
        {
            if (doc.Data is null) datasetError = "The report names no dataset: add data: followed by a dataset's name or id to the front matter.";
            else dataset = await catalog.FindByIdOrNameAsync(doc.Data, ct);
            if (dataset is null && datasetError is null)
            {
                var known = (await catalog.ListAsync(ct)).Select(d => d.Name).Take(10).ToList();
                datasetError = $"Line {doc.DataLine}: there is no dataset \"{doc.Data}\"" + (known.Count > 0 ? $"; datasets: {string.Join(", ", known)}." : "; upload one on the Data page.");
            }
        }

        // A chart's colours depend on the charts above it (a category value keeps the colour it first got on the page),
        // so those run too; their rows come from the result cache after the page's first render.
        if (only is not null && doc.Blocks.OfType<ChartBlock>().Where(c => only.Contains(c.Index)).Select(c => c.Index).DefaultIfEmpty(-1).Max() is var last and >= 0)
            only = only.Concat(doc.Blocks.OfType<ChartBlock>().Where(c => c.Index < last).Select(c => c.Index)).ToHashSet();
        var needed = only is null ? null : WithSources(doc, only);
        var composed = SqlComposer.Compose(doc, dataset?.Tables.Select(t => t.Name).ToList() ?? [], dataset?.Dialect() ?? SqlDialect.DuckDb);
        var queries = new Dictionary<int, SqlOutcome>();
        foreach (var q in doc.Queries)
        {
            if (needed is not null && !needed.Contains(q.Index)) continue;
            queries[q.Index] = dataset is null ? new SqlOutcome(null, datasetError) : await RunQueryAsync(q, composed[q.Index], doc, dataset, parameters, ct);
        }
        var charts = new Dictionary<int, ChartOutcome>();
        foreach (var c in doc.Blocks.OfType<ChartBlock>())
        {
            if (needed is not null && !needed.Contains(c.Index)) continue;
            charts[c.Index] = Chart(doc, c, queries);
        }
        var colors = new CategoryColors();
        foreach (var index in charts.Keys.Order().ToList())
            if (charts[index] is { Spec: { } spec, Data: { } data } drawn)
                charts[index] = drawn with { Spec = spec with { Colors = ChartRenderer.AssignColors(colors, spec, data) is { Count: > 0 } slots ? slots : null } };
        return new ReportRun(doc, dataset, datasetError, inputs, queries, charts);
    }

    /// <summary>The blocks to re-render when the named inputs change: queries that use them and charts of those queries.</summary>
    public static IReadOnlySet<int> Affected(ReportDocument doc, IEnumerable<string> changedInputs)
    {
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in changedInputs)
        {
            changed.Add(name);
            if (doc.Input(name) is { Spec.Type: InputKind.DateRange }) { changed.Add(name + "_start"); changed.Add(name + "_end"); }
        }
        // A query that reads another block by name uses that block's inputs too.
        var composed = SqlComposer.Compose(doc, []);
        var queries = doc.Queries.Where(q => composed[q.Index].Parameters.Any(changed.Contains)).ToList();
        var set = queries.Select(q => q.Index).ToHashSet();
        foreach (var c in doc.Blocks.OfType<ChartBlock>())
            if (queries.Any(q => string.Equals(q.Name, c.Data, StringComparison.OrdinalIgnoreCase))) set.Add(c.Index);
        return set;
    }

    private static HashSet<int> WithSources(ReportDocument doc, IReadOnlySet<int> only)
    {
        var set = only.ToHashSet();
        foreach (var c in doc.Blocks.OfType<ChartBlock>().Where(c => only.Contains(c.Index)))
            if (doc.Query(c.Data) is { } q) set.Add(q.Index);
        return set;
    }

    private async Task<SqlOutcome> RunQueryAsync(SqlBlock q, ComposedQuery composed, ReportDocument doc, DatasetRecord dataset,
        Dictionary<string, object?> parameters, CancellationToken ct)
    {
        if (composed.Error is not null) return new SqlOutcome(null, composed.Error);
        var missing = composed.Parameters.Where(p => !parameters.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            var known = parameters.Keys.Select(k => "$" + k).ToList();
            return new SqlOutcome(null, $"Line {q.SqlLine}: ${missing[0]} is not an input of this page" +
                (known.Count > 0 ? $"; inputs: {string.Join(", ", known)}." : "; add an input block named " + missing[0] + "."));
        }
        try
        {
            var bound = composed.Parameters.ToDictionary(p => p, p => parameters[p]);
            return new SqlOutcome(await runner.RunAsync(dataset, composed.Sql, bound, ct: ct), null, bound);
        }
        catch (QueryRejectedException ex)
        {
            // ex.Line is the line within the statement run (from the parser or the engine): the block's own SQL, which starts
            // at SqlLine, or a block it reads by name. Own lines follow the composed prefix line for line, so columns hold.
            var (own, read) = ex.Line is { } l and > 0 ? composed.Locate(l) : (null, null);
            if (read is not null)
                return new SqlOutcome(null, $"Line {q.SqlLine}: \"{read.Name}\"{(read.Line > 0 ? $" (line {read.Line})" : "")}, which this query reads, cannot run: {ex.Title}. {ex.Message}");
            var line = q.SqlLine + (own is { } o ? o - 1 : 0);
            if (own is null || ex.Column is not { } column) return new SqlOutcome(null, $"Line {line}: {ex.Title}. {ex.Message}{UnknownTableHint(ex.Message, q, doc)}");
            return new SqlOutcome(null, $"Line {line}, column {column}: {ex.Title}. {ex.Message}{UnknownTableHint(ex.Message, q, doc)}") { ErrorAt = new SqlPosition(line, column) };
        }
    }

    /// <summary>When the engine knows no table of a name, the names of the queries above, which a query may also read.</summary>
    private static string UnknownTableHint(string message, SqlBlock q, ReportDocument doc)
    {
        // The guard's words for a name that is no table here, or the engine's.
        if (!message.Contains("Unknown table", StringComparison.OrdinalIgnoreCase) && !message.Contains("Table with name", StringComparison.OrdinalIgnoreCase)) return "";
        var above = doc.Queries.TakeWhile(b => b.Index != q.Index).Select(b => b.Name).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return above.Count == 0 ? " No query above this one has a name to read its results by."
            : $" Queries above this one, whose results it may read by name: {string.Join(", ", above)}.";
    }

    private static ChartOutcome Chart(ReportDocument doc, ChartBlock c, Dictionary<int, SqlOutcome> queries)
    {
        var dataLine = c.KeyLines.GetValueOrDefault("data", c.Line);
        var source = doc.Query(c.Data);
        if (source is null)
        {
            var names = doc.Queries.Where(q => q.Name is not null).Select(q => q.Name).ToList();
            return new ChartOutcome(null, null, $"Line {dataLine}: there is no sql block named \"{c.Data}\"" +
                (names.Count > 0 ? $"; sql blocks: {string.Join(", ", names)}." : "; name one, as in ```sql by_day."));
        }
        if (!queries.TryGetValue(source.Index, out var outcome))
            return new ChartOutcome(null, null, $"Run \"{source.Name}\" first: it has not run since it was last edited.");
        if (outcome.Query is null)
            return new ChartOutcome(null, null, $"Line {dataLine}: the chart has no rows because the sql block \"{source.Name}\"{(source.Line > 0 ? $" (line {source.Line})" : "")} failed.");
        var result = outcome.Query.Result;
        string? Resolve(string? column, string key, out string? error)
        {
            error = null;
            if (column is null) return null;
            var match = result.Columns.FirstOrDefault(col => string.Equals(col.Name, column, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match.Name;
            error = $"Line {c.KeyLines.GetValueOrDefault(key, c.Line)}: unknown column \"{column}\" in {key}; \"{source.Name}\" has {string.Join(", ", result.Columns.Select(x => x.Name))}.";
            return null;
        }
        var x = Resolve(c.Spec.X, "x", out var err);
        if (err is not null) return new ChartOutcome(null, null, err);
        var series = Resolve(c.Spec.Series, "series", out err);
        if (err is not null) return new ChartOutcome(null, null, err);
        var ys = new List<string>();
        foreach (var y in c.Spec.Y)
        {
            ys.Add(Resolve(y, "y", out err)!);
            if (err is not null) return new ChartOutcome(null, null, err);
        }
        var spec = c.Spec with { X = x, Y = ys, Series = series };
        var (sorted, sortError) = Sort(result, spec, c);
        return sortError is not null ? new ChartOutcome(null, null, sortError) : new ChartOutcome(spec, sorted, null);
    }

    /// <summary><c>sort: x</c>, <c>sort: y desc</c> or a column name with asc/desc; the rows are drawn in that order.</summary>
    private static (QueryResult Result, string? Error) Sort(QueryResult r, ChartSpec spec, ChartBlock c)
    {
        if (string.IsNullOrWhiteSpace(spec.Sort) || spec.Sort.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return (r, null);
        var parts = spec.Sort.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var column = parts[0].ToLowerInvariant() switch { "x" => spec.X, "y" => spec.Y[0], _ => parts[0] };
        var desc = parts.Length > 1 && parts[1].StartsWith("desc", StringComparison.OrdinalIgnoreCase);
        var i = r.Columns.ToList().FindIndex(col => string.Equals(col.Name, column, StringComparison.OrdinalIgnoreCase));
        if (i < 0 || parts.Length > 2 || parts.Length == 2 && !parts[1].StartsWith("asc", StringComparison.OrdinalIgnoreCase) && !desc)
            return (r, $"Line {c.KeyLines.GetValueOrDefault("sort", c.Line)}: sort takes x, y or a column, then asc or desc; \"{spec.Sort}\" is not that.");
        var rows = desc ? r.Rows.OrderByDescending(row => row[i], ValueOrder.Instance) : r.Rows.OrderBy(row => row[i], ValueOrder.Instance);
        return (r with { Rows = rows.ToList() }, null);
    }
}

/// <summary>Orders result values: nulls first, numbers by value, everything else as ordinal text.</summary>
public sealed class ValueOrder : IComparer<object?>
{
    public static readonly ValueOrder Instance = new();

    public int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (long x, long y) => x.CompareTo(y),
        (long or double, long or double) => Convert.ToDouble(a).CompareTo(Convert.ToDouble(b)),
        (bool x, bool y) => x.CompareTo(y),
        _ => string.CompareOrdinal(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(b, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
