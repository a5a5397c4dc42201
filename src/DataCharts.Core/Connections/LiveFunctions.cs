using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>
/// The functions a query on a live database may call, per dialect: what an analyst's SELECT uses (aggregates, window
/// functions, math, text, date and time, conditionals, casts, JSON reading, series and arrays). Everything else is refused,
/// because a server's functions also read files, run programs, reach other servers, change settings, take locks or wait.
/// Some of those are named in <see cref="DeniedReason"/> with the reason, and stay refused even if someone adds them to an
/// allowlist: the denial is checked first.
/// </summary>
public static class LiveFunctions
{
    private static readonly string[] Aggregates =
    [
        "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
        "bit_and", "bit_or", "bit_xor", "grouping", "any_value", "percentile_cont", "percentile_disc",
    ];

    private static readonly string[] Windows =
    [
        "row_number", "rank", "dense_rank", "ntile", "lag", "lead", "first_value", "last_value", "nth_value", "cume_dist", "percent_rank",
    ];

    private static readonly string[] Common =
    [
        // math
        "abs", "ceil", "ceiling", "floor", "round", "sqrt", "power", "pow", "exp", "ln", "log", "log10", "mod", "sign", "pi",
        "degrees", "radians", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "cot",
        // conditionals and casts
        "coalesce", "nullif", "greatest", "least", "cast",
        // text
        "lower", "upper", "length", "char_length", "character_length", "octet_length", "bit_length", "substring", "substr",
        "position", "trim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "left", "right", "lpad", "rpad", "reverse",
        "repeat", "ascii", "md5", "regexp_replace", "regexp_like", "regexp_instr", "regexp_substr", "format",
        // dates and times
        "extract", "now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "date",
        // JSON
        "json_object", "json_array", "json_value", "json_query", "json_exists", "json_table",
    ];

    private static readonly HashSet<string> PostgreSql = new(AsciiNames.Comparer)
    {
        "mode", "string_agg", "array_agg", "bool_and", "bool_or", "every", "corr", "covar_pop", "covar_samp", "regr_slope",
        "regr_intercept", "regr_r2", "regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
        "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
        "trunc", "cbrt", "div", "factorial", "gcd", "lcm", "scale", "min_scale", "trim_scale", "width_bucket", "random",
        "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sind", "cosd", "tand", "asind", "acosd", "atand", "atan2d", "cotd",
        "num_nulls", "num_nonnulls",
        "strpos", "btrim", "split_part", "initcap", "translate", "overlay", "chr", "to_hex", "starts_with", "quote_ident",
        "quote_literal", "quote_nullable", "encode", "decode", "sha224", "sha256", "sha384", "sha512", "normalize", "unistr",
        "regexp_match", "regexp_matches", "regexp_split_to_array", "regexp_split_to_table", "regexp_count",
        "string_to_array", "string_to_table", "array_to_string", "gen_random_uuid",
        "to_char", "to_date", "to_timestamp", "to_number", "date_trunc", "date_part", "date_bin", "date_add", "date_subtract",
        "age", "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "justify_days", "justify_hours",
        "justify_interval", "isfinite", "timezone", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday",
        "text", "int2", "int4", "int8", "float4", "float8", "bool",
        "generate_series", "generate_subscripts", "unnest", "array_length", "cardinality", "array_position", "array_positions",
        "array_append", "array_prepend", "array_cat", "array_remove", "array_replace", "array_lower", "array_upper", "array_dims",
        "array_ndims", "array_fill",
        "to_json", "to_jsonb", "array_to_json", "row_to_json", "json_build_array", "jsonb_build_array", "json_build_object",
        "jsonb_build_object", "jsonb_object", "json_array_length", "jsonb_array_length", "json_each", "jsonb_each",
        "json_each_text", "jsonb_each_text", "json_extract_path", "jsonb_extract_path", "json_extract_path_text",
        "jsonb_extract_path_text", "json_object_keys", "jsonb_object_keys", "json_array_elements", "jsonb_array_elements",
        "json_array_elements_text", "jsonb_array_elements_text", "json_typeof", "jsonb_typeof", "json_strip_nulls",
        "jsonb_strip_nulls", "jsonb_pretty", "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query",
        "jsonb_path_query_array", "jsonb_path_query_first", "json_to_record", "jsonb_to_record", "json_to_recordset",
        "jsonb_to_recordset", "json_populate_record", "jsonb_populate_record", "json_populate_recordset",
        "jsonb_populate_recordset", "jsonb_set", "json_scalar", "json_serialize",
    };

    private static readonly HashSet<string> MySql = new(AsciiNames.Comparer)
    {
        "std", "group_concat", "json_arrayagg", "json_objectagg", "median",
        "truncate", "log2", "rand", "conv", "crc32",
        "ifnull", "if", "isnull", "nvl", "nvl2", "elt", "field", "convert",
        "lcase", "ucase", "mid", "substring_index", "locate", "instr", "space", "strcmp", "soundex", "hex", "unhex", "ord",
        "char", "sha1", "sha2", "find_in_set", "quote", "to_base64", "from_base64", "uuid",
        "date_format", "time_format", "year", "month", "quarter", "week", "weekofyear", "yearweek", "day", "dayofmonth",
        "dayname", "monthname", "weekday", "dayofweek", "dayofyear", "hour", "minute", "second", "microsecond", "str_to_date",
        "datediff", "timestampdiff", "timestampadd", "date_add", "date_sub", "adddate", "subdate", "addtime", "subtime",
        "timediff", "last_day", "makedate", "maketime", "curdate", "curtime", "utc_date", "utc_time", "utc_timestamp",
        "sysdate", "unix_timestamp", "from_unixtime", "to_days", "from_days", "to_seconds", "time_to_sec", "sec_to_time",
        "period_add", "period_diff", "time", "timestamp", "convert_tz", "get_format",
        "json_extract", "json_unquote", "json_contains", "json_contains_path", "json_keys", "json_length", "json_type",
        "json_valid", "json_search", "json_overlaps", "json_quote", "json_depth", "json_pretty",
    };

