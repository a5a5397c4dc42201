using DataCharts.Core.Generation;
using DataCharts.Core.Jobs;
using DataCharts.Core.Settings;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Tests.Generation;

/// <summary>The catalog fixture plus the generator, the offline settings and a running job runner with the generation job.</summary>
public sealed class GenerationFixture : CatalogFixture, IAsyncLifetime
{
    public DataGenerator Generator { get; private set; } = null!;
    public DataGenerations Generations { get; private set; } = null!;
    public JobRunner Jobs { get; private set; } = null!;
    public SettingsStore Settings { get; private set; } = null!;

    private sealed class Db(string path) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options);
    }

    private sealed class PlainSecrets : ISecretProtector
    {
        public string Protect(string plain) => plain;
        public string? Unprotect(string protectedValue) => protectedValue;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var db = new Db(Path.Combine(T.Root, "app.db"));
        Settings = new SettingsStore(db, new PlainSecrets());
        var kernels = new DataCharts.Core.Agent.Llm.KernelFactory(new DataCharts.Core.Agent.Llm.DataChartsPlugin(), new DataCharts.Core.Agent.Llm.DefaultHttpClientFactory());
        Generator = new DataGenerator(Catalog, T.Engine, Derived, Settings, new LlmRows(kernels, NullLogger<LlmRows>.Instance));
        Jobs = new JobRunner(db, [new GenerationJobHandler(Generator)], Options.Create(new DataChartsOptions { JobConcurrency = 1 }), NullLogger<JobRunner>.Instance);
        await Jobs.StartAsync(CancellationToken.None);
        Generations = new DataGenerations(Generator, Jobs);
    }

    public new async ValueTask DisposeAsync()
    {
        await Jobs.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Generates from a JSON body (with the given seed) straight through the generator.</summary>
    public Task<GenerationResult> GenerateAsync(string json, int seed = 42, CancellationToken ct = default)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return Generator.GenerateAsync(GenerationRequest.FromJson(doc.RootElement), seed, null, ct);
    }

    /// <summary>All rows of a generated dataset in table order, values as the API shows them (dates as text).</summary>
    public IReadOnlyList<object?[]> Rows(string dataId)
    {
        using var c = T.Engine.Open(dataId);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {Quote(dataId)}.{Quote("generated")}";
        using var r = cmd.ExecuteReader();
        return DataCharts.Core.Query.QueryResult.Read(r).Rows;
    }
}
