using System.Data.Common;
using System.Net.Sockets;
using DataCharts.Core.Query;
using MySqlConnector;
using Npgsql;

namespace DataCharts.Core.Connections;

/// <summary>
/// Talks to a live PostgreSQL or MySQL/MariaDB server. Every query runs inside a read-only transaction with a server-side
/// statement timeout, is cancelled on the server when it times out or the caller gives up, and is rolled back at the end,
/// so even a superuser's connection changes nothing. Reading stops at the row cap and the byte bound, as for files.
/// Failures come back in plain words (<see cref="Explain"/>), never with the password.
/// </summary>
public static class LiveDatabase
{
    /// <summary>How long opening a connection may take before the host counts as unreachable.</summary>
    public const int ConnectSeconds = 5;

    /// <summary>An open connection to the server the settings name.</summary>
    public static async Task<DbConnection> OpenAsync(ConnectionSettings s, CancellationToken ct)
    {
        DbConnection connection = s.Kind switch
        {
            ConnectionKind.PostgreSql => new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            {
                Host = s.Host, Port = s.Port, Database = s.Database, Username = s.Username, Password = s.Password,
                Timeout = ConnectSeconds, ApplicationName = "DataCharts", Pooling = true, MaxPoolSize = 20,
                SslMode = s.Tls switch { TlsMode.Disable => SslMode.Disable, TlsMode.Require => SslMode.Require, _ => SslMode.Prefer },
                // A cancelled query is cancelled on the server too; the connection waits this long for it to stop.
                CancellationTimeout = 2000,
                // Every transaction of the session is read-only unless it says otherwise, so even a statement stacked after a
                // COMMIT (which the guard refuses) would find a read-only transaction.
                Options = "-c default_transaction_read_only=on",
            }.ConnectionString),
            _ => new MySqlConnection(new MySqlConnectionStringBuilder
            {
                Server = s.Host, Port = (uint)s.Port, Database = s.Database, UserID = s.Username, Password = s.Password,
                ConnectionTimeout = ConnectSeconds, ApplicationName = "DataCharts", Pooling = true, MaximumPoolSize = 20,
                SslMode = s.Tls switch { TlsMode.Disable => MySqlSslMode.None, TlsMode.Require => MySqlSslMode.Required, _ => MySqlSslMode.Preferred },
                AllowLoadLocalInfile = false, AllowUserVariables = false, CancellationTimeout = 2,
            }.ConnectionString),
        };
        try
        {
            await connection.OpenAsync(ct);
            // MySQL/MariaDB: the session's transactions are read-only (a pooled connection is reset on every open).
            if (s.Kind == ConnectionKind.MySql) await ExecuteAsync(connection, null, "SET SESSION TRANSACTION READ ONLY", ct);
            return connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await connection.DisposeAsync();
            // A driver may report the caller's cancellation as its own error (MySqlConnector: "query interrupted").
            if (ct.IsCancellationRequested) throw new OperationCanceledException("Connecting was cancelled.", ex, ct);
            throw Explain(ex, s);
        }
    }

    /// <summary>
    /// Runs one statement read-only: a read-only transaction, the server's statement timeout set to <paramref name="timeout"/>,
    /// at most <paramref name="maxRows"/> rows kept within <paramref name="bounds"/>, then a rollback. The caller has checked
    /// the statement with the guard; this is the second wall.
    /// </summary>
    public static Task<QueryResult> QueryAsync(ConnectionSettings s, string sql, int maxRows, ResultBounds bounds, TimeSpan timeout, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? parameters = null) =>
        ReadAsync(s, sql, parameters, maxRows, timeout, reader =>
            Task.FromResult(QueryResult.Read(reader, maxRows, bounds, LiveTypes.Columns(s.Kind, reader), chunkedText: true)), ct);

    /// <summary>
    /// Runs one SELECT read-only and hands its reader to <paramref name="read"/>: inside a read-only transaction, with the
    /// server's statement timeout, PostgreSQL's search path set to the connection's schemas, <c>@name</c> parameters bound
    /// (never spliced), then a rollback. A cancelled or timed-out statement is cancelled on the server.
    /// The server sends at most <paramref name="maxRows"/> rows (PostgreSQL: the statement under a LIMIT; MySQL: the
    /// session's <c>sql_select_limit</c>), so a reader that stops early never waits for the rest of a large result.
    /// </summary>
    public static async Task<T> ReadAsync<T>(ConnectionSettings s, string sql, IReadOnlyDictionary<string, object?>? parameters, int maxRows, TimeSpan timeout,
        Func<DbDataReader, Task<T>> read, CancellationToken ct)
    {
        var rows = Math.Max(1, maxRows);
        await using var connection = await OpenAsync(s, ct);
        var ms = (long)Math.Max(1, timeout.TotalMilliseconds);
        try
        {
            // PostgreSQL: ADO.NET's transaction, made read-only with a local timeout. MySQL cannot make a transaction read-only
            // once it has begun, so there the session's timeout is set and a read-only transaction started by statement.
            await using var tx = s.Kind == ConnectionKind.PostgreSql ? await connection.BeginTransactionAsync(ct) : null;
            if (tx is not null) await ExecuteAsync(connection, tx, ReadOnlyTransaction(s, ms), ct);
            else
            {
                await ExecuteAsync(connection, null, SessionTimeout(await IsMariaDbAsync(connection, ct), ms) + $", SESSION sql_select_limit = {rows}", ct);
                // The session is read-only too (OpenAsync): MariaDB lets a DDL statement commit a START TRANSACTION READ ONLY and then run.
                await ExecuteAsync(connection, null, "START TRANSACTION READ ONLY", ct);
            }
            var statement = sql.TrimEnd().TrimEnd(';');
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            // The client waits a little longer than the server, so the server's own timeout is what normally ends a query.
            command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 2;
            foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                command.Parameters.Add(p);
            }
            // PostgreSQL keeps the inner query's order under a plain LIMIT, and plans it in parallel as it would alone
            // (a cursor would not be).
            command.CommandText = tx is not null ? $"SELECT * FROM (\n{statement}\n) AS datacharts_rows LIMIT {rows}" : statement;
            // Sequential access: a cell is streamed as it is read, so a long text is cut without being held whole.
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            return await read(reader);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not UserFacingException)
        {
            if (ct.IsCancellationRequested) throw new OperationCanceledException("The query was cancelled.", ex, ct);
            throw Explain(ex, s);
        }
        finally
        {
            // Nothing a statement did survives: the transaction is rolled back (and the connection returned to the pool clean).
            if (s.Kind == ConnectionKind.MySql && connection.State == System.Data.ConnectionState.Open)
                try { await ExecuteAsync(connection, null, "ROLLBACK; SET SESSION sql_select_limit = DEFAULT", CancellationToken.None); } catch (DbException) { /* the connection is gone */ }
        }
    }

    /// <summary>
    /// What makes a PostgreSQL transaction safe to read in: read-only, the statement timeout (<paramref name="ms"/>), an idle
    /// timeout past it, the search path of the connection's schemas and standard strings (a backslash is no escape).
    /// </summary>
    internal static string ReadOnlyTransaction(ConnectionSettings s, long ms) =>
        $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {ms}; SET LOCAL idle_in_transaction_session_timeout = {ms + 5000}; " +
        $"SET LOCAL search_path = {string.Join(", ", s.ShownSchemas.Select(Datasets.Identifiers.Quote))}; SET LOCAL standard_conforming_strings = on";

    /// <summary>The MySQL or MariaDB session's statement timeout (MySQL cannot set one inside a transaction).</summary>
    internal static string SessionTimeout(bool mariaDb, long ms) => mariaDb
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SET SESSION max_statement_time = {ms / 1000.0:0.###}")
        : $"SET SESSION MAX_EXECUTION_TIME = {ms}";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        await c.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<bool> IsMariaDbAsync(DbConnection connection, CancellationToken ct) =>
        connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
        || (await ScalarAsync(connection, "SELECT VERSION()", ct))?.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The first value a statement returns, as invariant text (null for none).</summary>
    internal static async Task<string?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var c = connection.CreateCommand();
        c.CommandText = sql;
        return Convert.ToString(await c.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A failure in plain words: what went wrong and what to do, naming the server but never the password.</summary>
    public static UserFacingException Explain(Exception ex, ConnectionSettings s)
    {
        var where = $"{s.Host}:{s.Port}";
        var message = ex switch
        {
            PostgresException p => p.SqlState switch
            {
                "28P01" or "28000" when p.MessageText.Contains("password", StringComparison.OrdinalIgnoreCase) =>
                    $"The server at {where} refused user \"{s.Username}\": wrong user name or password.",
                "28000" when p.MessageText.Contains("no encryption", StringComparison.OrdinalIgnoreCase) || p.MessageText.Contains("SSL", StringComparison.OrdinalIgnoreCase) =>
                    $"The server at {where} requires an encrypted (TLS) connection: set TLS to require.",
                "28000" => $"The server at {where} does not let user \"{s.Username}\" connect from here ({p.MessageText}).",
                "3D000" => $"There is no database \"{s.Database}\" on {where}.",
                "42501" => $"User \"{s.Username}\" may not read that: permission denied ({p.MessageText}).",
                "25006" => $"The query tried to change the database; DataCharts only reads. ({p.MessageText})",
                "57014" => "The query ran longer than the time limit and was cancelled on the server.",
                "57P01" or "57P02" or "57P03" => $"The server at {where} shut down or restarted while the query ran; try again.",
                _ => $"The database said: {p.MessageText}",
            },
            MySqlException m => m.ErrorCode switch
            {
                MySqlErrorCode.AccessDenied => $"The server at {where} refused user \"{s.Username}\": wrong user name or password.",
                MySqlErrorCode.UnknownDatabase => $"There is no database \"{s.Database}\" on {where}.",
                MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied or MySqlErrorCode.DatabaseAccessDenied =>
                    $"User \"{s.Username}\" may not read that: permission denied ({m.Message}).",
                MySqlErrorCode.CannotExecuteInReadOnlyTransaction => $"The query tried to change the database; DataCharts only reads. ({m.Message})",
                MySqlErrorCode.QueryInterrupted or (MySqlErrorCode)1969 or (MySqlErrorCode)3024 => "The query ran longer than the time limit and was cancelled on the server.",
                MySqlErrorCode.UnableToConnectToHost => $"Cannot reach a database server at {where} (within {ConnectSeconds} s): check the host, the port and that the server accepts connections from here.",
                _ when m.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) || m.Message.Contains("TLS", StringComparison.OrdinalIgnoreCase) =>
                    $"The connection to {where} failed over TLS: {m.Message}",
                _ => $"The database said: {m.Message}",
            },
            NpgsqlException { InnerException: SocketException or TimeoutException } or SocketException or TimeoutException =>
                $"Cannot reach a database server at {where} (within {ConnectSeconds} s): check the host, the port and that the server accepts connections from here.",
            NpgsqlException { InnerException: System.IO.EndOfStreamException or System.IO.IOException } =>
                $"The connection to {where} was cut while the query ran (the server stopped or the network failed); try again.",
            NpgsqlException n => $"The connection to {where} failed: {n.Message}",
            _ => $"The connection to {where} failed: {ex.Message}",
        };
        return new UserFacingException(message.Replace(s.Password.Length > 0 ? s.Password : "\u0000", "***", StringComparison.Ordinal), 422, "The database could not answer");
    }
}
