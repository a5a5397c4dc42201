using DataCharts.Core.Ask;
using DataCharts.Core.Storage;
using DataCharts.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Ask;

/// <summary>
/// An answer's parts (conversation, chart, message) are saved together or not at all (issue 10 §4): an ask aborted after
/// its chart was drawn leaves no chart row without a message, and no conversation without a message.
/// </summary>
public sealed class AskTransactionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<string> DatasetAsync()
    {
        using var client = app.CreateClient();
        var r = await client.PostJsonAsync("/api/data/manual", new { content = "region,amount\nnorth,10\nsouth,20\nnorth,5\n", format = "csv", name = "Ask tx " + Guid.NewGuid().ToString("N")[..6] });
        return (await r.JsonAsync()).GetProperty("data_id").GetString()!;
    }

    private async Task<(int Conversations, int Messages, int Charts, int OrphanCharts)> CountsAsync(string dataId)
    {
        var db = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var ctx = await db.CreateDbContextAsync();
        var conversations = await ctx.Conversations.Where(c => c.DataId == dataId).Select(c => c.Id).ToListAsync();
        var messages = await ctx.Messages.CountAsync(m => conversations.Contains(m.ConversationId));
        var charts = await ctx.Charts.CountAsync(c => c.DataId == dataId);
        var orphans = await ctx.Charts.CountAsync(c => c.DataId == dataId && c.MessageId != null && !ctx.Messages.Any(m => m.Id == c.MessageId));
        return (conversations.Count, messages, charts, orphans);
    }

    [Fact]
    public async Task An_ask_cancelled_after_its_chart_is_drawn_saves_nothing()
    {
        var dataId = await DatasetAsync();
        var ask = app.Services.GetRequiredService<AskService>();
        using var cts = new CancellationTokenSource();
        var steps = new List<string>();

        // The client goes away (the request is aborted) the moment the chart step is reported: after the chart was
        // made, before the message was written. That used to leave the chart row and the new conversation behind.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.AskAsync(new AskRequest(dataId, "total amount by region"), s =>
        {
            steps.Add(s.Kind);
            if (s.Kind == "chart") cts.Cancel();
        }, cts.Token));

        Assert.Contains("chart", steps);
        Assert.Equal((0, 0, 0, 0), await CountsAsync(dataId));
    }

    [Fact]
    public async Task A_follow_up_cancelled_midway_leaves_the_conversation_as_it_was()
    {
        var dataId = await DatasetAsync();
        var ask = app.Services.GetRequiredService<AskService>();
        var first = await ask.AskAsync(new AskRequest(dataId, "total amount by region"), _ => { }, CancellationToken.None);
        Assert.NotNull(first.Chart);
        Assert.Equal((1, 1, 1, 0), await CountsAsync(dataId));

        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.AskAsync(new AskRequest(dataId, "total amount by region", first.ConversationId), s =>
        {
            if (s.Kind == "chart") cts.Cancel();
        }, cts.Token));
        Assert.Equal((1, 1, 1, 0), await CountsAsync(dataId));
    }

    [Fact]
    public async Task A_finished_ask_writes_its_conversation_chart_and_message_together()
    {
        var dataId = await DatasetAsync();
        var ask = app.Services.GetRequiredService<AskService>();
        var a = await ask.AskAsync(new AskRequest(dataId, "total amount by region"), _ => { }, CancellationToken.None);

        Assert.Equal((1, 1, 1, 0), await CountsAsync(dataId));
        var db = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var ctx = await db.CreateDbContextAsync();
        var message = await ctx.Messages.SingleAsync(m => m.Id == a.MessageId);
        var chart = await ctx.Charts.SingleAsync(c => c.Id == a.Chart!.Id);
        Assert.Equal((chart.Id, message.Id), (message.ChartId, chart.MessageId));
        Assert.Equal(a.ConversationId, message.ConversationId);
    }
}
