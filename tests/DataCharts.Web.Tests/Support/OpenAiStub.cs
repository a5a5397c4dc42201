using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Support;

/// <summary>
/// A tiny OpenAI-compatible server on loopback that replays scripted chat completions (tool calls, then a final answer),
/// so the real Semantic Kernel OpenAI connector and our plugins run end to end.
/// </summary>
public sealed class OpenAiStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<JsonElement, object>> script = new();

    public OpenAiStub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = await JsonDocument.ParseAsync(http.Request.Body);
            Requests.Add(body.RootElement.Clone());
            if (!script.TryDequeue(out var next)) return Results.Json(new { error = new { message = "no more scripted replies" } }, statusCode: 500);
            return Results.Json(next(body.RootElement));
        });
        app.MapPost("/unauthorized/v1/chat/completions", () => Results.Json(new { error = new { message = "Incorrect API key provided", type = "invalid_request_error" } }, statusCode: 401));
        app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }
    public List<JsonElement> Requests { get; } = [];

    public OpenAiStub ToolCall(string function, object arguments) => Then(_ => Completion(null, [(function, JsonSerializer.Serialize(arguments))]));

    public OpenAiStub Answer(string text) => Then(_ => Completion(text, []));

    public OpenAiStub Then(Func<JsonElement, object> reply)
    {
        script.Enqueue(reply);
        return this;
    }

    private static int calls;

    public static object Completion(string? content, IReadOnlyList<(string Name, string Args)> tools) => new
    {
        id = "chatcmpl-" + Interlocked.Increment(ref calls),
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "stub-model",
        choices = new[]
        {
            new
            {
                index = 0,
                message = new
                {
                    role = "assistant",
                    content,
                    tool_calls = tools.Count == 0 ? null : tools.Select((t, i) => new { id = $"call_{calls}_{i}", type = "function", function = new { name = t.Name, arguments = t.Args } }).ToArray(),
                },
                finish_reason = tools.Count == 0 ? "stop" : "tool_calls",
            },
        },
        usage = new { prompt_tokens = 120, completion_tokens = 30, total_tokens = 150 },
    };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
