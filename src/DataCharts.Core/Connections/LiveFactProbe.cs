using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Connections;

/// <summary>
/// Semantic-model inference's probes on a live PostgreSQL or MySQL/MariaDB server, so a connection's relationships,
/// keys and names are inferred from its data as a file's are. One connection serves the whole inference; every probe
/// runs alone in a read-only transaction with a server-side statement timeout and is rolled back. Probes read a sample
/// of each table's first rows (<see cref="DefaultSampleRows"/>), never a whole 10-million-row table. A probe that fails,
/// times out or comes after the time budget is spent answers null (no evidence: inference goes by names for it), never
/// an exception. Dispose closes the connection.
/// </summary>
public sealed class LiveFactProbe : IFactProbe, IDisposable
{
    /// <summary>
    /// Rows read per table: counts, distinct counts and ranges describe a table's first 100,000 rows, enough to tell a key
    /// from a repeated column and a name from a category, and read in well under a second on any server.
    /// </summary>
    public const int DefaultSampleRows = 100_000;

    /// <summary>How long one probe may run on the server before it is cancelled there.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long all the probes of one inference may take together; later probes answer nothing (names decide).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private readonly DbConnection connection;
    private readonly ConnectionSettings settings;
    private readonly Stopwatch spent = new();

    private LiveFactProbe(DbConnection connection, ConnectionSettings settings, int sampleRows)
    {
        this.connection = connection;
        this.settings = settings;
        SampleRows = sampleRows;
        Dialect = settings.Kind == ConnectionKind.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.MySql;
    }

    /// <summary>
    /// Connects for one inference. Throws a <see cref="UserFacingException"/> in plain words when the server cannot be
    /// reached (as every live call does); after that nothing throws.
    /// </summary>
    /// <param name="sampleRows">Rows read per table; <see cref="DefaultSampleRows"/> unless a test wants a smaller sample.</param>
    public static LiveFactProbe Open(ConnectionSettings s, int sampleRows = DefaultSampleRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRows, 1);
        var connection = LiveDatabase.OpenAsync(s, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            // MySQL cannot set a timeout inside a transaction: the session's is set once (LiveDatabase.OpenAsync has made the
            // session's transactions read-only).
            if (s.Kind == ConnectionKind.MySql)
                Execute(connection, LiveDatabase.SessionTimeout(LiveDatabase.IsMariaDbAsync(connection, CancellationToken.None).GetAwaiter().GetResult(),
                    (long)ProbeTimeout.TotalMilliseconds));
            return new LiveFactProbe(connection, s, sampleRows);
        }
        catch (DbException ex)
        {
            connection.Dispose();
            throw LiveDatabase.Explain(ex, s);
        }
    }

    public SqlDialect Dialect { get; }

    public int? SampleRows { get; }

    /// <summary>Probes that answered.</summary>
    public int Answered { get; private set; }

    /// <summary>Probes that failed, timed out or were skipped once the budget was spent: the model leans on names for these.</summary>
    public int Unanswered { get; private set; }

    public object?[]? FirstRow(string sql) => Rows(sql, 1) is { Count: > 0 } rows ? rows[0] : null;

    /// <summary>
    /// Up to <paramref name="maxRows"/> rows of a read-only statement (DBNull as null), or null when it failed, timed out,
    /// or the budget is spent. For the few small reads inference needs besides its probes (distinct values of a column).
    /// </summary>
    public IReadOnlyList<object?[]>? Rows(string sql, int maxRows)
    {
        if (spent.Elapsed > Budget || connection.State != System.Data.ConnectionState.Open)
        {
            Unanswered++;
            return null;
        }
        spent.Start();
        try
        {
            var rows = Read(sql, maxRows);
            Answered++;
            return rows;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or InvalidCastException or OverflowException or TimeoutException or IOException)
        {
            // A timeout, a table dropped since the catalog was read, a permission, a value the driver cannot read: no evidence.
            Unanswered++;
            return null;
        }
        finally
        {
            spent.Stop();
        }
    }

    public void Dispose() => connection.Dispose();

    private List<object?[]> Read(string sql, int maxRows)
    {
        var ms = (long)ProbeTimeout.TotalMilliseconds;
        using var tx = Dialect == SqlDialect.PostgreSql ? connection.BeginTransaction() : null;
        try
        {
            // The schemas the connection shows are the ones its bare table names resolve in, as the catalog listed them.
            if (tx is not null) Execute(connection, LiveDatabase.ReadOnlyTransaction(settings, ms), tx);
            else Execute(connection, "START TRANSACTION READ ONLY");
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = tx;
            // The client waits a little longer than the server, so the server's own timeout is what normally ends a probe.
            cmd.CommandTimeout = (int)Math.Ceiling(ProbeTimeout.TotalSeconds) + 2;
            using var r = cmd.ExecuteReader();
            var rows = new List<object?[]>();
            while (rows.Count < maxRows && r.Read())
            {
                var row = new object?[r.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                rows.Add(row);
            }
            return rows;
        }
        finally
        {
            // PostgreSQL's transaction is rolled back as it is disposed; MySQL's is ended by statement.
            if (tx is null && connection.State == System.Data.ConnectionState.Open)
                try { Execute(connection, "ROLLBACK"); } catch (DbException) { /* the connection is gone; later probes answer nothing */ }
        }
    }

    private static void Execute(DbConnection connection, string sql, DbTransaction? tx = null)
    {
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        c.CommandTimeout = (int)Math.Ceiling(ProbeTimeout.TotalSeconds) + 2;
        c.ExecuteNonQuery();
    }

    /// <summary>The settings without the password, for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{settings} ({Answered} probes answered, {Unanswered} not)");
}
