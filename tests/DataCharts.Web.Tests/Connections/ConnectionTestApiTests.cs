using System.Net;
using System.Text.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Connections;

/// <summary>
/// <c>POST /api/connections/test</c>: bad input is a 400 naming the field before anything is tried; a server that cannot be
/// reached is an answer in plain words (ok: false) within the connect timeout; the password never comes back.
/// </summary>
public sealed class ConnectionTestApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Secret = "s3cret-Passw0rd-xyz";

    public static TheoryData<string, string> BadInput() => new()
    {
        { """{"kind":"oracle","host":"db","database":"x","username":"u"}""", "kind" },
        { """{"kind":"postgresql","host":"","database":"x","username":"u"}""", "host" },
        { """{"kind":"postgresql","host":"db host","database":"x","username":"u"}""", "host" },
        { """{"kind":"postgresql","host":"<script>alert(1)</script>","database":"x","username":"u"}""", "host" },
        { """{"kind":"postgresql","host":"db","port":70000,"database":"x","username":"u"}""", "port" },
        { """{"kind":"mysql","host":"db","database":"","username":"u"}""", "database" },
        { """{"kind":"mysql","host":"db","database":"x","username":""}""", "username" },
        { """{"kind":"mysql","host":"db","database":"x","username":"u","ssl_mode":"sometimes"}""", "ssl_mode" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_a_400_naming_the_field(string json, string field)
    {
        using var c = app.CreateClient();
        var r = await c.PostAsync("/api/connections/test", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("mysql")]
    public async Task An_unreachable_server_is_a_plain_answer_without_the_password(string kind)
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var c = app.CreateClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = await c.PostJsonAsync("/api/connections/test", new { kind, host = "127.0.0.1", port, database = "shop", username = "analyst", password = Secret });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Contains("Cannot reach a database server at 127.0.0.1:" + port, json.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("server_version").ValueKind);
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());
        Assert.DoesNotContain(Secret, body);
        Assert.True(watch.Elapsed.TotalSeconds < 8, $"took {watch.Elapsed}");
    }
}
