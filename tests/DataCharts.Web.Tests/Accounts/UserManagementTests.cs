using System.Net;
using System.Text.RegularExpressions;
using DataCharts.Web.Accounts;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Accounts;

/// <summary>The admin manages people in Settings → Users through the real page handlers, antiforgery tokens included.</summary>
public sealed partial class UserManagementTests(AuthAppFactory app) : IClassFixture<AuthAppFactory>
{
    private async Task<(HttpClient Client, string Token)> AdminAsync()
    {
        var client = await app.SignInAsync(AuthAppFactory.AdminUser, AuthAppFactory.AdminPassword);
        return (client, await client.TokenAsync("/Settings/Users"));
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient admin, string token, string name, string role, string password = Support.Accounts.Password) =>
        admin.HtmxPostAsync("/Settings/Users?handler=Add", token, new Dictionary<string, string> { ["userName"] = name, ["role"] = role, ["password"] = password });

    private static string IdOf(string html, string userName) =>
        UserRow().Matches(html).First(m => m.Groups[2].Value.Trim().StartsWith(userName, StringComparison.Ordinal)).Groups[1].Value;

    [Fact]
    public async Task The_admin_adds_an_analyst_and_a_viewer_who_then_see_only_what_their_role_allows()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var r = await AddAsync(admin, token, "alice", Roles.Analyst);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.StartsWith("<section class=\"panel\" id=\"users\">", html.Trim());
        Assert.Contains("Added alice as analyst.", html);
        html = await (await AddAsync(admin, token, "victor", Roles.Viewer)).Content.ReadAsStringAsync();
        Assert.Contains("Added victor as viewer.", html);

        using var analyst = await app.SignInAsync("alice");
        var analystHome = await analyst.GetStringAsync("/");
        Assert.Contains("href=\"/Data\"", analystHome);
        Assert.Contains("href=\"/Chat\"", analystHome);
        Assert.DoesNotContain("href=\"/Settings\"", analystHome);
        Assert.Contains("alice <span class=\"muted\">· analyst</span>", analystHome);

