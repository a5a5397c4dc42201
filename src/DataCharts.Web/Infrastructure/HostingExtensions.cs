using System.Text.Json;
using System.Text.Json.Serialization;
using DataCharts.Core.Agent;
using DataCharts.Core.Agent.Llm;
using DataCharts.Core.Agent.Offline;
using DataCharts.Core.Settings;
using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Filters;
using DataCharts.Core.Jobs;
using DataCharts.Core.Notebooks;
using DataCharts.Core.Query;
using DataCharts.Core.Reports;
using DataCharts.Core.Storage;
using DataCharts.Web.Accounts;
using DataCharts.Web.Api;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Serilog;

namespace DataCharts.Web.Infrastructure;

/// <summary>Service registration and the request pipeline, so Program.cs stays a few lines.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddDataCharts(this WebApplicationBuilder builder)
    {
        // Everything reads options lazily, so test hosts and environment variables can override them.
        builder.Services.AddOptions<DataChartsOptions>().BindConfiguration(DataChartsOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0, "DataCharts:MaxUploadBytes must be positive")
            .Validate(o => o.JobConcurrency is >= 1 and <= 64, "DataCharts:JobConcurrency must be between 1 and 64")
            .Validate(o => o.AskConcurrency >= 1 && o.AskQueue >= 0, "DataCharts:AskConcurrency must be at least 1 and DataCharts:AskQueue at least 0")
            .Validate(o => o.MaxFormValueBytes > 0 && o.MaxFormFields > 0, "DataCharts:MaxFormValueBytes and DataCharts:MaxFormFields must be positive")
            .Validate(o => o.MaxInflatedBytes > 0 && o.MaxInflateRatio >= 1, "DataCharts:MaxInflatedBytes must be positive and DataCharts:MaxInflateRatio at least 1")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new DataPaths(Path.GetFullPath(
            sp.GetRequiredService<IOptions<DataChartsOptions>>().Value.DataDir, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));

        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console()
            .WriteTo.File(Path.Combine(services.GetRequiredService<DataPaths>().Logs, "datacharts-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true),
            preserveStaticLogger: true); // each host (tests run several) keeps its own logger; nothing global

        builder.Services.AddDataProtection().SetApplicationName("DataCharts");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(sp.GetRequiredService<DataPaths>().Root, "keys")),
                sp.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddDbContextFactory<AppDbContext>((sp, o) => o.UseSqlite($"Data Source={sp.GetRequiredService<DataPaths>().AppDatabase}"));
        builder.Services.AddSingleton<DuckDbEngine>();
        builder.Services.AddSingleton<DatasetChanges>();
        builder.Services.AddSingleton<DatasetCatalog>();
        builder.Services.AddSingleton<DerivedDatasets>();
        builder.Services.AddSingleton<FilterService>();
        builder.Services.AddSingleton<DataCharts.Core.Expressions.ExpressionService>();
        builder.Services.AddSingleton<QueryRunner>();
        builder.Services.AddSingleton<DataCharts.Core.Connections.ConnectionCatalog>();
        builder.Services.AddSingleton<DataCharts.Core.Connections.LiveTables>();
        builder.Services.AddSingleton<DataCharts.Core.Connections.LiveQueries>();
        builder.Services.AddSingleton<DataCharts.Core.Connections.CopyImports>();
        builder.Services.AddSingleton<IJobHandler, DataCharts.Core.Connections.CopyImportJobHandler>();
        builder.Services.AddSingleton<DataCharts.Core.Semantics.SemanticModels>();
        builder.Services.AddSingleton<SchemaLoader>();
        builder.Services.AddSingleton<QueryLimits>();
        builder.Services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        builder.Services.AddSingleton<SettingsStore>();
        builder.Services.AddSingleton<OfflinePlanner>();
        builder.Services.AddSingleton<DataChartsPlugin>();
        builder.Services.AddSingleton<IHttpClientFactoryLite, DefaultHttpClientFactory>();
        builder.Services.AddSingleton<KernelFactory>();
        builder.Services.AddSingleton<KernelAgent>();
        builder.Services.AddSingleton<ConnectionTest>();
        builder.Services.AddSingleton<IAnswerAgent, AgentRouter>();
        builder.Services.AddSingleton<ChartStore>();
        builder.Services.AddSingleton<AskService>();
        builder.Services.AddSingleton<DataCharts.Core.Presentation.KpiComparisons>();
        builder.Services.AddSingleton<DataCharts.Web.Pages.Shared.ResultFormats>();
        builder.Services.AddSingleton<ResultExport>();
        builder.Services.AddSingleton<DataCharts.Web.Pages.Chat.AskSessions>();
        builder.Services.AddSingleton<PartialRenderer>();
        builder.Services.AddSingleton(sp => new ReportLibrary(
            HostPaths.FindPagesDir(sp.GetRequiredService<IOptions<DataChartsOptions>>().Value.PagesDir, sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
            sp.GetRequiredService<ILogger<ReportLibrary>>()));
        builder.Services.AddSingleton<ReportEvaluator>();
        builder.Services.AddSingleton<NotebookService>();
        builder.Services.AddSingleton<NotebookRunner>();
        builder.Services.AddSingleton<DataCharts.Web.Pages.Analysis.NotebookExport>();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton<DatasetImports>();
        builder.Services.AddSingleton<DatasetReader>();
        builder.Services.AddSingleton<DataCharts.Core.Processing.DatasetProcessor>();
        builder.Services.AddSingleton<DataCharts.Core.Processing.DatasetExport>();
        builder.Services.AddSingleton<DemoData>();
        builder.Services.AddSingleton<IJobHandler, ImportJobHandler>();
        builder.Services.AddSingleton<DataCharts.Core.Generation.LlmRows>();
        builder.Services.AddSingleton<DataCharts.Core.Generation.DataGenerator>();
        builder.Services.AddSingleton<DataCharts.Core.Generation.DataGenerations>();
        builder.Services.AddSingleton<IJobHandler, DataCharts.Core.Generation.GenerationJobHandler>();
        builder.Services.AddSingleton<DataCharts.Core.Quality.QualityStore>();
        builder.Services.AddSingleton(sp => new DataCharts.Core.Quality.QualityService(sp.GetRequiredService<DuckDbEngine>(),
            sp.GetRequiredService<DatasetCatalog>(), sp.GetRequiredService<DataCharts.Core.Quality.QualityStore>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IJobHandler, DataCharts.Core.Quality.QualityJobHandler>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService<StartupInitializer>();
        builder.Services.AddHostedService<ConfiguredConnections>(); // after the app database is migrated

        builder.Services.AddOptions<DataCharts.Web.Api.MonitoringOptions>().BindConfiguration(DataCharts.Web.Api.MonitoringOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataCharts.Web.Monitoring.MetricsCollector>();
        builder.Services.AddProblemDetails();
        builder.Services.AddApiReference();
        builder.Services.AddHealthChecks()
            .AddCheck<AppDatabaseHealthCheck>("app-database", tags: ["ready"])
            .AddCheck<EngineHealthCheck>("data-engine", tags: ["ready"]);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddRazorPages().AddRazorReports(builder.Configuration, builder.Environment);
        builder.Services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        builder.AddAccounts();

        // Uploads stream to disk; the limit is ours (checked while copying), plus room for the multipart envelope.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<DataChartsOptions>>((k, o) =>
            k.Limits.MaxRequestBodySize = o.Value.MaxUploadBytes + (1 << 20));
        builder.Services.AddFormLimits();
        builder.Services.AddAskLimiter();
        return builder;
    }

    public static WebApplication UseDataCharts(this WebApplication app)
    {
        app.Services.GetRequiredService<DataCharts.Web.Monitoring.MetricsCollector>(); // listening from the first request
        app.UseMiddleware<ProcessTimeMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorResponses.HandleAsync });
        app.UseStatusCodePages(ErrorResponses.StatusCodePageAsync);
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            // The error page rendered for a failed request is not a request of its own: the failed request is logged
            // once, under its own path (a missing file is "GET /x.png responded 404", not also "GET /Error").
            o.GetLevel = (c, _, ex) => ErrorResponses.IsReExecuted(c) ? Serilog.Events.LogEventLevel.Verbose
                : ex is not null || c.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error : Serilog.Events.LogEventLevel.Information;
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
        app.UseMiddleware<UserFacingErrorMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<ApiCrossSiteGuard>();
        app.UseAccounts();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<UploadFormMiddleware>(); // after authorization: nothing is staged for someone who may not upload
        // One rate limiter for every policy (sign-in per address, the ask queue); after authorization, so a refused caller
        // takes no place in the ask queue.
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Endpoints and pages are mapped under the rules of who may reach them (Accounts/AccessRules.cs).
        app.MapEndpointsByAccess();
        app.MapRazorPages();
        return app;
    }
}

