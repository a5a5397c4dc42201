using DataCharts.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataCharts.Web.Tests.Hosting;

/// <summary>
/// What a request throws once its client has gone (a reset connection, an aborted body, a cancelled read) is information
/// with status 499, not a server error; the same exception while the client is still there stays an error.
/// </summary>
/// <remarks>
/// The middleware is driven directly: the in-process test server does not abort a request whose client stops sending
/// mid-body, so a real disconnect cannot be staged there.
/// </remarks>
public sealed class ClientGoneTests
{
    private sealed class ListLogger : ILogger<UserFacingErrorMiddleware>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    public static TheoryData<Exception> Failures => new()
    {
        new IOException("The client reset the request stream."),
        new Microsoft.AspNetCore.Connections.ConnectionResetException("Connection reset by peer"),
        new BadHttpRequestException("Unexpected end of request content."),
        new OperationCanceledException(),
    };

    private static DefaultHttpContext Upload(bool aborted)
    {
        var c = new DefaultHttpContext();
        c.Request.Method = "POST";
        c.Request.Path = "/api/data/upload";
        c.RequestAborted = new CancellationToken(aborted);
        return c;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_client_that_went_away_is_logged_as_information_with_499(Exception failure)
    {
        var log = new ListLogger();
        var context = Upload(aborted: true);
        await new UserFacingErrorMiddleware(_ => throw failure, log).InvokeAsync(context);
        Assert.Equal(499, context.Response.StatusCode);
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("went away during POST /api/data/upload", message);
    }

    [Fact]
    public async Task The_same_failure_with_the_client_still_there_is_not_hidden() =>
        await Assert.ThrowsAsync<IOException>(() => new UserFacingErrorMiddleware(_ => throw new IOException("disk full"), new ListLogger()).InvokeAsync(Upload(aborted: false)));
}
