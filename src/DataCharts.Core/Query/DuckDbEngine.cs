using System.Data.Common;
using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Query;

/// <summary>
/// The analytical engine: one DuckDB database file per dataset (<see cref="DataPaths.DatasetFile"/>). A query connection
/// is opened on that file alone, read-only, with external access off and its configuration locked from the moment the
/// database opens, so even SQL that fooled the guard sees no other dataset, no catalog of others and no file. New
/// datasets are written into their own file under staging by an <see cref="EngineWriter"/> and moved into place whole.
/// </summary>
public sealed class DuckDbEngine : IDisposable
{
    private readonly DataPaths paths;
    private readonly DataChartsOptions options;
    private readonly DuckDBConnection scratch;
    private readonly Lock gate = new();

    // Least recently used first. A keeper connection keeps a dataset's database open (opening one costs ~30 ms).
    private readonly LinkedList<(string Id, DuckDBConnection Keeper)> open = new();

    public DuckDbEngine(DataPaths paths, IOptions<DataChartsOptions> options, ILogger<DuckDbEngine>? logger = null)
    {
        this.paths = paths;
        this.options = options.Value;
        QuerySlots = new SemaphoreSlim(this.options.EngineConcurrentQueries > 0 ? this.options.EngineConcurrentQueries : Environment.ProcessorCount);
        Directory.CreateDirectory(paths.EngineTemp);
        // Nothing is open yet: spill folders here are what a crash left (half-written dataset files go with the staging folder).
        foreach (var d in Directory.EnumerateDirectories(paths.EngineTemp)) DeleteDirectory(d);
        LegacyEngineMigration.Run(paths, logger ?? (ILogger)NullLogger.Instance);
        // A data-free database for the parser (the guard) and health checks, locked like the rest.
        scratch = new DuckDBConnection(ConnectionString(":memory:", null));
        scratch.Open();
        Version = Scalar(scratch, "SELECT version()")?.ToString() ?? "unknown";
    }

    /// <summary>DuckDB library version, e.g. v1.5.0.</summary>
    public string Version { get; }

    /// <summary>
    /// Slots for statements that read rows for people (guarded queries, previews): text a statement makes or reads is held
    /// outside the engine's memory limit, so only <see cref="DataChartsOptions.EngineConcurrentQueries"/> run at once.
    /// </summary>
    public SemaphoreSlim QuerySlots { get; }

    /// <summary>Takes a query slot within <paramref name="wait"/>, or says the server is busy (422); dispose it to give it back.</summary>
    public async Task<IDisposable> TakeQuerySlotAsync(TimeSpan wait, CancellationToken ct)
    {
        if (!await QuerySlots.WaitAsync(wait, ct))
            throw new QueryRejectedException($"The server is busy with other queries; this one waited {wait.TotalSeconds:0} s for its turn. Try again shortly.", "Server busy");
        return new SlotLease(QuerySlots);
    }

