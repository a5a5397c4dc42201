namespace DataCharts.Web.Accounts;

/// <summary>The three roles a person can have; each user has exactly one.</summary>
public static class Roles
{
    /// <summary>Runs the app: everything an analyst does, plus Settings and users.</summary>
    public const string Admin = "admin";

    /// <summary>Loads data, asks, edits SQL and charts, builds notebooks.</summary>
    public const string Analyst = "analyst";

    /// <summary>Opens published notebooks and report pages, changes their inputs, downloads.</summary>
    public const string Viewer = "viewer";

    /// <summary>Most to least powerful, the order the Settings page lists them in.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Analyst, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
