using Microsoft.AspNetCore.Identity;

namespace DataCharts.Web.Accounts;

/// <summary>What a sign-in attempt came to. Unknown names and wrong passwords are one outcome, on purpose.</summary>
public enum SignInOutcome { SignedIn, Failed, Throttled }

/// <summary>
/// Signs a person in by name and password so that the answer gives nothing away: an unknown name costs one password hash
/// (against a dummy hash) just like a wrong password, both count toward the same per-name throttle, and both come back as
/// <see cref="SignInOutcome.Failed"/>. Accounts are never locked by failures (see <see cref="SignInThrottle"/>).
/// </summary>
public sealed class PasswordCheck(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, IPasswordHasher<IdentityUser> hasher, SignInThrottle throttle)
{
    // One hash made with the default hasher settings (which this app keeps), so verifying against it costs what verifying
    // a real user's hash does.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser("dummy"), Guid.NewGuid().ToString("N")));

    public async Task<(SignInOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(string userName, string password)
    {
        // No user name is longer than 256 characters, so the throttle's key is never longer either (a 4 MB "name" is one key).
        var key = users.NormalizeName(userName.Trim()) ?? "";
        if (key.Length > 256) key = key[..256];
        if (throttle.RetryAfter(key) is { } wait) return (SignInOutcome.Throttled, wait);

        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            hasher.VerifyHashedPassword(new IdentityUser(userName), DummyHash.Value, password);
            return Failed(key);
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded) return Failed(key);
        throttle.Succeeded(key);
        return (SignInOutcome.SignedIn, TimeSpan.Zero);
    }

    private (SignInOutcome, TimeSpan) Failed(string key)
    {
        throttle.Failed(key);
        return (SignInOutcome.Failed, TimeSpan.Zero);
    }
}
