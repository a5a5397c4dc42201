using System.Diagnostics;
using DataCharts.Core.Connections;

namespace DataCharts.Core.Tests.Connections;

/// <summary>Inference's probes on a live server: read-only, cut off by the server's timeout, and never an exception.</summary>
public sealed class LiveFactProbeTests
{
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public void A_probe_that_runs_too_long_is_stopped_by_the_server_and_the_next_one_still_answers(ConnectionKind kind)
    {
        using var probe = LiveFactProbe.Open(LiveServers.Require(kind));
        var clock = Stopwatch.StartNew();
        var slow = probe.FirstRow(kind == ConnectionKind.PostgreSql ? "SELECT pg_sleep(30)"
            : "SELECT COUNT(*) FROM information_schema.columns a, information_schema.columns b, information_schema.columns c");

        Assert.Null(slow);
        Assert.InRange(clock.Elapsed, LiveFactProbe.ProbeTimeout - TimeSpan.FromSeconds(1), LiveFactProbe.ProbeTimeout + TimeSpan.FromSeconds(4));
        Assert.Equal(42L, Convert.ToInt64(probe.FirstRow("SELECT 42")![0]));
        Assert.Equal((1, 1), (probe.Answered, probe.Unanswered));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_probe_cannot_change_the_database_even_as_a_superuser(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var name = $"p{Guid.NewGuid():N}"[..12];
        using (var probe = LiveFactProbe.Open(s))
        {
            Assert.Null(probe.FirstRow($"CREATE TABLE {name} (id integer)"));
            Assert.Equal(1, probe.Unanswered);
        }
        var tables = await LiveSchema.ReadAsync(s, CancellationToken.None);
        Assert.DoesNotContain(tables, t => t.Name == name);
    }
}
