using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages;

/// <summary>The friendly error page for people (the API answers problem+json instead).</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Text { get; private set; } = "";
    public string? Trace { get; private set; }

    public void OnGet(int? code, string? path, string? trace) => Describe(code, path, trace);

    public void OnPost(int? code, string? path, string? trace) => Describe(code, path, trace);

    private void Describe(int? code, string? path, string? trace)
    {
        Trace = trace;
        (Heading, Text) = code switch
        {
            404 => ("Page not found", $"There is nothing at {path ?? "this address"}. It may have been moved or deleted."),
            403 => ("Not allowed", "You do not have access to this page."),
            400 => ("Bad request", "The request could not be understood."),
            429 => ("Too many attempts", "Too many requests came from your address in a short time. Wait a minute and try again."),
            null or 500 => ("Something went wrong", "An unexpected error happened on our side. It was logged; try again, and if it keeps happening, share the trace id below."),
            _ => ($"Error {code}", "The request could not be completed."),
        };
        if (code is { } c && c != 500) Response.StatusCode = c;
        else Response.StatusCode = 500;
    }
}
