using System.Globalization;
using System.Data.Common;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Query;

/// <summary>
/// The analytical engine: one DuckDB database file holding every dataset, one schema per dataset.
/// The instance stays open for the life of the app; each caller gets its own connection.
/// </summary>
public sealed class DuckDbEngine : IDisposable
{
    private readonly string connectionString;
    private readonly DuckDBConnection keeper;
    private readonly SemaphoreSlim ddl = new(1, 1);
    private readonly System.Threading.Channels.Channel<DuckDBConnection> tracked = System.Threading.Channels.Channel.CreateUnbounded<DuckDBConnection>();
    private readonly List<DuckDBConnection> all = [];

    /// <summary>How many progress-tracking connections exist (imports and other long work borrow them).</summary>
    public const int TrackedConnections = 4;

    public DuckDbEngine(DataPaths paths, IOptions<DataChartsOptions> options)
    {
        var o = options.Value;
        connectionString = $"Data Source={paths.EngineDatabase}";
        keeper = new DuckDBConnection(connectionString);
        keeper.Open();
        var threads = o.EngineThreads > 0 ? o.EngineThreads : Environment.ProcessorCount;
        var temp = Path.Combine(paths.Root, "engine-tmp");
        Directory.CreateDirectory(temp);
        // Locked down once, for every connection: the engine reads files only from the upload and staging folders
        // (imports), never anywhere else, and nobody can change that (or any other setting) afterwards.
        var allowed = string.Join(", ", new[] { paths.Uploads, paths.Staging, temp }.Select(d => Identifiers.Literal(d.TrimEnd('/') + "/")));
        Execute(keeper, $"SET memory_limit={Identifiers.Literal(o.EngineMemoryLimit)}; SET threads={threads}; " +
                        $"SET temp_directory={Identifiers.Literal(temp)}; SET preserve_insertion_order={(o.PreserveInsertionOrder ? "true" : "false")}; " +
                        $"SET allowed_directories=[{allowed}]; SET enable_external_access=false;");
        // Progress tracking is a per-connection setting the lock freezes, so long-running work gets connections made before it.
        for (var i = 0; i < TrackedConnections; i++)
        {
            var c = new DuckDBConnection(connectionString);
            c.Open();
            Execute(c, "SET enable_progress_bar=true; SET enable_progress_bar_print=false;");
            tracked.Writer.TryWrite(c);
            all.Add(c);
        }
        Execute(keeper, "SET lock_configuration=true;");
        Version = Scalar(keeper, "SELECT version()")?.ToString() ?? "unknown";
    }

    /// <summary>DuckDB library version, e.g. v1.5.0.</summary>
    public string Version { get; }

    /// <summary>Opens a new connection to the shared (locked-down) instance.</summary>
    public DuckDBConnection Open()
    {
        var c = new DuckDBConnection(connectionString);
        c.Open();
        return c;
    }

    /// <summary>Borrows a connection that reports query progress (for imports); dispose the lease to give it back.</summary>
    public async Task<TrackedConnection> OpenTrackedAsync(CancellationToken ct) => new(await tracked.Reader.ReadAsync(ct), tracked.Writer);

    /// <summary>Serialises catalog-changing statements (CREATE/DROP SCHEMA), which DuckDB may reject when they race.</summary>
    public async Task<IDisposable> LockDdlAsync(CancellationToken ct)
    {
        await ddl.WaitAsync(ct);
        return new Releaser(ddl);
    }

    public static int Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection c, string sql, params object?[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    /// <summary>
    /// Runs a statement, with <paramref name="parameters"/> bound by name, while reporting DuckDB's own progress estimate
    /// (0..1) and honouring cancellation.
    /// </summary>
    public static async Task<int> ExecuteWithProgressAsync(DuckDBConnection c, string sql, Action<double>? progress, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? parameters = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        using var done = new CancellationTokenSource();
        using var reg = ct.Register(() => { try { cmd.Cancel(); } catch (Exception) { /* already finished */ } });
        var poll = progress is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    var p = c.GetQueryProgress();
                    if (p.Percentage >= 0) progress(p.Percentage / 100.0);
                    await Task.Delay(200, done.Token);
                }
                catch (OperationCanceledException) { break; }
                catch (Exception) { break; }
            }
        }, CancellationToken.None);
        try
        {
            return await Task.Run(() => cmd.ExecuteNonQuery(), CancellationToken.None);
        }
        catch (DbException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        finally
        {
            await done.CancelAsync();
            await poll;
        }
    }

    /// <summary>Appends one value to an appender row as the column's type wants it (numbers, booleans, dates; anything else as text).</summary>
    public static void Append(IDuckDBAppenderRow row, object? value, ColumnType type)
    {
        switch (value)
        {
            case null: row.AppendNullValue(); break;
            case long l when type == ColumnType.Integer: row.AppendValue((long?)l); break;
            case int i when type == ColumnType.Integer: row.AppendValue((long?)i); break;
            case long l: row.AppendValue((double?)l); break;
            case int i: row.AppendValue((double?)i); break;
            case double d when type == ColumnType.Integer: row.AppendValue((long?)Math.Round(d)); break;
            case double d: row.AppendValue((double?)d); break;
            case bool b: row.AppendValue((bool?)b); break;
            case DateOnly date: row.AppendValue((DateOnly?)date); break;
            case DateTime ts: row.AppendValue((DateTime?)ts); break;
            case string s when type == ColumnType.Date && DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var date): row.AppendValue((DateOnly?)date); break;
            case string s when type == ColumnType.Timestamp && DateTime.TryParse(s, CultureInfo.InvariantCulture, out var ts): row.AppendValue((DateTime?)ts); break;
            default: row.AppendValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public void Dispose()
    {
        foreach (var c in all) c.Dispose();
        keeper.Dispose();
        ddl.Dispose();
    }

    private sealed class Releaser(SemaphoreSlim s) : IDisposable
    {
        public void Dispose() => s.Release();
    }
}

/// <summary>A borrowed progress-tracking connection; disposing returns it to the engine.</summary>
public sealed class TrackedConnection(DuckDBConnection connection, System.Threading.Channels.ChannelWriter<DuckDBConnection> pool) : IDisposable
{
    private int returned;

    public DuckDBConnection Connection { get; } = connection;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0) pool.TryWrite(Connection);
    }
}
