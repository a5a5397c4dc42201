using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using DataCharts.Core.Query;
using DataCharts.Core.Settings;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Generation;

/// <summary>
/// Synthetic data: turns a checked <see cref="GenerationRequest"/> into a new dataset. Every random choice comes from one
/// <c>new Random(seed)</c>, so the same request and seed give the same rows. Rows are streamed into the new table as they
/// are made (never held as a list), and stats come from one aggregate query over the result. llm_based rows come from the
/// configured model instead (<see cref="LlmRows"/>: at most 1,000, checked, and reproducible only as far as the provider
/// honours seeds).
/// </summary>
public sealed class DataGenerator(DatasetCatalog catalog, DuckDbEngine engine, DerivedDatasets derived, SettingsStore settings, LlmRows llm)
{
    /// <summary>At most this many rows of a dataset are read to vary.</summary>
    public const int MaxSeedRows = 100_000;
    private const int TopValueCount = 5;

    /// <summary>Everything that can be refused before any row is made: bad specs, unknown fields, a missing dataset or LLM.</summary>
    public async Task ValidateAsync(GenerationRequest request, CancellationToken ct) => _ = await PlanAsync(request, ct);

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, int seed, Action<double, string?>? report = null, CancellationToken ct = default)
    {
        var plan = await PlanAsync(request, ct);
        var name = string.IsNullOrWhiteSpace(request.Name) ? plan.DefaultName : request.Name.Trim();
        DatasetRecord d;
        ViolationTally tally;
        if (plan.Model is { } model)
        {
            // At most LlmRows.MaxCount rows: they are collected, checked, then written like the other methods' rows.
            tally = new ViolationTally();
            var rows = await llm.GenerateAsync(model, request.Count, seed, request.RandomSeed is not null, tally, report, ct);
            report?.Invoke(0.9, $"Saving {rows.Count:N0} rows");
            d = await derived.CreateFromRowsAsync(name, "generated", model.Columns.Select(c => new DerivedColumn(c.Name, c.Type)).ToList(), rows, rows.Count, null, ct);
        }
        else
        {
            var source = plan.Rows!;
            tally = source.Tally;
            var rng = new Random(seed);
            IEnumerable<object?[]> Rows()
            {
                for (long i = 0; i < request.Count; i++) yield return source.Next(rng);
            }
            report?.Invoke(0, "Generating rows");
            d = await derived.CreateFromRowsAsync(name, "generated", source.Columns, Rows(), request.Count,
                p => report?.Invoke(p * 0.9, $"Generated {(long)(p * request.Count):N0} of {request.Count:N0} rows"), ct);
        }
        report?.Invoke(0.9, "Computing stats");
        var stats = Stats(d, tally.ToList());
        return new GenerationResult(d.Id, d.Name, d.Tables[0].RowCount, stats, seed, GenerationRequest.MethodName(request.Method));
    }

    /// <summary>How a request makes its rows: a seeded row source, or the configured model.</summary>
    private sealed record Plan(RowSource? Rows, LlmPlan? Model, string DefaultName);

    private async Task<Plan> PlanAsync(GenerationRequest request, CancellationToken ct)
    {
        switch (request.Method)
        {
            case GenerationMethod.Template:
                return new(new RuleRowSource(request.Template.Select(p => FieldRule.Parse(p.Key, p.Value, $"template.{p.Key}", regexPattern: false)).ToList(), request.Count),
                    null, "Generated data (template)");
            case GenerationMethod.RuleBased:
                return new(new RuleRowSource(request.Constraints.Select(p => FieldRule.Parse(p.Key, p.Value, $"field_constraints.{p.Key}", regexPattern: true)).ToList(), request.Count),
                    null, "Generated data (rule_based)");
            case GenerationMethod.Variation:
                var (seedTable, from) = await SeedAsync(request, ct);
                return new(new VariationRowSource(seedTable, request.VariationFactor, request.Constraints), null, $"Variation of {from}");
            default:
                var s = await settings.LlmAsync(ct);
                if (s.IsOffline)
                    throw new UserFacingException("llm_based generation needs an LLM provider; configure one in Settings.", 422, "LLM provider needed") { Field = "generation_method" };
                return new(null, await ModelPlanAsync(request, s, ct), "Generated data (llm_based)");
        }
    }

    /// <summary>
    /// The columns of an llm_based request: those of the seed rows (seed_data or data_id) if any, then the template's and the
    /// field constraints' fields, each with its rule (a field of the seed rows takes the type of its rule).
    /// </summary>
    private async Task<LlmPlan> ModelPlanAsync(GenerationRequest request, LlmSettings s, CancellationToken ct)
    {
        if (request.Count > LlmRows.MaxCount)
            throw FieldRule.Bad("count", $"count must be at most {LlmRows.MaxCount:N0} for llm_based generation, not {request.Count:N0}; use template or rule_based for more rows.");
        var columns = new List<LlmColumn>();
        var examples = new List<IReadOnlyDictionary<string, object?>>();
        if (request.SeedData is not null || request.DataId is not null)
        {
            var (seedTable, _) = await SeedAsync(request, ct);
            columns.AddRange(seedTable.Names.Select((n, i) => new LlmColumn(n, seedTable.Types[i], null)));
            foreach (var row in seedTable.Rows.Take(LlmRows.MaxExamples))
                examples.Add(seedTable.Names.Select((n, i) => (n, LlmRows.Plain(row[i]))).ToDictionary(x => x.n, x => x.Item2));
        }
        var rules = request.Template.Select(p => FieldRule.Parse(p.Key, p.Value, $"template.{p.Key}", regexPattern: false)).ToList();
        foreach (var (field, spec) in request.Constraints)
        {
            if (request.Template.Any(t => t.Key == field))
                throw FieldRule.Bad($"field_constraints.{field}", $"'{field}' is in both template and field_constraints: describe it once.");
            rules.Add(FieldRule.Parse(field, spec, $"field_constraints.{field}", regexPattern: true));
        }
        foreach (var rule in rules)
        {
            if (rule.Unique && rule.DomainSize < request.Count)
                throw FieldRule.Bad($"{rule.Path}.unique", $"{rule.Path} cannot be unique over {request.Count:N0} rows: it has only {rule.DomainSize:N0} possible values.");
            var column = new LlmColumn(rule.Field, rule.Type, rule);
            var at = columns.FindIndex(c => c.Name == rule.Field);
            if (at >= 0) columns[at] = column;
            else columns.Add(column);
        }
        if (columns.Count == 0)
            throw FieldRule.Bad("template", "llm_based generation needs its columns described: a template, field_constraints, seed_data or data_id.");
        return new LlmPlan(s, columns, examples);
    }

    private async Task<(SeedTable Seed, string From)> SeedAsync(GenerationRequest request, CancellationToken ct)
    {
        if (request.SeedData is { } json) return (SeedTable.FromJson(json), "seed rows");
        var d = (await catalog.GetAsync(request.DataId!, ct)).RequireImported("Generated rows");
        var table = request.Table is null ? d.Tables.OrderBy(t => t.Ordinal).First()
            : d.Tables.FirstOrDefault(t => t.Name == request.Table) ?? throw new NotFoundException($"The dataset '{d.Name}' has no table '{request.Table}'.");
        var columns = table.Columns.OrderBy(c => c.Ordinal).ToList();
        var rows = new List<object?[]>();
        using (var conn = engine.Open(d.Id))
        using (var cmd = conn.CreateCommand())
        {
            // Insertion order is kept by the engine, so the same dataset gives the same seed rows.
            cmd.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(d.Id)}.{Quote(table.Name)} LIMIT {MaxSeedRows}";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[columns.Count];
                for (var i = 0; i < columns.Count; i++) row[i] = reader.IsDBNull(i) ? null : SeedValue(reader.GetValue(i), columns[i].Type);
                rows.Add(row);
            }
        }
        if (rows.Count == 0) throw FieldRule.Bad("data_id", $"The dataset '{d.Name}' has no rows to vary.");
        return (new SeedTable(columns.Select(c => c.Name).ToList(), columns.Select(c => c.Type).ToList(), rows), d.Name);
    }

    private static object? SeedValue(object v, ColumnType type) => type switch
    {
        ColumnType.Integer => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Decimal => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Boolean => v is bool b ? b : Convert.ToBoolean(v, System.Globalization.CultureInfo.InvariantCulture),
        ColumnType.Date => v switch { DateOnly d => d, DateTime dt => DateOnly.FromDateTime(dt), _ => DateOnly.Parse(v.ToString()!, System.Globalization.CultureInfo.InvariantCulture) },
        ColumnType.Timestamp => v is DateTime dt ? dt : DateTime.Parse(v.ToString()!, System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Nulls, min, max, mean and distinct counts of every column in one aggregate query; top values of categories.</summary>
    private GenerationStats Stats(DatasetRecord d, IReadOnlyList<ViolationCount> violations)
    {
        var table = d.Tables[0];
        var target = $"{Quote(d.Id)}.{Quote(table.Name)}";
        var cols = table.Columns.OrderBy(c => c.Ordinal).ToList();
        var parts = new List<string> { "count(*)" };
        foreach (var c in cols)
        {
            var q = Quote(c.Name);
            parts.Add($"count({q})");
            parts.Add($"min({q})");
            parts.Add($"max({q})");
            parts.Add(c.Type.IsNumeric() ? $"avg({q})" : "NULL");
            parts.Add($"count(DISTINCT {q})");
        }
        using var conn = engine.Open(d.Id);
        object?[] agg;
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT {string.Join(", ", parts)} FROM {target}";
            using var reader = cmd.ExecuteReader();
            reader.Read();
            agg = new object?[reader.FieldCount];
            reader.GetValues(agg!);
        }
        var total = Convert.ToInt64(agg[0], System.Globalization.CultureInfo.InvariantCulture);
        var result = new Dictionary<string, ColumnStats>();
        for (var i = 0; i < cols.Count; i++)
        {
            var c = cols[i];
            var at = 1 + i * 5;
            var nonNull = Convert.ToInt64(agg[at], System.Globalization.CultureInfo.InvariantCulture);
            var distinct = Convert.ToInt64(agg[at + 4], System.Globalization.CultureInfo.InvariantCulture);
            var mean = agg[at + 3] is null or DBNull ? (double?)null : Convert.ToDouble(agg[at + 3], System.Globalization.CultureInfo.InvariantCulture);
            IReadOnlyList<TopValue>? top = c.Type is ColumnType.Text or ColumnType.Boolean || distinct <= 10 ? TopValues(conn, target, c) : null;
            result[c.Name] = new ColumnStats(c.Type.DisplayName(), total - nonNull, total == 0 ? 0 : (total - nonNull) / (double)total,
                QueryResult.Normalize(agg[at + 1], c.Type), QueryResult.Normalize(agg[at + 2], c.Type), mean, distinct, top);
        }
        return new GenerationStats(result, violations.Sum(v => v.Count), violations);
    }

    private static List<TopValue> TopValues(DuckDB.NET.Data.DuckDBConnection conn, string target, DatasetColumnRecord c)
    {
        var q = Quote(c.Name);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {q}, count(*) AS n FROM {target} WHERE {q} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {TopValueCount}";
        using var reader = cmd.ExecuteReader();
        var list = new List<TopValue>();
        while (reader.Read()) list.Add(new TopValue(QueryResult.Normalize(reader.GetValue(0), c.Type), reader.GetInt64(1)));
        return list;
    }
}

