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
/// are made (never held as a list), and stats come from one aggregate query over the result.
/// </summary>
public sealed class DataGenerator(DatasetCatalog catalog, DuckDbEngine engine, DerivedDatasets derived, SettingsStore settings)
{
    /// <summary>At most this many rows of a dataset are read to vary.</summary>
    public const int MaxSeedRows = 100_000;
    private const int TopValueCount = 5;

    /// <summary>Everything that can be refused before any row is made: bad specs, unknown fields, a missing dataset or LLM.</summary>
    public async Task ValidateAsync(GenerationRequest request, CancellationToken ct) => _ = await PlanAsync(request, ct);

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, int seed, Action<double, string?>? report = null, CancellationToken ct = default)
    {
        var (source, defaultName) = await PlanAsync(request, ct);
        var rng = new Random(seed);
        IEnumerable<object?[]> Rows()
        {
            for (long i = 0; i < request.Count; i++) yield return source.Next(rng);
        }
        report?.Invoke(0, "Generating rows");
        var name = string.IsNullOrWhiteSpace(request.Name) ? defaultName : request.Name.Trim();
        var d = await derived.CreateFromRowsAsync(name, "generated", source.Columns, Rows(), request.Count,
            p => report?.Invoke(p * 0.9, $"Generated {(long)(p * request.Count):N0} of {request.Count:N0} rows"), ct);
        report?.Invoke(0.9, "Computing stats");
        var stats = Stats(d, source.Tally.ToList());
        return new GenerationResult(d.Id, d.Name, d.Tables[0].RowCount, stats, seed, GenerationRequest.MethodName(request.Method));
    }

    private async Task<(RowSource Source, string DefaultName)> PlanAsync(GenerationRequest request, CancellationToken ct)
    {
        switch (request.Method)
        {
            case GenerationMethod.Template:
                return (new RuleRowSource(request.Template.Select(p => FieldRule.Parse(p.Key, p.Value, $"template.{p.Key}", regexPattern: false)).ToList(), request.Count),
                    "Generated data (template)");
            case GenerationMethod.RuleBased:
                return (new RuleRowSource(request.Constraints.Select(p => FieldRule.Parse(p.Key, p.Value, $"field_constraints.{p.Key}", regexPattern: true)).ToList(), request.Count),
                    "Generated data (rule_based)");
            case GenerationMethod.Variation:
                var (seedTable, from) = await SeedAsync(request, ct);
                return (new VariationRowSource(seedTable, request.VariationFactor, request.Constraints), $"Variation of {from}");
            default:
                var llm = await settings.LlmAsync(ct);
                if (llm.IsOffline)
                    throw new UserFacingException("llm_based generation needs an LLM provider; configure one in Settings.", 422, "LLM provider needed") { Field = "generation_method" };
                throw new UserFacingException($"llm_based generation through the {llm.Provider} provider is not available in this version; use template or rule_based.", 501, "Not available")
                { Field = "generation_method" };
        }
    }

    private async Task<(SeedTable Seed, string From)> SeedAsync(GenerationRequest request, CancellationToken ct)
    {
        if (request.SeedData is { } json) return (SeedTable.FromJson(json), "seed rows");
        var d = await catalog.GetAsync(request.DataId!, ct);
        var table = request.Table is null ? d.Tables.OrderBy(t => t.Ordinal).First()
            : d.Tables.FirstOrDefault(t => t.Name == request.Table) ?? throw new NotFoundException($"The dataset '{d.Name}' has no table '{request.Table}'.");
        var columns = table.Columns.OrderBy(c => c.Ordinal).ToList();
        var rows = new List<object?[]>();
        using (var conn = engine.Open())
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
        using var conn = engine.Open();
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
