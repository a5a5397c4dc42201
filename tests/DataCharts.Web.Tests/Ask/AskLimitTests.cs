using System.Net;
using DataCharts.Web.Infrastructure;
using DataCharts.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Ask;

/// <summary>The app answering one question at a time with no queue.</summary>
public sealed class OneAskAtATimeAppFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:AskConcurrency"] = "1",
        ["DataCharts:AskQueue"] = "0",
    };
}

/// <summary>
/// When every place under the ask bound is taken and the queue is full, an ask is refused at once with 503 and Retry-After
/// (API and Chat page alike), and answered again once a place is free.
/// </summary>
/// <remarks>
/// The one place is taken through the app's own <see cref="AskGate"/> (the same permit a question takes), not by a slow
/// question: how long a real question runs depends on the machine, so "still running when the second arrives" would be
/// a race. The middleware, the policy, the shared limiter and the 503 are all the real ones.
/// </remarks>
public sealed class AskLimitTests(OneAskAtATimeAppFactory app) : IClassFixture<OneAskAtATimeAppFactory>
{
    [Fact]
    public async Task A_full_bound_is_503_with_retry_after_on_the_api_and_the_chat_page()
    {
        using var client = app.Browser();
        var id = (await client.ImportAsync("sales.csv", Files.Utf8("region,amount\nNorth,10\nSouth,5\nNorth,2\n"))).GetProperty("data_id").GetString()!;
        var question = new { data_id = id, question = "total amount by region" };
        var gate = app.Services.GetRequiredService<AskGate>();

        using (var held = await gate.AcquireAsync(CancellationToken.None))
        {
            Assert.True(held.IsAcquired);
            var refused = await client.PostJsonAsync("/api/ask", question);
            var problem = await refused.AssertProblemAsync(503, "ask again in");
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.ToString());
            Assert.Equal((int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, problem.GetProperty("retry_after").GetInt32());

            var token = await client.TokenAsync("/Chat");
            var page = await client.HtmxPostAsync("/Chat?handler=Ask", token, new Dictionary<string, string> { ["data"] = id, ["question"] = "total amount by region" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.NotNull(page.Headers.RetryAfter);
            Assert.Contains("ask again in", await page.Content.ReadAsStringAsync());
        }

        var answered = await client.PostJsonAsync("/api/ask", question);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        // The answer gave its place back: the next one is answered too.
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/ask", question)).StatusCode);
    }
}
