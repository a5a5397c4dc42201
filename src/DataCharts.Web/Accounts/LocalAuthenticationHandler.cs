using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Accounts;

/// <summary>
/// Authentication when sign-in is off: every request is the one local user, an admin, the way a Streamlit app on a laptop
/// trusts whoever sits at it. The same policies then run in both modes, so no code asks "is auth on?" to decide access.
/// </summary>
public sealed class LocalAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Local";
    public const string UserName = "local";

    // A new principal per request: principals are mutable (claims transformations add to them), so none is shared.
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, UserName),
                new Claim(ClaimTypes.Name, UserName),
                new Claim(ClaimTypes.Role, Roles.Admin),
            ], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
