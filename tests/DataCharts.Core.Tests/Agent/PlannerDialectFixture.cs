using System.Globalization;
using System.Text;
using DataCharts.Core.Agent;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Tests.Connections;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Agent;

/// <summary>A live copy of the fixture's tables: where it is, and the planner's view of it (a live dataset, Format "postgresql" or "mysql").</summary>
public sealed record LiveShop(ConnectionSettings Settings, SchemaContext Schema);

/// <summary>
/// One small shop, written once and loaded twice: into DuckDB as a file dataset (through SQLite, as the other planner
/// tests do), and into a database of its own on each live test server, whose tables have the same names. Customers
/// (with a city missing here and there), products (with month names and shared words in their names) and orders
/// (with a few dates and discounts missing), generated from a fixed seed.
/// </summary>
public sealed class PlannerDialectFixture : IAsyncLifetime
{
    public AskHarness H { get; } = new();
    public DatasetRecord Duck { get; private set; } = null!;

    private readonly Dictionary<ConnectionKind, Task<LiveShop>> live = [];
    private readonly List<(ConnectionSettings Admin, string Database)> created = [];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A column as each side declares it: SQLite's type, PostgreSQL's, MySQL's.</summary>
    private sealed record Column(string Name, string Sqlite, string Pg, string My);

    private static readonly (string Table, Column[] Columns, string[] Keys)[] Tables =
    [
        ("customers", [new("customer_id", "INTEGER PRIMARY KEY", "integer PRIMARY KEY", "INT PRIMARY KEY"), new("customer_name", "TEXT", "varchar(60)", "VARCHAR(60)"),
            new("city", "TEXT", "varchar(40)", "VARCHAR(40)"), new("segment", "TEXT", "varchar(20)", "VARCHAR(20)"), new("signup_date", "TEXT", "date", "DATE")], []),
        ("products", [new("product_id", "INTEGER PRIMARY KEY", "integer PRIMARY KEY", "INT PRIMARY KEY"), new("product_name", "TEXT", "varchar(60)", "VARCHAR(60)"),
            new("category", "TEXT", "varchar(30)", "VARCHAR(30)"), new("list_price", "REAL", "numeric(10,2)", "DECIMAL(10,2)"),
            new("launch_month", "TEXT", "varchar(12)", "VARCHAR(12)"), new("stock", "INTEGER", "integer", "INT")], []),
        ("orders", [new("order_id", "INTEGER PRIMARY KEY", "integer PRIMARY KEY", "INT PRIMARY KEY"), new("customer_id", "INTEGER", "integer", "INT"),
            new("product_id", "INTEGER", "integer", "INT"), new("order_date", "TEXT", "date", "DATE"), new("quantity", "INTEGER", "integer", "INT"),
            new("unit_price", "REAL", "numeric(10,2)", "DECIMAL(10,2)"), new("discount", "REAL", "double precision", "DOUBLE"),
            new("amount", "REAL", "numeric(12,2)", "DECIMAL(12,2)"), new("status", "TEXT", "varchar(20)", "VARCHAR(20)"), new("returned_items", "INTEGER", "integer", "INT")],
            ["customer_id:customers", "product_id:products"]),
    ];

