using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>Each kind of bad input gets a 4xx problem+json that says what and where, and leaves no dataset behind.</summary>
public sealed class BadInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpResponseMessage> NothingKeptAsync(Func<HttpClient, Task<HttpResponseMessage>> act)
    {
        using var client = app.CreateClient();
        var before = await client.DatasetCountAsync();
        var r = await act(client);
        Assert.Equal(before, await client.DatasetCountAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
        return r;
    }

    [Fact]
    public async Task Empty_file() =>
        await (await NothingKeptAsync(c => c.UploadAsync("empty.csv", []))).AssertProblemAsync(400, "empty");

    [Fact]
    public async Task Random_bytes()
    {
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        await (await NothingKeptAsync(c => c.UploadAsync("garbage.csv", bytes))).AssertProblemAsync(400, "not look like a text file");
    }

    [Fact]
    public async Task Csv_with_a_wrong_number_of_fields_names_line_and_column()
    {
        var r = await NothingKeptAsync(c => c.UploadAsync("bad.csv", Files.Utf8("a,b,c\n1,2,3\n4,5,6,7\n")));
        var p = await r.AssertProblemAsync(400, "Line 3", "expected 3 fields", "found 4");
        Assert.Equal(3, p.GetProperty("line").GetInt32());
        Assert.Equal(7, p.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Broken_json_names_line_and_column()
    {
        var p = await (await NothingKeptAsync(c => c.UploadAsync("broken.json", Files.Utf8("[{\"a\": 1},\n{\"a\": }]")))).AssertProblemAsync(400, "Line 2");
        Assert.Equal(2, p.GetProperty("line").GetInt32());
        Assert.True(p.GetProperty("column").GetInt32() > 0);
    }

    [Theory]
    [InlineData("virus.exe")]
    [InlineData("old.xls")]
    [InlineData("README")]
    public async Task Unsupported_types_are_415(string name) =>
        await (await NothingKeptAsync(c => c.UploadAsync(name, Files.Utf8("hello")))).AssertProblemAsync(415, "support");

    [Fact]
    public async Task A_file_that_lies_about_its_type()
    {
        await (await NothingKeptAsync(c => c.UploadAsync("fake.xlsx", Files.Utf8("a,b\n1,2\n")))).AssertProblemAsync(400, "XLSX");
        await (await NothingKeptAsync(c => c.UploadAsync("fake.sqlite", Files.Utf8("a,b\n1,2\n")))).AssertProblemAsync(400, "neither a SQLite nor a DuckDB");
    }

    [Fact]
    public async Task A_file_name_with_a_path_is_reduced_to_its_name()
    {
        using var client = app.CreateClient();
        var d = await client.ImportAsync("../../etc/passwd.csv", Files.Utf8("a,b\n1,2\n"));
        Assert.Equal("passwd", d.GetProperty("name").GetString());
        Assert.Equal("passwd.csv", d.GetProperty("source_file").GetString());
        Assert.False(File.Exists(Path.Combine(app.DataDir, "..", "..", "etc", "passwd.csv")));
    }

    [Fact]
    public async Task Missing_file_field_and_wrong_content_type()
    {
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "name" } };
        await (await client.PostAsync("/api/data/upload", form)).AssertProblemAsync(400, "file");
        await (await client.PostAsync("/api/data/upload", new StringContent("a,b", Encoding.UTF8, "text/csv"))).AssertProblemAsync(415, "multipart");
    }

    [Theory]
    [InlineData("{\"content\":\"x\",\"format\":\"nonsense\"}", 400, "Unknown format")]
    [InlineData("{\"content\":\"\",\"format\":\"csv\"}", 400, "empty")]
    [InlineData("{\"content\":\"a,b\\n1\",\"format\":\"csv\",\"options\":{\"delimiter\":\"abc\"}}", 400, "delimiter")]
    [InlineData("{\"content\":\"[{\\\"a\\\":1},\",\"format\":\"json\"}", 400, "Line 1")]
    [InlineData("{\"content\":\"[1, 2]\",\"format\":\"json\"}", 400, "expected an object")]
    [InlineData("not json at all", 400, "could not be read")]
    public async Task Bad_manual_requests(string body, int status, string mention)
    {
        var r = await NothingKeptAsync(c => c.PostAsync("/api/data/manual", new StringContent(body, Encoding.UTF8, "application/json")));
        await r.AssertProblemAsync(status, mention);
    }

    [Theory]
    [InlineData("GET", "/api/data/ds_0123456789ab")]
    [InlineData("GET", "/api/data/nope/tables/t/rows")]
    [InlineData("DELETE", "/api/data/ds_0123456789ab")]
    [InlineData("GET", "/api/tasks/job_nope/events")]
    [InlineData("POST", "/api/tasks/job_nope/cancel")]
    public async Task Unknown_ids_are_404(string method, string url)
    {
        using var client = app.CreateClient();
        var r = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        await r.AssertProblemAsync(404);
    }

    [Fact]
    public async Task Unknown_tables_and_columns_and_bad_paging_are_clear()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("t.csv", Files.Utf8("a\n1\n"))).GetProperty("data_id").GetString();
        await (await client.GetAsync($"/api/data/{id}/tables/nope/rows")).AssertProblemAsync(404, "no table 'nope'");
        await (await client.GetAsync($"/api/data/{id}/tables/t/columns/zz/profile")).AssertProblemAsync(404, "no column 'zz'");
        await (await client.GetAsync($"/api/data/{id}/tables/t/rows?limit=0")).AssertProblemAsync(400, "limit");
        await (await client.GetAsync($"/api/data/{id}/tables/t/rows?offset=-1")).AssertProblemAsync(400, "offset");
    }
}

/// <summary>The upload limit is configurable; past it the answer is 413 and nothing is kept.</summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private sealed class SmallLimitApp : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataCharts:MaxUploadBytes"] = "1000" };
    }

    private readonly SmallLimitApp app = new();

    [Fact]
    public async Task An_oversized_upload_is_413()
    {
        using var client = app.CreateClient();
        var big = Files.Utf8("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 600)));
        await (await client.UploadAsync("big.csv", big)).AssertProblemAsync(413, "limit");
        Assert.Equal(0, await client.DatasetCountAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
        // Far past the limit Kestrel stops reading the body; still a 413 problem.
        var huge = Files.Utf8("a\n" + new string('1', 3_000_000));
        var r = await client.UploadAsync("huge.csv", huge);
        Assert.Equal(413, (int)r.StatusCode);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