/// <summary>snake_case JSON with enums as lower-case strings, as PRODUCT.md §4 prescribes.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        return o;
    }
}

/// <summary>Brings storage up before Kestrel listens: migrations, job recovery, orphan cleanup, demo data.</summary>
public sealed class StartupInitializer(
    IDbContextFactory<AppDbContext> db, JobRunner jobs, DatasetCatalog catalog, DatasetImports imports, DemoData demo, SettingsStore settings, QueryLimits limits,
    DataPaths paths, IOptions<DataChartsOptions> options, ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using (var ctx = await db.CreateDbContextAsync(ct)) await ctx.Database.MigrateAsync(ct);
        await jobs.StartAsync(ct);
        await settings.ApplyLimitsAsync(limits, ct);
        settings.Changed += () => _ = settings.ApplyLimitsAsync(limits, CancellationToken.None);
        imports.CleanStaging();
        await catalog.RemoveOrphansAsync(ct);
        if (options.Value.DemoData && !File.Exists(paths.DemoMarker) && (await catalog.ListAsync(ct)).Count == 0)
        {
            var d = await demo.CreateAsync(ct);
            await File.WriteAllTextAsync(paths.DemoMarker, d.Id, ct);
            logger.LogInformation("Created the demo dataset {Name} ({Id})", d.Name, d.Id);
        }
        logger.LogInformation("DataCharts data directory: {DataDir}", paths.Root);
    }

    public async Task StopAsync(CancellationToken ct) => await jobs.DisposeAsync();
}
