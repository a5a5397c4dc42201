using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataCharts.Web.Accounts;

/// <summary>
/// Brings accounts up before Kestrel listens: migrates the accounts tables, makes the three roles, and creates the first
/// admin from configuration when there is none. With sign-in on and no admin at all, the app refuses to start, since
/// nobody could ever sign in.
/// </summary>
public sealed class AccountsInitializer(IServiceScopeFactory scopes, IOptions<AccountsOptions> options, ILogger<AccountsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(ct);
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.EnsureRolesAsync();
        var o = options.Value;
        if (o.HasAdmin && await accounts.EnsureFirstAdminAsync(o.AdminUser!, o.AdminPassword!))
            logger.LogInformation("Created the first admin {User} from configuration", o.AdminUser!.Trim());
        if (o.Enabled && !await accounts.AnyAdminAsync())
            throw new InvalidOperationException(
                "Sign-in is on (DataCharts:Auth:Enabled=true) but there is no admin. Set DataCharts:Auth:AdminUser and " +
                "DataCharts:Auth:AdminPassword (environment: DataCharts__Auth__AdminUser, DataCharts__Auth__AdminPassword) to create one.");
        if (o.Enabled) logger.LogInformation("Sign-in is on");
        else logger.LogInformation("Sign-in is off: every request is the local admin");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
