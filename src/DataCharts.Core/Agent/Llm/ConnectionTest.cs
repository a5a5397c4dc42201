using System.Net;
using System.Net.Sockets;
using DataCharts.Core.Settings;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace DataCharts.Core.Agent.Llm;

/// <summary>Checks a provider configuration with a one-word request and says what went wrong in plain words.</summary>
public sealed class ConnectionTest(KernelFactory kernels)
{
    public async Task<(bool Ok, string Message)> RunAsync(LlmSettings s, CancellationToken ct)
    {
        if (s.IsOffline) return (true, "The built-in offline planner needs no connection.");
        if (s.Provider is "azure" or "compatible" && string.IsNullOrWhiteSpace(s.Endpoint)) return (false, "This provider needs an endpoint URL.");
        if (s.Provider is "openai" or "azure" && string.IsNullOrWhiteSpace(s.ApiKey)) return (false, "This provider needs an API key.");
        try
        {
            var chat = kernels.Get(s).GetRequiredService<IChatCompletionService>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            var reply = await chat.GetChatMessageContentAsync("Reply with the word OK.", cancellationToken: timeout.Token);
            return (true, $"Connected: {s.Model} answered \"{Trim(reply.Content)}\".");
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or KernelException or TaskCanceledException or ArgumentException or UriFormatException)
        {
            return (false, Explain(ex, s));
        }
    }

    private static string Trim(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;

    /// <summary>A failure as a person would want to hear it.</summary>
    public static string Explain(Exception ex, LlmSettings s)
    {
        var status = (ex as HttpOperationException)?.StatusCode ?? (ex.InnerException as HttpRequestException)?.StatusCode ?? (ex as HttpRequestException)?.StatusCode;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the API key was rejected; check it and save it again",
            HttpStatusCode.NotFound => $"the endpoint answered but does not know the model '{s.Model}' (or the URL path is wrong)",
            HttpStatusCode.TooManyRequests => "the provider is rate-limiting or the account has no quota left",
            >= HttpStatusCode.InternalServerError => "the provider had a server error; try again later",
            _ when ex is TaskCanceledException => $"no answer from {s.Endpoint ?? "the provider"} within 20 seconds",
            _ when ex.GetBaseException() is SocketException => $"could not reach {s.Endpoint ?? "the provider"} (connection refused or no network)",
            _ when ex is UriFormatException or ArgumentException => "the endpoint is not a valid URL",
            _ => ex.GetBaseException().Message,
        };
    }
}
