using DataCharts.Web.Accounts;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Account;

/// <summary>Sign in with a user name and password (only when sign-in is on; otherwise it sends you on to the app).</summary>
[EnableRateLimiting(SignInThrottle.Policy)] // POSTs per client address; GETs are not limited
public sealed class SignInModel(PasswordCheck passwords, IOptions<AccountsOptions> options) : PageModel
{
    public SignInForm Form { get; private set; } = new(null, "/", null);

    public IActionResult OnGet(string? returnUrl)
    {
        if (!options.Value.Enabled) return LocalRedirect(Back(returnUrl));
        Form = new SignInForm(null, Back(returnUrl), null);
        return Page();
    }

    /// <summary>Signs in and goes back where the person was headed. Target: #sign-in (outerHTML) for the inline error.</summary>
    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        var back = Back(returnUrl);
        if (!options.Value.Enabled) return LocalRedirect(back);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return Show(new SignInForm(userName, back, "Type your user name and password."));
        var (outcome, wait) = await passwords.SignInAsync(userName, password);
        if (outcome == SignInOutcome.SignedIn)
        {
            if (!Request.IsHtmx()) return LocalRedirect(back);
            // A full navigation, so the page and its antiforgery tokens are made for the person now signed in.
            Response.Htmx(h => h.Redirect(back));
            return new NoContentResult();
        }
        if (outcome == SignInOutcome.Throttled)
        {
            // The same words whether or not the account exists; the form stays, so the person can try again after the wait.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = SignInThrottle.Seconds(wait);
            return Show(new SignInForm(userName, back, SignInThrottle.Message(wait)));
        }
        return Show(new SignInForm(userName, back, "Wrong user name or password."));
    }

    private IActionResult Show(SignInForm form)
    {
        Form = form;
        return Request.IsHtmx() ? Partial("Partials/_SignInForm", form) : Page();
    }

    // Only addresses inside this app, so a crafted link cannot send someone elsewhere after signing in.
    private string Back(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

/// <summary>The sign-in form as shown: what was typed (never the password), where to go after, and what went wrong.</summary>
public sealed record SignInForm(string? UserName, string ReturnUrl, string? Error);
