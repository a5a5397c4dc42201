using System.Data.Common;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Connections;

/// <summary>A column of a live table: its name, the server's type name, the app's type and whether it may be null.</summary>
public sealed record LiveColumn(string Name, string TypeName, ColumnType Type, bool Nullable);

/// <summary>A declared foreign key: these columns refer to those of another table.</summary>
public sealed record LiveForeignKey(IReadOnlyList<string> Columns, string RefSchema, string RefTable, IReadOnlyList<string> RefColumns);

/// <summary>A table or view of a live database, with the server's estimate of its rows (-1 when it has none).</summary>
public sealed record LiveTable(string Schema, string Name, bool IsView, IReadOnlyList<LiveColumn> Columns, IReadOnlyList<LiveForeignKey> ForeignKeys, long EstimatedRows);

/// <summary>
/// Reads what a live database holds in the schemas a connection shows (PostgreSQL: <c>public</c> unless told; MySQL: the
/// connection's database): tables and views, columns with types, declared foreign keys, row estimates — from the catalog,
/// without scanning any table. Bounded: at most <see cref="MaxTables"/> tables and <see cref="MaxColumns"/> columns.
/// </summary>
public static class LiveSchema
{
    public const int MaxTables = 500;
    public const int MaxColumns = 10_000;

    public static async Task<IReadOnlyList<LiveTable>> ReadAsync(ConnectionSettings s, CancellationToken ct)
    {
        try
        {
            await using var c = await LiveDatabase.OpenAsync(s, ct);
            var schemas = s.ShownSchemas;
            var tables = await RowsAsync(c, s.Kind == ConnectionKind.PostgreSql
                // Partitions are read through their parent (whose estimate is theirs added up), never listed as tables of their own.
                ? """
                  SELECT t.table_schema, t.table_name, t.table_type,
                         COALESCE(CASE WHEN cl.relkind = 'p' THEN (SELECT sum(GREATEST(p.reltuples, 0)) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = cl.oid)
                                       ELSE cl.reltuples END, -1)::bigint
                  FROM information_schema.tables t
                  LEFT JOIN pg_namespace n ON n.nspname = t.table_schema
                  LEFT JOIN pg_class cl ON cl.relnamespace = n.oid AND cl.relname = t.table_name
                  WHERE t.table_schema = ANY(@schemas) AND NOT COALESCE(cl.relispartition, false)
                  ORDER BY 1, 2
                  """
                : "SELECT table_schema, table_name, table_type, COALESCE(table_rows, -1) FROM information_schema.tables WHERE table_schema = @schema ORDER BY 1, 2",
                schemas, MaxTables, ct);
            var columns = await RowsAsync(c, s.Kind == ConnectionKind.PostgreSql
                ? "SELECT table_schema, table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = ANY(@schemas) ORDER BY table_schema, table_name, ordinal_position"
                : "SELECT table_schema, table_name, column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = @schema ORDER BY table_schema, table_name, ordinal_position",
                schemas, MaxColumns, ct);
            var keys = await RowsAsync(c, s.Kind == ConnectionKind.PostgreSql
                ? """
                  SELECT n.nspname, cl.relname, con.conname, a.attname, rn.nspname, rc.relname, ra.attname
                  FROM pg_constraint con
                  JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
                  JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                  CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, refcol, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
                  JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol
                  WHERE con.contype = 'f' AND n.nspname = ANY(@schemas)
                  ORDER BY 1, 2, 3, k.ord
                  """
                : "SELECT table_schema, table_name, constraint_name, column_name, referenced_table_schema, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage WHERE table_schema = @schema AND referenced_table_name IS NOT NULL ORDER BY 1, 2, 3, ordinal_position",
                schemas, MaxColumns, ct);

            var byTable = columns.GroupBy(r => (r[0], r[1])).ToDictionary(g => g.Key, g => g.Select(r =>
                new LiveColumn(r[2], r[3], LiveTypes.Of(r[3]), r[4] == "YES")).ToList());
            var fks = keys.GroupBy(r => (r[0], r[1])).ToDictionary(g => g.Key, g => g.GroupBy(r => r[2]).Select(k =>
                new LiveForeignKey(k.Select(r => r[3]).ToList(), k.First()[4], k.First()[5], k.Select(r => r[6]).ToList())).ToList());
            return tables.Select(t => new LiveTable(t[0], t[1], t[2].Contains("VIEW", StringComparison.OrdinalIgnoreCase),
                byTable.GetValueOrDefault((t[0], t[1])) ?? [], fks.GetValueOrDefault((t[0], t[1])) ?? [],
                long.TryParse(t[3], out var n) ? Math.Max(-1, n) : -1)).ToList();
        }
        catch (Exception ex) when (ex is DbException)
        {
            throw LiveDatabase.Explain(ex, s);
        }
    }

    /// <summary>Rows of text from a catalog query, the schema list bound as a parameter (never spliced), at most <paramref name="max"/>.</summary>
    private static async Task<List<string[]>> RowsAsync(DbConnection c, string sql, IReadOnlyList<string> schemas, int max, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        if (sql.Contains("@schemas", StringComparison.Ordinal))
        {
            p.ParameterName = "schemas";
            p.Value = schemas.ToArray();
        }
        else
        {
            p.ParameterName = "schema";
            p.Value = schemas[0];
        }
        cmd.Parameters.Add(p);
        var rows = new List<string[]>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (rows.Count < max && await r.ReadAsync(ct))
        {
            var row = new string[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            rows.Add(row);
        }
        return rows;
    }
}
