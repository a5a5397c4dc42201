using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DataCharts.Web.Accounts;

/// <summary>
/// Users and roles (ASP.NET Core Identity) in the app database. A context of its own, with its own migrations and
/// history table, so account changes and the app-state migrations of <c>AppDbContext</c> never collide.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public const string HistoryTable = "__AccountsMigrationsHistory";

    /// <summary>The one way both the host and the design-time tools point this context at a SQLite file.</summary>
    public static DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder o, string sqliteFile) =>
        o.UseSqlite($"Data Source={sqliteFile}", s => s.MigrationsHistoryTable(HistoryTable));
}

/// <summary>Lets <c>dotnet ef migrations add … --context AccountsDbContext</c> build the context without the web host.</summary>
public sealed class AccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<AccountsDbContext>)AccountsDbContext.UseDatabase(new DbContextOptionsBuilder<AccountsDbContext>(), "design-time.db").Options);
}
