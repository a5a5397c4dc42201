using System.Data.Common;
using System.Globalization;
using DataCharts.Core.Agent;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;
using DataCharts.Core.Tests.Support;
using DuckDB.NET.Data;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>
/// A DVD-rental schema with snake_case names and no declared foreign keys, written once in SQL that DuckDB, PostgreSQL and
/// MariaDB all take: imported as a DuckDB file here (the fixture), and loaded into a fresh schema or database of a live
/// server by each test (<see cref="LoadLiveAsync"/>). It has what inference must get from the data, not the names alone:
/// a manager self-reference (staff.manager_id), a manager who is another table's row (store.manager_staff_id, whose values
/// are also store ids, as in pagila), a text key (country.country_code), a text column referencing a number key
/// (customer.address_id), a shortened reference only values confirm (film.dist_no), a well-named column whose values
/// point nowhere (film.original_distributor_id), numbers that overlap ids by accident (rental.priority), a display column
/// found by uniqueness (store.district), categories, flags, a unique note, a fractional discount.
/// </summary>
public sealed class RentalSchema : IAsyncLifetime
{
    public AskHarness H { get; } = new();

    /// <summary>The imported file's catalog record.</summary>
    public DatasetRecord File { get; private set; } = null!;

    public ValueTask InitializeAsync() => new(LoadFileAsync());

    private async Task LoadFileAsync()
    {
        var path = Path.Combine(H.T.Root, "rentals.duckdb");
        using (var c = new DuckDBConnection($"Data Source={path}"))
        {
            c.Open();
            foreach (var sql in Statements())
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
        }
        File = await H.LoadAsync("rentals", path);
    }

    public SchemaContext FileContext => H.Loader.Load(File);

