using System.Collections.Concurrent;
using System.Threading.Channels;
using DataCharts.Core.Agent;
using DataCharts.Core.Ask;

namespace DataCharts.Web.Pages.Chat;

/// <summary>
/// Questions being answered for the Chat page: the answer runs in the background, its steps go into a channel the
/// page reads over SSE, and the finished answer is picked up once. Sessions are dropped a few minutes after they end.
/// </summary>
public sealed class AskSessions(AskService ask, ILogger<AskSessions> logger)
{
    private readonly ConcurrentDictionary<string, Session> sessions = new();

    public sealed class Session(string question)
    {
        /// <summary>The question as asked, for the answer card (the result does not carry it).</summary>
        public string Question { get; } = question;
        public Channel<AgentStep> Steps { get; } = Channel.CreateUnbounded<AgentStep>();
        public Task<AskResult> Result { get; set; } = null!;
    }

    /// <summary>Starts answering in the background; <paramref name="lease"/> (a place under the ask bound) is held until the answer ends.</summary>
    public string Start(AskRequest request, IDisposable? lease = null)
    {
        var id = "ask_" + Guid.NewGuid().ToString("N")[..16];
        var session = new Session(request.Question);
        sessions[id] = session;
        session.Result = Task.Run(async () =>
        {
            try
            {
                return await ask.AskAsync(request, s => session.Steps.Writer.TryWrite(s), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not DataCharts.Core.UserFacingException)
            {
                logger.LogError(ex, "Answering failed");
                throw;
            }
            finally
            {
                lease?.Dispose();
                session.Steps.Writer.TryComplete();
                _ = Task.Delay(TimeSpan.FromMinutes(5)).ContinueWith(_ => sessions.TryRemove(id, out var _), TaskScheduler.Default);
            }
        });
        return id;
    }

    public Session? Get(string id) => sessions.GetValueOrDefault(id);
}
