using DataCharts.Core;
using DataCharts.Web.Accounts;
using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Pages.Settings;

/// <summary>Settings → Users (admins only, by the Settings folder rule): list, add, change role, reset password, delete.</summary>
public sealed class UsersModel(UserAccounts accounts, UserManager<IdentityUser> users, IOptions<AccountsOptions> options) : PageModel
{
    public bool SignInEnabled => options.Value.Enabled;
    public UserListView List { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => List = await ListAsync(ct);

    /// <summary>Adds a user with a role and password. Target: #users (outerHTML).</summary>
    public async Task<IActionResult> OnPostAddAsync(string? userName, string? role, string? password, CancellationToken ct)
    {
        try
        {
            var added = await accounts.CreateAsync(userName, role, password, ct);
            return Done(await ListAsync(ct) with { Message = $"Added {added.UserName} as {added.Role}." });
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            // What was typed stays in the form (never the password), with the reason beside it.
            return Failed(await ListAsync(ct) with { Error = ex.Message, NewUserName = userName, NewRole = role });
        }
    }

    /// <summary>Gives the user another role. Target: the user's row, #user-{id} (outerHTML).</summary>
    public Task<IActionResult> OnPostRoleAsync(string id, string? role, CancellationToken ct) =>
        RowAsync(id, async () => (await accounts.ChangeRoleAsync(id, role, ActingUserId, ct), "Role changed."), ct);

    /// <summary>Sets a new password (ending the user's sessions). Target: the user's row, #user-{id} (outerHTML).</summary>
    public Task<IActionResult> OnPostPasswordAsync(string id, string? password, CancellationToken ct) =>
        RowAsync(id, async () => (await accounts.ResetPasswordAsync(id, password, ct), "Password set."), ct);

    /// <summary>Deletes the user. Target: #users (outerHTML).</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        try
        {
            var name = await accounts.DeleteAsync(id, ActingUserId);
            return Done(await ListAsync(ct) with { Message = $"Deleted {name}." });
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Failed(await ListAsync(ct) with { Error = ex.Message });
        }
    }

    // The signed-in admin (or the local user, who is no account, when sign-in is off).
    private string ActingUserId => users.GetUserId(User) ?? "";

    private async Task<IActionResult> RowAsync(string id, Func<Task<(UserAccount User, string Message)>> change, CancellationToken ct)
    {
        try
        {
            var (user, message) = await change();
            if (!Request.IsHtmx()) return RedirectToPage();
            return Partial("Partials/_UserRow", new UserRowView(user, ActingUserId, message, null));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            if (!Request.IsHtmx()) return Failed(await ListAsync(ct) with { Error = ex.Message });
            return Partial("Partials/_UserRow", new UserRowView(await accounts.GetAsync(id, ct), ActingUserId, null, ex.Message));
        }
    }

    private async Task<UserListView> ListAsync(CancellationToken ct) => new(await accounts.ListAsync(ct), ActingUserId, null, null, null, null);

    // htmx gets the fragment; a plain form post gets post/redirect/get on success and the page with the error otherwise.
    private IActionResult Done(UserListView view) => Request.IsHtmx() ? Partial("Partials/_UserList", view) : RedirectToPage();

    private IActionResult Failed(UserListView view)
    {
        List = view;
        return Request.IsHtmx() ? Partial("Partials/_UserList", view) : Page();
    }
}

/// <summary>The users table and the add form, with the outcome of the last change.</summary>
public sealed record UserListView(IReadOnlyList<UserAccount> Users, string ActingUserId, string? Message, string? Error, string? NewUserName, string? NewRole);

/// <summary>One user's row, with the outcome of a change made in it.</summary>
public sealed record UserRowView(UserAccount User, string ActingUserId, string? Message, string? Error)
{
    public bool IsYou => User.Id == ActingUserId;
}