        using var viewer = await app.SignInAsync("victor");
        var viewerHome = await viewer.GetStringAsync("/");
        foreach (var hidden in new[] { "/Data", "/Chat", "/Settings" }) Assert.DoesNotContain($"href=\"{hidden}\"", viewerHome);
        Assert.Contains("href=\"/Reports\"", viewerHome);
        Assert.Contains("href=\"/Analysis\"", viewerHome);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/Data")).StatusCode);
    }

    [Fact]
    public async Task A_bad_user_is_refused_inline_and_nothing_is_created()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var weak = await (await AddAsync(admin, token, "shorty", Roles.Viewer, "short")).Content.ReadAsStringAsync();
        Assert.Contains("at least 8 characters", weak);
        Assert.Contains("value=\"shorty\"", weak); // what was typed stays
        Assert.DoesNotContain(">shorty", weak.Split("<h3>")[0]); // not in the table

        var badRole = await (await AddAsync(admin, token, "rolf", "superuser")).Content.ReadAsStringAsync();
        Assert.Contains("Choose a role", badRole);

        var taken = await (await AddAsync(admin, token, AuthAppFactory.AdminUser, Roles.Viewer)).Content.ReadAsStringAsync();
        Assert.Contains("is already taken", taken);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_users_open_session_at_once()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var html = await (await AddAsync(admin, token, "petra", Roles.Viewer)).Content.ReadAsStringAsync();
        using var petra = await app.SignInAsync("petra");
        Assert.Equal(HttpStatusCode.Forbidden, (await petra.GetAsync("/api/data")).StatusCode);

        var row = await admin.HtmxPostAsync("/Settings/Users?handler=Role", token, new Dictionary<string, string> { ["id"] = IdOf(html, "petra"), ["role"] = Roles.Analyst });
        var rowHtml = await row.Content.ReadAsStringAsync();
        Assert.StartsWith("<tr id=\"user-", rowHtml.Trim());
        Assert.Contains("Role changed.", rowHtml);
        Assert.Contains("<option value=\"analyst\" selected=\"selected\">", rowHtml);

        Assert.Equal(HttpStatusCode.OK, (await petra.GetAsync("/api/data")).StatusCode);
    }

    [Fact]
    public async Task A_new_password_replaces_the_old_one_and_ends_the_users_sessions()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var html = await (await AddAsync(admin, token, "olga", Roles.Analyst)).Content.ReadAsStringAsync();
        using var olga = await app.SignInAsync("olga");

        var weak = await admin.HtmxPostAsync("/Settings/Users?handler=Password", token, new Dictionary<string, string> { ["id"] = IdOf(html, "olga"), ["password"] = "short" });
        Assert.Contains("at least 8 characters", await weak.Content.ReadAsStringAsync());
        var set = await admin.HtmxPostAsync("/Settings/Users?handler=Password", token, new Dictionary<string, string> { ["id"] = IdOf(html, "olga"), ["password"] = "a brand new passphrase" });
        Assert.Contains("Password set.", await set.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await olga.GetAsync("/Data")).StatusCode);
        using var again = app.Browser();
        Assert.Contains("Wrong user name or password.", await (await again.PostSignInAsync("olga", Support.Accounts.Password)).Content.ReadAsStringAsync());
        await app.SignInAsync("olga", "a brand new passphrase");
    }

    [Fact]
    public async Task A_deleted_user_is_signed_out_and_cannot_sign_in_again()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var html = await (await AddAsync(admin, token, "dora", Roles.Analyst)).Content.ReadAsStringAsync();
        using var dora = await app.SignInAsync("dora");

        var r = await admin.HtmxPostAsync("/Settings/Users?handler=Delete", token, new Dictionary<string, string> { ["id"] = IdOf(html, "dora") });
        var list = await r.Content.ReadAsStringAsync();
        Assert.Contains("Deleted dora.", list);
        Assert.DoesNotContain("dora", list.Replace("Deleted dora.", ""));

        Assert.Equal(HttpStatusCode.Redirect, (await dora.GetAsync("/Data")).StatusCode);
        using var again = app.Browser();
        Assert.Contains("Wrong user name or password.", await (await again.PostSignInAsync("dora", Support.Accounts.Password)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_cannot_lock_everyone_out()
    {
        var (admin, token) = await AdminAsync();
        using var _ = admin;
        var html = await admin.GetStringAsync("/Settings/Users");
        var adminId = IdOf(html, AuthAppFactory.AdminUser);
        // No delete button on your own row, and the handler refuses anyway.
        var ownRow = html.Split("</tr>").First(t => t.Contains($"id=\"user-{adminId}\""));
        Assert.DoesNotContain("handler=Delete", ownRow);
        var delete = await admin.HtmxPostAsync("/Settings/Users?handler=Delete", token, new Dictionary<string, string> { ["id"] = adminId });
        Assert.Contains("You cannot delete the account you are signed in with.", await delete.Content.ReadAsStringAsync());

        var demote = await admin.HtmxPostAsync("/Settings/Users?handler=Role", token, new Dictionary<string, string> { ["id"] = adminId, ["role"] = Roles.Viewer });
        var demoteHtml = await demote.Content.ReadAsStringAsync();
        Assert.True(demoteHtml.Contains("only admin") || demoteHtml.Contains("own admin role"), demoteHtml);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Settings")).StatusCode);
    }

    [Fact]
    public async Task Users_handlers_need_an_admin_and_an_antiforgery_token()
    {
        await app.CreateUserAsync("andy", Roles.Analyst);
        using var analyst = await app.SignInAsync("andy");
        var token = await analyst.TokenAsync("/Data");
        var r = await AddAsync(analyst, token, "sneaky", Roles.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        var (admin, _) = await AdminAsync();
        using var __ = admin;
        var noToken = await admin.PostAsync("/Settings/Users?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "x", ["role"] = "viewer", ["password"] = "long enough pass" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.DoesNotContain("sneaky", await admin.GetStringAsync("/Settings/Users"));
    }

    [GeneratedRegex("<tr id=\"user-([^\"]+)\">\\s*<td>([^<]*)")]
    private static partial Regex UserRow();
}