    public ValueTask DisposeAsync()
    {
        H.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Loads the schema into a new PostgreSQL schema or MariaDB database of its own (the names must stay as they are, so no
    /// table prefix), and returns the settings that show just it; dispose the result to drop it.
    /// </summary>
    public static async Task<LiveCopy> LoadLiveAsync(ConnectionSettings super, bool analyze = false)
    {
        var name = $"rent_{Guid.NewGuid():N}"[..17];
        await using var c = await DataCharts.Core.Tests.Connections.LiveServers.OpenAsync(super, CancellationToken.None);
        var pg = super.Kind == ConnectionKind.PostgreSql;
        await ExecuteAsync(c, pg ? $"CREATE SCHEMA {name}" : $"CREATE DATABASE {name} CHARACTER SET utf8mb4");
        await ExecuteAsync(c, pg ? $"SET search_path TO {name}" : $"USE {name}");
        foreach (var sql in Statements()) await ExecuteAsync(c, sql);
        if (analyze) await ExecuteAsync(c, pg ? "ANALYZE" : $"ANALYZE TABLE {string.Join(", ", Tables)}");
        var settings = pg ? super with { Schemas = [name] } : super with { Database = name };
        return new LiveCopy(super, settings, name);
    }

    /// <summary>The live copy's catalog record, built as the catalog builds it: the server's names, types and row estimates.</summary>
    public static async Task<DatasetRecord> LiveRecordAsync(ConnectionSettings s)
    {
        var tables = await LiveSchema.ReadAsync(s, CancellationToken.None);
        return new DatasetRecord
        {
            Id = "live_rentals",
            Name = "rentals",
            Format = s.Kind == ConnectionKind.PostgreSql ? SqlDialects.PostgreSqlFormat : SqlDialects.MySqlFormat,
            Tables = tables.Select((t, i) => new DatasetTableRecord
            {
                Name = t.Name,
                Label = t.Name,
                RowCount = t.EstimatedRows,
                Ordinal = i,
                Columns = t.Columns.Select((c, j) => new DatasetColumnRecord { Name = c.Name, Label = c.Name, Type = c.Type, Ordinal = j }).ToList(),
            }).ToList(),
        };
    }

    /// <summary>Distinct values of low-cardinality columns read live, with the limits and rules <see cref="SchemaLoader"/> uses for files.</summary>
    public static Dictionary<string, IReadOnlyList<string>> LiveValues(LiveFactProbe probe, DatasetRecord d)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var t in d.Tables)
            foreach (var col in t.Columns.Where(x => x.Type is ColumnType.Text or ColumnType.Boolean or ColumnType.Integer))
            {
                var limit = col.Type == ColumnType.Integer ? SchemaLoader.MaxIntegerValues : SchemaLoader.MaxTextValues;
                var q = probe.Dialect.Quote(col.Name);
                var rows = probe.Rows($"SELECT DISTINCT {q} FROM {probe.Dialect.Quote(t.Name)} WHERE {q} IS NOT NULL LIMIT {limit + 1}", limit + 1);
                if (rows is not null && rows.Count <= limit)
                    values[$"{t.Name}.{col.Name}"] = rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? "").Where(v => v.Length is > 0 and <= 80).ToList();
            }
        return values;
    }

    public static async Task ExecuteAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public static readonly string[] Tables = ["address", "category", "country", "customer", "distributor", "film", "payment", "rental", "staff", "store"];

    /// <summary>The schema and its rows, one statement each, in SQL all three engines read alike.</summary>
    public static IReadOnlyList<string> Statements()
    {
        var s = new List<string>
        {
            "CREATE TABLE category (category_id INTEGER, name VARCHAR(25))",
            "CREATE TABLE distributor (distributor_id INTEGER, name VARCHAR(40), country VARCHAR(20))",
            "CREATE TABLE film (film_id INTEGER, title VARCHAR(60), category_id INTEGER, dist_no INTEGER, original_distributor_id INTEGER, rental_rate DECIMAL(4,2), length INTEGER, rating VARCHAR(5), release_year INTEGER)",
            "CREATE TABLE store (store_id INTEGER, manager_staff_id INTEGER, district VARCHAR(30), phone VARCHAR(20))",
            "CREATE TABLE staff (staff_id INTEGER, first_name VARCHAR(20), last_name VARCHAR(20), email VARCHAR(40), store_id INTEGER, manager_id INTEGER, is_remote INTEGER, hire_date DATE)",
            "CREATE TABLE country (country_code VARCHAR(2), name VARCHAR(30))",
            "CREATE TABLE address (address_id INTEGER, address VARCHAR(60), city VARCHAR(30), postal_code VARCHAR(10), country_code VARCHAR(2))",
            "CREATE TABLE customer (customer_id INTEGER, store_id INTEGER, first_name VARCHAR(20), last_name VARCHAR(20), email VARCHAR(40), address_id VARCHAR(10), active BOOLEAN, status VARCHAR(10), create_date DATE)",
            "CREATE TABLE rental (rental_id INTEGER, rental_date DATE, film_id INTEGER, customer_id INTEGER, staff_id INTEGER, return_date DATE, priority INTEGER, note VARCHAR(40))",
            "CREATE TABLE payment (payment_id INTEGER, customer_id INTEGER, staff_id INTEGER, rental_id INTEGER, amount DECIMAL(6,2), unit_price DECIMAL(5,2), quantity INTEGER, discount DECIMAL(3,2), payment_date DATE)",
        };
        string[] categories = ["Action", "Comedy", "Drama", "Horror", "Family", "Documentary"];
        string[] countries = ["USA", "France", "Japan"], ratings = ["G", "PG", "PG-13", "R", "NC-17"], cities = ["Lisbon", "Osaka", "Lyon", "Austin", "Porto", "Kobe", "Nantes"];
        string[] first = ["Mary", "John", "Linda", "James", "Susan", "Robert", "Karen", "Paul", "Nancy", "Mark"], last = ["Smith", "Jones", "Brown", "Lee", "Garcia", "Miller", "Davis", "Wilson"];
        string[] districts = ["Downtown", "Harbour", "Uptown"], statuses = ["active", "lapsed", "new"];
        string[] codes = ["PT", "JP", "FR", "US"], countryNames = ["Portugal", "Japan", "France", "United States"];
        decimal[] rates = [0.99m, 2.99m, 4.99m], discounts = [0m, 0.10m, 0.25m];
        string Day(int year, int i) => $"'{year}-{1 + i % 12:00}-{1 + i % 28:00}'";
        void Insert(string table, int count, Func<int, string> row) =>
            s.Add($"INSERT INTO {table} VALUES " + string.Join(", ", Enumerable.Range(1, count).Select(i => "(" + row(i) + ")")));

        Insert("category", 6, i => $"{i}, '{categories[i - 1]}'");
        Insert("distributor", 5, i => $"{i}, 'Distributor {i}', '{countries[i % 3]}'");
        Insert("film", 30, i => string.Create(CultureInfo.InvariantCulture,
            $"{i}, 'Film {i:00}', {1 + i % 6}, {1 + i % 5}, {90 + i % 10}, {rates[i % 3]}, {60 + i * 7 % 120}, '{ratings[i % 5]}', {1990 + i % 30}"));
        Insert("store", 3, i => $"{i}, {4 - i}, '{districts[i - 1]}', '555-010{i}'");
        Insert("staff", 8, i => $"{i}, '{first[i]}', '{last[i % 8]}', 'staff{i}@example.com', {1 + i % 3}, {(i == 1 ? "NULL" : i <= 3 ? "1" : (2 + i % 2).ToString(CultureInfo.InvariantCulture))}, {i % 2}, {Day(2015 + i, i)}");
        Insert("country", 4, i => $"'{codes[i - 1]}', '{countryNames[i - 1]}'");
        Insert("address", 40, i => $"{i}, '{i} Main Street', '{cities[i % 7]}', '{10000 + i * 37}', '{codes[i % 4]}'");
        Insert("customer", 40, i => $"{i}, {1 + i % 3}, '{first[i % 10]}', '{last[i % 8]}', 'c{i}@example.com', '{i}', {(i % 5 != 0 ? "TRUE" : "FALSE")}, '{statuses[i % 3]}', {Day(2023, i)}");
        Insert("rental", 200, i => $"{i}, {Day(2024, i)}, {1 + i % 30}, {1 + i % 40}, {1 + i % 8}, {Day(2024, i + 1)}, {1 + i % 3}, 'Note {i}'");
        Insert("payment", 200, i => string.Create(CultureInfo.InvariantCulture,
            $"{i}, {1 + i * 7 % 40}, {1 + i % 8}, {i}, {rates[i % 3] * (1 + i % 3)}, {rates[i % 3]}, {1 + i % 3}, {discounts[i % 3]}, {Day(2024, i)}"));
        return s;
    }
}

/// <summary>A live copy of the schema: the settings that show it; dispose drops it.</summary>
public sealed class LiveCopy(ConnectionSettings super, ConnectionSettings settings, string name) : IAsyncDisposable
{
    public ConnectionSettings Settings => settings;

    /// <summary>Runs a statement in the copy (as the superuser).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var c = await DataCharts.Core.Tests.Connections.LiveServers.OpenAsync(super, CancellationToken.None);
        await RentalSchema.ExecuteAsync(c, super.Kind == ConnectionKind.PostgreSql ? $"SET search_path TO {name}" : $"USE {name}");
        await RentalSchema.ExecuteAsync(c, sql);
    }

    public async ValueTask DisposeAsync()
    {
        await using var c = await DataCharts.Core.Tests.Connections.LiveServers.OpenAsync(super, CancellationToken.None);
        await RentalSchema.ExecuteAsync(c, super.Kind == ConnectionKind.PostgreSql ? $"DROP SCHEMA {name} CASCADE" : $"DROP DATABASE {name}");
    }
}
