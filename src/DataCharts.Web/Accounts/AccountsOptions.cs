namespace DataCharts.Web.Accounts;

/// <summary>The "DataCharts:Auth" configuration section: whether people sign in, the first admin, and sign-in throttling.</summary>
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

    /// <summary>How hard sign-in attempts are throttled ("DataCharts:Auth:Throttle").</summary>
    public SignInThrottleOptions Throttle { get; set; } = new();

    public bool HasAdmin => !string.IsNullOrWhiteSpace(AdminUser) && !string.IsNullOrEmpty(AdminPassword);
}

/// <summary>
/// Sign-in throttling. Per client address: at most <see cref="PerAddressPermits"/> attempts per window (the ASP.NET Core
/// rate limiter). Per account name: after <see cref="FreeFailures"/> wrong passwords in a row, each further one makes the
/// next attempt wait <see cref="FirstDelaySeconds"/>, then twice as long, up to <see cref="MaxDelaySeconds"/>. The account
/// is never locked, so a stranger typing wrong passwords delays its owner by at most that cap.
/// </summary>
public sealed class SignInThrottleOptions
{
    public int PerAddressPermits { get; set; } = 10;
    public int PerAddressWindowSeconds { get; set; } = 60;
    public int FreeFailures { get; set; } = 3;
    public int FirstDelaySeconds { get; set; } = 2;
    public int MaxDelaySeconds { get; set; } = 30;

    /// <summary>Failures older than this are forgotten, so an old run of typos does not slow the owner down later.</summary>
    public int ForgetAfterMinutes { get; set; } = 15;

    public bool IsValid => PerAddressPermits >= 1 && PerAddressWindowSeconds >= 1 && FreeFailures >= 0 && FirstDelaySeconds >= 0 &&
                           MaxDelaySeconds >= FirstDelaySeconds && ForgetAfterMinutes >= 1;
}
