using DataCharts.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// One place that turns failures into responses: problem+json for <c>/api/*</c> (with line/column when the input said
/// where it broke), the friendly error page for everything else.
/// </summary>
public static class ErrorResponses
{
    public static bool IsApi(HttpContext c) => c.Request.Path.StartsWithSegments("/api");

    public static ProblemDetails Problem(UserFacingException ex, HttpContext c)
    {
        var p = new ProblemDetails { Status = ex.Status, Title = ex.Title, Detail = ex.Message, Instance = c.Request.Path };
        if (ex.Line is not null) p.Extensions["line"] = ex.Line;
        if (ex.Column is not null) p.Extensions["column"] = ex.Column;
        if (ex.Field is not null) p.Extensions["field"] = ex.Field;
        p.Extensions["trace_id"] = c.TraceIdentifier;
        return p;
    }

    /// <summary>An unreadable request (413 past the upload limit) as a problem.</summary>
    public static ProblemDetails Problem(BadHttpRequestException ex, HttpContext c) => new()
    {
        Status = ex.StatusCode,
        Title = ex.StatusCode == 413 ? "Upload too large" : "Bad request",
        Detail = ex.StatusCode == 413 ? "The request body is larger than the configured upload limit." : ex.Message,
        Instance = c.Request.Path,
    };

    public static IResult ToResult(UserFacingException ex, HttpContext c) =>
        Results.Problem(Problem(ex, c));

    public static async Task HandleAsync(HttpContext c)
    {
        var ex = c.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, problem) = ex switch
        {
            UserFacingException u => (u.Status, Problem(u, c)),
            BadHttpRequestException b => (b.StatusCode, Problem(b, c)),
            OperationCanceledException when c.RequestAborted.IsCancellationRequested => (499, new ProblemDetails { Status = 499, Title = "Client closed request" }),
            _ => (500, new ProblemDetails
            {
                Status = 500,
                Title = "Something went wrong on our side",
                Detail = "The error was logged with trace id " + c.TraceIdentifier + ".",
            }),
        };
        if (c.Response.HasStarted) return;
        c.Response.StatusCode = status;
        if (IsApi(c) || status != 500)
        {
            problem.Extensions["trace_id"] = c.TraceIdentifier;
            await Results.Problem(problem).ExecuteAsync(c);
            return;
        }
        c.Response.Redirect("/Error?code=500&trace=" + Uri.EscapeDataString(c.TraceIdentifier));
    }

    /// <summary>Empty error responses: problem+json for the API, the error page for people.</summary>
    public static async Task StatusCodePageAsync(StatusCodeContext context)
    {
        var c = context.HttpContext;
        var status = c.Response.StatusCode;
        if (IsApi(c))
        {
            var title = status switch
            {
                401 => "Sign-in required",
                403 => "Forbidden",
                404 => "Not found",
                405 => "Method not allowed",
                415 => "Unsupported media type",
                _ => "Request failed",
            };
            var detail = status switch
            {
                401 => "Sign in first: this DataCharts asks who you are (sign in at /Account/SignIn and send the cookie).",
                403 => $"Your role does not allow {c.Request.Method} {c.Request.Path}.",
                404 => $"Nothing is at {c.Request.Path}.",
                405 => $"{c.Request.Method} is not allowed on {c.Request.Path}.",
                400 => "The request could not be read: check the JSON body and the parameters.",
                _ => null,
            };
            await Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(c);
            return;
        }
        var (path, query, endpoint) = (c.Request.Path, c.Request.QueryString, c.GetEndpoint());
        var routeValues = new RouteValueDictionary(c.Request.RouteValues);
        c.Request.Path = "/Error";
        c.Request.QueryString = new QueryString($"?code={status}&path={Uri.EscapeDataString(path + query)}");
        c.SetEndpoint(null);
        c.Request.RouteValues.Clear();
        c.Items[ReExecutedKey] = true;
        try
        {
            await context.Next(c);
        }
        finally
        {
            // The request is still the one that was asked for: the request metrics (Monitoring's endpoint table) take its
            // route, not the error page's, as ASP.NET Core's own re-execute does.
            c.Request.Path = path;
            c.Request.QueryString = query;
            c.SetEndpoint(endpoint);
            c.Request.RouteValues = routeValues;
        }
    }

    /// <summary>Marks a request whose error page is being rendered: the request log has it already, under its own path and status.</summary>
    public const string ReExecutedKey = "DataCharts.ErrorPage";

    /// <summary>Is this the error page rendered for a request that already failed (not a request of its own)?</summary>
    public static bool IsReExecuted(HttpContext c) => c.Items.ContainsKey(ReExecutedKey) && c.Request.Path == "/Error";
}
