using System.Globalization;
using System.Text;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DuckDB.NET.Data;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Processing;

/// <summary>What one clean-up step did: <paramref name="RowsAffected"/> counts rows changed (or removed).</summary>
public sealed record ProcessStep(string Step, string Detail, long RowsAffected);

/// <summary>A cleaned copy of a table: the new dataset, the source, row counts and what each step did.</summary>
public sealed record ProcessOutcome(DatasetRecord Result, DatasetRecord Source, string Table, long RowsBefore, long RowCount, IReadOnlyList<ProcessStep> Steps)
{
    public long RowsRemoved => RowsBefore - RowCount;
}

/// <summary>
/// Cleans a table into a new dataset (the source stays as it is): trim whitespace, drop empty rows, cast types, fill
/// nulls, remove duplicates, in that order. The options become one SQL statement made here — identifiers quoted, every
/// user value a named parameter — that <see cref="DerivedDatasets"/> runs all-or-nothing; a second, read-only query over
/// the same steps counts what each did.
/// </summary>
/// <remarks>
/// A value that cannot be cast becomes null (TRY_CAST) rather than failing the whole copy: the cast step reports, per
/// column, how many values were lost and one example, so the user can fix them or fill them in the same request.
/// Rows keep their original order; of duplicate rows the first is kept.
/// </remarks>
public sealed class DatasetProcessor(DuckDbEngine engine, DatasetCatalog catalog, DerivedDatasets derived)
{
    /// <summary>The characters trimming removes: space, tab, line breaks, vertical tab, form feed, no-break space.</summary>
    private const string Whitespace = "chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160)";

    public async Task<ProcessOutcome> ProcessAsync(ProcessRequest request, CancellationToken ct = default)
    {
        var source = (await catalog.GetAsync(request.DataId, ct)).RequireImported("Cleaning steps");
        var table = TableOf(source, request.Table);
        var options = request.Options;
        if (options.IsEmpty)
            throw new UserFacingException($"Choose at least one step in preprocess_options: {string.Join(", ", PreprocessOptions.Names)}.") { Field = "preprocess_options" };
        var plan = await PlanAsync(source, table, options, ct);
        var stats = Stats(source.Id, plan);
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{source.Name} (cleaned)" : request.Name.Trim();
        var labels = table.Columns.ToDictionary(c => c.Name, c => options.TrimWhitespace ? c.Label.Trim() : c.Label);
        var result = await derived.CreateFromQueryAsync(name, source.Id, table.Name, plan.Select, plan.Parameters, labels, ct: ct);
        return new ProcessOutcome(result, source, table.Name, stats.RowsBefore, result.Tables[0].RowCount, stats.Steps);
    }

