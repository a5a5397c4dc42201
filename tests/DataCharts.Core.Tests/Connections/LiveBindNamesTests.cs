using DataCharts.Core.Connections;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// Report parameters on the live servers: $name rewritten by <see cref="LiveSqlLexer.BindNames(SqlDialect, string)"/> is
/// bound by Npgsql and MySqlConnector as a value, never spliced, and a $name inside a string stays text.
/// </summary>
public sealed class LiveBindNamesTests
{
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Parameters_are_bound_by_the_driver_and_strings_keep_their_dollars(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var dialect = kind == ConnectionKind.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.MySql;
        var t = $"bind_{Guid.NewGuid():N}"[..20];
        await using var c = await LiveServers.OpenAsync(s, CancellationToken.None);
        await ExecAsync(c, $"CREATE TABLE {t} (id int, region varchar(40), note varchar(40))");
        try
        {
            await ExecAsync(c, $"INSERT INTO {t} VALUES (1, 'East', '$region'), (2, 'East', 'x'), (3, 'West', 'y')");
            var sql = $"SELECT count(*) FROM {t} WHERE region = $region OR note = '$region'";
            Assert.True(LiveSqlGuard.Check(dialect, sql, [t], []).Allowed);
            var bound = LiveSqlLexer.BindNames(dialect, sql, out var names);
            Assert.Equal(["region"], names);

            Assert.Equal(1L, await CountAsync(c, bound, "East' OR '1'='1")); // only the row whose note is the text '$region'
            Assert.Equal(2L, await CountAsync(c, bound, "East"));
        }
        finally
        {
            await ExecAsync(c, $"DROP TABLE {t}");
        }
    }

    private static async Task ExecAsync(System.Data.Common.DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(System.Data.Common.DbConnection c, string sql, string region)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "region";
        p.Value = region;
        cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
