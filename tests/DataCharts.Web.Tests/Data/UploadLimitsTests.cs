using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DataCharts.Core.Tests.Support;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>The app with small form and unpacking limits, so tests reach them with small bodies.</summary>
public sealed class SmallLimitsAppFactory : AppFactory
{
    public const int FieldBytes = 1024;
    public const int Fields = 8;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:MaxFormValueBytes"] = FieldBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DataCharts:MaxFormFields"] = Fields.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DataCharts:MaxInflatedBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Uploads are bounded in what they unpack to and in every part of the form; a broken body is a 400 naming the problem.</summary>
public sealed class UploadLimitsTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    private const string Boundary = "----dc-test-boundary";

    private async Task<HttpResponseMessage> NothingKeptAsync(Func<HttpClient, Task<HttpResponseMessage>> act)
    {
        using var client = app.CreateClient();
        var before = await client.DatasetCountAsync();
        var r = await act(client);
        await r.Content.LoadIntoBufferAsync();
        Assert.Equal(before, await client.DatasetCountAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "staging")));
        return r;
    }

    /// <summary>A multipart body written by hand: <c>(name, fileName or null, content)</c> parts, optionally without its closing boundary.</summary>
    internal static ByteArrayContent Multipart(IEnumerable<(string name, string? fileName, byte[] content)> parts, bool close = true)
    {
        var ms = new MemoryStream();
        void Write(string s) => ms.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, fileName, content) in parts)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n");
            Write(fileName is null ? "\r\n" : "Content-Type: application/octet-stream\r\n\r\n");
            ms.Write(content);
            Write("\r\n");
        }
        if (close) Write($"--{Boundary}--\r\n");
        var body = new ByteArrayContent(ms.ToArray());
        body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return body;
    }

    private static readonly byte[] Csv = Files.Utf8("a,b\n1,2\n");

    [Fact]
    public async Task A_workbook_that_unpacks_past_the_total_cap_is_413()
    {
        // ~2 MB of varied rows (a fair ratio) against a 512 KiB cap.
        var r = await NothingKeptAsync(c => c.UploadAsync("big.xlsx", Workbooks.Cities(20_000, repeated: false)));
        await r.AssertProblemAsync(413, "unpacks to more than 512 KiB", "DataCharts:MaxInflatedBytes");
        using var client = app.CreateClient();
        await client.ImportAsync("small.xlsx", Files.Xlsx()); // a real workbook under the cap still imports
    }

    [Fact]
    public async Task A_text_field_past_the_limit_is_413_naming_the_field()
    {
        var huge = new string('n', SmallLimitsAppFactory.FieldBytes + 1);
        var r = await NothingKeptAsync(c => c.UploadAsync("a.csv", Csv, fields: new Dictionary<string, string> { ["name"] = huge }));
        var p = await r.AssertProblemAsync(413, "The form field 'name' is longer than 1 KiB");
        Assert.Equal("name", p.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_field_the_upload_does_not_use_is_held_to_the_same_limit()
    {
        var r = await NothingKeptAsync(c => c.PostAsync("/api/data/upload",
            Multipart([("file", "a.csv", Csv), ("padding", null, new byte[SmallLimitsAppFactory.FieldBytes * 4])])));
        await r.AssertProblemAsync(413, "'padding'");
    }

    [Fact]
    public async Task A_body_cut_off_before_its_closing_boundary_is_400()
    {
        // Content-Length matches what was sent: the body simply ends inside the file part.
        var r = await NothingKeptAsync(c => c.PostAsync("/api/data/upload", Multipart([("name", null, Files.Utf8("cut")), ("file", "a.csv", Csv)], close: false)));
        await r.AssertProblemAsync(400, "ended before its closing boundary", "cut off");
    }

    [Fact]
    public async Task Too_many_fields_is_400()
    {
        var parts = Enumerable.Range(0, SmallLimitsAppFactory.Fields).Select(i => ($"f{i}", (string?)null, Files.Utf8("x"))).Append(("file", "a.csv", Csv));
        var r = await NothingKeptAsync(c => c.PostAsync("/api/data/upload", Multipart(parts)));
        await r.AssertProblemAsync(400, $"more than {SmallLimitsAppFactory.Fields} parts");
    }

    [Fact]
    public async Task A_part_without_content_disposition_is_400()
    {
        var body = Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{Boundary}--\r\n");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        var r = await NothingKeptAsync(c => c.PostAsync("/api/data/upload", content));
        await r.AssertProblemAsync(400, "Content-Disposition");
    }

    [Fact]
    public async Task Within_the_limits_an_upload_with_its_fields_imports()
    {
        using var client = app.CreateClient();
        var r = await client.PostAsync("/api/data/upload", Multipart([("name", null, Files.Utf8("Kept name")), ("delimiter", null, Files.Utf8(";")), ("file", "a.csv", Files.Utf8("a;b\n1;2\n"))]));
        var d = await r.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Kept name", d.GetProperty("name").GetString());
        Assert.Equal(2, d.GetProperty("tables")[0].GetProperty("columns").GetArrayLength());
    }
}

/// <summary>The Data page's upload and paste forms under the same limits (their own host: a page upload imports in the background).</summary>
public sealed class DataPageUploadLimitsTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    private static readonly byte[] Csv = Files.Utf8("a,b\n1,2\n");

    private static ByteArrayContent Multipart(IEnumerable<(string name, string? fileName, byte[] content)> parts) => UploadLimitsTests.Multipart(parts);

    private void NoStagedFiles()
    {
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "staging")));
    }

    [Fact]
    public async Task The_data_page_upload_streams_and_shows_a_long_name_in_place()
    {
        using var client = app.Browser();
        var token = await client.TokenAsync("/Data");
        async Task<HttpResponseMessage> PostAsync(ByteArrayContent body)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/Data?handler=Upload") { Content = body };
            req.Headers.Add("RequestVerificationToken", token);
            req.Headers.Add("HX-Request", "true");
            return await client.SendAsync(req);
        }

        var refused = await PostAsync(Multipart([("file", "a.csv", Csv), ("name", null, new byte[SmallLimitsAppFactory.FieldBytes + 1])]));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The form field &#x27;name&#x27; is longer than 1 KiB", await refused.Content.ReadAsStringAsync());
        NoStagedFiles();

        // Without the antiforgery token the page refuses the post, and the file it streamed is deleted before the answer.
        var forged = await client.PostAsync("/Data?handler=Upload", Multipart([("file", "forged.csv", Csv)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        NoStagedFiles();

        var started = await PostAsync(Multipart([("file", "page.csv", Csv), ("name", null, Files.Utf8("From the page"))]));
        var html = await started.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Contains("page.csv", html);
        Assert.DoesNotContain("alert error", html);
    }

    [Fact]
    public async Task A_pasted_text_past_the_limit_is_refused_before_it_is_bound()
    {
        using var client = app.Browser();
        var token = await client.TokenAsync("/Data");
        var r = await client.HtmxPostAsync("/Data?handler=Paste", token, new Dictionary<string, string>
        {
            ["content"] = "a,b\n" + new string('1', SmallLimitsAppFactory.FieldBytes * 2),
            ["format"] = "csv",
        });
        await r.AssertProblemAsync(413, "A field of the form is longer than 1 KiB");
    }
}

/// <summary>A real zip bomb against the real host with the default limits.</summary>
public sealed class ZipBombUploadTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_zip_bomb_workbook_is_413_naming_the_problem_and_leaves_nothing()
    {
        using var client = app.CreateClient();
        var bomb = Workbooks.Cities(60_000, repeated: true); // ~64 MB of sheet XML in well under 1 MB
        var r = await client.UploadAsync("bomb.xlsx", bomb);
        await r.AssertProblemAsync(413, "xl/worksheets/sheet1.xml", "100 times its compressed size", "zip bomb");
        Assert.Equal(0, await client.DatasetCountAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "uploads")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataDir, "staging")));
    }
}
