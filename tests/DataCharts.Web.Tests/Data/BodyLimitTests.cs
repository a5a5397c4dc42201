using System.Net;
using System.Text;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>A host whose bodies, but for uploads and pastes, are at most 64 KiB.</summary>
public sealed class SmallBodiesAppFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:MaxRequestBodyBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Only uploads and pastes take large bodies; a huge JSON body anywhere else is refused as it arrives.</summary>
public sealed class BodyLimitTests(SmallBodiesAppFactory app) : IClassFixture<SmallBodiesAppFactory>
{
    [Fact]
    public async Task A_json_body_past_the_limit_is_413_and_a_paste_of_the_same_size_imports()
    {
        using var client = app.CreateClient();
        var big = new string('x', 200_000);
        var ask = await client.PostAsync("/api/ask", new StringContent($"{{\"data_id\":\"ds_000000000000\",\"question\":\"{big}\"}}", Encoding.UTF8, "application/json"));
        Assert.True(ask.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{ask.StatusCode}: {await ask.Content.ReadAsStringAsync()}");

        var csv = new StringBuilder("n,text\n");
        for (var i = 0; csv.Length < 200_000; i++) csv.Append(i).Append(",row ").Append(i).Append('\n');
        var paste = await client.PostJsonAsync("/api/data/manual", new { content = csv.ToString(), format = "csv" });
        Assert.Equal(HttpStatusCode.OK, paste.StatusCode);
    }
}
