using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

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
/// A state-changing API request that a browser marks as cross-site is refused, so another site cannot post to it. A
/// state-changing request to any address whose Origin is the literal <c>null</c> (sandboxed frames, data: and file: pages,
/// some cross-origin redirects) is refused too: no page of this app sends one.
/// </summary>
public sealed class ApiCrossSiteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var r = context.Request;
        if (!HttpMethods.IsGet(r.Method) && !HttpMethods.IsHead(r.Method) && !HttpMethods.IsOptions(r.Method))
        {
            var origin = r.Headers.Origin.ToString();
            if (origin == "null")
                return Results.Problem("Requests from an opaque origin (Origin: null) may not change anything.", statusCode: 403, title: "Forbidden").ExecuteAsync(context);
            if (r.Path.StartsWithSegments("/api"))
            {
                var site = r.Headers["Sec-Fetch-Site"].ToString();
                var crossOrigin = origin.Length > 0 && Uri.TryCreate(origin, UriKind.Absolute, out var o) &&
                                  !string.Equals(o.Authority, r.Host.Value, StringComparison.OrdinalIgnoreCase);
                if (site == "cross-site" || crossOrigin)
                    return Results.Problem("Cross-site requests to the API are not allowed.", statusCode: 403, title: "Forbidden").ExecuteAsync(context);
            }
        }
        return next(context);
    }
}

/// <summary>
/// Security headers on every response (pages, fragments, the API, static files, errors). The content security policy
/// allows scripts from this origin only: no inline script, no event-handler attributes, no eval (htmx runs with
/// allowEval off, see the htmx-config meta in _Layout.cshtml), so injected markup cannot run code.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // style-src allows 'unsafe-inline': pages use style attributes in many places and htmx adds its indicator styles as a
    // <style> element; styles cannot run script, and everything else stays strict. img-src allows data: for the
    // server-drawn images some fragments inline. frame-ancestors 'none' (with X-Frame-Options for older browsers) stops
    // other sites framing the app for clickjacking.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            // The API reference (Scalar) renders one inline module script, with a fresh nonce per response: only that
            // script is allowed, only on that response.
            h.ContentSecurityPolicy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
                ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                : ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
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

/// <summary>Marks an endpoint that takes bodies up to the upload limit (a file, a paste); every other one takes <see cref="DataChartsOptions.MaxRequestBodyBytes"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LargeBodyAttribute : Attribute;

/// <summary>
/// Kestrel's body limit is the upload limit (a gigabyte); only uploads and pastes need it. Every other endpoint — JSON
/// bodies, forms — reads at most <see cref="DataChartsOptions.MaxRequestBodyBytes"/>, so a gigabyte of JSON is refused
/// (413) while it arrives instead of being read into memory.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<DataChartsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<LargeBodyAttribute>() is not null || metadata?.GetMetadata<StreamedUploadAttribute>() is not null) return next(context);
        var max = options.Value.MaxRequestBodyBytes;
        // A declared length is refused before a byte is read; a chunked body is cut by the server when it passes the limit.
        if (context.Request.ContentLength > max)
            return Results.Problem($"The request body is {context.Request.ContentLength:N0} bytes; this endpoint takes at most {max:N0}.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large").ExecuteAsync(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = Math.Min(limit.MaxRequestBodySize ?? long.MaxValue, max);
        return next(context);
    }
}
