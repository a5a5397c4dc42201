using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DataCharts.Core.Reports;

namespace DataCharts.Web.Api;

/// <summary><c>/api/reports/events</c>: tells open report pages (and the list) that a file in the report folder changed.</summary>
public static class ReportEndpoints
{
    public static void MapReportEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/events", IResult (string? slug, ReportLibrary library, IHostApplicationLifetime life, CancellationToken ct) =>
            slug is not null && library.Find(slug) is null
                ? throw new DataCharts.Core.NotFoundException($"No report page '{slug}'.")
                : TypedResults.ServerSentEvents(ChangesAsync(library, slug, life.ApplicationStopping, ct)));

    /// <summary>A "changed" event (data: the slug) per change of a matching file, a comment every 20 s to keep proxies open.</summary>
    private static async IAsyncEnumerable<SseItem<string>> ChangesAsync(ReportLibrary library, string? slug, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(string s)
        {
            if (slug is null || string.Equals(s, slug, StringComparison.OrdinalIgnoreCase)) channel.Writer.TryWrite(s);
        }
        library.Changed += OnChanged;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        try
        {
            yield return new SseItem<string>("listening", "ready");
            while (!both.IsCancellationRequested)
            {
                var changed = await NextAsync(channel.Reader, both.Token);
                if (both.IsCancellationRequested) yield break;
                yield return changed is null ? new SseItem<string>("", "ping") : new SseItem<string>(changed, "changed");
            }
        }
        finally
        {
            library.Changed -= OnChanged;
        }
    }

    /// <summary>The next changed slug, or null after 20 s of quiet (or when the client leaves).</summary>
    private static async Task<string?> NextAsync(ChannelReader<string> reader, CancellationToken ct)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        tick.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            var changed = await reader.ReadAsync(tick.Token);
            // Editors write in bursts (truncate, write, touch): wait for the burst to end, then send one event.
            await Task.Delay(150, ct);
            while (reader.TryRead(out var more)) changed = more;
            return changed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
