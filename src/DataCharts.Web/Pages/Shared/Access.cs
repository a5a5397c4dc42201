using System.Security.Claims;

namespace DataCharts.Web.Pages.Shared;

/// <summary>What the signed-in person may do in the pages (hiding controls; handlers check again).</summary>
public static class Access
{
    /// <summary>Analysts and admins edit; viewers only read, change inputs and download.</summary>
    public static bool CanEdit(ClaimsPrincipal user) => user.Identity?.IsAuthenticated != true || user.IsInRole("admin") || user.IsInRole("analyst");
}
