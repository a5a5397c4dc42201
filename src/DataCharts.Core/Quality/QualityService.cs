using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;
using static DataCharts.Core.Quality.QualityDimensions;

namespace DataCharts.Core.Quality;

/// <summary>
/// Assesses the quality of one table in DuckDB (PRODUCT.md §3 "Data tools", issue 5). Everything is counted by the
/// engine: one aggregate statement computes every per-column count of every dimension (plus the distinct-row and
/// distinct-key counts as scalar subqueries); the diversity histogram is one GROUPING SETS statement; accuracy against
/// a reference is one join; the sample rows of all issues come from one UNION ALL of <c>LIMIT 5</c> queries. No row is
/// looked at in C#.
/// </summary>
/// <remarks>
/// Definitions (scores are in 0..1, rounded to 4 places; a dimension with nothing to check is "not assessable": its
/// score is null, it is left out of the overall score and the others' weights are normalised again):
/// <list type="bullet">
/// <item><b>completeness</b> = non-empty cells / all cells (rows × columns); a text cell that is blank after trimming is empty.</item>
/// <item><b>validity</b> = passing cells / checked cells, over every column, so it is scored on every assessment of a
/// table with values. A column with declared <c>rules</c> checks its non-empty cells (every cell with <c>not_null</c>)
/// against all its rules. Every other column is checked against its inferred type: a column the importer typed holds
/// only values of its type, and its decimals, dates and timestamps fail when NaN or infinite; a text column is checked
/// against its dominant type, the type (number, date, boolean; tried with TRY_CAST in that order of preference) that
/// more than half of its non-empty cells parse as, and cells that do not parse fail; a text column where no such type
/// dominates is text, and all its non-empty cells pass. (Before, typed columns and plain text were left out, so a fully
/// typed table had no validity score at all and the dimension dropped out of the overall score.)</item>
/// <item><b>consistency</b> = share of the non-empty text cells whose shape is the column's dominant shape. Shapes:
/// number, ISO date, d/m/y date, d.m.y date, no letters, upper case, lower case, capitalised, mixed case.</item>
/// <item><b>uniqueness</b> = 1 − duplicate rows / rows, where duplicate rows are rows − distinct rows; with
/// <c>key_columns</c> it is the mean of that and 1 − duplicate keys / rows (rows − distinct keys).</item>
/// <item><b>accuracy</b> = with <c>reference_data_id</c>: matching cells / compared cells, comparing every column the
/// two tables share (by name, keys excepted) on rows joined by <c>key_columns</c> (the reference's first row per key;
/// rows without a reference row are reported but not scored). Without a reference but with min/max rules: share of
/// the numeric cells of those columns inside their range. Without either: not assessable.</item>
/// <item><b>diversity</b> = mean normalised Shannon entropy (H / ln k, k distinct values; 0 when k = 1) of the
/// categorical columns: text columns with at most 50 distinct non-empty values and at most half as many distinct
/// values as non-empty cells. Columns under 0.5 are reported.</item>
/// <item><b>timeliness</b> = share of the non-empty dates of <c>timeliness_column</c> (default: the first date or
/// timestamp column) no older than <c>max_age_days</c> before now; without <c>max_age_days</c>, no older than 365 days
/// before the newest date in the column (how evenly recent the data is, whatever its age).</item>
/// </list>
/// The overall score is Σ weight × score over the assessed dimensions. It passes when it reaches the overall threshold
/// (default 0.8) and every dimension given its own threshold reaches it.
/// </remarks>
/// <remarks><paramref name="catalog"/> is needed only to plan from a request by id (<see cref="PlanAsync"/>); a plan from <see cref="QualityPlanner"/> runs without it.</remarks>
public sealed partial class QualityService(DuckDbEngine engine, DatasetCatalog? catalog, QualityStore? store = null, TimeProvider? time = null)
{
    public const int SampleRows = 5;
    public const int MaxCategories = 50;
    public const double DefaultWindowDays = 365;
    public const double LowDiversity = 0.5;

    private static readonly string[] Shapes =
        ["number", "ISO date", "d/m/y date", "d.m.y date", "no letters", "upper case", "lower case", "capitalised", "mixed case"];

