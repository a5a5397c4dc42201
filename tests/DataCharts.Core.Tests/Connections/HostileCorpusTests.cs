using System.Text;
using DataCharts.Core.Connections;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// The hostile corpora (Hostile/postgresql.sql, Hostile/mysql.sql: writes, DDL, grants, files and programs, other servers,
/// settings, locks, waits, catalog reads, stacked statements, comment, quote, dollar-quote and unicode tricks) against the
/// live guard and the live servers' superuser: the guard refuses every statement, and nothing in the database changes and
/// no file is written. Without the guard, the read-only transaction alone still stops every statement not marked
/// "guard-only" in the corpus; those marked are the ones only the guard stops, and are never sent unguarded.
/// </summary>
public sealed class HostileCorpusTests
{
    private sealed record Entry(int Line, string Template, string? GuardOnly);

    private static List<Entry> Corpus(ConnectionKind kind)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Connections", "Hostile", kind == ConnectionKind.PostgreSql ? "postgresql.sql" : "mysql.sql");
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var entries = new List<Entry>();
        var body = new StringBuilder();
        int? start = null;
        string? guardOnly = null;
        void Flush()
        {
            var sql = body.ToString().Trim();
            if (start is not null && sql.Length > 0) entries.Add(new Entry(start.Value, sql, guardOnly));
            body.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("-- ====", StringComparison.Ordinal))
            {
                if (start is not null) body.Append(lines[i]).Append('\n');
                continue;
            }
            Flush();
            start = i + 2;
            var mark = lines[i].IndexOf("guard-only:", StringComparison.Ordinal);
            guardOnly = mark < 0 ? null : lines[i][(mark + "guard-only:".Length)..].Trim();
        }
        Flush();
        return entries;
    }

    private static SqlDialect Dialect(ConnectionKind kind) => kind == ConnectionKind.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.MySql;

    private static GuardVerdict Guard(HostileServerState run, string sql) =>
        LiveSqlGuard.Check(Dialect(run.Settings.Kind), sql, [run.Canary], [run.Settings.Kind == ConnectionKind.PostgreSql ? "public" : run.Settings.Database]);

    /// <summary>Runs one statement as DataCharts would (read-only transaction, 5 s): null when it ran, else the server's refusal.</summary>
    private static async Task<string?> RunAsync(ConnectionSettings s, string sql)
    {
        try
        {
            await LiveDatabase.QueryAsync(s, sql, 100, ResultBounds.None, TimeSpan.FromSeconds(5), CancellationToken.None);
            return null;
        }
        catch (UserFacingException e)
        {
            return e.Message;
        }
    }

    private static string Show(Entry e, string sql) => $"line {e.Line}: {sql.ReplaceLineEndings(" ")}";

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public void Each_corpus_holds_at_least_120_statements_and_the_guard_refuses_every_one(ConnectionKind kind)
    {
        var run = HostileServerState.For(new ConnectionSettings(kind, "localhost", 1, "dc_test", "u", ""));
        var corpus = Corpus(kind);
        Assert.True(corpus.Count >= 120, $"{kind}: {corpus.Count} statements");
        var slipped = corpus.Select(e => (e, Sql: run.Fill(e.Template))).Where(x => Guard(run, x.Sql).Allowed).Select(x => Show(x.e, x.Sql)).ToList();
        Assert.True(slipped.Count == 0, $"The guard allowed {slipped.Count} hostile statements:\n" + string.Join("\n", slipped));
    }

    /// <summary>Every statement cut short at every character, and with each word left out: the guard answers, it never throws.</summary>
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public void Cut_and_mangled_statements_never_crash_the_guard(ConnectionKind kind)
    {
        var run = HostileServerState.For(new ConnectionSettings(kind, "localhost", 1, "dc_test", "u", ""));
        var checkedCount = 0;
        foreach (var sql in Corpus(kind).Select(e => run.Fill(e.Template)))
        {
            for (var n = 1; n < sql.Length; n++)
            {
                Guard(run, sql[..n]);
                checkedCount++;
            }
            var words = sql.Split(' ');
            for (var w = 0; w < words.Length; w++)
            {
                Guard(run, string.Join(' ', words.Where((_, k) => k != w)));
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 5000, $"{checkedCount}");
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task On_a_superusers_connection_the_guarded_corpus_changes_nothing(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind, super: true);
        var run = HostileServerState.For(s);
        await run.CreateAsync();
        try
        {
            var before = await run.ReadAsync();
            var slipped = new List<string>();
            foreach (var e in Corpus(kind))
            {
                var sql = run.Fill(e.Template);
                var v = Guard(run, sql);
                Assert.False(string.IsNullOrWhiteSpace(v.Reason) && !v.Allowed);
                if (!v.Allowed) continue;
                slipped.Add(Show(e, sql) + " → " + (await RunAsync(s, sql) ?? "it ran"));
            }
            Assert.True(slipped.Count == 0, $"The guard allowed {slipped.Count} hostile statements:\n" + string.Join("\n", slipped));
            Assert.Equal(before, await run.ReadAsync());
            Assert.Empty(run.FilesWritten());
        }
        finally
        {
            await run.DropAsync();
        }
    }

    /// <summary>
    /// The second wall on its own: each statement not marked guard-only goes straight to the server as DataCharts sends
    /// it, and the server's state is compared around each one. The ones the server ran (reads it allows: files, the
    /// catalog) are written to the test output; they changed nothing, but only the guard keeps them out.
    /// </summary>
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Without_the_guard_the_read_only_transaction_stops_every_statement_not_marked_guard_only(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind, super: true);
        var run = HostileServerState.For(s);
        await run.CreateAsync();
        try
        {
            var changed = new List<string>();
            var ran = new List<string>();
            var state = await run.ReadAsync();
            foreach (var e in Corpus(kind).Where(e => e.GuardOnly is null))
            {
                var sql = run.Fill(e.Template);
                var outcome = await RunAsync(s, sql);
                if (outcome is null) ran.Add(Show(e, sql));
                var after = await run.ReadAsync();
                var files = run.FilesWritten();
                if (after != state || files.Count > 0)
                {
                    changed.Add(Show(e, sql) + "\n    " + (outcome ?? "it ran") + "\n    " + Difference(state, after) + string.Join(", ", files));
                    // Start the next statement from the same table, sequence and role, so each is judged on its own.
                    await run.DropAsync();
                    await run.CreateAsync();
                    after = await run.ReadAsync();
                }
                state = after;
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: the server ran {ran.Count} hostile statements without the guard (reads it allows):\n" + string.Join("\n", ran));
            Assert.True(changed.Count == 0, $"Without the guard {changed.Count} statements changed the server; mark them guard-only:\n" + string.Join("\n", changed));
        }
        finally
        {
            await run.DropAsync();
        }
    }

    private static string Difference(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return string.Join("; ", b.Except(a).Select(l => "+" + l).Concat(a.Except(b).Select(l => "-" + l)).Take(6));
    }
}