    private sealed class SlotLease(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) slots.Release();
        }
    }

    /// <summary>How much of a result previews and tables read (<see cref="DataChartsOptions.MaxResultBytes"/>, <see cref="DataChartsOptions.MaxCellChars"/>).</summary>
    public ResultBounds Bounds => QueryRunner.BoundsOf(options);

    /// <summary>A connection to a database holding no data (parsing, health checks, casts of literal values).</summary>
    public DuckDBConnection Open()
    {
        var c = new DuckDBConnection(scratch.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>
    /// A read-only connection that sees one dataset and nothing else: its tables are in the default schema, and its
    /// id is the database name, so <c>"ds_…".table</c> and <c>table</c> both name them.
    /// </summary>
    public DuckDBConnection Open(string datasetId)
    {
        var path = ExistingFile(datasetId);
        var connectionString = ReaderConnectionString(datasetId, path);
        lock (gate)
        {
            var node = open.First;
            while (node is not null && node.Value.Id != datasetId) node = node.Next;
            if (node is null)
            {
                var keeper = new DuckDBConnection(connectionString);
                keeper.Open();
                node = open.AddLast((datasetId, keeper));
                while (open.Count > Math.Max(1, options.EngineOpenSources))
                {
                    open.First!.Value.Keeper.Dispose();
                    open.RemoveFirst();
                }
            }
            else if (node != open.Last)
            {
                open.Remove(node);
                open.AddLast(node);
            }
        }
        var c = new DuckDBConnection(connectionString);
        c.Open();
        return c;
    }

    /// <summary>
    /// A connection that sees several datasets, each as a database named by its id, for the app's own statements that
    /// compare two of them (a quality check against a reference). Never for SQL from a user, a file or a model.
    /// </summary>
    public DuckDBConnection OpenJoined(IReadOnlyCollection<string> datasetIds)
    {
        if (datasetIds.Count == 1) return Open(datasetIds.First());
        var c = new DuckDBConnection(ConnectionString(":memory:", null, locked: false));
        c.Open();
        try
        {
            foreach (var id in datasetIds.Distinct()) Execute(c, $"ATTACH {Identifiers.Literal(ExistingFile(id))} AS {Identifiers.Quote(id)} (READ_ONLY)");
            Execute(c, "SET enable_external_access=false; SET lock_configuration=true;");
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts writing a new dataset <paramref name="datasetId"/> into its own file under staging. <paramref name="sources"/>
    /// are datasets its statements read (each as a read-only database named by its id); the upload and staging folders
    /// are the only files it may read.
    /// </summary>
    public EngineWriter Create(string datasetId, IReadOnlyCollection<string>? sources = null)
    {
        if (!Identifiers.IsDatasetId(datasetId)) throw new ArgumentException($"'{datasetId}' is not a dataset id.", nameof(datasetId));
        var file = paths.StagingDatasetFile(datasetId);
        DeleteFiles(file);
        var temp = Path.Combine(paths.EngineTemp, "w-" + datasetId);
        var c = new DuckDBConnection(ConnectionString(file, temp, locked: false));
        c.Open();
        try
        {
            foreach (var id in (sources ?? []).Distinct())
                Execute(c, $"ATTACH {Identifiers.Literal(ExistingFile(id))} AS {Identifiers.Quote(id)} (READ_ONLY)");
            var allowed = string.Join(", ", new[] { paths.Uploads, paths.Staging, temp }.Select(d => Identifiers.Literal(d.TrimEnd('/') + "/")));
            Execute(c, $"SET preserve_insertion_order={(options.PreserveInsertionOrder ? "true" : "false")}; " +
                       "SET enable_progress_bar=true; SET enable_progress_bar_print=false; " +
                       $"SET allowed_directories=[{allowed}]; SET enable_external_access=false; SET lock_configuration=true;");
        }
        catch
        {
            c.Dispose();
            DeleteFiles(file);
            throw;
        }
        return new EngineWriter(this, datasetId, c, file, temp);
    }

    /// <summary>Moves a finished dataset file into place (the writer's connection is closed, so the file is complete).</summary>
    internal void Publish(string datasetId, string stagingFile)
    {
        var target = paths.DatasetFile(datasetId);
        // None is left after a checkpoint and a close; whatever is stays in staging, which the next start empties.
        try { File.Delete(stagingFile + ".wal"); }
        catch (IOException) { /* emptied with staging at the next start */ }
        File.Move(stagingFile, target, overwrite: false);
    }

    /// <summary>Closes a dataset's database and deletes its file.</summary>
    public void Delete(string datasetId)
    {
        if (!Identifiers.IsDatasetId(datasetId)) return;
        Close(datasetId);
        DeleteFiles(paths.DatasetFile(datasetId));
        DeleteDirectory(Path.Combine(paths.EngineTemp, datasetId));
    }

    /// <summary>The ids of every dataset file on disk (the catalog removes those it does not know).</summary>
    public IReadOnlyList<string> StoredDatasetIds() =>
        Directory.EnumerateFiles(paths.Datasets, "*.duckdb").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(Identifiers.IsDatasetId).ToList();

    private void Close(string datasetId)
    {
        lock (gate)
        {
            for (var node = open.First; node is not null; node = node.Next)
            {
                if (node.Value.Id != datasetId) continue;
                node.Value.Keeper.Dispose();
                open.Remove(node);
                return;
            }
        }
    }

    private string ExistingFile(string datasetId)
    {
        if (!Identifiers.IsDatasetId(datasetId)) throw new NotFoundException($"No dataset with id '{datasetId}'.");
        var path = paths.DatasetFile(datasetId);
        return File.Exists(path) ? path : throw new NotFoundException($"The data of dataset '{datasetId}' is missing from the data directory.");
    }

    private string ReaderConnectionString(string datasetId, string path) =>
        ConnectionString(path, Path.Combine(paths.EngineTemp, datasetId), readOnly: true);

    /// <summary>
    /// A connection string with the settings every engine database opens with, so that they hold from the first
    /// statement on whichever connection opens it: no extension loading, memory and spill bounds, and (unless the
    /// caller must still attach files first) no external access and a locked configuration.
    /// </summary>
    private string ConnectionString(string dataSource, string? tempDirectory, bool locked = true, bool readOnly = false)
    {
        var threads = options.EngineThreads > 0 ? options.EngineThreads : Environment.ProcessorCount;
        var b = new DbConnectionStringBuilder
        {
            ["Data Source"] = dataSource,
            ["memory_limit"] = options.EngineMemoryLimit,
            ["threads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["max_temp_directory_size"] = options.EngineMaxTempSize,
            ["autoinstall_known_extensions"] = "false",
            ["autoload_known_extensions"] = "false",
            ["allow_community_extensions"] = "false",
        };
        if (readOnly) b["ACCESS_MODE"] = "READ_ONLY";
        if (tempDirectory is not null) b["temp_directory"] = tempDirectory;
        if (locked)
        {
            b["enable_external_access"] = "false";
            b["lock_configuration"] = "true";
        }
        return b.ConnectionString;
    }

    /// <summary>Deletes an engine file and its write-ahead log; one in use stays until the next start.</summary>
    internal static void DeleteFiles(string path)
    {
        foreach (var p in new[] { path, path + ".wal" })
        {
            try { File.Delete(p); }
            catch (IOException) { /* retried at the next start */ }
        }
    }

    internal static void DeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { /* retried at the next start */ }
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
        lock (gate)
        {
            foreach (var (_, keeper) in open) keeper.Dispose();
            open.Clear();
        }
        scratch.Dispose();
        QuerySlots.Dispose();
    }
}

/// <summary>
/// A dataset being written into its own engine file. <see cref="Commit"/> closes the file and moves it into place;
/// disposing without a commit deletes it, so a failed or cancelled write leaves nothing.
/// </summary>
public sealed class EngineWriter : IDisposable
{
    private readonly DuckDbEngine engine;
    private readonly string file;
    private readonly string temp;
    private bool done;

    internal EngineWriter(DuckDbEngine engine, string datasetId, DuckDBConnection connection, string file, string temp)
    {
        this.engine = engine;
        DatasetId = datasetId;
        Connection = connection;
        this.file = file;
        this.temp = temp;
    }

    public string DatasetId { get; }

    /// <summary>The writer's connection: the new dataset is its default database (named by the id), sources are attached read-only.</summary>
    public DuckDBConnection Connection { get; }

    /// <summary>Checkpoints, closes and publishes the file; afterwards the dataset can be opened for queries.</summary>
    public void Commit()
    {
        if (done) throw new InvalidOperationException("The writer has already finished.");
        DuckDbEngine.Execute(Connection, "CHECKPOINT");
        Connection.Dispose();
        done = true;
        engine.Publish(DatasetId, file);
        DuckDbEngine.DeleteDirectory(temp);
    }

    public void Dispose()
    {
        if (done) return;
        done = true;
        Connection.Dispose();
        DuckDbEngine.DeleteFiles(file);
        DuckDbEngine.DeleteDirectory(temp);
    }
}