/// <summary>Input of a generation job: the request body as sent, and the seed chosen for it.</summary>
public sealed record GenerationJobInput(string Request, int Seed);

/// <summary>The "generate" job: makes the rows with progress; a cancellation leaves no dataset.</summary>
public sealed class GenerationJobHandler(DataGenerator generator) : IJobHandler
{
    public const string JobKind = "generate";
    public string Kind => JobKind;

    public async Task<string?> RunAsync(JobContext context)
    {
        var input = JsonSerializer.Deserialize<GenerationJobInput>(context.InputJson)!;
        using var doc = JsonDocument.Parse(input.Request);
        var request = GenerationRequest.FromJson(doc.RootElement);
        var result = await generator.GenerateAsync(request, input.Seed, context.Report, context.CancellationToken);
        return result.ToJson();
    }
}

/// <summary>Entry point shared by the API and the Data page: checks the request at once, then runs it as a job.</summary>
public sealed class DataGenerations(DataGenerator generator, JobRunner jobs)
{
    /// <summary>A request that passed every check, queued as the job <see cref="TaskId"/>.</summary>
    public sealed record Started(GenerationRequest Request, int Seed, string TaskId)
    {
        /// <summary>Whether the caller should get 202 and follow the task rather than wait.</summary>
        public bool RunsOn => Request.Async || Request.Count > GenerationRequest.SyncLimit;
    }

