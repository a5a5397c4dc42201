using System.Text;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace DataCharts.Web.Tests.Support;

/// <summary>Small files of every supported format, made on the fly.</summary>
public static class Files
{
    public static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);

    /// <summary>A CSV of <paramref name="n"/> rows (id, name, value): large enough counts make imports that run for a while.</summary>
    public static byte[] NumberedRows(int n)
    {
        var sb = new StringBuilder("id,name,value\n");
        for (var i = 0; i < n; i++) sb.Append(i).Append(",name").Append(i).Append(',').Append(i * 0.25).Append('\n');
        return Utf8(sb.ToString());
    }

    public static byte[] Xlsx()
    {
        using var ms = new MemoryStream();
        ms.SaveAs(new[] { new Dictionary<string, object?> { ["city"] = "北京", ["sales"] = 10.5 }, new Dictionary<string, object?> { ["city"] = "Paris", ["sales"] = 3 } });
        return ms.ToArray();
    }

    public static byte[] Parquet() => ViaTemp(".parquet", path =>
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"COPY (SELECT range AS id, 'n' || range AS name FROM range(4)) TO '{path}' (FORMAT parquet)";
        cmd.ExecuteNonQuery();
    });

    public static byte[] Sqlite() => ViaTemp(".sqlite", path =>
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name TEXT);
            CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title TEXT, ArtistId INTEGER REFERENCES Artist(ArtistId));
            INSERT INTO Artist VALUES (1, 'AC/DC'), (2, '周杰伦');
            INSERT INTO Album VALUES (1, 'Back in Black', 1), (2, '范特西', 2), (3, 'Powerage', 1);
            """;
        cmd.ExecuteNonQuery();
    });

    /// <summary>A SQLite file made by <paramref name="statements"/> (portable SQL, so the same statements can fill a live server).</summary>
    public static byte[] SqliteOf(IEnumerable<string> statements) => ViaTemp(".sqlite", path =>
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=false");
        c.Open();
        foreach (var sql in statements)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    });

    /// <summary>A shop without declared keys: customers, orders (freight is per order) and order_lines, so relationships are inferred.</summary>
    public static byte[] Shop() => ViaTemp(".sqlite", path =>
    {
        var sb = new StringBuilder("""
            CREATE TABLE customers (customer_id INTEGER, company_name TEXT, country TEXT);
            CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, order_date TEXT, freight REAL);
            CREATE TABLE order_lines (order_id INTEGER, product_name TEXT, unit_price REAL, quantity INTEGER);
            """);
        string[] countries = ["Germany", "France", "Brazil"];
        for (var i = 1; i <= 9; i++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO customers VALUES ({i}, 'Company {i}', '{countries[i % 3]}');\n");
        for (var i = 1; i <= 30; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO orders VALUES ({1000 + i}, {1 + i % 9}, '2024-{1 + i % 12:00}-10', {i}.25);\n");
            for (var j = 0; j < 1 + i % 4; j++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO order_lines VALUES ({1000 + i}, 'Product {j}', {5 + j}.5, {1 + j});\n");
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sb.ToString();
        cmd.ExecuteNonQuery();
    });

    public static byte[] DuckDb() => ViaTemp(".duckdb", path =>
    {
        using var c = new DuckDBConnection($"Data Source={path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE measurements AS SELECT range AS id, range * 0.5 AS value FROM range(7)";
        cmd.ExecuteNonQuery();
    });

    private static byte[] ViaTemp(string ext, Action<string> write)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ext);
        try
        {
            write(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
