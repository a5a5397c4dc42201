using System.Text.Json;
using DuckDB.NET.Data;

namespace DataCharts.Core.Query;

/// <summary>Why a statement was refused, or the tables it reads when it was allowed.</summary>
public sealed record GuardVerdict(bool Allowed, string? Reason, IReadOnlyList<string> Tables)
{
    /// <summary>Where in the SQL (0-based character offset) the refused part stands, when the parser says.</summary>
    public int? Position { get; init; }

    public static GuardVerdict Refuse(string reason, int? position = null) => new(false, reason, []) { Position = position };
}

/// <summary>
/// The one gate every SQL passes (agent, user-edited, report files): DuckDB's own parser must read exactly one
/// SELECT (or WITH … SELECT), and its syntax tree may only name the dataset's tables, its own CTEs and a few harmless
/// table functions. Anything else is refused before it runs. The engine's lock-down (no file access, locked
/// configuration) stands behind this as a second wall.
/// </summary>
public static class SqlGuard
{
    public const int MaxLength = 20_000;

    private static readonly HashSet<string> AllowedTableFunctions = new(StringComparer.OrdinalIgnoreCase) { "range", "generate_series", "unnest" };

    private static readonly HashSet<string> DeniedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "query", "query_table", "glob", "getenv", "current_setting", "setseed", "nextval", "currval", "checkpoint", "force_checkpoint",
        "load", "load_extension", "install", "export_database", "import_database", "sniff_csv", "parquet_metadata", "parquet_schema", "which_secret",
    };

    private static readonly string[] DeniedPrefixes = ["read_", "duckdb_", "pragma_", "sqlite_", "postgres_", "mysql_", "iceberg_", "delta_", "icu_"];

    /// <param name="connection">Any engine connection (only the parser runs).</param>
    /// <param name="sql">The statement to check.</param>
    /// <param name="schema">The dataset's schema; qualified names must use it.</param>
    /// <param name="tables">The dataset's table identifiers.</param>
    public static GuardVerdict Check(DuckDBConnection connection, string sql, string schema, IReadOnlyCollection<string> tables)
    {
        if (string.IsNullOrWhiteSpace(sql)) return GuardVerdict.Refuse("The SQL is empty.");
        if (sql.Length > MaxLength) return GuardVerdict.Refuse($"The SQL is longer than {MaxLength:N0} characters.");
        if (sql.Contains('\0')) return GuardVerdict.Refuse("The SQL contains a NUL character.");

        string json;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
            cmd.Parameters.Add(new DuckDBParameter(sql));
            try
            {
                json = cmd.ExecuteScalar() as string ?? "";
            }
            catch (DuckDBException ex)
            {
                return GuardVerdict.Refuse("The SQL could not be parsed: " + FirstLine(ex.Message));
            }
        }
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.TryGetProperty("error", out var err) && err.GetBoolean())
        {
            var type = root.TryGetProperty("error_type", out var t) ? t.GetString() : "";
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
            return type == "not implemented"
                ? GuardVerdict.Refuse("Only a single read-only SELECT (or WITH … SELECT) statement is allowed.")
                : GuardVerdict.Refuse("The SQL could not be parsed: " + FirstLine(message), Offset(root, "position"));
        }
        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
            return GuardVerdict.Refuse($"Exactly one statement is allowed; this has {statements.GetArrayLength()}.");

        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCtes(statements[0], ctes);
        var allowed = new HashSet<string>(tables, StringComparer.OrdinalIgnoreCase);
        var used = new List<string>();
        var problem = Walk(statements[0], schema, allowed, ctes, used);
        return problem is null ? new GuardVerdict(true, null, used.Distinct(StringComparer.OrdinalIgnoreCase).ToList()) : GuardVerdict.Refuse(problem.Value.Reason, problem.Value.At);
    }

    private static void CollectCtes(JsonElement e, HashSet<string> ctes)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (e.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries) && entries.ValueKind == JsonValueKind.Array)
                    foreach (var entry in entries.EnumerateArray())
                        if (entry.TryGetProperty("key", out var key) && key.GetString() is { } name) ctes.Add(name);
                foreach (var p in e.EnumerateObject()) CollectCtes(p.Value, ctes);
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) CollectCtes(x, ctes);
                break;
        }
    }

    /// <summary>The first thing in the tree that is not allowed, and where it stands in the SQL (so reports can name the line).</summary>
    private static (string Reason, int? At)? Walk(JsonElement e, string schema, HashSet<string> tables, HashSet<string> ctes, List<string> used)
    {
        var problem = Problem(e, schema, tables, ctes, used);
        if (problem is not null) return (problem, Offset(e, "query_location"));
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray())
                if (Walk(x, schema, tables, ctes, used) is { } p) return p;
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
                if (Walk(p.Value, schema, tables, ctes, used) is { } inner) return inner;
        }
        return null;
    }

    /// <summary>What is wrong with this one node (not its children), or null.</summary>
    private static string? Problem(JsonElement e, string schema, HashSet<string> tables, HashSet<string> ctes, List<string> used)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;

        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var cls = e.TryGetProperty("class", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (type == "BASE_TABLE")
        {
            var catalog = Str(e, "catalog_name");
            var schemaName = Str(e, "schema_name");
            var name = Str(e, "table_name");
            if (catalog.Length > 0) return $"Only this dataset's tables can be read; '{catalog}.{schemaName}.{name}' is outside it.";
            if (schemaName.Length > 0 && !string.Equals(schemaName, schema, StringComparison.OrdinalIgnoreCase))
                return $"Only this dataset's tables can be read; '{schemaName}.{name}' is outside it.";
            if (schemaName.Length == 0 && ctes.Contains(name)) return null;
            if (!tables.Contains(name))
                return $"Unknown table '{name}'. This dataset has: {string.Join(", ", tables.Order(StringComparer.OrdinalIgnoreCase))}.";
            used.Add(name);
        }
        else if (type == "SHOW_REF")
        {
            return "SHOW, DESCRIBE and SUMMARIZE are not allowed here; the Data page shows tables, columns and profiles.";
        }
        else if (type == "TABLE_FUNCTION")
        {
            var fn = e.TryGetProperty("function", out var f) ? Str(f, "function_name") : "";
            if (!AllowedTableFunctions.Contains(fn))
                return $"The table function '{fn}' is not allowed: queries read only the dataset's tables.";
        }
        else if (cls == "FUNCTION")
        {
            var fn = Str(e, "function_name");
            var fnCatalog = Str(e, "catalog");
            var fnSchema = Str(e, "schema");
            if (fnCatalog.Length > 0 || (fnSchema.Length > 0 && !fnSchema.Equals("main", StringComparison.OrdinalIgnoreCase) && !fnSchema.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase)))
                return $"Qualified function calls ('{fnSchema}.{fn}') are not allowed.";
            if (DeniedFunctions.Contains(fn) || DeniedPrefixes.Any(p => fn.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                return $"The function '{fn}' is not allowed.";
        }
        return null;
    }

    /// <summary>A character offset the parser gives as a number or a string; none when absent or "unknown" (all bits set).</summary>
    private static int? Offset(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        var text = v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
        return ulong.TryParse(text, out var n) && n < int.MaxValue ? (int)n : null;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? message;
}