    /// <summary>The table asked for (the first when none), or 400 listing the tables.</summary>
    public static DatasetTableRecord TableOf(DatasetRecord d, string? table) =>
        string.IsNullOrWhiteSpace(table) ? d.Tables.First()
        : d.Tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase))
          ?? throw new UserFacingException($"Dataset '{d.Name}' has no table '{table}': its tables are {string.Join(", ", d.Tables.Select(t => t.Name))}.") { Field = "table" };

    /// <summary>The column of <paramref name="t"/> named <paramref name="name"/> (any case), or 400 naming it and listing the columns.</summary>
    public static DatasetColumnRecord ColumnOf(DatasetTableRecord t, string name, string field) =>
        t.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UserFacingException($"Unknown column '{name}' in {field}: table '{t.Name}' has {string.Join(", ", t.Columns.Select(c => c.Name))}.") { Field = field };

    /// <summary>One CTE layer per step, and the counts the stats query reads from them.</summary>
    internal sealed class Plan
    {
        public List<(string Name, string Sql)> Layers { get; } = [];
        public Dictionary<string, object?> Parameters { get; } = [];
        public List<string> StatExpressions { get; } = [];
        public List<Func<Func<int, object?>, ProcessStep>> Steps { get; } = [];
        public string Select { get; set; } = "";
        public string With => "WITH " + string.Join(",\n", Layers.Select(l => $"{l.Name} AS ({l.Sql})"));
        public string Last => Layers[^1].Name;

        /// <summary>Adds a statistic and returns its position in the stats row.</summary>
        public int Stat(string sql)
        {
            StatExpressions.Add(sql);
            return StatExpressions.Count - 1;
        }

        public string Bind(object value)
        {
            var name = "p" + Parameters.Count;
            Parameters[name] = value;
            return "$" + name;
        }
    }

    internal async Task<Plan> PlanAsync(DatasetRecord d, DatasetTableRecord t, PreprocessOptions o, CancellationToken ct)
    {
        var plan = new Plan();
        var columns = t.Columns;
        var types = columns.ToDictionary(c => c.Name, c => c.Type);
        var row = "__row";
        while (columns.Any(c => string.Equals(c.Name, row, StringComparison.OrdinalIgnoreCase))) row += "_";
        var qrow = Quote(row);
        plan.Layers.Add(("src", $"SELECT *, row_number() OVER () AS {qrow} FROM {Quote(d.Id)}.{Quote(t.Name)}"));
        var rowsBefore = plan.Stat("(SELECT count(*) FROM src)");
        var text = columns.Where(c => c.Type == ColumnType.Text).ToList();

        // Validate every named column before anything runs, so one request gets every mistake's first one.
        var casts = o.CastTypes.Select(kv => (Column: ColumnOf(t, kv.Key, $"preprocess_options.cast_types.{kv.Key}"), Type: kv.Value)).ToList();
        foreach (var (c, to) in casts)
            if (!CanCast(c.Type, to))
                throw new UserFacingException($"Column '{c.Name}' is {c.Type.DisplayName()} and cannot be cast to {to.DisplayName()}: cast it to text first, or choose another type.")
                { Field = $"preprocess_options.cast_types.{c.Name}" };
        var keys = o.DedupeColumns.Select(k => ColumnOf(t, k, "preprocess_options.dedupe_columns")).ToList();
        if (keys.Count > 0 && !o.RemoveDuplicates)
            throw new UserFacingException("dedupe_columns needs remove_duplicates: true.") { Field = "preprocess_options.dedupe_columns" };
        foreach (var key in o.FillNulls.Keys.Where(k => k != "*")) ColumnOf(t, key, $"preprocess_options.fill_nulls.{key}");

        if (o.TrimWhitespace && text.Count > 0)
        {
            var prev = plan.Last;
            plan.Layers.Add(("trimmed", $"SELECT * REPLACE ({string.Join(", ", text.Select(c => $"trim({Quote(c.Name)}, {Whitespace}) AS {Quote(c.Name)}"))}) FROM {prev}"));
            var changed = text.Select(c => $"{Quote(c.Name)} <> trim({Quote(c.Name)}, {Whitespace})").ToList();
            var perColumn = text.Select(c => plan.Stat($"(SELECT count(*) FILTER (WHERE {Quote(c.Name)} <> trim({Quote(c.Name)}, {Whitespace})) FROM {prev})")).ToList();
            var rows = plan.Stat($"(SELECT count(*) FILTER (WHERE {string.Join(" OR ", changed)}) FROM {prev})");
            plan.Steps.Add(v =>
            {
                var touched = text.Select((c, i) => (c.Name, N: Convert.ToInt64(v(perColumn[i]), CultureInfo.InvariantCulture))).Where(x => x.N > 0).ToList();
                var detail = touched.Count == 0 ? "No text value had leading or trailing whitespace."
                    : $"Trimmed {touched.Sum(x => x.N)} value{S(touched.Sum(x => x.N))}: " + string.Join(", ", touched.Select(x => $"{x.Name} {x.N}")) + ".";
                return new ProcessStep("trim_whitespace", detail, Convert.ToInt64(v(rows), CultureInfo.InvariantCulture));
            });
        }
        else if (o.TrimWhitespace)
        {
            plan.Steps.Add(_ => new ProcessStep("trim_whitespace", "No text columns to trim.", 0));
        }

        if (o.DropEmptyRows)
        {
            var prev = plan.Last;
            var empty = string.Join(" AND ", columns.Select(c => c.Type == ColumnType.Text
                ? $"({Quote(c.Name)} IS NULL OR trim({Quote(c.Name)}, {Whitespace}) = '')"
                : $"{Quote(c.Name)} IS NULL"));
            plan.Layers.Add(("kept", $"SELECT * FROM {prev} WHERE NOT ({empty})"));
            var removed = plan.Stat($"(SELECT count(*) FROM {prev}) - (SELECT count(*) FROM kept)");
            plan.Steps.Add(v =>
            {
                var n = Convert.ToInt64(v(removed), CultureInfo.InvariantCulture);
                return new ProcessStep("drop_empty_rows", $"Removed {n} row{S(n)} with no values (null or blank in every column).", n);
            });
        }

        if (casts.Count > 0)
        {
            var prev = plan.Last;
            plan.Layers.Add(("typed", $"SELECT * REPLACE ({string.Join(", ", casts.Select(x => $"TRY_CAST({Quote(x.Column.Name)} AS {x.Type.ToDuckDb()}) AS {Quote(x.Column.Name)}"))}) FROM {prev}"));
            var stats = casts.Select(x =>
            {
                var c = Quote(x.Column.Name);
                var lost = $"{c} IS NOT NULL AND TRY_CAST({c} AS {x.Type.ToDuckDb()}) IS NULL";
                return (Failed: plan.Stat($"(SELECT count(*) FILTER (WHERE {lost}) FROM {prev})"),
                        Sample: plan.Stat($"(SELECT CAST(min({c}) FILTER (WHERE {lost}) AS VARCHAR) FROM {prev})"));
            }).ToList();
            var anyLost = string.Join(" OR ", casts.Select(x => $"({Quote(x.Column.Name)} IS NOT NULL AND TRY_CAST({Quote(x.Column.Name)} AS {x.Type.ToDuckDb()}) IS NULL)"));
            var rows = plan.Stat($"(SELECT count(*) FILTER (WHERE {anyLost}) FROM {prev})");
            foreach (var (c, to) in casts) types[c.Name] = to;
            plan.Steps.Add(v =>
            {
                var parts = casts.Select((x, i) =>
                {
                    var failed = Convert.ToInt64(v(stats[i].Failed), CultureInfo.InvariantCulture);
                    var head = $"{x.Column.Name} {x.Column.Type.DisplayName()} → {x.Type.DisplayName()}";
                    return failed == 0 ? head
                        : $"{head} ({failed} value{S(failed)} could not be cast and became null, e.g. '{v(stats[i].Sample)}')";
                });
                return new ProcessStep("cast_types", "Cast " + string.Join("; ", parts) + ".", Convert.ToInt64(v(rows), CultureInfo.InvariantCulture));
            });
        }

        var fills = await FillsAsync(t, types, o.FillNulls, plan, ct);
        if (fills.Rules.Count > 0)
        {
            var prev = plan.Last;
            plan.Layers.Add(("filled", $"SELECT * REPLACE ({string.Join(", ", fills.Rules.Select(x => $"coalesce({Quote(x.Column)}, {x.Sql}) AS {Quote(x.Column)}"))}) FROM {prev}"));
            var stats = fills.Rules.Select(x => plan.Stat($"(SELECT count(*) - count({Quote(x.Column)}) FROM {prev}) - (SELECT count(*) - count({Quote(x.Column)}) FROM filled)")).ToList();
            var rows = plan.Stat($"(SELECT count(*) FILTER (WHERE {string.Join(" OR ", fills.Rules.Select(x => $"{Quote(x.Column)} IS NULL"))}) FROM {prev})" +
                                 $" - (SELECT count(*) FILTER (WHERE {string.Join(" OR ", fills.Rules.Select(x => $"{Quote(x.Column)} IS NULL"))}) FROM filled)");
            plan.Steps.Add(v =>
            {
                var parts = fills.Rules.Select((x, i) => $"{x.Column} {Convert.ToInt64(v(stats[i]), CultureInfo.InvariantCulture)} with {x.Rule.Describe()}").ToList();
                var detail = "Filled nulls: " + string.Join(", ", parts) + ".";
                if (fills.Skipped.Count > 0) detail += " Left as they were (the \"*\" rule does not fit their type): " + string.Join(", ", fills.Skipped) + ".";
                return new ProcessStep("fill_nulls", detail, Convert.ToInt64(v(rows), CultureInfo.InvariantCulture));
            });
        }
        else if (o.FillNulls.Count > 0)
        {
            plan.Steps.Add(_ => new ProcessStep("fill_nulls", "No column fits the \"*\" rule: nothing was filled.", 0));
        }

        if (o.RemoveDuplicates)
        {
            var prev = plan.Last;
            var by = (keys.Count > 0 ? keys : columns).Select(c => Quote(c.Name));
            plan.Layers.Add(("deduped", $"SELECT * FROM {prev} QUALIFY row_number() OVER (PARTITION BY {string.Join(", ", by)} ORDER BY {qrow}) = 1"));
            var removed = plan.Stat($"(SELECT count(*) FROM {prev}) - (SELECT count(*) FROM deduped)");
            var on = keys.Count > 0 ? "the same " + string.Join(", ", keys.Select(k => k.Name)) : "identical rows";
            plan.Steps.Add(v =>
            {
                var n = Convert.ToInt64(v(removed), CultureInfo.InvariantCulture);
                return new ProcessStep("remove_duplicates", $"Removed {n} duplicate row{S(n)} ({on}; the first of each is kept).", n);
            });
        }

        plan.Select = $"{plan.With}\nSELECT * EXCLUDE ({qrow}) FROM {plan.Last} ORDER BY {qrow}";
        return plan;
    }

    private sealed record FillSql(string Column, FillRule Rule, string Sql);

    /// <summary>The coalesce expression of each filled column; "*" covers the columns without their own rule that it fits.</summary>
    private async Task<(List<FillSql> Rules, List<string> Skipped)> FillsAsync(DatasetTableRecord t, Dictionary<string, ColumnType> types,
        IReadOnlyDictionary<string, FillRule> rules, Plan plan, CancellationToken ct)
    {
        var result = new List<FillSql>();
        var skipped = new List<string>();
        rules.TryGetValue("*", out var all);
        foreach (var c in t.Columns)
        {
            var own = rules.FirstOrDefault(r => string.Equals(r.Key, c.Name, StringComparison.OrdinalIgnoreCase) && r.Key != "*").Value;
            var rule = own ?? all;
            if (rule is null) continue;
            var type = types[c.Name];
            var field = $"preprocess_options.fill_nulls.{(own is null ? "*" : c.Name)}";
            var problem = rule.Strategy switch
            {
                FillStrategy.Mean or FillStrategy.Median or FillStrategy.Zero when !type.IsNumeric() => $"{rule.Describe()} needs a number column",
                FillStrategy.Empty when type != ColumnType.Text => "empty needs a text column",
                FillStrategy.Value when !await FitsAsync(rule.Value!, type, ct) => $"the value {rule.Describe()} is not a {type.DisplayName()}",
                _ => null,
            };
            if (problem is not null)
            {
                if (own is null)
                {
                    skipped.Add(c.Name);
                    continue;
                }
                throw new UserFacingException($"Cannot fill column '{c.Name}' ({type.DisplayName()}): {problem}.") { Field = field };
            }
            var q = Quote(c.Name);
            var duck = type.ToDuckDb();
            var sql = rule.Strategy switch
            {
                FillStrategy.Mean => $"CAST(avg({q}) OVER () AS {duck})",
                FillStrategy.Median => $"CAST(median({q}) OVER () AS {duck})",
                FillStrategy.Mode => $"mode({q}) OVER ()",
                FillStrategy.Zero => $"CAST(0 AS {duck})",
                FillStrategy.Empty => "''",
                _ => $"CAST({plan.Bind(rule.Value!)} AS {duck})",
            };
            result.Add(new FillSql(c.Name, rule, sql));
        }
        return (result, skipped);
    }

    /// <summary>Does the engine read <paramref name="value"/> as a <paramref name="type"/>? (The same cast the statement makes.)</summary>
    private async Task<bool> FitsAsync(object value, ColumnType type, CancellationToken ct)
    {
        using var conn = engine.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT TRY_CAST($v AS {type.ToDuckDb()}) IS NOT NULL";
        cmd.Parameters.Add(new DuckDBParameter("v", value));
        return await Task.Run(() => cmd.ExecuteScalar() is true, ct);
    }

    /// <summary>Casts the engine can make between the app's types (text to and from anything; numbers, booleans; dates and timestamps).</summary>
    public static bool CanCast(ColumnType from, ColumnType to) =>
        from == to || from == ColumnType.Text || to == ColumnType.Text
        || (from.IsNumeric() || from == ColumnType.Boolean) && (to.IsNumeric() || to == ColumnType.Boolean)
        || from.IsTemporal() && to.IsTemporal();

    private (long RowsBefore, List<ProcessStep> Steps) Stats(string datasetId, Plan plan)
    {
        using var conn = engine.Open(datasetId);
        using var cmd = conn.CreateCommand();
        var sb = new StringBuilder(plan.With).Append("\nSELECT ");
        sb.Append(string.Join(",\n  ", plan.StatExpressions));
        cmd.CommandText = sb.ToString();
        foreach (var (k, v) in plan.Parameters) cmd.Parameters.Add(new DuckDBParameter(k, v ?? DBNull.Value));
        using var r = cmd.ExecuteReader();
        r.Read();
        var values = new object?[r.FieldCount];
        for (var i = 0; i < values.Length; i++) values[i] = r.IsDBNull(i) ? null : r.GetValue(i);
        object? V(int i) => values[i];
        return (Convert.ToInt64(values[0], CultureInfo.InvariantCulture), plan.Steps.Select(s => s(V)).ToList());
    }

    private static string S(long n) => n == 1 ? "" : "s";
}
