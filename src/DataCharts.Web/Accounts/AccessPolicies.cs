using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace DataCharts.Web.Accounts;

/// <summary>
/// The three authorization policies, defined here and nowhere else. <see cref="AccessRules"/> says which part of the app
/// each one guards; page code asks <see cref="CanEdit"/> and <see cref="CanAdminister"/> to hide what a person cannot do.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Anyone signed in: open published notebooks and report pages, change their inputs, download.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Analysts and admins: load data, ask, edit, build notebooks.</summary>
    public const string Analyst = "Analyst";

    /// <summary>Admins: Settings and users.</summary>
    public const string Admin = "Admin";

    // Read-only lists: the one definition of which roles each policy admits, shared by the policies and the UI checks.
    private static readonly IReadOnlyList<string> ViewerRoles = [Roles.Viewer, Roles.Analyst, Roles.Admin];
    private static readonly IReadOnlyList<string> AnalystRoles = [Roles.Analyst, Roles.Admin];
    private static readonly IReadOnlyList<string> AdminRoles = [Roles.Admin];

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder auth)
    {
        var analyst = Require(AnalystRoles);
        return auth
            .AddPolicy(Viewer, Require(ViewerRoles))
            .AddPolicy(Analyst, analyst)
            .AddPolicy(Admin, Require(AdminRoles))
            // Whatever AccessRules does not name (a page or endpoint added later) is for analysts: a new screen is never
            // shown to viewers by accident, and someone has to decide that it is safe for them.
            .SetFallbackPolicy(analyst);
    }

    private static AuthorizationPolicy Require(IReadOnlyList<string> roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build();

    /// <summary>May this person change things (upload, edit, run free SQL, ask)? False for viewers.</summary>
    public static bool CanEdit(this ClaimsPrincipal user) => AnalystRoles.Any(user.IsInRole);

    /// <summary>May this person reach Settings and manage users?</summary>
    public static bool CanAdminister(this ClaimsPrincipal user) => AdminRoles.Any(user.IsInRole);

    /// <summary>Is this the single local user of a DataCharts that runs without sign-in?</summary>
    public static bool IsLocalUser(this ClaimsPrincipal user) => user.Identity?.AuthenticationType == LocalAuthenticationHandler.SchemeName;

    /// <summary>The person's role, most powerful first, or null when signed out.</summary>
    public static string? Role(this ClaimsPrincipal user) => Roles.All.FirstOrDefault(user.IsInRole);
}
