using DataCharts.Core.Query;
using DuckDB.NET.Data;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Where inference's probes run: the dataset's own engine for files, or the live server for connections. A probe is one
/// small read-only query; it answers its first row, or null when it could not (no evidence, never an exception), so
/// inference goes on by names alone for whatever the source could not tell.
/// </summary>
public interface IFactProbe
{
    /// <summary>The SQL the source speaks; the probes are written in it.</summary>
    SqlDialect Dialect { get; }

    /// <summary>
    /// Rows read per table on a source too big to scan whole; null reads every row. Counts and ranges then describe the
    /// first this-many rows, and the table's size comes from the catalog's estimate.
    /// </summary>
    int? SampleRows { get; }

    /// <summary>The first row the statement returns (DBNull as null), or null when it returns none or fails.</summary>
    object?[]? FirstRow(string sql);
}

/// <summary>
/// Probes over a dataset's read-only engine connection (<c>DuckDbEngine.Open(id)</c>). The engine holds every value
/// locally, so it scans whole tables, and a probe fails only when the data cannot answer it (a nested value the
/// aggregates do not take, types that cannot be compared): that failure is the answer, not a missing one.
/// </summary>
public sealed class DuckDbFactProbe(DuckDBConnection connection) : IFactProbe
{
    public SqlDialect Dialect => SqlDialect.DuckDb;

    public int? SampleRows => null;

    public object?[]? FirstRow(string sql)
    {
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            return row;
        }
        catch (DuckDBException)
        {
            return null;
        }
    }
}
