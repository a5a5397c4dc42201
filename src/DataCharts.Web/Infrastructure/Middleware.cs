using System.Diagnostics;
using System.Globalization;

namespace DataCharts.Web.Infrastructure;

/// <summary>Adds <c>X-Process-Time</c> (seconds spent on the request until the response started) to every response.</summary>
public sealed class ProcessTimeMiddleware(RequestDelegate next)
{
    public const string Header = "X-Process-Time";

    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0000", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>
/// The JSON API is for scripts and tools, which send no antiforgery token; browsers do say where a request comes from.
/// A state-changing API request that a browser marks as cross-site is refused, so another site cannot post to it.
/// </summary>
public sealed class ApiCrossSiteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var r = context.Request;
        if (r.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(r.Method) && !HttpMethods.IsHead(r.Method) && !HttpMethods.IsOptions(r.Method))
        {
            var site = r.Headers["Sec-Fetch-Site"].ToString();
            var origin = r.Headers.Origin.ToString();
            var crossOrigin = origin.Length > 0 && origin != "null" && Uri.TryCreate(origin, UriKind.Absolute, out var o) &&
                              !string.Equals(o.Authority, r.Host.Value, StringComparison.OrdinalIgnoreCase);
            if (site == "cross-site" || crossOrigin)
                return Results.Problem("Cross-site requests to the API are not allowed.", statusCode: 403, title: "Forbidden").ExecuteAsync(context);
        }
        return next(context);
    }
}

/// <summary>
/// Bad input (a <see cref="DataCharts.Core.UserFacingException"/> or an unreadable request) becomes a 4xx problem+json right
/// here, inside request logging, so logs show the real status and no error stack for a user's mistake. A client that went
/// away mid-request is logged as information (status 499), not as a server error.
/// </summary>
public sealed class UserFacingErrorMiddleware(RequestDelegate next, ILogger<UserFacingErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ClientWentAway(ex, context))
        {
            logger.LogInformation("The client went away during {Method} {Path} ({Reason})", context.Request.Method, context.Request.Path, ex.GetType().Name);
            if (!context.Response.HasStarted) context.Response.StatusCode = 499;
        }
        catch (DataCharts.Core.UserFacingException ex) when (!context.Response.HasStarted)
        {
            logger.LogInformation("Rejected {Path}: {Message}", context.Request.Path, ex.Message);
            context.Response.Clear();
            context.Response.StatusCode = ex.Status;
            await ErrorResponses.ToResult(ex, context).ExecuteAsync(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            logger.LogInformation("Bad request {Path}: {Message}", context.Request.Path, ex.Message);
            context.Response.Clear();
            await Results.Problem(ErrorResponses.Problem(ex, context)).ExecuteAsync(context);
        }
    }

    /// <summary>What reading or writing throws once the connection is gone (a reset is an <see cref="IOException"/>).</summary>
    private static bool ClientWentAway(Exception ex, HttpContext context) =>
        context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException or BadHttpRequestException;
}
