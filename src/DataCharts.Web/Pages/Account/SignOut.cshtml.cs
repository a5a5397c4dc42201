using DataCharts.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Account;

/// <summary>Signs out: a POST with an antiforgery token only, so a link or an image on another page cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<IdentityUser> signIn, IOptions<AccountsOptions> options) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!options.Value.Enabled) return LocalRedirect("/");
        await signIn.SignOutAsync();
        return LocalRedirect(AccountsExtensions.SignInPath);
    }
}
