using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Functions;

/// <summary>The derived-column form on the Data page: feedback while typing, and a new dataset on submit.</summary>
public sealed partial class DerivePageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient c, string token, string handler, Dictionary<string, string> form)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/Data/Derive?handler={handler}") { Content = new FormUrlEncodedContent(form) };
        req.Headers.Add("RequestVerificationToken", token);
        req.Headers.Add("HX-Request", "true");
        return await c.SendAsync(req);
    }

    [Fact]
    public async Task Typing_an_expression_shows_where_it_is_wrong_and_submitting_makes_a_dataset()
    {
        using var c = app.CreateClient();
        var id = (await c.ImportAsync("derive.csv", Files.Utf8("x,y\n1,2\n3,4\n"))).GetProperty("data_id").GetString()!;
        var page = await c.GetStringAsync($"/Data?id={id}");
        Assert.Contains("Derived column or aggregate", page);
        var token = Token().Match(page).Groups[1].Value;

        var bad = await (await PostAsync(c, token, "Check", new() { ["id"] = id, ["expression"] = "x + <b>nope</b>(" })).Content.ReadAsStringAsync();
        Assert.Contains("Position 4", bad);
        Assert.DoesNotContain("<b>nope", bad); // the user's text comes back encoded
        var unknown = await (await PostAsync(c, token, "Check", new() { ["id"] = id, ["expression"] = "x + zz" })).Content.ReadAsStringAsync();
        Assert.Contains("Unknown column &#x27;zz&#x27;", unknown);
        var ok = await (await PostAsync(c, token, "Check", new() { ["id"] = id, ["expression"] = "s = x + y" })).Content.ReadAsStringAsync();
        Assert.Contains("adds column s", ok);

        var before = await c.DatasetCountAsync();
        var done = await PostAsync(c, token, "Apply", new() { ["id"] = id, ["expression"] = "s = x + y", ["name"] = "With sum" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("With sum", await done.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await c.DatasetCountAsync());
        var failed = await (await PostAsync(c, token, "Apply", new() { ["id"] = id, ["expression"] = "mean(x) + y" })).Content.ReadAsStringAsync();
        Assert.Contains("value per row", failed);
        Assert.Equal(before + 1, await c.DatasetCountAsync());
    }

    [GeneratedRegex("\"requestToken\":\"([^\"]+)\"")]
    private static partial Regex Token();
}
