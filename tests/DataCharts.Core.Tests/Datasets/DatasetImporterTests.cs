using System.Text;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DataCharts.Core.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace DataCharts.Core.Tests.Datasets;

/// <summary>Imports real files into a real DuckDB engine and reads them back.</summary>
public sealed class DatasetImporterTests : IDisposable
{
    private readonly TempEngine t = new();

    public void Dispose() => t.Dispose();

    private static void Row(string?[] expected, string?[] actual) => Assert.Equal<IEnumerable<string?>>(expected, actual);

    private static ImportedColumn Col(ImportedDataset d, string name) => d.Tables[0].Columns.Single(c => c.Name == name);

    [Fact]
    public async Task Csv_types_labels_and_values_survive()
    {
        var d = await t.ImportAsync(t.File("sales 2024.csv",
            "Order ID,Unit Price,zip,城市,paid,day,at\n1,2.5,08123,北京,true,2024-01-02,2024-01-02 10:00:00\n2,3,10001,上海,false,2024-01-03,2024-01-03 11:30:00\n"));
        var table = Assert.Single(d.Tables);
        Assert.Equal("sales_2024", table.Name);
        Assert.Equal("sales 2024", table.Label);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["Order_ID", "Unit_Price", "zip", "城市", "paid", "day", "at"], table.Columns.Select(c => c.Name));
        Assert.Equal("Order ID", table.Columns[0].Label);
        Assert.Equal([ColumnType.Integer, ColumnType.Decimal, ColumnType.Text, ColumnType.Text, ColumnType.Boolean, ColumnType.Date, ColumnType.Timestamp],
            table.Columns.Select(c => c.Type));
        var rows = t.Rows(d.Id, table.Name);
        Row(["1", "2.5", "08123", "北京", "True", "2024-01-02", "2024-01-02 10:00:00"], rows[0]);
    }

    [Fact]
    public async Task Quoted_commas_newlines_and_escaped_quotes_load_exactly()
    {
        var d = await t.ImportAsync(t.File("q.csv", "a,b\r\n\"x, y\",\"line1\r\nline2\"\r\n\"he said \"\"no\"\"\",\"\"\r\n"));
        var rows = t.Rows(d.Id, d.Tables[0].Name);
        Assert.Equal(2, rows.Count);
        Row(["x, y", "line1\r\nline2"], rows[0]);
        Assert.Equal("he said \"no\"", rows[1][0]);
    }

    [Theory]
    [InlineData("semi.csv", "a;b\n1;x\n2;y\n")]
    [InlineData("tabs.tsv", "a\tb\n1\tx\n2\ty\n")]
    [InlineData("pipes.txt", "a|b\n1|x\n2|y\n")]
    public async Task Other_delimiters_are_sniffed(string name, string content)
    {
        var d = await t.ImportAsync(t.File(name, content));
        Assert.Equal(["a", "b"], d.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal([["1", "x"], ["2", "y"]], t.Rows(d.Id, d.Tables[0].Name));
    }

    [Fact]
    public async Task A_headerless_file_gets_numbered_columns() =>
        Assert.Equal(["column1", "column2"], (await t.ImportAsync(t.File("nh.csv", "1,2\n3,4\n"))).Tables[0].Columns.Select(c => c.Name));

    [Theory]
    [InlineData("utf8-bom")]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    [InlineData("gb18030")]
    public async Task Chinese_text_in_every_encoding_reads_back_the_same(string encoding)
    {
        const string text = "城市,销售额,备注\n北京,100,第一\n上海,200,\"第二, 带逗号\"\n";
        byte[] bytes = encoding switch
        {
            "utf8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf16be" => Encoding.BigEndianUnicode.GetBytes(text),
            _ => EncodingDetector.Gb18030.GetBytes(text),
        };
        var d = await t.ImportAsync(t.File($"{encoding}.csv", bytes));
        Assert.Equal(["城市", "销售额", "备注"], d.Tables[0].Columns.Select(c => c.Label));
        Assert.Equal(ColumnType.Integer, d.Tables[0].Columns[1].Type);
        Assert.Equal([["北京", "100", "第一"], ["上海", "200", "第二, 带逗号"]], t.Rows(d.Id, d.Tables[0].Name));
    }

    [Fact]
    public async Task A_value_that_breaks_the_sampled_type_far_down_the_file_makes_the_column_text()
    {
        var sb = new StringBuilder("id,code\n");
        for (var i = 1; i <= 30_000; i++) sb.Append(i).Append(',').Append(10_000 + i).Append('\n');
        sb.Append("30001,A-17\n");
        var d = await t.ImportAsync(t.File("late.csv", sb.ToString()));
        Assert.Equal(ColumnType.Integer, Col(d, "id").Type);
        Assert.Equal(ColumnType.Text, Col(d, "code").Type);
        Assert.Equal(30_001, d.Tables[0].RowCount);
        Assert.Equal("A-17", t.Rows(d.Id, "late")[^1][1]);
    }

    [Fact]
    public async Task A_leading_zero_code_far_down_the_file_keeps_its_zero()
    {
        var sb = new StringBuilder("zip\n");
        for (var i = 0; i < 25_000; i++) sb.Append(10_000 + i).Append('\n');
        sb.Append("01234\n");
        var d = await t.ImportAsync(t.File("zips.csv", sb.ToString()));
        Assert.Equal(ColumnType.Text, Col(d, "zip").Type);
        Assert.Equal("01234", t.Rows(d.Id, "zips")[^1][0]);
    }

    [Fact]
    public async Task A_wrong_field_count_past_the_sample_is_reported_with_its_line_and_leaves_nothing()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 25_000; i++) sb.Append(i).Append(",x\n");
        sb.Append("1,2,3\n");
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("bad.csv", sb.ToString())));
        Assert.NotNull(ex.Line);
        Assert.InRange(ex.Line!.Value, 25_001, 25_002);
        Assert.Contains("expected 2 fields", ex.Message);
        Assert.Empty(t.DatasetFiles());
    }

    [Fact]
    public async Task Json_arrays_become_tables_with_keys_in_order_of_first_appearance()
    {
        var d = await t.ImportAsync(t.File("people.json", """
            [{"name": "Ann", "age": 31, "tags": ["a"], "ok": true},
             {"name": "Bo", "age": null, "city": "北京", "ok": false},
             {"name": "", "zip": "08123"}]
            """));
        Assert.Equal(["name", "age", "tags", "ok", "city", "zip"], d.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Integer, Col(d, "age").Type);
        Assert.Equal(ColumnType.Boolean, Col(d, "ok").Type);
        Assert.Equal(ColumnType.Text, Col(d, "zip").Type);
        var rows = t.Rows(d.Id, "people");
        Row(["Ann", "31", "[\"a\"]", "True", null, null], rows[0]);
        Row(["Bo", null, null, "False", "北京", null], rows[1]);
        Assert.Equal("", rows[2][0]); // an empty string is not a missing value
        Assert.Equal("08123", rows[2][5]);
    }

    [Fact]
    public async Task Json_lines_load_line_by_line()
    {
        var d = await t.ImportAsync(t.File("events.jsonl", "{\"a\":1,\"b\":\"x\"}\n\n{\"a\":2,\"b\":\"y\"}\n"));
        Assert.Equal([["1", "x"], ["2", "y"]], t.Rows(d.Id, "events"));
    }

    [Fact]
    public async Task Broken_json_reports_line_and_column()
    {
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("broken.json", "[\n {\"a\": 1},\n {\"a\": 2,,}\n]")));
        Assert.Equal(3, ex.Line);
        Assert.NotNull(ex.Column);
        Assert.Contains("Line 3", ex.Message);
        var ex2 = await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("broken.jsonl", "{\"a\":1}\n{\"a\":\n")));
        Assert.Equal(2, ex2.Line);
        Assert.Empty(t.DatasetFiles());
    }

    [Fact]
    public async Task Json_that_is_not_an_array_of_objects_is_refused() =>
        Assert.Contains("object", (await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("nums.json", "[1, 2, 3]")))).Message);

    [Fact]
    public async Task Xlsx_sheets_become_tables()
    {
        var path = Path.Combine(t.Root, "book.xlsx");
        var sheets = new Dictionary<string, object>
        {
            ["Sales"] = new[] { new Dictionary<string, object?> { ["region"] = "North", ["amount"] = 10.5, ["day"] = new DateTime(2024, 3, 1) },
                                new Dictionary<string, object?> { ["region"] = "南方", ["amount"] = 7, ["day"] = new DateTime(2024, 3, 2) } },
            ["Codes"] = new[] { new Dictionary<string, object?> { ["code"] = "007" } },
        };
        MiniExcel.SaveAs(path, sheets);
        var d = await t.ImportAsync(path);
        Assert.Equal(["Sales", "Codes"], d.Tables.Select(x => x.Label));
        var sales = d.Tables[0];
        Assert.Equal([ColumnType.Text, ColumnType.Decimal, ColumnType.Date], sales.Columns.Select(c => c.Type));
        Row(["南方", "7", "2024-03-02"], t.Rows(d.Id, sales.Name)[1]);
        Assert.Equal(ColumnType.Text, d.Tables[1].Columns[0].Type);
    }

    [Fact]
    public async Task Parquet_keeps_its_types()
    {
        var path = Path.Combine(t.Root, "p.parquet");
        using (var c = new DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            DuckDbEngine.Execute(c, $"COPY (SELECT range AS n, range * 1.5 AS x, 'v' || range AS \"the label\", DATE '2024-01-01' + CAST(range AS INTEGER) AS d FROM range(5)) TO '{path}' (FORMAT parquet)");
        }
        var d = await t.ImportAsync(path);
        Assert.Equal(["n", "x", "the_label", "d"], d.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal("the label", d.Tables[0].Columns[2].Label);
        Assert.Equal([ColumnType.Integer, ColumnType.Decimal, ColumnType.Text, ColumnType.Date], d.Tables[0].Columns.Select(c => c.Type));
        Assert.Equal(5, d.Tables[0].RowCount);
    }

    [Fact]
    public async Task Sqlite_brings_every_table_with_names_declared_types_and_foreign_keys()
    {
        var path = Path.Combine(t.Root, "shop.sqlite");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, Name NVARCHAR(40), PostalCode NVARCHAR(10));
                CREATE TABLE "Order Line" (Id INTEGER PRIMARY KEY, CustomerId INTEGER REFERENCES Customer(CustomerId), Total NUMERIC(10,2), At DATETIME);
                INSERT INTO Customer VALUES (1, 'Ann', '10001'), (2, '王', '02134');
                INSERT INTO "Order Line" VALUES (1, 1, 9.5, '2024-01-01 10:00:00'), (2, 2, 3, '2024-01-02 11:00:00');
                CREATE VIEW v AS SELECT * FROM Customer;
                """;
            cmd.ExecuteNonQuery();
        }
        var d = await t.ImportAsync(path);
        Assert.Equal(["Customer", "Order_Line"], d.Tables.Select(x => x.Name));
        Assert.Equal("Order Line", d.Tables[1].Label);
        var customer = d.Tables[0];
        Assert.Equal(ColumnType.Text, customer.Columns.Single(c => c.Name == "PostalCode").Type);
        Row(["2", "王", "02134"], t.Rows(d.Id, "Customer")[1]);
        var lines = d.Tables[1];
        Assert.Equal(ColumnType.Decimal, lines.Columns.Single(c => c.Name == "Total").Type);
        Assert.Equal(ColumnType.Timestamp, lines.Columns.Single(c => c.Name == "At").Type);
        var fk = Assert.Single(d.Relations);
        Assert.Equal(new ImportedRelation("Order_Line", "CustomerId", "Customer", "CustomerId"), fk);
    }

    [Fact]
    public async Task DuckDb_files_are_copied_table_by_table()
    {
        var path = Path.Combine(t.Root, "src.duckdb");
        using (var c = new DuckDBConnection($"Data Source={path}"))
        {
            c.Open();
            DuckDbEngine.Execute(c, "CREATE TABLE a AS SELECT range AS id FROM range(3); CREATE TABLE b (name VARCHAR, \"when\" TIMESTAMP); INSERT INTO b VALUES ('x', TIMESTAMP '2024-01-01 00:00:00');");
        }
        var d = await t.ImportAsync(path);
        Assert.Equal(["a", "b"], d.Tables.Select(x => x.Name));
        Assert.Equal(3, d.Tables[0].RowCount);
        Assert.Equal(ColumnType.Timestamp, d.Tables[1].Columns[1].Type);
    }

    [Fact]
    public async Task A_cancelled_import_leaves_no_schema()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 200_000; i++) sb.Append(i).Append(",x").Append(i).Append('\n');
        var path = t.File("big.csv", sb.ToString());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            t.Importer.ImportAsync(new ImportSource(t.Stage(path), "big.csv", null, ImportFormat.Csv, new ImportOptions()), (_, _) => { }, cts.Token));
        Assert.Empty(t.DatasetFiles());
    }

    [Fact]
    public async Task Progress_is_reported_and_rises()
    {
        var seen = new List<double>();
        var path = t.File("p.csv", "a\n1\n2\n");
        await t.Importer.ImportAsync(new ImportSource(t.Stage(path), "p.csv", null, ImportFormat.Csv, new ImportOptions()), (p, _) => { lock (seen) seen.Add(p); }, CancellationToken.None);
        Assert.NotEmpty(seen);
        Assert.True(seen[^1] >= 0.9);
    }
}
