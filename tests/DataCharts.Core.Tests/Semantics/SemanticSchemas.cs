using System.Globalization;
using System.Text;
using DataCharts.Core.Agent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>
/// Schemas authored for the semantic model: a snake_case shop without declared keys, an HR schema with managers, a
/// CamelCase music store with declared keys, a one-table survey, each imported into a real engine.
/// </summary>
public sealed class SemanticSchemas : IAsyncLifetime
{
    public AskHarness H { get; } = new();

    public DatasetRecord Shop { get; private set; } = null!;
    public DatasetRecord Hr { get; private set; } = null!;
    public DatasetRecord Music { get; private set; } = null!;
    public DatasetRecord Survey { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Shop = await H.LoadAsync("shop", Sqlite("shop.sqlite", ShopSql()));
        Hr = await H.LoadAsync("hr", Sqlite("hr.sqlite", HrSql()));
        Music = await H.LoadAsync("music", Sqlite("music.sqlite", MusicSql()));
        var csv = new StringBuilder("respondent_id,age,gender,country,satisfaction_pct,smoker,visit_date,birth_year,weight_kg,state,visit_day\n");
        string[] countries = ["Germany", "France", "USA", "United Kingdom", "Brazil"], states = ["CA", "NY", "TX", "WA"], days = ["Mon", "Tue", "Sat"];
        for (var i = 1; i <= 60; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{20 + i % 40},{(i % 2 == 0 ? "female" : "male")},{countries[i % 5]},{i % 101},{(i % 3 == 0 ? "yes" : "no")},2024-{1 + i % 12:00}-{1 + i % 27:00},{1950 + i % 50},{50 + i % 40}.5,{states[i % 4]},{days[i % 3]}\n");
        Survey = await H.LoadAsync("survey", H.T.File("survey.csv", csv.ToString()));
    }

    public SchemaContext Load(DatasetRecord d) => H.Loader.Load(d);

    private string Sqlite(string file, string sql)
    {
        var path = Path.Combine(H.T.Root, file);
        using var c = new SqliteConnection($"Data Source={path};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        return path;
    }

    /// <summary>No declared keys. orders.priority (1..3) and orders.store_number (1..5) overlap customer and product ids in value only.</summary>
    private static string ShopSql()
    {
        var sb = new StringBuilder("""
            CREATE TABLE customers (id INTEGER, company_name TEXT, contact_name TEXT, country TEXT);
            CREATE TABLE shippers (shipper_id INTEGER, company_name TEXT, phone TEXT);
            CREATE TABLE products (product_id INTEGER, product_name TEXT, unit_price REAL, category TEXT);
            CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, shipper_id INTEGER, order_date TEXT, freight REAL, priority INTEGER, store_number INTEGER);
            CREATE TABLE order_lines (order_id INTEGER, product_id INTEGER, unit_price REAL, quantity INTEGER, discount REAL);
            INSERT INTO shippers VALUES (1, 'Speedy Express', '555-1'), (2, 'United Package', '555-2'), (3, 'Federal Shipping', '555-3');
            """);
        string[] countries = ["Germany", "France", "USA", "UK", "Brazil", "Mexico"];
        for (var i = 1; i <= 12; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO customers VALUES ({i}, 'Company {i}', 'Contact {i % 4}', '{countries[i % 6]}');\n");
        for (var i = 1; i <= 8; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO products VALUES ({i}, 'Product {i}', {10 + i}.5, 'Cat {i % 3}');\n");
        for (var i = 1; i <= 40; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO orders VALUES ({100 + i}, {1 + i % 12}, {1 + i % 3}, '2024-{1 + i % 12:00}-15', {i * 1.5}, {1 + i % 3}, {1 + i % 5});\n");
            for (var j = 0; j < 1 + i % 3; j++)
                sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO order_lines VALUES ({100 + i}, {1 + (i + j) % 8}, {10 + (i + j) % 8}.5, {1 + j}, {(j == 1 ? "0.1" : "0")});\n");
        }
        return sb.ToString();
    }

    private static string HrSql()
    {
        var sb = new StringBuilder("""
            CREATE TABLE departments (department_id INTEGER, name TEXT, budget REAL);
            CREATE TABLE employees (employee_id INTEGER, first_name TEXT, last_name TEXT, title TEXT, department_id INTEGER, manager_id INTEGER, salary REAL, hire_date TEXT, is_remote INTEGER);
            INSERT INTO departments VALUES (1, 'Sales', 1000), (2, 'Engineering', 5000), (3, 'Finance', 800);
            INSERT INTO employees VALUES (1, 'Ada', 'Lovelace', 'CEO', 2, NULL, 300, '2015-01-01', 0);
            CREATE TABLE projects (project_id INTEGER, title TEXT);
            CREATE TABLE employee_projects (project_id INTEGER, employee_id INTEGER);
            INSERT INTO projects VALUES (1, 'Apollo'), (2, 'Borealis'), (3, 'Cygnus');
            INSERT INTO employee_projects VALUES (1, 2), (2, 3), (3, 4);
            """);
        string[] titles = ["Engineer", "Sales Rep", "Analyst"];
        for (var i = 2; i <= 30; i++)
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO employees VALUES ({i}, 'First{i}', 'Last{i}', '{titles[i % 3]}', {1 + i % 3}, {(i <= 4 ? 1 : 2 + i % 3)}, {100 + i}, '20{10 + i % 10}-03-01', {i % 2});\n");
        return sb.ToString();
    }

    private static string MusicSql()
    {
        var sb = new StringBuilder("""
            CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name TEXT);
            CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title TEXT, ArtistId INTEGER REFERENCES Artist(ArtistId));
            CREATE TABLE Track (TrackId INTEGER PRIMARY KEY, Name TEXT, AlbumId INTEGER REFERENCES Album(AlbumId), Milliseconds INTEGER, Bytes INTEGER, UnitPrice NUMERIC(10,2));
            CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT, Country TEXT);
            CREATE TABLE Invoice (InvoiceId INTEGER PRIMARY KEY, CustomerId INTEGER REFERENCES Customer(CustomerId), InvoiceDate TEXT, BillingCountry TEXT, Total NUMERIC(10,2));
            CREATE TABLE InvoiceLine (InvoiceLineId INTEGER PRIMARY KEY, InvoiceId INTEGER REFERENCES Invoice(InvoiceId), TrackId INTEGER REFERENCES Track(TrackId), UnitPrice NUMERIC(10,2), Quantity INTEGER);
            INSERT INTO Artist VALUES (1, 'Queen'), (2, 'Abba'), (3, 'Muse');
            INSERT INTO Album VALUES (1, 'A Night at the Opera', 1), (2, 'Arrival', 2), (3, 'Absolution', 3);
            INSERT INTO Customer VALUES (1, 'Luís', 'Gonçalves', 'Brazil'), (2, 'Leonie', 'Köhler', 'Germany'), (3, 'Frank', 'Harris', 'USA');
            """);
        for (var i = 1; i <= 20; i++) sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO Track VALUES ({i}, 'Track {i}', {1 + i % 3}, {180000 + i * 1000}, {5000000 + i}, 0.99);\n");
        for (var i = 1; i <= 10; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO Invoice VALUES ({i}, {1 + i % 3}, '2023-{i:00}-01', 'Brazil', 1.98);\n");
            sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO InvoiceLine VALUES ({2 * i - 1}, {i}, {i}, 0.99, 1), ({2 * i}, {i}, {i + 1}, 0.99, 1);\n");
        }
        return sb.ToString();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        H.Dispose();
        return ValueTask.CompletedTask;
    }
}