    private static readonly (string Name, string DuckType)[] InferredTypes = [("number", "DOUBLE"), ("date", "DATE"), ("boolean", "BOOLEAN")];

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Validates the request against the catalog (404 for unknown datasets, 400 naming the field otherwise).</summary>
    public async Task<QualityPlan> PlanAsync(QualityRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.DataId)) throw new UserFacingException("data_id is required.") { Field = "data_id" };
        if (catalog is null) throw new InvalidOperationException("This QualityService was made without a catalog and cannot look datasets up.");
        var dataset = (await catalog.GetAsync(request.DataId.Trim(), ct)).RequireImported("Quality checks");
        var reference = string.IsNullOrWhiteSpace(request.ReferenceDataId) ? null : (await catalog.GetAsync(request.ReferenceDataId.Trim(), ct)).RequireImported("Quality checks");
        var plan = QualityPlanner.Plan(dataset, request, reference);
        CheckPatterns(plan);
        return plan;
    }

    /// <summary>Plans, runs and (with a store) keeps an assessment.</summary>
    public async Task<QualityAssessment> AssessAsync(QualityRequest request, Action<double, string>? progress = null, CancellationToken ct = default) =>
        await RunAsync(await PlanAsync(request, ct), progress, ct);

    public async Task<QualityAssessment> RunAsync(QualityPlan plan, Action<double, string>? progress = null, CancellationToken ct = default)
    {
        var report = progress ?? ((_, _) => { });
        var assessment = await Task.Run(() => Run(plan, report, ct), CancellationToken.None);
        if (store is not null) await store.SaveAsync(assessment, ct);
        return assessment;
    }

    /// <summary>Patterns are RE2 and checked by the engine that runs them, before the table is read.</summary>
    private void CheckPatterns(QualityPlan plan)
    {
        using var conn = engine.Open();
        foreach (var r in plan.Rules)
        {
            foreach (var rule in r.Rules.Where(x => x.FailSql.Contains("regexp_full_match", StringComparison.Ordinal)))
            {
                var name = ParameterNames().Match(rule.FailSql[rule.FailSql.IndexOf("regexp_full_match", StringComparison.Ordinal)..]).Value[1..];
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT regexp_matches('', $re)";
                cmd.Parameters.Add(new DuckDBParameter("re", plan.Parameters[name]));
                try { cmd.ExecuteScalar(); }
                catch (DuckDBException ex)
                {
                    throw new UserFacingException($"The pattern of the rule of '{r.Column.Name}' is not a valid regular expression ({Clean(ex.Message)}).")
                    { Field = $"rules.{r.Column.Name}.pattern" };
                }
            }
        }
    }

    /// <summary>Where a sample of an issue comes from: a WHERE over the table, or a whole SELECT of the table's columns.</summary>
    /// <summary>A count with its noun (and verb) in the singular for one: "1 empty value", "2 empty values".</summary>
    private static string Count(long n, string one, string many) => $"{n:N0} {(n == 1 ? one : many)}";

    /// <summary>The verb that agrees with a count: "breaks" for one, "break" for more.</summary>
    private static string Verb(long n, string one, string many) => n == 1 ? one : many;

    private sealed record SampleQuery(string? Where = null, string? Select = null);

    private sealed record Found(QualityIssue Issue, SampleQuery? Sample);

    /// <summary>An aggregate SELECT list being built: each item's position is how its value is read back.</summary>
    private sealed class Aggregates
    {
        public List<string> Items { get; } = [];
        public int Add(string sql)
        {
            Items.Add(sql);
            return Items.Count - 1;
        }
    }

    private sealed record TextColumn(DatasetColumnRecord Column, int NonEmpty, int[] Parses, int[] ShapeCounts, int Distinct);

    private QualityAssessment Run(QualityPlan plan, Action<double, string> report, CancellationToken ct)
    {
        using var conn = engine.OpenJoined(plan.Reference is null ? [plan.Dataset.Id] : [plan.Dataset.Id, plan.Reference.Id]);
        var src = plan.Source;
        var columns = plan.Table.Columns.OrderBy(c => c.Ordinal).ToList();
        var ruled = plan.Rules.Select(r => r.Column.Name).ToHashSet(StringComparer.Ordinal);
        var parameters = new Dictionary<string, object?>(plan.Parameters);
        string P(object? v)
        {
            var n = "q" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[n] = v;
            return "$" + n;
        }

        // ---- Pass 1: one aggregate statement over the table.
        report(0.05, "Counting");
        var a = new Aggregates();
        var rowsAt = a.Add("count(*)");
        var nonEmpty = columns.ToDictionary(c => c.Name, c => a.Add(c.Type == ColumnType.Text
            ? $"count(*) FILTER (WHERE trim({Quote(c.Name)}) <> '')" : $"count({Quote(c.Name)})"));
        var projections = new List<string>();
        var texts = new List<TextColumn>();
        foreach (var (c, i) in columns.Select((c, i) => (c, i)).Where(x => x.c.Type == ColumnType.Text))
        {
            var q = Quote(c.Name);
            var parses = plan.Has(Validity) && !ruled.Contains(c.Name)
                ? InferredTypes.Select(t => a.Add($"count(TRY_CAST(trim({q}) AS {t.DuckType}))")).ToArray() : [];
            var shapes = Array.Empty<int>();
            if (plan.Has(Consistency))
            {
                var s = Quote($"__quality_shape_{i}");
                projections.Add($"{ShapeSql(c)} AS {s}");
                shapes = Shapes.Select((_, k) => a.Add($"count(*) FILTER (WHERE {s} = {k})")).ToArray();
            }
            var distinct = plan.Has(Diversity) ? a.Add($"approx_count_distinct(CASE WHEN trim({q}) <> '' THEN {q} END)") : -1;
            texts.Add(new TextColumn(c, nonEmpty[c.Name], parses, shapes, distinct));
        }
        // Typed columns hold only values of their type (the engine enforces it); those that can hold NaN or infinity are
        // counted, since such a value is of the type but is not a number or a date anyone can use.
        List<(DatasetColumnRecord Column, int NonFinite)> typed = plan.Has(Validity)
            ? columns.Where(c => c.Type != ColumnType.Text && !ruled.Contains(c.Name))
                .Select(c => (Column: c, NonFinite: c.Type is ColumnType.Decimal or ColumnType.Date or ColumnType.Timestamp
                    ? a.Add($"count(*) FILTER (WHERE NOT isfinite({Quote(c.Name)}))") : -1)).ToList()
            : [];
        var ruleAt = new List<(PlannedColumnRules Rules, int Failed, int[] PerRule, int RangeChecked, int RangeFailed)>();
        foreach (var r in plan.Rules)
        {
            var empty = QualityPlanner.EmptySql(r.Column);
            var any = r.Rules.Count == 0 ? "false" : string.Join(" OR ", r.Rules.Select(x => $"({x.FailSql})"));
            var failed = a.Add($"count(*) FILTER (WHERE {(r.NotNull ? $"{empty} OR " : "")}(NOT {empty} AND ({any})))");
            var per = r.Rules.Select(x => a.Add($"count(*) FILTER (WHERE NOT {empty} AND ({x.FailSql}))")).ToArray();
            var rangeChecked = r.RangeValueSql is null ? -1 : a.Add($"count({r.RangeValueSql})");
            var rangeFailed = r.RangeFailSql is null ? -1 : a.Add($"count(*) FILTER (WHERE coalesce({r.RangeFailSql}, false))");
            ruleAt.Add((r, failed, per, rangeChecked, rangeFailed));
        }
        var distinctRowsAt = plan.Has(Uniqueness) ? a.Add($"(SELECT count(*) FROM (SELECT DISTINCT * FROM {src}))") : -1;
        var keyList = string.Join(", ", plan.KeyColumns.Select(k => Quote(k.Name)));
        var distinctKeysAt = plan.Has(Uniqueness) && plan.KeyColumns.Count > 0 ? a.Add($"(SELECT count(*) FROM (SELECT DISTINCT {keyList} FROM {src}))") : -1;
        var tc = plan.Has(Timeliness) ? plan.TimelinessColumn : null;
        string? tsSql = null, cutoffSql = null;
        int tsCountAt = -1, tsRecentAt = -1, tsMaxAt = -1;
        DateTime? cutoff = null;
        if (tc is not null)
        {
            tsSql = tc.Type.IsTemporal() ? $"CAST({Quote(tc.Name)} AS TIMESTAMP)" : $"TRY_CAST({QualityPlanner.TextOf(tc)} AS TIMESTAMP)";
            if (plan.MaxAgeDays is { } days)
            {
                cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
                cutoffSql = P(cutoff.Value);
            }
            else cutoffSql = $"((SELECT max({tsSql}) FROM {src}) - INTERVAL {DefaultWindowDays.ToString(CultureInfo.InvariantCulture)} DAY)";
            tsCountAt = a.Add($"count({tsSql})");
            tsRecentAt = a.Add($"count(*) FILTER (WHERE {tsSql} >= {cutoffSql})");
            tsMaxAt = a.Add($"max({tsSql})");
        }
        var inner = projections.Count == 0 ? src : $"(SELECT *, {string.Join(", ", projections)} FROM {src})";
        var v = ReadRow(conn, $"SELECT {string.Join(", ", a.Items)} FROM {inner}", parameters, ct);
        long L(int at) => Convert.ToInt64(v[at] ?? 0L, CultureInfo.InvariantCulture);
        var rows = L(rowsAt);
        report(0.6, "Scoring");

        var found = new Dictionary<string, List<Found>>();
        foreach (var d in plan.Dimensions) found[d] = [];
        var outcomes = new Dictionary<string, (long Checked, long Failed, double? Score, string Details)>();
        var weight = plan.Weights;
        double Share(long n, long of) => of == 0 ? 0 : (double)n / of;
        void Add(string dim, string? column, string description, long count, long of, SampleQuery? sample, string recommendation) =>
            found[dim].Add(new Found(new QualityIssue(dim, column, description, count, Math.Round(Share(count, of), 4),
                Math.Round(weight[dim] * Share(count, of), 4), [])
            { Recommendation = recommendation }, sample));

        // ---- Completeness.
        if (plan.Has(Completeness))
        {
            long cells = rows * columns.Count, filled = 0;
            foreach (var c in columns)
            {
                var n = L(nonEmpty[c.Name]);
                filled += n;
                var empty = rows - n;
                if (empty > 0)
                    Add(Completeness, c.Name, $"'{c.Name}' has {Count(empty, "empty value", "empty values")} ({Pct(empty, rows)}).", empty, rows,
                        new SampleQuery(QualityPlanner.EmptySql(c)), $"Fill or drop the {Count(empty, "empty value", "empty values")} in '{c.Name}' ({Pct(empty, rows)}).");
            }
            outcomes[Completeness] = (cells, cells - filled, cells == 0 ? null : (double)filled / cells,
                cells == 0 ? "Not assessable: the table has no cells." : $"{filled:N0} of {cells:N0} cells have a value.");
        }

        // ---- Validity: declared rules, else the dominant inferred type of text columns.
        if (plan.Has(Validity))
        {
            long checkedCells = 0, failedCells = 0;
            var notes = new List<string>();
            foreach (var (r, failedAt, per, _, _) in ruleAt)
            {
                var c = r.Column;
                var n = r.NotNull ? rows : L(nonEmpty[c.Name]);
                checkedCells += n;
                failedCells += L(failedAt);
                if (r.NotNull && rows - L(nonEmpty[c.Name]) is var empties and > 0)
                    Add(Validity, c.Name, $"'{c.Name}' must not be empty but {Count(empties, "cell is", "cells are")} ({Pct(empties, rows)}).", empties, rows,
                        new SampleQuery(QualityPlanner.EmptySql(c)), $"Fill the {Count(empties, "empty value", "empty values")} in '{c.Name}', which the rules say must not be empty.");
                for (var k = 0; k < r.Rules.Count; k++)
                {
                    var bad = L(per[k]);
                    if (bad == 0) continue;
                    Add(Validity, c.Name, $"{Count(bad, "value in", "values in")} '{c.Name}' {Verb(bad, "breaks", "break")} the rule {r.Rules[k].Name} ({Pct(bad, n)}).", bad, n,
                        new SampleQuery($"NOT {QualityPlanner.EmptySql(c)} AND ({r.Rules[k].FailSql})"),
                        $"Correct the {Count(bad, "value in", "values in")} '{c.Name}' that {Verb(bad, "breaks", "break")} the rule {r.Rules[k].Name} ({Pct(bad, n)}).");
                }
                notes.Add($"'{c.Name}' against its rules");
            }
            foreach (var (c, nonFiniteAt) in typed)
            {
                var n = L(nonEmpty[c.Name]);
                if (n == 0) continue;
                var bad = nonFiniteAt < 0 ? 0 : L(nonFiniteAt);
                checkedCells += n;
                failedCells += bad;
                notes.Add($"'{c.Name}' as {c.Type.DisplayName()}");
                var what = c.Type.IsNumeric() ? "finite number" : "real date";
                if (bad > 0)
                    Add(Validity, c.Name, $"{Count(bad, "value in", "values in")} '{c.Name}' {Verb(bad, "is", "are")} not a {what} (NaN or infinity) ({Pct(bad, n)}).", bad, n,
                        new SampleQuery($"NOT isfinite({Quote(c.Name)})"),
                        $"Replace the {Count(bad, "value in", "values in")} '{c.Name}' that {Verb(bad, "is", "are")} NaN or infinity ({Pct(bad, n)}).");
            }
            foreach (var t in texts.Where(t => t.Parses.Length > 0))
            {
                var n = L(t.NonEmpty);
                if (n == 0) continue;
                var counts = t.Parses.Select(L).ToArray();
                var best = 0;
                for (var k = 1; k < counts.Length; k++) if (counts[k] > counts[best]) best = k;
                if (counts[best] * 2 <= n)
                {
                    // Text is its inferred type: every non-empty cell is a valid text.
                    checkedCells += n;
                    notes.Add($"'{t.Column.Name}' as text");
                    continue;
                }
                var bad = n - counts[best];
                checkedCells += n;
                failedCells += bad;
                var (typeName, duckType) = InferredTypes[best];
                notes.Add($"'{t.Column.Name}' as {typeName}");
                if (bad > 0)
                    Add(Validity, t.Column.Name, $"{Count(bad, "value in", "values in")} '{t.Column.Name}' {Verb(bad, "is", "are")} not a {typeName}, unlike the rest of the column ({Pct(bad, n)}).", bad, n,
                        new SampleQuery($"trim({Quote(t.Column.Name)}) <> '' AND TRY_CAST(trim({Quote(t.Column.Name)}) AS {duckType}) IS NULL"),
                        $"Fix or convert the {Count(bad, "value in", "values in")} '{t.Column.Name}' that {Verb(bad, "is", "are")} not a {typeName} ({Pct(bad, n)}).");
            }
            outcomes[Validity] = (checkedCells, failedCells, checkedCells == 0 ? null : 1 - (double)failedCells / checkedCells,
                checkedCells == 0 ? "Not assessable: the table has no values."
                    : $"{checkedCells - failedCells:N0} of {checkedCells:N0} checked cells are valid (checked: {string.Join(", ", notes)}).");
        }

        // ---- Consistency: the dominant shape of each text column.
        if (plan.Has(Consistency))
        {
            long checkedCells = 0, failedCells = 0;
            foreach (var t in texts)
            {
                var n = L(t.NonEmpty);
                if (n == 0) continue;
                var counts = t.ShapeCounts.Select(L).ToArray();
                var best = Array.IndexOf(counts, counts.Max());
                var bad = n - counts[best];
                checkedCells += n;
                failedCells += bad;
                if (bad > 0)
                    Add(Consistency, t.Column.Name, $"{Count(bad, "value in", "values in")} '{t.Column.Name}' {Verb(bad, "does", "do")} not follow its usual format ({Shapes[best]}) ({Pct(bad, n)}).", bad, n,
                        new SampleQuery($"trim({Quote(t.Column.Name)}) <> '' AND ({ShapeSql(t.Column)}) <> {best}"),
                        $"Standardise the {Count(bad, "value in", "values in")} '{t.Column.Name}' to its usual format ({Shapes[best]}) ({Pct(bad, n)}).");
            }
            outcomes[Consistency] = (checkedCells, failedCells, checkedCells == 0 ? null : 1 - (double)failedCells / checkedCells,
                checkedCells == 0 ? "Not assessable: the table has no text values." : $"{checkedCells - failedCells:N0} of {checkedCells:N0} text values follow their column's dominant format.");
        }

        // ---- Uniqueness: duplicate rows, and duplicate keys when key columns are given.
        if (plan.Has(Uniqueness))
        {
            var dupRows = rows - L(distinctRowsAt);
            var everyColumn = string.Join(", ", columns.Select(c => Quote(c.Name)));
            if (dupRows > 0)
                Add(Uniqueness, null, $"{Count(dupRows, "row repeats", "rows repeat")} another row exactly ({Pct(dupRows, rows)}).", dupRows, rows,
                    new SampleQuery(Select: $"SELECT * FROM {src} QUALIFY count(*) OVER (PARTITION BY {everyColumn}) > 1"),
                    $"Remove the {Count(dupRows, "duplicate row", "duplicate rows")} ({Pct(dupRows, rows)}).");
            double? score = rows == 0 ? null : 1 - Share(dupRows, rows);
            var details = $"{rows - dupRows:N0} distinct rows of {rows:N0}";
            long failedCount = dupRows, checkedCount = rows;
            if (distinctKeysAt >= 0)
            {
                var dupKeys = rows - L(distinctKeysAt);
                var keyNames = string.Join(", ", plan.KeyColumns.Select(k => k.Name));
                if (dupKeys > 0)
                    Add(Uniqueness, keyNames, $"{Count(dupKeys, "row repeats", "rows repeat")} a key ({keyNames}) of another row ({Pct(dupKeys, rows)}).", dupKeys, rows,
                        new SampleQuery(Select: $"SELECT * FROM {src} QUALIFY count(*) OVER (PARTITION BY {keyList}) > 1"),
                        $"Make the key ({keyNames}) unique: {Count(dupKeys, "row repeats", "rows repeat")} a key ({Pct(dupKeys, rows)}).");
                score = rows == 0 ? null : ((1 - Share(dupRows, rows)) + (1 - Share(dupKeys, rows))) / 2;
                details += $"; {rows - dupKeys:N0} distinct keys ({keyNames})";
                failedCount += dupKeys;
                checkedCount += rows;
            }
            outcomes[Uniqueness] = (checkedCount, failedCount, score, rows == 0 ? "Not assessable: the table has no rows." : details + ".");
        }

        // ---- Accuracy: against the reference dataset, else the declared ranges.
        if (plan.Has(Accuracy))
        {
            report(0.65, "Comparing with the reference");
            outcomes[Accuracy] = plan.ReferenceTable is not null ? AccuracyAgainstReference(conn, plan, rows, Add, ct)
                : ruleAt.Any(r => r.RangeChecked >= 0) ? AccuracyFromRanges()
                : (0, 0, null, "Not assessable: give a reference dataset (reference_data_id with key_columns) or min/max rules.");

            (long, long, double?, string) AccuracyFromRanges()
            {
                long checkedCells = 0, failedCells = 0;
                foreach (var (r, _, _, rc, rf) in ruleAt.Where(r => r.RangeChecked >= 0))
                {
                    var n = L(rc);
                    var bad = L(rf);
                    checkedCells += n;
                    failedCells += bad;
                    if (bad > 0)
                        Add(Accuracy, r.Column.Name, $"{Count(bad, "value in", "values in")} '{r.Column.Name}' {Verb(bad, "is", "are")} outside the range {r.RangeText} ({Pct(bad, n)}).", bad, n,
                            new SampleQuery($"coalesce({r.RangeFailSql}, false)"),
                            $"Check the {Count(bad, "value in", "values in")} '{r.Column.Name}' outside {r.RangeText} against their source ({Pct(bad, n)}).");
                }
                return (checkedCells, failedCells, checkedCells == 0 ? null : 1 - (double)failedCells / checkedCells,
                    checkedCells == 0 ? "Not assessable: the range-rule columns have no numeric values." : $"{checkedCells - failedCells:N0} of {checkedCells:N0} values are inside their declared range (no reference dataset given).");
            }
        }

        // ---- Diversity: normalised entropy of categorical columns, from one GROUPING SETS statement.
        if (plan.Has(Diversity))
        {
            report(0.75, "Measuring diversity");
            var categorical = texts.Where(t => L(t.Distinct) is > 0 and <= MaxCategories && L(t.Distinct) * 2 <= L(t.NonEmpty)).Select(t => t.Column).ToList();
            outcomes[Diversity] = categorical.Count == 0
                ? (0, 0, null, $"Not assessable: no categorical column (text with at most {MaxCategories} distinct values, each repeated on average).")
                : DiversityOf(conn, plan, categorical, P, parameters, Add, ct);
        }

        // ---- Timeliness.
        if (plan.Has(Timeliness))
        {
            if (tc is null) outcomes[Timeliness] = (0, 0, null, "Not assessable: the table has no date or timestamp column (name one in timeliness_column).");
            else
            {
                var n = L(tsCountAt);
                var recent = L(tsRecentAt);
                var newest = v[tsMaxAt] is DateTime dt ? dt : (DateTime?)null;
                var reference = plan.MaxAgeDays is { } days ? $"{F(days)} days before now" : $"{F(DefaultWindowDays)} days before the newest date ({newest:yyyy-MM-dd})";
                cutoff ??= newest?.AddDays(-DefaultWindowDays);
                var old = n - recent;
                if (old > 0 && cutoff is not null)
                    Add(Timeliness, tc.Name, $"{old:N0} of {n:N0} dates in '{tc.Name}' are older than {cutoff:yyyy-MM-dd} ({reference}).", old, n,
                        new SampleQuery($"{tsSql} < {P(cutoff.Value)}"),
                        $"Refresh or archive the data: {old:N0} of {n:N0} dates in '{tc.Name}' ({Pct(old, n)}) are older than {reference}.");
                outcomes[Timeliness] = (n, old, n == 0 ? null : (double)recent / n,
                    n == 0 ? $"Not assessable: '{tc.Name}' has no dates." : $"{recent:N0} of {n:N0} dates in '{tc.Name}' are within {reference}.");
            }
        }

        // ---- Sample rows of every issue: one statement.
        report(0.85, "Collecting sample rows");
        var withSamples = found.Values.SelectMany(x => x).Where(f => f.Sample is not null).ToList();
        var samples = Samples(conn, src, withSamples.Select(f => f.Sample!).ToList(), parameters, ct);
        var issuesByDim = found.ToDictionary(kv => kv.Key, kv => kv.Value.Select(f =>
        {
            var i = withSamples.IndexOf(f);
            return i >= 0 && samples.TryGetValue(i, out var s) ? f.Issue with { SampleRows = s } : f.Issue;
        }).ToList());

        report(0.95, "Writing the report");
        return Assemble(plan, rows, outcomes, issuesByDim);
    }

    private QualityAssessment Assemble(QualityPlan plan, long rows, Dictionary<string, (long Checked, long Failed, double? Score, string Details)> outcomes,
        Dictionary<string, List<QualityIssue>> issues)
    {
        var assessed = plan.Dimensions.Where(d => outcomes[d].Score is not null).ToList();
        var weightSum = assessed.Sum(d => plan.Weights[d]);
        var overall = assessed.Count == 0 ? 0 : Math.Round(assessed.Sum(d => plan.Weights[d] * outcomes[d].Score!.Value) / weightSum, 4);
        var results = new Dictionary<string, DimensionResult>();
        var scores = new Dictionary<string, double>();
        foreach (var d in plan.Dimensions)
        {
            var (checkedCount, failed, score, details) = outcomes[d];
            var rounded = score is { } s ? Math.Round(s, 4) : (double?)null;
            var threshold = plan.ThresholdOf(d);
            results[d] = new DimensionResult(rounded, rounded is null ? null : rounded >= threshold, threshold, Math.Round(plan.Weights[d], 4),
                rounded is not null, checkedCount, failed, details, issues[d]);
            if (rounded is { } r) scores[d] = r;
        }
        var passed = assessed.Count > 0 && overall >= plan.OverallThreshold
                     && plan.DimensionThresholds.Keys.Where(scores.ContainsKey).All(d => scores[d] >= plan.DimensionThresholds[d]);
        var all = issues.Values.SelectMany(x => x).OrderByDescending(i => i.Severity).ThenByDescending(i => i.Count).ToList();
        var priority = assessed.Select(d => new PriorityItem(d, scores[d], Math.Round(plan.Weights[d], 4), Math.Round(plan.Weights[d] * (1 - scores[d]), 4)))
            .OrderByDescending(p => p.Impact).ThenBy(p => p.Score).ToList();

        var recommendations = all.Select(i => i.Recommendation!).Where(r => r is not null).Distinct().ToList();
        foreach (var d in plan.Dimensions.Where(d => results[d].Passed == false && issues[d].Count == 0))
            recommendations.Add($"Raise {d} (score {scores[d]:0.00}, threshold {plan.ThresholdOf(d):0.00}): {results[d].Details}");
        if (plan.Has(Accuracy) && !results[Accuracy].Assessed)
            recommendations.Add("Give a reference dataset (reference_data_id and key_columns) or min/max rules to assess accuracy.");
        if (recommendations.Count == 0) recommendations.Add("No issues found: keep assessing as the data changes.");

        var weakest = priority.FirstOrDefault();
        var summary = $"Overall quality {overall:0.00} (threshold {plan.OverallThreshold:0.00}): {(passed ? "passed" : "failed")}. " +
                      $"{rows:N0} rows, {assessed.Count} of {plan.Dimensions.Count} dimensions assessed, {all.Count} issues." +
                      (weakest is { Impact: > 0 } ? $" Improve {weakest.Dimension} first (score {weakest.Score:0.00})." : "");

        return new QualityAssessment("qa_" + Guid.NewGuid().ToString("N")[..16], plan.Dataset.Id, plan.Dataset.Name, plan.Table.Name, rows, overall,
            plan.OverallThreshold, DimensionScore.From(results), passed, results, summary, all, recommendations, priority,
            plan.Dimensions.ToDictionary(d => d, d => Math.Round(plan.Weights[d], 4)), clock.GetUtcNow());
    }

    private (long, long, double?, string) AccuracyAgainstReference(DuckDBConnection conn, QualityPlan plan, long rows,
        Action<string, string?, string, long, long, SampleQuery?, string> add, CancellationToken ct)
    {
        var refTable = plan.ReferenceTable!;
        var refSrc = $"{Quote(plan.Reference!.Id)}.{Quote(refTable.Name)}";
        DatasetColumnRecord RefCol(string name) => refTable.Columns.First(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        var on = string.Join(" AND ", plan.KeyColumns.Select(k => $"a.{Quote(k.Name)} = TRY_CAST(r.{Quote(RefCol(k.Name).Name)} AS {k.Type.ToDuckDb()})"));
        var refKeys = string.Join(", ", plan.KeyColumns.Select(k => $"r.{Quote(RefCol(k.Name).Name)}"));
        var refRows = $"(SELECT * FROM {refSrc} r QUALIFY row_number() OVER (PARTITION BY {refKeys}) = 1)";
        var keyNames = plan.KeyColumns.Select(k => k.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var compared = plan.Table.Columns.OrderBy(c => c.Ordinal)
            .Where(c => !keyNames.Contains(c.Name) && refTable.Columns.Any(rc => string.Equals(rc.Name, c.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        var a = new Aggregates();
        var matchedAt = a.Add("count(*)");
        var per = compared.Select(c =>
        {
            var both = $"a.{Quote(c.Name)} IS NOT NULL AND r.{Quote(RefCol(c.Name).Name)} IS NOT NULL";
            var differ = $"{both} AND a.{Quote(c.Name)} IS DISTINCT FROM TRY_CAST(r.{Quote(RefCol(c.Name).Name)} AS {c.Type.ToDuckDb()})";
            return (Column: c, Differ: differ, Compared: a.Add($"count(*) FILTER (WHERE {both})"), Failed: a.Add($"count(*) FILTER (WHERE {differ})"));
        }).ToList();
        var v = ReadRow(conn, $"SELECT {string.Join(", ", a.Items)} FROM {plan.Source} a JOIN {refRows} r ON {on}", new Dictionary<string, object?>(), ct);
        long L(int at) => Convert.ToInt64(v[at] ?? 0L, CultureInfo.InvariantCulture);
        var matched = L(matchedAt);
        long checkedCells = 0, failedCells = 0;
        foreach (var p in per)
        {
            var n = L(p.Compared);
            var bad = L(p.Failed);
            checkedCells += n;
            failedCells += bad;
            if (bad > 0)
                add(Accuracy, p.Column.Name, $"{Count(bad, "value in", "values in")} '{p.Column.Name}' {Verb(bad, "differs", "differ")} from the reference dataset ({Pct(bad, n)}).", bad, n,
                    new SampleQuery(Select: $"SELECT a.* FROM {plan.Source} a JOIN {refRows} r ON {on} WHERE {p.Differ}"),
                    $"Check the {Count(bad, "value in", "values in")} '{p.Column.Name}' that {Verb(bad, "differs", "differ")} from the reference dataset '{plan.Reference.Name}' ({Pct(bad, n)}).");
        }
        var unmatched = rows - matched;
        if (unmatched > 0)
            add(Accuracy, string.Join(", ", keyNames), $"{unmatched:N0} rows have no row with the same key in the reference dataset ({Pct(unmatched, rows)}).", unmatched, rows,
                new SampleQuery(Select: $"SELECT a.* FROM {plan.Source} a WHERE NOT EXISTS (SELECT 1 FROM {refSrc} r WHERE {on})"),
                $"Add the {unmatched:N0} missing keys to the reference dataset '{plan.Reference.Name}' or remove those rows.");
        return (checkedCells, failedCells, checkedCells == 0 ? null : 1 - (double)failedCells / checkedCells,
            checkedCells == 0 ? $"Not assessable: no values to compare with '{plan.Reference.Name}' (no shared columns or no matching keys)."
                : $"{checkedCells - failedCells:N0} of {checkedCells:N0} values match the reference dataset '{plan.Reference.Name}' on {matched:N0} rows joined by key.");
    }

    private (long, long, double?, string) DiversityOf(DuckDBConnection conn, QualityPlan plan, List<DatasetColumnRecord> categorical,
        Func<object?, string> param, Dictionary<string, object?> parameters, Action<string, string?, string, long, long, SampleQuery?, string> add, CancellationToken ct)
    {
        var cols = categorical.Select(c => Quote(c.Name)).ToList();
        var sql = $"SELECT grouping_id({string.Join(", ", cols)}) AS g, count(*) AS n, {string.Join(", ", cols.Select(c => $"CAST({c} AS VARCHAR)"))} " +
                  $"FROM {plan.Source} GROUP BY GROUPING SETS ({string.Join(", ", cols.Select(c => $"({c})"))})";
        var counts = categorical.Select(_ => new List<(string Value, long N)>()).ToList();
        Execute(conn, sql, new Dictionary<string, object?>(), ct, cmd =>
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var g = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
                // grouping_id sets a bit for every column left out; the first column is the highest bit.
                var i = Enumerable.Range(0, cols.Count).First(k => (g & (1L << (cols.Count - 1 - k))) == 0);
                if (r.IsDBNull(2 + i)) continue;
                var value = r.GetString(2 + i);
                if (value.Trim().Length == 0) continue;
                counts[i].Add((value, Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)));
            }
            return 0;
        });
        var entropies = new List<double>();
        var notes = new List<string>();
        for (var i = 0; i < categorical.Count; i++)
        {
            var c = categorical[i];
            var total = counts[i].Sum(x => x.N);
            var k = counts[i].Count;
            var h = k <= 1 ? 0 : -counts[i].Sum(x => (double)x.N / total * Math.Log((double)x.N / total)) / Math.Log(k);
            entropies.Add(h);
            notes.Add($"'{c.Name}' {h:0.00}");
            if (h < LowDiversity)
            {
                var (top, topN) = counts[i].OrderByDescending(x => x.N).First();
                add(Diversity, c.Name, $"'{c.Name}' is dominated by '{top}' ({Pct(topN, total)} of {k} distinct values; normalised entropy {h:0.00}).", topN, total,
                    new SampleQuery($"CAST({Quote(c.Name)} AS VARCHAR) = {param(top)}"),
                    $"Check how '{c.Name}' is collected: '{top}' makes up {Pct(topN, total)} of its values (normalised entropy {h:0.00}).");
            }
        }
        _ = parameters;
        var low = entropies.Count(e => e < LowDiversity);
        return (categorical.Count, low, entropies.Average(), $"Mean normalised entropy of {categorical.Count} categorical columns: {string.Join(", ", notes)}.");
    }

    /// <summary>Up to <see cref="SampleRows"/> rows per issue, keyed by the issue's position, in one UNION ALL statement.</summary>
    private Dictionary<int, IReadOnlyList<Dictionary<string, object?>>> Samples(DuckDBConnection conn, string src, List<SampleQuery> queries,
        Dictionary<string, object?> parameters, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<Dictionary<string, object?>>>();
        if (queries.Count == 0) return result;
        var parts = queries.Select((q, i) =>
            $"SELECT {i} AS \"__quality_issue\", * FROM ({q.Select ?? $"SELECT * FROM {src} WHERE {q.Where}"} LIMIT {SampleRows})");
        var sql = string.Join("\nUNION ALL\n", parts.Select(p => $"({p})"));
        return Execute(conn, sql, parameters, ct, cmd =>
        {
            using var r = cmd.ExecuteReader();
            var read = QueryResult.Read(r, int.MaxValue, engine.Bounds);
            var names = read.Columns.Skip(1).Select(c => c.Name).ToList();
            foreach (var group in read.Rows.GroupBy(row => Convert.ToInt32(row[0], CultureInfo.InvariantCulture)))
            {
                result[group.Key] = group.Select(row =>
                {
                    var o = new Dictionary<string, object?>(names.Count, StringComparer.Ordinal);
                    for (var i = 0; i < names.Count; i++) o[names[i]] = row[i + 1];
                    return o;
                }).ToList();
            }
            return result;
        });
    }

    /// <summary>
    /// The shape class (index into <see cref="Shapes"/>) of a non-empty text cell: number and date formats by pattern
    /// first, then letter case.
    /// </summary>
    private static string ShapeSql(DatasetColumnRecord c)
    {
        var q = Quote(c.Name);
        var t = $"trim({q})";
        return $"CASE WHEN {q} IS NULL OR {t} = '' THEN NULL " +
               $"WHEN regexp_full_match({t}, '[+-]?[0-9]+([.,][0-9]+)?') THEN 0 " +
               $"WHEN regexp_full_match({t}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([ T].*)?') THEN 1 " +
               $"WHEN regexp_full_match({t}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}') THEN 2 " +
               $"WHEN regexp_full_match({t}, '[0-9]{{1,2}}[.][0-9]{{1,2}}[.][0-9]{{2,4}}') THEN 3 " +
               $"WHEN upper({t}) = lower({t}) THEN 4 " +
               $"WHEN {t} = upper({t}) THEN 5 " +
               $"WHEN {t} = lower({t}) THEN 6 " +
               $"WHEN left({t}, 1) = upper(left({t}, 1)) THEN 7 ELSE 8 END";
    }

    private object?[] ReadRow(DuckDBConnection conn, string sql, Dictionary<string, object?> parameters, CancellationToken ct) =>
        Execute(conn, sql, parameters, ct, cmd =>
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            return row;
        });

    /// <summary>Runs one statement, binding only the parameters it names; the caller's cancellation stops the engine.</summary>
    private static T Execute<T>(DuckDBConnection conn, string sql, Dictionary<string, object?> parameters, CancellationToken ct, Func<DuckDBCommand, T> run)
    {
        ct.ThrowIfCancellationRequested();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in ParameterNames().Matches(sql).Select(m => m.Value[1..]).Distinct())
            cmd.Parameters.Add(new DuckDBParameter(name, parameters[name] ?? DBNull.Value));
        using var reg = ct.Register(() =>
        {
            try { cmd.Cancel(); } catch (Exception) { /* finished */ }
        });
        try
        {
            return run(cmd);
        }
        catch (DuckDBException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (DuckDBException ex)
        {
            throw new UserFacingException("The quality assessment failed: " + Clean(ex.Message), 422, "Assessment failed");
        }
    }

    [GeneratedRegex(@"\$q[0-9]+\b")]
    private static partial Regex ParameterNames();

    private static string Pct(long n, long of) => of == 0 ? "0%" : ((double)n / of).ToString("0.#%", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Clean(string message) => EngineErrors.Brief(message);
}
