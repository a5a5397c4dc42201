using DataCharts.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Web.Accounts;

/// <summary>A person who may sign in, as the Settings users page lists them.</summary>
public sealed record UserAccount(string Id, string UserName, string Role, bool LockedOut);

/// <summary>
/// The people who may sign in, each with exactly one role: list, add, change role, reset password, delete, and the first
/// admin from configuration. Refuses what would lock everyone out (removing the last admin, deleting yourself).
/// Failures are <see cref="UserFacingException"/>s whose message a page shows as it is.
/// </summary>
public sealed class UserAccounts(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, AccountsDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await (from u in db.Users
                          orderby u.NormalizedUserName
                          select new
                          {
                              u.Id,
                              u.UserName,
                              u.LockoutEnd,
                              Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                          }).ToListAsync(ct);
        return rows.Select(u => new UserAccount(u.Id, u.UserName ?? "", u.Role ?? "", u.LockoutEnd > now)).ToList();
    }

    public async Task<UserAccount> GetAsync(string id, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(u => u.Id == id) ?? throw new NotFoundException("That user no longer exists.");

    public async Task<bool> AnyAdminAsync() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0;

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
    }

    public async Task<UserAccount> CreateAsync(string? userName, string? role, string? password, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0) throw new UserFacingException("Type a user name.") { Field = "userName" };
        CheckRole(role);
        if (string.IsNullOrEmpty(password)) throw new UserFacingException("Type a password.") { Field = "password" };
        var user = new IdentityUser(name);
        // Validate the password before creating, so a weak one leaves no half-made user behind.
        await CheckPasswordAsync(user, password);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role!));
            await tx.CommitAsync(ct);
        }
        return await GetAsync(user.Id, ct);
    }

    public async Task<UserAccount> ChangeRoleAsync(string id, string? role, string actingUserId, CancellationToken ct)
    {
        CheckRole(role);
        var user = await FindAsync(id);
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return await GetAsync(id, ct);
        if (current.Contains(Roles.Admin) && role != Roles.Admin)
        {
            if (await IsLastAdminAsync(user)) throw new UserFacingException("This is the only admin; make someone else an admin first.");
            if (user.Id == actingUserId) throw new UserFacingException("You cannot take away your own admin role; ask another admin.");
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role!));
            await tx.CommitAsync(ct);
        }
        // Signed-in sessions re-read the roles on their next request (the security stamp check runs on every request).
        return await GetAsync(id, ct);
    }

    public async Task<UserAccount> ResetPasswordAsync(string id, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password)) throw new UserFacingException("Type the new password.") { Field = "password" };
        var user = await FindAsync(id);
        await CheckPasswordAsync(user, password);
        // Through a reset token: one step that validates, replaces the hash and changes the security stamp, so the
        // user's other sessions end.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
        if (await users.IsLockedOutAsync(user)) Check(await users.SetLockoutEndDateAsync(user, null));
        return await GetAsync(id, ct);
    }

    /// <summary>Deletes the user; returns the name it had.</summary>
    public async Task<string> DeleteAsync(string id, string actingUserId)
    {
        var user = await FindAsync(id);
        if (user.Id == actingUserId) throw new UserFacingException("You cannot delete the account you are signed in with.");
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(user))
            throw new UserFacingException("This is the only admin; make someone else an admin first.");
        Check(await users.DeleteAsync(user));
        return user.UserName ?? "";
    }

    /// <summary>
    /// Makes the configured first admin when there is no admin: creates the user, or promotes it (with the configured
    /// password) when the name is already taken. Returns false when an admin already exists.
    /// </summary>
    public async Task<bool> EnsureFirstAdminAsync(string userName, string password)
    {
        if (await AnyAdminAsync()) return false;
        await using var tx = await db.Database.BeginTransactionAsync();
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            user = new IdentityUser(userName.Trim());
            await CheckPasswordAsync(user, password);
            Check(await users.CreateAsync(user, password));
        }
        else
        {
            await CheckPasswordAsync(user, password);
            Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
            Check(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)));
        }
        Check(await users.AddToRoleAsync(user, Roles.Admin));
        await tx.CommitAsync();
        return true;
    }

    private async Task<IdentityUser> FindAsync(string id) =>
        await users.FindByIdAsync(id) ?? throw new NotFoundException("That user no longer exists.");

    private async Task<bool> IsLastAdminAsync(IdentityUser user) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).All(u => u.Id == user.Id);

    private async Task CheckPasswordAsync(IdentityUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
            Check(await validator.ValidateAsync(users, user, password), "password");
    }

    private static void CheckRole(string? role)
    {
        if (!Roles.IsKnown(role)) throw new UserFacingException($"Choose a role: {string.Join(", ", Roles.All)}.") { Field = "role" };
    }

    private static void Check(IdentityResult result, string? field = null)
    {
        if (!result.Succeeded) throw new UserFacingException(string.Join(" ", result.Errors.Select(e => e.Description))) { Field = field };
    }
}
