using DataCharts.Core.Storage;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Accounts;

/// <summary>Registers sign-in, roles and the access policies; see <see cref="AccessRules"/> for who may reach what.</summary>
public static class AccountsExtensions
{
    public const string SignInPath = "/Account/SignIn";
    public const string SignOutPath = "/Account/SignOut";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.AdminUser) == string.IsNullOrEmpty(o.AdminPassword),
                "Set both DataCharts:Auth:AdminUser and DataCharts:Auth:AdminPassword, or neither")
            .Validate(o => o.Throttle.IsValid,
                "DataCharts:Auth:Throttle needs positive PerAddressPermits, PerAddressWindowSeconds and ForgetAfterMinutes, and MaxDelaySeconds >= FirstDelaySeconds >= 0")
            .ValidateOnStart();

        services.AddDbContext<AccountsDbContext>((sp, o) => AccountsDbContext.UseDatabase(o, sp.GetRequiredService<DataPaths>().AppDatabase));
        services.AddIdentityCore<IdentityUser>(o =>
            {
                // Length over character classes (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // No lockout after wrong passwords: anyone who knows a user name could lock its owner out. Sign-in is
                // throttled instead, with a delay that grows with failures and is capped (SignInThrottle).
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<UserAccounts>();
        services.AddScoped<PasswordCheck>();
        services.AddSingleton<SignInThrottle>();
        SignInThrottle.AddSignInRateLimiter(services);
        services.AddHostedService<AccountsInitializer>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, LocalAuthenticationHandler>(LocalAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(c => c.ApplicationCookie!.Configure(ConfigureCookie));
        // Chosen when options are read, not at registration, so test hosts and environment variables can turn sign-in on.
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AccountsOptions>>((a, accounts) =>
            a.DefaultScheme = accounts.Value.Enabled ? IdentityConstants.ApplicationScheme : LocalAuthenticationHandler.SchemeName);
        // Every request re-reads the user and roles (a few indexed SQLite lookups), so a role the admin takes away or a
        // deleted user stops working on the very next request instead of when the cookie is next refreshed. Sign-out, a new
        // password and a role change all change the user's security stamp, so a copy of an old cookie is refused at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddAuthorizationBuilder().AddAccessPolicies();
        services.Configure<RazorPagesOptions>(o => AccessRules.ApplyTo(o.Conventions));
        return builder;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        // The rate limiter (sign-in per address, the ask queue) runs once, after authorization: see UseDataCharts.
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The sign-in address that returns to the page an htmx request came from (not to the fragment it asked for).</summary>
    private static string SignInUrlForPageOf(HttpRequest request)
    {
        var current = request.Headers["HX-Current-URL"].ToString();
        var back = Uri.TryCreate(current, UriKind.Absolute, out var u) && string.Equals(u.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? u.PathAndQuery
            : "/";
        return request.PathBase + SignInPath + QueryString.Create("ReturnUrl", back);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "DataCharts.Auth";
        o.Cookie.HttpOnly = true;
        // Lax, not Strict: a shared link to a report opened from mail or chat still arrives signed in.
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = SignInPath;
        o.LogoutPath = SignOutPath;
        o.ExpireTimeSpan = TimeSpan.FromDays(7);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = c =>
        {
            // The API answers scripts, which cannot follow a redirect to a form: 401 (problem+json via the status pages).
            if (ErrorResponses.IsApi(c.HttpContext)) c.Response.StatusCode = StatusCodes.Status401Unauthorized;
            // An htmx request after the session ended: take the whole window to the sign-in page, not the fragment.
            else if (c.Request.IsHtmx())
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                c.Response.Htmx(h => h.Redirect(SignInUrlForPageOf(c.Request)));
            }
            else c.Response.Redirect(c.RedirectUri);
            return Task.CompletedTask;
        };
        // A signed-in person without the role gets 403 where they are: problem+json from the API, the friendly error
        // page (rendered by the status code pages) for people — never a redirect to an "access denied" address.
        o.Events.OnRedirectToAccessDenied = c =>
        {
            c.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
