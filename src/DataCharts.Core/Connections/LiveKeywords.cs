using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>The keyword lists the live guard reads SQL by (all compared without ASCII case, and only for unquoted words).</summary>
internal static class LiveKeywords
{
    private const string ChangesData = "it changes data, and DataCharts only reads";
    private const string ChangesSchema = "it changes the database's tables or other objects";
    private const string Files = "it reads or writes files on the server";
    private const string Runs = "it runs procedures or code on the server";
    private const string Settings = "it changes the server's settings";
    private const string Locks = "it locks rows or tables";
    private const string Notifies = "it sends or waits for notifications";
    private const string Maintenance = "it runs maintenance on the server";

    /// <summary>
    /// Words refused wherever they stand as keywords (not after a dot, not quoted), with the reason: what they do inside an
    /// otherwise read-only statement (a data-modifying WITH, SELECT … INTO, PROCEDURE ANALYSE, LOCK IN SHARE MODE).
    /// SET, REPLACE and TRUNCATE have their own rules (CHARACTER SET; the replace() and truncate() functions).
    /// </summary>
    public static readonly Dictionary<string, string> Denied = ByReason(
        (ChangesData, ["INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT"]),
        (ChangesSchema, ["CREATE", "ALTER", "DROP", "RENAME"]),
        ("it changes permissions", ["GRANT", "REVOKE"]),
        (Files, ["COPY", "LOAD", "OUTFILE", "DUMPFILE", "INFILE"]),
        ("SELECT … INTO writes a table, a file or variables; select the rows without INTO", ["INTO"]),
        (Runs, ["CALL", "DO", "EXECUTE", "EXEC", "PREPARE", "DEALLOCATE", "HANDLER", "PROCEDURE"]),
        (Settings, ["RESET", "DISCARD"]),
        (Locks, ["LOCK", "UNLOCK"]),
        (Notifies, ["LISTEN", "UNLISTEN", "NOTIFY"]),
        (Maintenance, ["VACUUM", "ANALYZE", "ANALYSE", "REINDEX", "CHECKPOINT", "OPTIMIZE", "REPAIR", "FLUSH", "PURGE", "INSTALL", "UNINSTALL", "SHUTDOWN", "IMPORT"]));

    /// <summary>A name-to-reason table from groups of names sharing a reason.</summary>
    public static Dictionary<string, string> ByReason(params (string Reason, string[] Names)[] groups)
    {
        var table = new Dictionary<string, string>(AsciiNames.Comparer);
        foreach (var (reason, names) in groups)
            foreach (var name in names) table[name] = reason;
        return table;
    }

    public const string SetReason = Settings;
    public const string ChangesDataReason = ChangesData;

    /// <summary>
    /// Keywords that may stand before "(" without being a function call: IN (…), EXISTS (…), OVER (…), WITHIN GROUP (…),
    /// ROW (…), VALUES (…), USING (…), ROLLUP (…), index hints… None of them names a function that could do harm.
    /// </summary>
    public static readonly HashSet<string> NotCalls = new(AsciiNames.Comparer)
    {
        "AS", "IN", "EXISTS", "ANY", "ALL", "SOME", "VALUES", "OVER", "FILTER", "GROUP", "ROW", "ARRAY", "CASE", "WHEN",
        "THEN", "ELSE", "AND", "OR", "NOT", "XOR", "ON", "USING", "LATERAL", "SELECT", "FROM", "WHERE", "HAVING", "BY",
        "JOIN", "UNION", "INTERSECT", "EXCEPT", "MINUS", "DISTINCT", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "IS",
        "INTERVAL", "LIMIT", "OFFSET", "ROLLUP", "CUBE", "SETS", "PARTITION", "INDEX", "KEY", "REPEATABLE", "COLUMNS",
        "MATERIALIZED", "ONLY", "OF", "AGAINST", "MATCH", "TO", "AT", "ZONE", "DIV", "BOTH", "LEADING", "TRAILING", "ORDER",
        "ESCAPE", "WITH", "SIMILAR", "NULLS", "DESC", "ASC", "RETURN", "RETURNING", "PATH", "NESTED", "ORDINALITY",
    };

    /// <summary>Type names whose "(" holds a length or precision (varchar(10), numeric(10,2)), or harmless functions of the same name.</summary>
    public static readonly HashSet<string> TypeWords = new(AsciiNames.Comparer)
    {
        "bit", "varbit", "char", "character", "varchar", "nchar", "nvarchar", "varying", "numeric", "decimal", "dec", "float",
        "double", "real", "time", "timestamp", "timestamptz", "timetz", "interval", "datetime", "binary", "varbinary", "int",
        "integer", "tinyint", "smallint", "mediumint", "bigint", "year", "second",
    };

    /// <summary>PostgreSQL's object-identifier types: a cast to one looks a name up in the server's catalog.</summary>
    public static readonly HashSet<string> RegTypes = new(AsciiNames.Comparer)
    {
        "regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regrole", "regnamespace", "regconfig",
        "regdictionary", "regcollation",
    };

    /// <summary>
    /// Words that end a FROM list at its own depth (after them a comma no longer introduces a table). Only words the server
    /// reserves: one it also takes for an alias (QUALIFY, MINUS; OFFSET and WINDOW on MySQL) or for part of a table reference
    /// (MariaDB's FOR SYSTEM_TIME) would let a table after a later comma go unchecked. The rest (FOR UPDATE, INTO,
    /// PROCEDURE, LOCK) are refused anyway.
    /// </summary>
    public static readonly HashSet<string> EndFrom = new(AsciiNames.Comparer) { "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "SELECT" };

    /// <summary>Words PostgreSQL also reserves that end a FROM list there.</summary>
    public static readonly HashSet<string> EndFromPostgreSql = new(AsciiNames.Comparer) { "WINDOW", "OFFSET", "FETCH", "INTERSECT", "EXCEPT" };

    /// <summary>Words that introduce a FROM item: never taken for an alias, so the table after them is always checked.</summary>
    public static readonly HashSet<string> Introducers = new(AsciiNames.Comparer) { "FROM", "JOIN", "STRAIGHT_JOIN", "LATERAL", "TABLE" };

    /// <summary>Unquoted words that cannot be a FROM item's alias (without AS): the clause and join keywords that follow one.</summary>
    public static readonly HashSet<string> NotAliases = new(AsciiNames.Comparer)
    {
        "FROM", "JOIN", "STRAIGHT_JOIN", "LATERAL", "TABLE", "WHERE", "GROUP", "HAVING", "WINDOW", "QUALIFY", "ORDER", "LIMIT",
        "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "MINUS", "FOR", "INTO", "PROCEDURE", "LOCK", "SELECT", "RETURNING",
        "ON", "USING", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "NATURAL", "TABLESAMPLE", "WITH", "USE", "FORCE",
        "IGNORE", "PARTITION", "AS",
    };

    /// <summary>Functions whose parentheses hold FROM as part of their own syntax (EXTRACT(x FROM y), SUBSTRING(s FROM 2), TRIM(… FROM s)).</summary>
    public static readonly HashSet<string> FromInside = new(AsciiNames.Comparer) { "extract", "substring", "substr", "trim", "overlay" };

    /// <summary>Words after WITH that do not start a list of named queries (WITH ORDINALITY, WITH TIME ZONE, WITH ROLLUP, WITH TIES).</summary>
    public static readonly HashSet<string> NotCteNames = new(AsciiNames.Comparer) { "ORDINALITY", "TIME", "ROLLUP", "TIES", "LOCAL", "CASCADED", "CHECK", "NO" };
}
