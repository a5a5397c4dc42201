using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataCharts.Core.Tests.Support;

/// <summary>A real engine, app database and catalog with one small orders dataset; a query runner and derived datasets over them.</summary>
public class CatalogFixture : IAsyncLifetime
{
    public const string OrdersCsv =
        "order_id,order_date,region,channel,customer,revenue\n" +
        "1,2024-01-15,North,Online,Ann,100\n" +
        "2,2024-02-10,North,Retail,Bob,200\n" +
        "3,2024-03-05,South,Online,\"x' OR 1=1 --\",50\n" +
        "4,2023-06-01,South,Partner,\"'; DROP TABLE orders; --\",400\n" +
        "5,2023-07-01,East,Online,Cy,25\n";

    public TempEngine T { get; } = new();
    public DatasetChanges Changes { get; } = new();
    public DatasetCatalog Catalog { get; private set; } = null!;
    public QueryRunner Runner { get; private set; } = null!;
    public DerivedDatasets Derived { get; private set; } = null!;
    public DatasetRecord Orders { get; private set; } = null!;

    private sealed class Db(string path) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options);
    }

    public virtual async ValueTask InitializeAsync()
    {
        var db = new Db(Path.Combine(T.Root, "app.db"));
        await using (var ctx = db.CreateDbContext()) await ctx.Database.MigrateAsync();
        Catalog = new DatasetCatalog(db, T.Engine, Changes, NullLogger<DatasetCatalog>.Instance);
        Orders = await Catalog.PublishAsync(await T.ImportAsync(T.File("orders.csv", OrdersCsv)), CancellationToken.None);
        Runner = new QueryRunner(T.Engine, new FixedOptionsMonitor<DataChartsOptions>(new DataChartsOptions()), Changes);
        Derived = new DerivedDatasets(T.Engine, Catalog);
    }

    /// <summary>The engine files of datasets (one each), published or half-written.</summary>
    public IReadOnlyList<string> DatasetFiles() => T.DatasetFiles();

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        T.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
