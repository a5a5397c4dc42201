using DataCharts.Core.Connections;

namespace DataCharts.Core.Tests.Connections;

/// <summary>A connection test against the live servers: a superuser connects with a warning and the read-only recipe, a read-only user without.</summary>
public sealed class ConnectionProbeTests
{
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_superuser_connects_with_a_warning_and_how_to_make_a_read_only_role(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var check = await ConnectionProbe.TestAsync(s, CancellationToken.None);
        Assert.True(check.Ok, check.Message);
        Assert.Contains(kind == ConnectionKind.PostgreSql ? "PostgreSQL" : "MariaDB", check.Message);
        Assert.False(string.IsNullOrEmpty(check.ServerVersion));
        Assert.Contains(check.Warnings, w => w.Contains("safer", StringComparison.Ordinal));
        Assert.Contains(check.Warnings, w => w.Contains("GRANT SELECT", StringComparison.Ordinal));
        Assert.DoesNotContain(check.Warnings.Append(check.Message), w => w.Contains(s.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_read_only_recipe_names_the_schemas_the_connection_shows()
    {
        var s = LiveServers.Require(ConnectionKind.PostgreSql) with { Schemas = ["sales", "Ops"] };
        var check = await ConnectionProbe.TestAsync(s, CancellationToken.None);
        var recipe = Assert.Single(check.Warnings, w => w.Contains("CREATE ROLE", StringComparison.Ordinal));
        Assert.Contains("GRANT SELECT ON ALL TABLES IN SCHEMA \"sales\", \"Ops\" TO datacharts_reader", recipe);
        Assert.DoesNotContain("SCHEMA public", recipe);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_read_only_user_connects_without_warnings(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind, super: false);
        var check = await ConnectionProbe.TestAsync(s, CancellationToken.None);
        Assert.True(check.Ok, check.Message);
        Assert.Empty(check.Warnings);
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_wrong_password_is_an_answer_not_an_error(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind) with { Password = "wrong-password-987" };
        var check = await ConnectionProbe.TestAsync(s, CancellationToken.None);
        Assert.False(check.Ok);
        Assert.Contains("wrong user name or password", check.Message);
        Assert.DoesNotContain("wrong-password-987", check.Message);
    }
}