    public async ValueTask InitializeAsync()
    {
        var db = Path.Combine(H.T.Root, "shop.sqlite");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            c.Open();
            foreach (var sql in Script(kind: null))
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
        }
        Duck = await H.LoadAsync("shop", db);
    }

    /// <summary>The shop on a live server, created on first use in a database of its own (dropped at the end); skips when the server is absent.</summary>
    public Task<LiveShop> LiveAsync(ConnectionKind kind)
    {
        var admin = LiveServers.Require(kind);
        lock (live)
        {
            if (!live.TryGetValue(kind, out var task)) live[kind] = task = CreateAsync(admin);
            return task;
        }
    }

    private async Task<LiveShop> CreateAsync(ConnectionSettings admin)
    {
        var database = $"dcq_{Guid.NewGuid():N}"[..16];
        await ExecAsync(admin, [$"CREATE DATABASE {database}"]);
        lock (created) created.Add((admin, database));
        var settings = admin with { Database = database };
        await ExecAsync(settings, Script(admin.Kind));
        // The dataset as a live connection describes it: tables, columns, types and keys from the server's catalog.
        var tables = await LiveSchema.ReadAsync(settings, CancellationToken.None);
        var record = new DatasetRecord
        {
            Id = "live_" + database,
            Name = "shop (live)",
            Format = admin.Kind == ConnectionKind.PostgreSql ? SqlDialects.PostgreSqlFormat : SqlDialects.MySqlFormat,
            Tables = Duck.Tables.Select(d => tables.Single(t => t.Name == d.Name)).Select((t, i) => new DatasetTableRecord
            {
                Name = t.Name,
                Label = t.Name,
                Ordinal = i,
                RowCount = Math.Max(0, t.EstimatedRows),
                Columns = t.Columns.Select((c, j) => new DatasetColumnRecord { Name = c.Name, Label = c.Name, Type = c.Type, Ordinal = j }).ToList(),
            }).ToList(),
            Relations = tables.SelectMany(t => t.ForeignKeys.Select(k => Relation(t.Name, k))).ToList(),
        };
        // Distinct values read from the server as SchemaLoader reads them from DuckDB; the semantic model is the file's (the same data).
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var t in record.Tables)
            foreach (var col in t.Columns.Where(x => x.Type is ColumnType.Text or ColumnType.Boolean or ColumnType.Integer))
            {
                var limit = col.Type == ColumnType.Integer ? SchemaLoader.MaxIntegerValues : SchemaLoader.MaxTextValues;
                var q = record.Dialect().Quote(col.Name);
                var rows = await LiveDatabase.QueryAsync(settings, $"SELECT DISTINCT {q} FROM {record.Dialect().Quote(t.Name)} WHERE {q} IS NOT NULL LIMIT {limit + 1}",
                    limit + 1, ResultBounds.None, TimeSpan.FromSeconds(10), CancellationToken.None);
                var list = rows.Rows.Select(r => Convert.ToString(r[0], Inv) ?? "").ToList();
                if (list.Count <= limit) values[$"{t.Name}.{col.Name}"] = list.Where(v => v.Length is > 0 and <= 80).ToList();
            }
        var file = H.Loader.Load(Duck);
        return new LiveShop(settings, new SchemaContext(record, values) { Model = file.Model });
    }

    private static DatasetRelationRecord Relation(string table, LiveForeignKey key) =>
        new() { FromTable = table, FromColumn = key.Columns[0], ToTable = key.RefTable, ToColumn = key.RefColumns[0] };

    public async ValueTask DisposeAsync()
    {
        foreach (var (admin, database) in created)
            await ExecAsync(admin, [admin.Kind == ConnectionKind.PostgreSql ? $"DROP DATABASE IF EXISTS {database} WITH (FORCE)" : $"DROP DATABASE IF EXISTS {database}"]);
        H.Dispose();
    }

    private static async Task ExecAsync(ConnectionSettings s, IEnumerable<string> statements)
    {
        await using var c = await LiveServers.OpenAsync(s, CancellationToken.None);
        foreach (var sql in statements)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The tables and their rows as statements for SQLite (kind null) or a live server.</summary>
    private static IEnumerable<string> Script(ConnectionKind? kind)
    {
        foreach (var (table, columns, keys) in Tables)
        {
            var defs = columns.Select(c => $"{c.Name} {(kind is null ? c.Sqlite : kind == ConnectionKind.PostgreSql ? c.Pg : c.My)}")
                .Concat(keys.Select(k => k.Split(':')).Select(k => $"FOREIGN KEY ({k[0]}) REFERENCES {k[1]} ({k[0]})"));
            yield return $"CREATE TABLE {table} ({string.Join(", ", defs)})";
        }
        foreach (var (table, rows) in Rows())
            foreach (var chunk in rows.Chunk(50))
            {
                var insert = $"INSERT INTO {table} VALUES {string.Join(", ", chunk.Select(r => "(" + string.Join(", ", r) + ")"))}";
                // In MySQL's string literals a backslash escapes the next character (only the literals hold any here).
                yield return kind == ConnectionKind.MySql ? insert.Replace("\\", "\\\\", StringComparison.Ordinal) : insert;
            }
    }

    private static string S(string? v) => v is null ? "NULL" : "'" + v.Replace("'", "''") + "'";
    private static string D(DateOnly? d) => d is null ? "NULL" : "'" + d.Value.ToString("yyyy-MM-dd", Inv) + "'";
    private static string N(double? v) => v is null ? "NULL" : v.Value.ToString("0.##", Inv);

    /// <summary>Cities, one with a quote and one with a backslash: both must reach every dialect's SQL as the literal text.</summary>
    public static readonly string[] Cities = ["Lyon", "Porto", "Val d'Or", "Bergen", "Austin", "Osaka", "Zug\\Ost"];
    public static readonly string[] Segments = ["Consumer", "Corporate", "Home Office"];
    public static readonly string[] Statuses = ["Delivered", "Shipped", "Cancelled", "Returned"];

    private static readonly (string Name, string Category, double Price, string Month)[] Products =
    [
        ("Oak Chair", "Seating", 129.00, "March"), ("Mesh Chair", "Seating", 249.50, "January"), ("Steel Chair", "Seating", 89.99, "October"),
        ("Oak Desk", "Desks", 420.00, "March"), ("Glass Desk", "Desks", 515.25, "July"), ("Standing Desk", "Desks", 699.00, "December"),
        ("Floor Lamp", "Lighting", 75.40, "May"), ("Reading Lamp", "Lighting", 39.95, "February"), ("Bookshelf", "Storage", 180.00, "September"),
        ("Filing Cabinet", "Storage", 210.10, "May"), ("Monitor Arm", "Accessories", 59.00, "November"), ("Footrest", "Accessories", 34.50, "August"),
    ];

    /// <summary>Orders fall in the two years before today, so "last year" and "the past 90 days" always have some.</summary>
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static IEnumerable<(string Table, List<string[]> Rows)> Rows()
    {
        var rng = new Random(20240607);
        string[] first = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon"], last = ["Silva", "Okafor", "Martin", "Berg", "Sato", "O'Neil", "Costa", "Weber"];
        var customers = new List<string[]>();
        for (var i = 1; i <= 40; i++)
            customers.Add([i.ToString(Inv), S($"{first[i % 10]} {last[(i * 3) % 8]} {i}"), S(i % 9 == 0 ? null : Cities[rng.Next(Cities.Length)]),
                S(Segments[rng.Next(3)]), D(Today.AddDays(-30 - rng.Next(900)))]);
        yield return ("customers", customers);
        var products = Products.Select((p, i) => new[] { (i + 1).ToString(Inv), S(p.Name), S(p.Category), N(p.Price), S(p.Month), (5 + rng.Next(60)).ToString(Inv) }).ToList();
        yield return ("products", products);
        var orders = new List<string[]>();
        for (var i = 1; i <= 180; i++)
        {
            var product = 1 + rng.Next(Products.Length);
            var quantity = 1 + rng.Next(6);
            var price = Math.Round(Products[product - 1].Price * (0.9 + rng.NextDouble() * 0.2), 2);
            double? discount = i % 7 == 0 ? null : Math.Round(rng.NextDouble() * 0.25, 2);
            DateOnly? date = i % 45 == 0 ? null : Today.AddDays(-1 - rng.Next(730));
            var status = Statuses[rng.Next(10) switch { < 5 => 0, < 8 => 1, 8 => 2, _ => 3 }];
            orders.Add([i.ToString(Inv), (1 + rng.Next(37)).ToString(Inv), product.ToString(Inv), D(date), quantity.ToString(Inv), N(price), N(discount),
                N(Math.Round(quantity * price * (1 - (discount ?? 0)), 2)), S(status), (status == "Returned" ? rng.Next(quantity + 1) : 0).ToString(Inv)]);
        }
        yield return ("orders", orders);
    }
}