    public async Task<Started> StartAsync(JsonElement body, CancellationToken ct)
    {
        var request = GenerationRequest.FromJson(body);
        await generator.ValidateAsync(request, ct);
        var seed = request.RandomSeed ?? Random.Shared.Next();
        var title = $"Generate {request.Count:N0} rows ({GenerationRequest.MethodName(request.Method)})";
        var id = await jobs.EnqueueAsync(GenerationJobHandler.JobKind, title, new GenerationJobInput(body.GetRawText(), seed), ct);
        return new Started(request, seed, id);
    }

    /// <summary>Waits for the job; its result, or its failure as a <see cref="UserFacingException"/>.</summary>
    public async Task<GenerationResult> WaitAsync(string taskId, CancellationToken ct)
    {
        JobSnapshot done;
        try
        {
            done = await jobs.WaitAsync(taskId, ct);
        }
        catch (OperationCanceledException)
        {
            await jobs.CancelAsync(taskId);
            throw;
        }
        return Result(done);
    }

    /// <summary>The result of a finished generation job, or its failure as a <see cref="UserFacingException"/>.</summary>
    public static GenerationResult Result(JobSnapshot done) => done.Status switch
    {
        JobStatus.Completed => GenerationResult.FromJson(done.ResultJson!),
        JobStatus.Cancelled => throw new UserFacingException("The generation was cancelled; nothing was kept.", 409, "Generation cancelled"),
        _ => throw Failure(done),
    };

    private static UserFacingException Failure(JobSnapshot done)
    {
        using var detail = done.ErrorDetail is null ? null : JsonDocument.Parse(done.ErrorDetail);
        var root = detail?.RootElement;
        int? status = root?.TryGetProperty("status", out var s) == true && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        var title = root?.TryGetProperty("title", out var t) == true ? t.GetString() : null;
        var field = root?.TryGetProperty("field", out var f) == true ? f.GetString() : null;
        return new UserFacingException(done.Error ?? "The generation failed.", status ?? 422, title) { Field = field };
    }
}
