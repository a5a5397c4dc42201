namespace DataCharts.Web.Accounts;

/// <summary>The "DataCharts:Auth" configuration section: whether people sign in, and the first admin.</summary>
public sealed class AccountsOptions
{
    public const string Section = "DataCharts:Auth";

    /// <summary>
    /// Off (the default) runs DataCharts like Streamlit on a laptop: one local user who may do everything. On, people sign in
    /// with a user name and password and get what their role allows.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>User name of the first admin, created at start when no admin exists yet.</summary>
    public string? AdminUser { get; set; }

    /// <summary>Password of the first admin; used only to create it (change it later in Settings → Users).</summary>
    public string? AdminPassword { get; set; }

    public bool HasAdmin => !string.IsNullOrWhiteSpace(AdminUser) && !string.IsNullOrEmpty(AdminPassword);
}
