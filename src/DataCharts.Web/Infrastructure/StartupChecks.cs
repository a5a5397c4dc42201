using System.Xml;
using DataCharts.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// Checks the files the app cannot run without before anything opens them: <c>app.db</c> (SQLite), the key ring under
/// <c>keys/</c> and the header of the engine's DuckDB files. A damaged one stops the start with one message that names the file, says what is wrong and what to do, and
/// a non-zero exit code, instead of an unhandled exception that aborts the process (exit 134, core dump).
/// </summary>
public static class StartupChecks
{
    /// <summary>The exit code for a data file that cannot be used (EX_DATAERR in sysexits.h).</summary>
    public const int DataErrorExitCode = 65;

    /// <summary>Returns the problem found, or null when the files are fine (or not made yet).</summary>
    public static string? FindProblem(DataPaths paths) =>
        CheckAppDatabase(paths.AppDatabase) ?? CheckKeys(Path.Combine(paths.Root, "keys")) ?? CheckEngineFiles(paths);

    /// <summary>Runs the checks; on a problem logs and prints it and returns false (the caller exits with <see cref="DataErrorExitCode"/>).</summary>
    public static bool Pass(WebApplication app)
    {
        var problem = FindProblem(app.Services.GetRequiredService<DataPaths>());
        if (problem is null) return true;
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataCharts.Startup").LogCritical("{Problem}", problem);
        Console.Error.WriteLine("DataCharts cannot start: " + problem);
        return false;
    }

    private static string? CheckAppDatabase(string file)
    {
        if (!File.Exists(file)) return null; // a first start makes it
        try
        {
            // Pooling off: the check leaves no connection behind for the app to inherit.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var result = command.ExecuteScalar() as string;
            if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
                return Damaged(file, $"SQLite's integrity check failed: {result}");
            return null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            return Damaged(file, $"it is not a readable SQLite database ({ex.Message.TrimEnd('.')})");
        }
        catch (SqliteException ex)
        {
            return $"The app database {file} cannot be opened: {ex.Message.TrimEnd('.')}. Check that the file and its folder " +
                   "are readable and writable by this process (and not locked by another program), then start again.";
        }
    }

    private static string Damaged(string file, string what) =>
        $"The app database {file} is damaged: {what}. It holds users, settings, notebooks, conversations and the dataset " +
        $"catalog. Restore it from a backup, or move it aside (for example to {Path.GetFileName(file)}.broken) to start " +
        "with an empty one (datasets, uploads and report files stay on disk, but users, notebooks and settings must be made again).";

    /// <summary>
    /// DuckDB files (the engine database and any per-dataset files under datasets/) only by their header, without opening
    /// them: a file that is not DuckDB's would otherwise abort the start from inside the engine.
    /// </summary>
    private static string? CheckEngineFiles(DataPaths paths)
    {
        var folder = Path.Combine(paths.Root, "datasets");
        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.duckdb", SearchOption.AllDirectories) : [];
        // The single engine file by name rather than DataPaths.EngineDatabase: the engine is moving to one file per dataset.
        foreach (var file in files.Prepend(Path.Combine(paths.Root, "datasets.duckdb")).Where(File.Exists))
        {
            try
            {
                // DuckDB's file header: a checksum (8 bytes), then the magic bytes "DUCK". An empty file is a new database.
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                if (stream.Length == 0) continue;
                var header = new byte[12];
                if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.AsSpan(8, 4).SequenceEqual("DUCK"u8))
                    continue;
                return $"The dataset file {file} is damaged: it is not a DuckDB database file. Restore it from a backup, or " +
                       $"move it aside (for example to {Path.GetFileName(file)}.broken) to start without the data it held.";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"The dataset file {file} cannot be read: {ex.Message.TrimEnd('.')}. Check its permissions, then start again.";
            }
        }
        return null;
    }

    private static string? CheckKeys(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml"))
        {
            try
            {
                using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                while (reader.Read()) { }
            }
            catch (XmlException ex)
            {
                return $"The key file {file} is damaged: it is not readable XML ({ex.Message.TrimEnd('.')}). Restore it from a " +
                       "backup, or move it out of the keys folder to start with a new key (everyone signs in again and saved " +
                       "secrets such as model API keys must be entered again in Settings).";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"The key file {file} cannot be read: {ex.Message.TrimEnd('.')}. Check its permissions, then start again.";
            }
        }
        return null;
    }
}
