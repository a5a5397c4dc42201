using DataCharts.Web.Api;
using DataCharts.Web.Infrastructure;
using Htmx.TagHelpers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace DataCharts.Web.Accounts;

/// <summary>
/// Who may reach what, in one place: pages by folder, endpoints by group. Anything not named here falls to the fallback
/// policy (analysts; see <see cref="AccessPolicies"/>), so a new page is closed to viewers until it is listed under them.
/// Inside a viewer-level page, edit handlers check <see cref="AccessPolicies.CanEdit"/> and answer Forbid() to viewers.
/// </summary>
public static class AccessRules
{
    public static void ApplyTo(PageConventionCollection pages)
    {
        // Anyone: the sign-in and sign-out pages and the error page (which also renders 401/403/404 for the others).
        pages.AllowAnonymousToFolder("/Account");
        pages.AllowAnonymousToPage("/Error");

        // Viewers: home, report pages (/Reports, /reports/{slug}) and notebooks (/Analysis lists published ones, /Analysis/{id}).
        pages.AuthorizePage("/Index", AccessPolicies.Viewer);
        pages.AuthorizeFolder("/Reports", AccessPolicies.Viewer);
        pages.AuthorizeFolder("/Analysis", AccessPolicies.Viewer);

        // Analysts: loading and asking. Said out loud although the fallback would give the same answer.
        pages.AuthorizeFolder("/Data", AccessPolicies.Analyst);
        pages.AuthorizeFolder("/Chat", AccessPolicies.Analyst);
        pages.AuthorizeFolder("/Tasks", AccessPolicies.Analyst);

        // Admins: Settings, including users.
        pages.AuthorizeFolder("/Settings", AccessPolicies.Admin);
    }

    /// <summary>Maps every minimal-API endpoint into the group that decides who may call it.</summary>
    public static void MapEndpointsByAccess(this WebApplication app)
    {
        // Anyone: probes, the version, the htmx antiforgery script, /metrics (which checks for an admin or its bearer token
        // itself, so scrapers get 401 rather than a sign-in redirect), and 404s for addresses that do not exist (so a
        // signed-in viewer following a stale link reads "not found", not "not allowed").
        var anyone = app.MapGroup("").AllowAnonymous();
        anyone.MapHealth();
        anyone.MapSystemApi();
        anyone.MapHtmxAntiforgeryScript();
        anyone.MapMetrics();
        anyone.MapFallback("{**path}", c =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        // Shared notebooks and report pages: viewers read (GET; unpublished notebooks do not exist for them), analysts
        // change (other verbs). Viewers download through the pages' own handlers, which serve published work only.
        var shared = app.MapGroup("").RequireViewerToReadAnalystToChange();
        shared.MapNotebookApi();
        shared.MapReportEvents();

        // Working with data: analysts.
        var analysts = app.MapGroup("").RequireAuthorization(AccessPolicies.Analyst);
        analysts.MapDataApi();
        analysts.MapSemanticModelApi();
        analysts.MapConnectionApi();
        analysts.MapProcessingApi();
        analysts.MapGenerationApi();
        analysts.MapFilterApi();
        analysts.MapQualityApi();
        analysts.MapTaskApi();
        analysts.MapFunctionApi();
        analysts.MapAskApi();
        // The API reference (/openapi/v1.json, /docs): it describes what analysts may call, so it is theirs. With sign-in
        // off everybody is the local user and reads it.
        analysts.MapApiReference();
        analysts.MapChartApi();

        // Answers' rows and charts by id: analysts; viewers only those a published notebook shows (checked per id).
        var downloads = app.MapGroup("").RequireAuthorization(AccessPolicies.Viewer);
        downloads.MapAnswerDownloadsApi();
    }

    /// <summary>GET and HEAD need <see cref="AccessPolicies.Viewer"/>; every other verb <see cref="AccessPolicies.Analyst"/>.</summary>
    public static TBuilder RequireViewerToReadAnalystToChange<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var reads = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new AuthorizeAttribute(reads ? AccessPolicies.Viewer : AccessPolicies.Analyst));
        });
        return builder;
    }
}
