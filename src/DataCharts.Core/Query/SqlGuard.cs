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
/// SELECT (or WITH … SELECT), and its syntax tree may only name the dataset's tables, CTEs in scope where they are
/// used, and a few harmless table functions. Names are resolved per scope as the engine binds them: a CTE is visible
/// in its own WITH's query and below, in later CTEs of the same WITH, and in its own recursive step; nowhere else
/// (there the same name is the catalog's). Catalog views and functions, files and other schemas are refused
/// wherever they stand. The engine's lock-down (no file access, locked configuration) stands behind this as a second wall.
/// </summary>
public static class SqlGuard
{
    public const int MaxLength = 20_000;

    private static readonly HashSet<string> AllowedTableFunctions = new(StringComparer.OrdinalIgnoreCase) { "range", "generate_series", "unnest" };

    /// <summary>
    /// Functions that read files, settings, variables, the catalog or logs, or change the session, in any position
    /// (table functions are refused outside <see cref="AllowedTableFunctions"/> anyway; naming them here also refuses
    /// them in the select list). The pg_ ones are system macros over duckdb_views(), duckdb_constraints(), duckdb_types().
    /// </summary>
    private static readonly HashSet<string> DeniedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "query", "query_table", "glob", "getenv", "getvariable", "current_setting", "setseed", "nextval", "currval", "checkpoint",
        "force_checkpoint", "load", "load_extension", "install", "export_database", "import_database", "sniff_csv", "which_secret",
        "write_log", "sql_auto_complete", "seq_scan", "summary", "test_all_types", "test_vector_types", "enable_logging",
        "disable_logging", "truncate_duckdb_logs", "enable_profiling", "disable_profiling", "enable_peg_parser", "disable_peg_parser",
        "check_peg_parser", "format_type", "repeat_row", "histogram_values", "json_each", "json_tree",
    };

    private static readonly string[] DeniedPrefixes =
    [
        "read_", "duckdb_", "pragma_", "sqlite_", "postgres_", "mysql_", "iceberg_", "delta_", "icu_", "parquet_", "arrow_",
        "json_execute", "pg_get_", "pg_timezone",
    ];

    /// <summary>Schemas and catalogs that hold the engine's own views: never readable, whatever the spelling.</summary>
    private static readonly HashSet<string> CatalogSchemas = new(StringComparer.OrdinalIgnoreCase) { "information_schema", "pg_catalog", "system", "temp" };

    /// <summary>Prefixes of the engine's catalog views and functions (duckdb_tables, pg_class, sqlite_master, pragma_database_list…).</summary>
    private static readonly string[] CatalogPrefixes = ["duckdb_", "pg_", "sqlite_", "pragma_", "information_schema"];

    /// <summary>The parser's names for FROM items and query nodes this guard understands; anything else is refused.</summary>
    private static readonly HashSet<string> TableRefTypes = new(StringComparer.Ordinal) { "BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EXPRESSION_LIST", "EMPTY", "PIVOT" };

    private static readonly HashSet<string> QueryNodeTypes = new(StringComparer.Ordinal) { "SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE" };

    /// <param name="connection">Any engine connection (only the parser runs).</param>
    /// <param name="sql">The statement to check.</param>
    /// <param name="schema">The dataset's schema (or catalog); qualified names must use it.</param>
    /// <param name="tables">The dataset's table identifiers.</param>
    public static GuardVerdict Check(DuckDBConnection connection, string sql, string schema, IReadOnlyCollection<string> tables)
    {
        if (string.IsNullOrWhiteSpace(sql)) return GuardVerdict.Refuse("The SQL is empty.");
        if (sql.Length > MaxLength) return GuardVerdict.Refuse($"The SQL is longer than {MaxLength:N0} characters.");
        if (sql.Contains('\0')) return GuardVerdict.Refuse("The SQL contains a NUL character.");

        string json;
        try
        {
            json = SyntaxTree(connection, sql);
        }
        catch (DuckDBException ex)
        {
            return GuardVerdict.Refuse("The SQL could not be parsed: " + FirstLine(ex.Message));
        }
        JsonDocument doc;
        try
        {
            // Nested subqueries nest the tree deeply; the engine's own expression depth limit stays below this.
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2048 });
        }
        catch (JsonException)
        {
            return GuardVerdict.Refuse("The SQL is nested too deeply.");
        }
        using (doc)
        {
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

            var walker = new Walker(schema, tables);
            var problem = walker.Walk(statements[0], null, Position.Other);
            return problem is null
                ? new GuardVerdict(true, null, walker.Used.Distinct(StringComparer.OrdinalIgnoreCase).ToList())
                : GuardVerdict.Refuse(problem.Value.Reason, problem.Value.At);
        }
    }

    /// <summary>DuckDB's own syntax tree of <paramref name="sql"/> as JSON (json_serialize_sql; only the parser runs), for every check that reads SQL.</summary>
    /// <exception cref="DuckDBException">The engine could not serialize it.</exception>
    public static string SyntaxTree(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
        cmd.Parameters.Add(new DuckDBParameter(sql));
        return cmd.ExecuteScalar() as string ?? "";
    }

    /// <summary>The CTE names visible at a point of the tree: a chain from the innermost WITH outwards.</summary>
    private sealed record Scope(string Name, Scope? Outer)
    {
        public static bool Contains(Scope? scope, string name)
        {
            for (var s = scope; s is not null; s = s.Outer)
                if (AsciiNames.Comparer.Equals(s.Name, name)) return true;
            return false;
        }
    }

    /// <summary>What the parent expects a child to be, so an unknown FROM item or query node is refused, not skipped.</summary>
    private enum Position { Other, TableRef, QueryNode }

    /// <summary>One walk over one statement's tree, collecting the dataset tables it reads.</summary>
    private sealed class Walker(string schema, IReadOnlyCollection<string> tables)
    {
        private readonly HashSet<string> tables = new(tables, AsciiNames.Comparer);

        public List<string> Used { get; } = [];

        /// <summary>The first thing in the tree that is not allowed, and where it stands in the SQL (so reports can name the line).</summary>
        public (string Reason, int? At)? Walk(JsonElement e, Scope? scope, Position position)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray())
                    if (Walk(x, scope, position) is { } p) return p;
                return null;
            }
            if (e.ValueKind != JsonValueKind.Object) return null;

            var type = Str(e, "type");
            var problem = Expected(type, position) ?? Problem(e, type, scope);
            if (problem is not null) return (problem, Location(e));

            // A WITH: each CTE body sees the CTEs before it (not itself, not later ones: there the engine reads the
            // catalog); the rest of this node sees all of them.
            var inner = scope;
            if (e.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    var name = Str(entry, "key");
                    if (IsCatalogName(name))
                        return ($"A CTE cannot be named '{name}' like a catalog view: catalog names are refused everywhere; rename the CTE.", Location(entry));
                    if (entry.TryGetProperty("value", out var cte) && Cte(cte, name, inner) is { } p) return p;
                    inner = new Scope(name, inner);
                }
            }
            foreach (var p in e.EnumerateObject())
            {
                if (p.NameEquals("cte_map")) continue;
                if (Walk(p.Value, inner, PositionOf(type, p.Name)) is { } found) return found;
            }
            return null;
        }

        /// <summary>A CTE body; a recursive one (the parser's RECURSIVE_CTE_NODE of this name) sees itself in its step only.</summary>
        private (string Reason, int? At)? Cte(JsonElement cte, string name, Scope? scope)
        {
            foreach (var p in cte.EnumerateObject())
            {
                if (p.NameEquals("query") && p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("node", out var node)
                    && Str(node, "type") == "RECURSIVE_CTE_NODE" && AsciiNames.Comparer.Equals(Str(node, "cte_name"), name))
                {
                    foreach (var q in p.Value.EnumerateObject())
                    {
                        var found = q.NameEquals("node") ? Recursive(node, name, scope) : Walk(q.Value, scope, Position.Other);
                        if (found is not null) return found;
                    }
                }
                else if (Walk(p.Value, scope, Position.Other) is { } found)
                {
                    return found;
                }
            }
            return null;
        }

        private (string Reason, int? At)? Recursive(JsonElement node, string name, Scope? scope)
        {
            if (node.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries) && entries.GetArrayLength() > 0)
                return Walk(node, scope, Position.QueryNode); // not produced by the parser; walked without the self-reference
            foreach (var p in node.EnumerateObject())
            {
                var found = p.Name switch
                {
                    "right" => Walk(p.Value, new Scope(name, scope), Position.QueryNode),
                    "left" => Walk(p.Value, scope, Position.QueryNode),
                    _ => Walk(p.Value, scope, Position.Other),
                };
                if (found is not null) return found;
            }
            return null;
        }

        /// <summary>What a property of a node of this type holds: FROM items, query nodes, or anything (expressions, modifiers).</summary>
        private static Position PositionOf(string parentType, string property) => (parentType, property) switch
        {
            (_, "from_table") => Position.TableRef,
            ("JOIN", "left" or "right") => Position.TableRef,
            ("PIVOT", "source") => Position.TableRef,
            ("SET_OPERATION_NODE" or "RECURSIVE_CTE_NODE", "left" or "right") => Position.QueryNode,
            (_, "node") => Position.QueryNode,
            _ => Position.Other,
        };

        private static string? Expected(string type, Position position) => position switch
        {
            Position.TableRef when type == "SHOW_REF" => "SHOW, DESCRIBE and SUMMARIZE are not allowed here; the Data page shows tables, columns and profiles.",
            Position.TableRef when !TableRefTypes.Contains(type) => $"This kind of FROM item ({type}) is not allowed.",
            Position.QueryNode when !QueryNodeTypes.Contains(type) => $"This kind of query ({type}) is not allowed.",
            _ => null,
        };

        /// <summary>What is wrong with this one node (not its children), or null.</summary>
        private string? Problem(JsonElement e, string type, Scope? scope)
        {
            var cls = Str(e, "class");
            if (type == "BASE_TABLE") return Table(Str(e, "catalog_name"), Str(e, "schema_name"), Str(e, "table_name"), scope);
            if (type == "SHOW_REF") return "SHOW, DESCRIBE and SUMMARIZE are not allowed here; the Data page shows tables, columns and profiles.";
            // PIVOT … IN <name> takes its values from a type in the catalog, which may be another dataset's.
            if (Str(e, "pivot_enum").Length > 0) return "PIVOT … IN must list its values; values from a named type are not allowed.";
            if (type == "TABLE_FUNCTION")
            {
                var f = e.TryGetProperty("function", out var fn) ? fn : default;
                var name = f.ValueKind == JsonValueKind.Object ? Str(f, "function_name") : "";
                if (f.ValueKind != JsonValueKind.Object || Str(f, "class") != "FUNCTION" || !AllowedTableFunctions.Contains(name))
                    return $"The table function '{name}' is not allowed: queries read only the dataset's tables (range, generate_series and unnest are allowed).";
            }
            else if (cls is "FUNCTION" or "WINDOW")
            {
                var fn = Str(e, "function_name");
                var fnCatalog = Str(e, "catalog");
                var fnSchema = Str(e, "schema");
                // The parser itself writes main for some built-ins (list_value, date_part, trim…); nothing else may qualify a call.
                if (fnCatalog.Length > 0 || (fnSchema.Length > 0 && !fnSchema.Equals("main", StringComparison.OrdinalIgnoreCase)))
                    return $"Qualified function calls ('{(fnCatalog.Length > 0 ? fnCatalog + "." : "")}{fnSchema}.{fn}') are not allowed.";
                if (DeniedFunctions.Contains(fn) || DeniedPrefixes.Any(p => fn.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                    return $"The function '{fn}' is not allowed: it reads files, settings or the engine's catalog.";
            }
            return null;
        }

        private string? Table(string catalog, string schemaName, string name, Scope? scope)
        {
            // The dataset's schema, or (one engine file per dataset) its catalog's main schema; no other catalog.
            var own = catalog.Length == 0
                ? schemaName.Length == 0 || AsciiNames.Comparer.Equals(schemaName, schema)
                : AsciiNames.Comparer.Equals(catalog, schema) && AsciiNames.Comparer.Equals(schemaName, "main");
            var written = string.Join('.', new[] { catalog, schemaName, name }.Where(x => x.Length > 0));
            if (!own)
            {
                return CatalogSchemas.Contains(catalog) || CatalogSchemas.Contains(schemaName) || IsCatalogName(schemaName)
                    ? $"The engine's catalog ('{written}') is not available; the Data page lists tables and columns."
                    : $"Only this dataset's tables can be read; '{written}' is outside it.";
            }
            // Only an unqualified name can be a CTE, and only where that CTE is in scope.
            if (schemaName.Length == 0 && catalog.Length == 0 && Scope.Contains(scope, name)) return null;
            // Unqualified, a catalog name may bind to the engine's view rather than a table of that name.
            if (schemaName.Length == 0 && IsCatalogName(name))
                return $"The engine's catalog ('{name}') is not available; the Data page lists tables and columns.";
            if (!tables.Contains(name))
            {
                return LooksLikeFile(name)
                    ? $"Files cannot be read from SQL ('{name}'); upload the file as a dataset."
                    : $"Unknown table '{name}'. This dataset has: {string.Join(", ", tables.Order(StringComparer.OrdinalIgnoreCase))}.";
            }
            Used.Add(name);
            return null;
        }
    }


    // Refusals may fold more widely than the engine: that only refuses more.
    private static bool IsCatalogName(string name) =>
        CatalogSchemas.Contains(name) || CatalogPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool LooksLikeFile(string name) => name.IndexOfAny(['/', '\\', '.', ':', '*']) >= 0;

    /// <summary>Where a node stands: its own offset, or the first one the parser gave inside it (not every node has one).</summary>
    private static int? Location(JsonElement e)
    {
        if (Offset(e, "query_location") is { } at) return at;
        var children = e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => e.EnumerateArray(),
            _ => [],
        };
        foreach (var c in children)
            if (Location(c) is { } inner) return inner;
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
