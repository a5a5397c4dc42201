using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataCharts.Web.Tests.Support;

/// <summary>The real app in-process with a fresh data directory; no demo data unless asked for.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public AppFactory() : this(Path.Combine(Path.GetTempPath(), "dc-web-" + Guid.NewGuid().ToString("N")[..10]))
    {
    }

    // Internal: xunit wants one public constructor on a fixture; recovery tests reuse a directory through this one.
    internal AppFactory(string dataDir) => DataDir = dataDir;

    public string DataDir { get; }

    /// <summary>Leave the data directory on disposal, to start another host on it (a restart).</summary>
    internal bool KeepDataDir { get; init; }
    protected virtual bool DemoData => false;
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataCharts:DataDir", DataDir);
        builder.UseSetting("DataCharts:DemoData", DemoData ? "true" : "false");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataDir) return;
        try { Directory.Delete(DataDir, true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>The app with sign-in on and the first admin from configuration, as an operator would set it up.</summary>
public class AuthAppFactory : AppFactory
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "first admin passphrase";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:Auth:Enabled"] = "true",
        ["DataCharts:Auth:AdminUser"] = AdminUser,
        ["DataCharts:Auth:AdminPassword"] = AdminPassword,
        // Every test of a fixture signs in from the same (test server) address; throttling has its own tests.
        ["DataCharts:Auth:Throttle:PerAddressPermits"] = "10000",
    };
}

/// <summary>The app with its demo dataset.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override bool DemoData => true;
}

/// <summary>Helpers for talking to the API the way scripts do.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string fileName, byte[] content, string? query = null, IDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (k, v) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(v), k);
        return await client.PostAsync("/api/data/upload" + query, form);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads and insists on 200 (the predecessor's status, PRODUCT.md §4); returns the dataset JSON.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, string fileName, byte[] content)
    {
        var r = await client.UploadAsync(fileName, content);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, $"{fileName}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) => client.PostAsJsonAsync(url, body);

    public static async Task<int> DatasetCountAsync(this HttpClient client) => (await (await client.GetAsync("/api/data")).JsonAsync()).GetArrayLength();

    /// <summary>Asserts a problem+json answer with the status and a detail that mentions <paramref name="mentions"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage r, int status, params string[] mentions)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"expected {status}, got {(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        var detail = json.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        foreach (var m in mentions) Assert.Contains(m, detail, StringComparison.OrdinalIgnoreCase);
        return json;
    }
}