    static LiveFunctions()
    {
        foreach (var set in new[] { PostgreSql, MySql })
            foreach (var name in Aggregates.Concat(Windows).Concat(Common)) set.Add(name);
    }

    /// <summary>The functions a dialect's queries may call (names compared without ASCII case).</summary>
    public static IReadOnlySet<string> Allowed(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => PostgreSql,
        SqlDialect.MySql => MySql,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    /// <summary>Whether a query in this dialect may call the function: allowed and not denied.</summary>
    public static bool IsAllowed(SqlDialect dialect, string name) => DeniedReason(name) is null && Allowed(dialect).Contains(name);

    private const string ReadsFiles = "it reads files on the server";
    private const string WritesFiles = "it writes files on the server";
    private const string LargeObjects = "it reads or writes large objects, which import and export files on the server";
    private const string OtherServers = "it connects to other servers";
    private const string Settings = "it reads or changes the server's settings";
    private const string Waits = "it makes the server wait or keeps it busy";
    private const string RunsSql = "it runs SQL given as text, which the guard cannot check";
    private const string Controls = "it controls the server or other sessions";
    private const string Sequences = "it uses a sequence, which changes it outside the transaction";
    private const string Locks = "it takes locks";
    private const string Transactions = "it reads or assigns transaction ids";
    private const string Programs = "it runs programs on the server";
    private const string Catalog = "it reads the server's catalog or controls the server";

    private static readonly Dictionary<string, string> DeniedNames = LiveKeywords.ByReason(
        (ReadsFiles, ["load_file", "lo_import", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file"]),
        (WritesFiles, ["lo_export"]),
        (LargeObjects, ["loread", "lowrite", "lo_get", "lo_put", "lo_from_bytea"]),
        (OtherServers, ["dblink", "dblink_exec", "dblink_connect"]),
        (Settings, ["set_config", "current_setting", "setseed", "last_insert_id"]),
        (Waits, ["sleep", "benchmark", "pg_sleep", "master_pos_wait", "source_pos_wait", "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids"]),
        (RunsSql, ["ts_stat", "ts_rewrite", "query_to_xml"]),
        (Controls, ["pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_notify"]),
        (Sequences, ["nextval", "setval", "currval", "lastval"]),
        (Locks, ["get_lock", "release_lock", "release_all_locks", "is_free_lock", "is_used_lock", "pg_advisory_lock"]),
        (Transactions, ["txid_current"]),
        (Programs, ["sys_exec", "sys_eval"]));

    /// <summary>Prefixes checked in order: the first that fits gives the reason; "pg_" catches the rest of PostgreSQL's own functions.</summary>
    private static readonly (string Prefix, string Reason)[] DeniedPrefixes =
    [
        ("pg_read_", ReadsFiles), ("pg_ls_", ReadsFiles), ("pg_stat_file", ReadsFiles), ("pg_file_", WritesFiles),
        ("lo_", LargeObjects), ("dblink", OtherServers), ("postgres_fdw", OtherServers),
        ("pg_sleep", Waits), ("query_to_xml", RunsSql), ("cursor_to_xml", RunsSql), ("table_to_xml", RunsSql),
        ("schema_to_xml", RunsSql), ("database_to_xml", RunsSql),
        ("pg_terminate_backend", Controls), ("pg_cancel_backend", Controls), ("pg_reload_conf", Controls),
        ("pg_rotate_logfile", Controls), ("pg_promote", Controls), ("pg_switch_wal", Controls), ("pg_backup_", Controls),
        ("pg_start_backup", Controls), ("pg_stop_backup", Controls), ("pg_create_", Controls), ("pg_drop_", Controls),
        ("pg_replication_", Controls), ("pg_logical_", Controls), ("pg_wal_", Controls), ("pg_stat_reset", Controls),
        ("pg_notify", Controls), ("pg_import_", Controls),
        ("pg_advisory", Locks), ("pg_try_advisory", Locks),
        ("txid", Transactions), ("pg_current_xact", Transactions), ("pg_xact", Transactions), ("pg_snapshot", Transactions),
        ("sys_", Programs), ("lib_mysqludf", Programs),
        ("pg_", Catalog),
    ];

    /// <summary>Why a function is never allowed on a live database (in plain words, after "it"), or null when it is not denied.</summary>
    /// <param name="name">The function's name.</param>
    /// <param name="namedOnly">Only the functions named one by one (pg_read_file, lo_import, sleep…), not the prefixes (pg_, lo_…).</param>
    public static string? DeniedReason(string name, bool namedOnly = false)
    {
        if (DeniedNames.TryGetValue(name, out var reason)) return reason;
        if (namedOnly) return null;
        var lower = AsciiNames.Lower(name);
        foreach (var (prefix, why) in DeniedPrefixes)
            if (lower.StartsWith(prefix, StringComparison.Ordinal)) return why;
        return null;
    }
}
