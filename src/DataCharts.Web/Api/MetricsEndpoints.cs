using System.Security.Cryptography;
using System.Text;
using DataCharts.Web.Accounts;
using DataCharts.Web.Monitoring;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Api;

/// <summary>The "DataCharts:Monitoring" configuration section.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "DataCharts:Monitoring";

    /// <summary>A secret that lets a scraper (Prometheus) read <c>/metrics</c> with <c>Authorization: Bearer …</c>; none by default.</summary>
    public string? MetricsToken { get; set; }
}

/// <summary>
/// <c>GET /metrics</c>: the Monitoring tab's figures in Prometheus text format, for scrapers. Admins may read it (everyone
/// when sign-in is off), and so may a caller with the configured bearer token; anyone else gets 401 or 403 problem+json,
/// never a redirect to the sign-in form a scraper cannot fill in.
/// </summary>
public static class MetricsEndpoints
{
    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (HttpContext http, MetricsCollector metrics, IOptions<MonitoringOptions> options) =>
        {
            if (!http.User.CanAdminister() && !HasToken(http.Request, options.Value.MetricsToken))
            {
                if (http.User.Identity?.IsAuthenticated == true)
                    return Results.Problem($"Your role does not allow {http.Request.Method} {http.Request.Path}.", statusCode: 403, title: "Forbidden");
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                return Results.Problem("Sign in as an admin, or send the configured metrics token (Authorization: Bearer …).", statusCode: 401, title: "Sign-in required");
            }
            return Results.Text(PrometheusText.Write(metrics), PrometheusText.ContentType);
        });

    /// <summary>Does the request carry the configured token? Compared in constant time, so timing does not leak it.</summary>
    private static bool HasToken(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)) return false;
        // Hashes first: FixedTimeEquals is constant time only for inputs of equal length.
        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(sent, expected);
    }
}
