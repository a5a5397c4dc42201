using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>Uploads of every supported format through <c>POST /api/data/upload</c>, and pasted content.</summary>
public sealed class UploadTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string, string, int, string, string> Formats() => new()
    {
        // file, bytes factory, tables, first table name, a column name
        { "sales.csv", "csv", 1, "sales", "城市" },
        { "sales.tsv", "tsv", 1, "sales", "amount" },
        { "people.json", "json", 1, "people", "name" },
        { "events.jsonl", "jsonl", 1, "events", "kind" },
        { "book.xlsx", "xlsx", 1, "book", "city" },
        { "points.parquet", "parquet", 1, "points", "name" },
        { "music.sqlite", "sqlite", 2, "Artist", "Name" },
        { "warehouse.duckdb", "duckdb", 1, "measurements", "value" },
        { "gbk.csv", "gbk", 1, "gbk", "城市" },
        { "utf16.csv", "utf16", 1, "utf16", "城市" },
    };

    private static byte[] Make(string kind) => kind switch
    {
        "csv" => Files.Utf8("城市,amount\n北京,10\n上海,20\n"),
        "tsv" => Files.Utf8("city\tamount\nParis\t1.5\nLyon\t2\n"),
        "json" => Files.Utf8("[{\"name\":\"Ann\",\"age\":31},{\"name\":\"Bo\",\"age\":40}]"),
        "jsonl" => Files.Utf8("{\"kind\":\"click\",\"n\":1}\n{\"kind\":\"view\",\"n\":2}\n"),
        "xlsx" => Files.Xlsx(),
        "parquet" => Files.Parquet(),
        "sqlite" => Files.Sqlite(),
        "duckdb" => Files.DuckDb(),
        "gbk" => DataCharts.Core.Datasets.Import.EncodingDetector.Gb18030.GetBytes("城市,销售额\n北京,100\n上海,200\n"),
        _ => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("城市,销售额\n北京,100\n上海,200\n")],
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_format_uploads_and_reads_back(string file, string kind, int tables, string firstTable, string column)
    {
        using var client = app.CreateClient();
        var r = await client.UploadAsync(file, Make(kind));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, body);
        var d = await r.JsonAsync();
        var id = d.GetProperty("data_id").GetString()!;
        Assert.Equal($"/api/data/{id}", r.Content.Headers.ContentLocation?.OriginalString);
        Assert.Equal(tables, d.GetProperty("tables").GetArrayLength());
        var t0 = d.GetProperty("tables")[0];
        Assert.Equal(firstTable, t0.GetProperty("name").GetString());
        Assert.Contains(t0.GetProperty("columns").EnumerateArray(), c => c.GetProperty("label").GetString() == column);
        Assert.True(t0.GetProperty("row_count").GetInt64() > 0);
        var meta = await (await client.GetAsync($"/api/data/{id}")).JsonAsync();
        Assert.Equal(t0.GetProperty("row_count").GetInt64(), meta.GetProperty("preview").GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Chinese_values_survive_gbk_and_read_back_as_utf8()
    {
        using var client = app.CreateClient();
        var d = await client.ImportAsync("cn.csv", Make("gbk"));
        var meta = await (await client.GetAsync($"/api/data/{d.GetProperty("data_id").GetString()}")).JsonAsync();
        Assert.Equal("北京", meta.GetProperty("preview").GetProperty("rows")[0][0].GetString());
        Assert.Equal("integer", meta.GetProperty("tables")[0].GetProperty("columns")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_name_field_names_the_dataset_and_leading_zero_codes_stay_text()
    {
        using var client = app.CreateClient();
        var r = await client.UploadAsync("codes.csv", Files.Utf8("zip,n\n08123,1\n10001,2\n"), fields: new Dictionary<string, string> { ["name"] = "Zip codes" });
        var d = await r.JsonAsync();
        Assert.Equal("Zip codes", d.GetProperty("name").GetString());
        var cols = d.GetProperty("tables")[0].GetProperty("columns");
        Assert.Equal("text", cols[0].GetProperty("type").GetString());
        var meta = await (await client.GetAsync($"/api/data/{d.GetProperty("data_id").GetString()}")).JsonAsync();
        Assert.Equal("08123", meta.GetProperty("preview").GetProperty("rows")[0][0].GetString());
    }

    [Theory]
    [InlineData("csv", "a,b\n1,x\n2,y\n", 2)]
    [InlineData("tsv", "a\tb\n1\tx\n", 1)]
    [InlineData("json", "[{\"a\":1},{\"a\":2},{\"a\":3}]", 3)]
    [InlineData("jsonl", "{\"a\":1}\n{\"a\":2}\n", 2)]
    public async Task Manual_content_in_each_format(string format, string content, int rows)
    {
        using var client = app.CreateClient();
        var r = await client.PostJsonAsync("/api/data/manual", new { content, format, options = new { } });
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        var d = await r.JsonAsync();
        Assert.Equal(rows, d.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task Manual_options_set_delimiter_header_and_name()
    {
        using var client = app.CreateClient();
        var r = await client.PostJsonAsync("/api/data/manual", new { content = "1;2\n3;4\n", format = "csv", options = new { delimiter = ";", header = false, name = "Pairs" } });
        var d = await r.JsonAsync();
        Assert.Equal("Pairs", d.GetProperty("name").GetString());
        Assert.Equal(2, d.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
        Assert.Equal("column1", d.GetProperty("tables")[0].GetProperty("columns")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Same_names_get_a_number_instead_of_clashing()
    {
        using var client = app.CreateClient();
        var a = await client.ImportAsync("twin.csv", Files.Utf8("a\n1\n"));
        var b = await client.ImportAsync("twin.csv", Files.Utf8("a\n2\n"));
        Assert.Equal("twin", a.GetProperty("name").GetString());
        Assert.Equal("twin (2)", b.GetProperty("name").GetString());
    }
}
