using DataCharts.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Account;

/// <summary>Signs out: a POST with an antiforgery token only, so a link or an image on another page cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, IOptions<AccountsOptions> options) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!options.Value.Enabled) return LocalRedirect("/");
        // A new security stamp ends the session on the server: the cookie this browser drops, and any copy of it, no longer
        // passes the stamp check made on every request.
        if (await users.GetUserAsync(User) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return LocalRedirect(AccountsExtensions.SignInPath);
    }
}
