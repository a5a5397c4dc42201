using DataCharts.Core.Query;
using DuckDB.NET.Data;

namespace DataCharts.Core.Tests.Query;

/// <summary>
/// An in-memory engine laid out as the app lays out datasets: the queried dataset's schema (two tables), another
/// dataset's schema that must stay out of reach, and the search path on the queried one.
/// </summary>
public sealed class ScopeFixture : IDisposable
{
    public const string Own = "ds_own";
    public static readonly string[] Tables = ["sales", "customers"];

    public DuckDBConnection Connection { get; } = new("DataSource=:memory:");

    public ScopeFixture()
    {
        Connection.Open();
        foreach (var sql in new[]
        {
            $"CREATE SCHEMA {Own}", "CREATE SCHEMA ds_other",
            $"CREATE TABLE {Own}.sales AS SELECT * FROM (VALUES ('North', 'Laptop', 1200, 'ok'), ('South', 'Phone', 650, NULL)) t(region, product, amount, note)",
            $"CREATE TABLE {Own}.customers AS SELECT * FROM (VALUES ('North', 'Ann'), ('South', 'Bo')) t(region, name)",
            "CREATE TABLE ds_other.secret AS SELECT 'hunter2' AS password",
            $"SET search_path = '{Own}'",
        })
        {
            DuckDbEngine.Execute(Connection, sql);
        }
    }

    public GuardVerdict Check(string sql) => SqlGuard.Check(Connection, sql, Own, Tables);

    public void Dispose() => Connection.Dispose();
}

/// <summary>
/// Name resolution per scope: the hostile corpus of scope tricks (each one ran against the old flat-CTE guard) and the
/// legitimate queries that must keep passing. Legitimate queries also run in the engine, so the corpus stays real SQL.
/// </summary>
public sealed class SqlGuardScopeTests(ScopeFixture f) : IClassFixture<ScopeFixture>
{
    /// <summary>Scope tricks: a name that is a CTE in one place and the real catalog view (or another dataset) in another.</summary>
    public static TheoryData<string> Shadowing()
    {
        string[] targets = ["duckdb_tables", "duckdb_columns", "duckdb_databases", "sqlite_master", "pg_class", "pg_settings", "secret"];
        var data = new TheoryData<string>();
        foreach (var t in targets)
        {
            // A CTE inside a subquery in FROM, the real object in the outer query.
            data.Add($"SELECT * FROM (WITH {t} AS (SELECT 1) SELECT * FROM {t}) x, {t}");
            // In a subquery in WHERE, and in a scalar subquery in the select list.
            data.Add($"SELECT * FROM {t} WHERE EXISTS (WITH {t} AS (SELECT 1) SELECT * FROM {t})");
            data.Add($"SELECT (WITH {t} AS (SELECT 1) SELECT count(*) FROM {t}), * FROM {t}");
            // One UNION branch defines it, the other reads the real one.
            data.Add($"(WITH {t} AS (SELECT 1) SELECT 1 FROM {t}) UNION ALL (SELECT 1 FROM {t})");
            // A CTE inside another CTE's body; the outer query reads the real one.
            data.Add($"WITH a AS (WITH {t} AS (SELECT 1) SELECT * FROM {t}) SELECT * FROM a, {t}");
            // Defined after its use in the same WITH: the engine reads the real one there.
            data.Add($"WITH a AS (SELECT * FROM {t}), {t} AS (SELECT 1) SELECT * FROM a");
            // A non-recursive CTE names itself: its body reads the real one.
            data.Add($"WITH {t} AS (SELECT * FROM {t}) SELECT * FROM {t}");
            // RECURSIVE without self-reference still does not see itself in the anchor.
            data.Add($"WITH RECURSIVE {t} AS (SELECT * FROM {t}) SELECT * FROM {t}");
            // In a lateral subquery, then outside it.
            data.Add($"SELECT * FROM sales, LATERAL (WITH {t} AS (SELECT 1) SELECT * FROM {t}) l, {t}");
            // Deeper: three levels of subqueries, the CTE at the bottom, the real one at the top.
            data.Add($"SELECT * FROM (SELECT * FROM (SELECT * FROM (WITH {t} AS (SELECT 1) SELECT * FROM {t}) a) b) c JOIN {t} ON true");
            // A CTE in an IN-subquery of a CTE body; the outer query reads the real one.
            data.Add($"WITH a AS (SELECT * FROM sales WHERE amount IN (WITH {t} AS (SELECT 1) SELECT * FROM {t})) SELECT * FROM a, {t}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shadowing))]
    public void Shadowed_names_outside_their_scope_are_refused(string sql)
    {
        var v = f.Check(sql);
        Assert.False(v.Allowed, $"allowed: {sql}");
        Assert.False(string.IsNullOrWhiteSpace(v.Reason));
    }

    /// <summary>Catalog views, table functions and catalog-reading functions, wherever they stand and however spelled.</summary>
    public static TheoryData<string> Catalog() =>
    [
        // Recursive CTEs that reach catalog views in the anchor, the step, or a subquery of the step.
        "WITH RECURSIVE r AS (SELECT table_name AS n FROM duckdb_tables UNION ALL SELECT n FROM r WHERE false) SELECT * FROM r",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, duckdb_columns() WHERE n < 2) SELECT * FROM r",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + (SELECT count(*) FROM information_schema.tables) FROM r WHERE n < 2) SELECT * FROM r",
        // A CTE named like a catalog view is refused as a name, even when used correctly.
        "WITH duckdb_tables AS (SELECT 1 AS x) SELECT * FROM duckdb_tables",
        "WITH \"DuckDB_Settings\" AS (SELECT 1 AS x) SELECT * FROM \"DuckDB_Settings\"",
        "WITH pg_tables AS (SELECT 1 AS x) SELECT * FROM sales",
        "SELECT * FROM (WITH sqlite_master AS (SELECT 1) SELECT * FROM sqlite_master) x",
        // Quoted and case-folded catalog names.
        "SELECT * FROM \"DuckDB_Tables\"", "SELECT * FROM \"duckdb_tables\"", "SELECT * FROM DUCKDB_VIEWS", "SELECT * FROM \"Sqlite_Master\"",
        "SELECT * FROM \"information_schema\".\"tables\"", "SELECT * FROM INFORMATION_SCHEMA.COLUMNS", "SELECT * FROM Information_Schema.Schemata",
        "SELECT * FROM pg_catalog.pg_class", "SELECT * FROM \"pg_catalog\".pg_settings", "SELECT * FROM pg_namespace", "SELECT * FROM pg_views",
        "SELECT * FROM main.sqlite_master", "SELECT * FROM system.main.duckdb_tables", "SELECT * FROM system.information_schema.tables",
        "SELECT * FROM temp.main.x", "SELECT * FROM temp.x", "SELECT * FROM memory.ds_own.sales", "SELECT * FROM ds_other.secret",
        "SELECT * FROM \"ds_other\".\"secret\"", "SELECT * FROM main.sales", "SELECT * FROM duckdb_logs", "SELECT * FROM pragma_database_list",
        // Catalog views in subqueries, CTE bodies, joins, lateral joins and set operations.
        "WITH t AS (SELECT * FROM duckdb_tables) SELECT * FROM t",
        "SELECT * FROM sales WHERE region IN (SELECT schema_name FROM information_schema.schemata)",
        "SELECT (SELECT count(*) FROM duckdb_tables), * FROM sales",
        "SELECT * FROM sales JOIN duckdb_tables ON true", "SELECT * FROM sales, LATERAL (SELECT * FROM duckdb_columns WHERE column_name = region) c",
        "SELECT region FROM sales UNION SELECT table_name FROM duckdb_tables", "SELECT region FROM sales EXCEPT SELECT sql FROM sqlite_master",
        "SELECT * FROM sales ORDER BY (SELECT count(*) FROM pg_class)", "SELECT * FROM sales LIMIT (SELECT count(*) FROM duckdb_tables)",
        "SELECT sum(amount) FILTER (WHERE region IN (SELECT table_name FROM duckdb_tables)) FROM sales",
        "SELECT sum(amount) OVER (PARTITION BY (SELECT 1 FROM duckdb_tables LIMIT 1)) FROM sales",
        "SELECT * FROM sales QUALIFY amount > (SELECT count(*) FROM duckdb_tables)",
        "SELECT * FROM sales PIVOT (sum(amount) FOR region IN ('North')) p, duckdb_tables",
        "SELECT COLUMNS((SELECT 'region' FROM duckdb_tables LIMIT 1)) FROM sales",
        "SELECT * FROM sales PIVOT (sum(amount) FOR region IN mood)",
        // Table functions outside the short list, in FROM, joins, lateral joins and the select list.
        "SELECT * FROM duckdb_tables()", "SELECT * FROM sales, duckdb_settings()", "SELECT * FROM sales JOIN duckdb_databases() d ON true",
        "SELECT * FROM sales, LATERAL duckdb_columns()", "SELECT * FROM sales CROSS JOIN test_all_types()", "SELECT * FROM summary((SELECT 1))",
        "SELECT * FROM sales, json_each('[1]')", "SELECT * FROM pg_timezone_names()", "SELECT * FROM sql_auto_complete('SEL')",
        "SELECT * FROM json_execute_serialized_sql('x')", "SELECT * FROM read_duckdb('/tmp/x.duckdb')", "SELECT * FROM seq_scan()",
        "SELECT * FROM system.main.range(3)", "SELECT * FROM pragma_show('sales')", "SELECT * FROM icu_calendar_names()",
        "SELECT * FROM range((SELECT count(*) FROM duckdb_tables))", "SELECT * FROM unnest((SELECT list(sql) FROM duckdb_tables))",
        "SELECT * FROM generate_series(1, (SELECT count(*) FROM ds_other.secret))",
        "SELECT duckdb_tables()", "SELECT query('SELECT 1')", "SELECT glob('*')", "SELECT read_text('/etc/passwd') FROM sales",
        // Scalar functions that read the catalog, settings, variables or logs.
        "SELECT current_setting('memory_limit')", "SELECT getvariable('x')", "SELECT pg_get_viewdef(i) FROM range(100000) r(i)",
        "SELECT pg_catalog.pg_get_viewdef(1)", "SELECT pg_get_constraintdef(1)", "SELECT format_type(1, 1)", "SELECT pg_catalog.pg_typeof(1)",
        "SELECT write_log('x')", "SELECT system.main.lower('a')", "SELECT \"Current_Setting\"('threads')", "SELECT 'threads'.current_setting()",
        "SELECT parquet_metadata('x')", "SELECT duckdb_api()", "SELECT pragma_version()", "SELECT getenv('HOME')",
        "SELECT current_setting('x') OVER ()",
        // A CTE in scope whose name folds to the table's only outside ASCII: the engine folds ASCII only, so it reads the table.
        "WITH \"ſecret\" AS (SELECT 1) SELECT * FROM secret", "WITH \"Écret\" AS (SELECT 1) SELECT * FROM \"écret\"",
        // Strings and quoted names as tables (replacement scans read files).
        "SELECT * FROM 'file.csv'", "SELECT * FROM \"file.parquet\"", "SELECT * FROM '/etc/passwd'", "FROM 'data/uploads/x.csv'",
        "SELECT * FROM sales, 'x.json'", "SELECT * FROM sales WHERE region IN (FROM 'x.csv')", "TABLE 'x.csv'",
        "SELECT * FROM (WITH \"x.csv\" AS (SELECT 1) SELECT * FROM \"x.csv\") a, 'x.csv'",
        // TABLE and FROM-first on other objects; DESCRIBE, SUMMARIZE and SHOW in subqueries.
        "TABLE duckdb_tables", "FROM duckdb_tables", "FROM ds_other.secret SELECT *", "TABLE ds_other.secret",
        "SELECT * FROM (DESCRIBE sales)", "SELECT * FROM (SUMMARIZE sales)", "SELECT * FROM (SHOW TABLES)", "SELECT * FROM sales WHERE region IN (SELECT column_name FROM (DESCRIBE sales))",
        // Statements that are not a single SELECT.
        "PIVOT sales ON region USING sum(amount)", "EXPLAIN SELECT 1", "CALL duckdb_tables()", "SET VARIABLE x = 1",
        "CREATE MACRO m() AS TABLE SELECT * FROM duckdb_tables", "DESCRIBE sales", "SUMMARIZE sales", "SHOW TABLES",
    ];

    [Theory]
    [MemberData(nameof(Catalog))]
    public void Catalog_views_and_functions_are_refused_wherever_they_stand(string sql)
    {
        var v = f.Check(sql);
        Assert.False(v.Allowed, $"allowed: {sql}");
        Assert.False(string.IsNullOrWhiteSpace(v.Reason));
    }

    /// <summary>Correct uses of CTEs at every depth, recursive CTEs, lateral joins, windows, joins of the dataset's tables.</summary>
    public static TheoryData<string> Legitimate() =>
    [
        "SELECT * FROM sales",
        "SELECT * FROM ds_own.sales", "SELECT s.region FROM \"ds_own\".sales s JOIN \"ds_own\".\"customers\" c USING (region)",
        "SELECT * FROM \"Sales\"", "SELECT * FROM SALES",
        "SELECT s.region, c.name, sum(s.amount) FROM sales s JOIN customers c ON c.region = s.region GROUP BY ALL ORDER BY ALL",
        "WITH t AS (SELECT region, amount FROM sales) SELECT region, avg(amount) FROM t GROUP BY region",
        "WITH a AS (SELECT * FROM sales), b AS (SELECT * FROM a WHERE amount > 100) SELECT * FROM b JOIN customers USING (region)",
        "WITH a AS (SELECT * FROM sales) SELECT * FROM (SELECT * FROM (SELECT * FROM a) x) y",
        "WITH a AS (SELECT * FROM sales) SELECT * FROM customers WHERE region IN (SELECT region FROM a)",
        "WITH a AS (SELECT * FROM sales) SELECT (SELECT count(*) FROM a), * FROM customers",
        "WITH a AS (WITH b AS (SELECT * FROM sales) SELECT * FROM b) SELECT * FROM a",
        "WITH a AS (SELECT 1 AS x) SELECT * FROM (WITH b AS (SELECT x FROM a) SELECT * FROM b) q",
        "SELECT * FROM (WITH t AS (SELECT * FROM sales) SELECT * FROM t) x",
        "WITH t AS (SELECT * FROM sales) SELECT * FROM t UNION ALL SELECT * FROM t",
        "(WITH t AS (SELECT region FROM sales) SELECT * FROM t) UNION (WITH t AS (SELECT region FROM customers) SELECT * FROM t)",
        "WITH sales AS (SELECT * FROM sales WHERE amount > 100) SELECT * FROM sales",
        "WITH \"Écart\" AS (SELECT 1 AS x) SELECT * FROM \"Écart\"", "WITH T AS (SELECT 1 AS x) SELECT * FROM t",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r",
        "WITH RECURSIVE r(n) AS (SELECT range FROM range(1) UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n) FROM r",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT * FROM r) q WHERE n < 5) SELECT * FROM r",
        "WITH RECURSIVE a AS (SELECT 1 AS x), r(n) AS (SELECT x FROM a UNION ALL SELECT n + 1 FROM r, a WHERE n < 3) SELECT * FROM r",
        "WITH RECURSIVE r(n) USING KEY (n) AS (SELECT 1 UNION SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
        "SELECT * FROM sales s, LATERAL (SELECT s.amount * 2 AS doubled) l",
        "SELECT * FROM sales s, LATERAL unnest([s.amount, s.amount * 2]) u(x)",
        "SELECT * FROM sales s JOIN LATERAL (SELECT * FROM customers c WHERE c.region = s.region) c ON true",
        "SELECT * FROM sales, unnest([1, 2]) u(x)", "SELECT unnest([1, 2, 3])", "SELECT * FROM generate_series(1, 3) g(i)",
        "SELECT * FROM range(3) r(i) JOIN sales ON true", "SELECT range(3), generate_series(1, 2)",
        "SELECT region, amount, rank() OVER (PARTITION BY region ORDER BY amount DESC) FROM sales",
        "SELECT sum(amount) OVER w FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
        "SELECT region FROM sales QUALIFY row_number() OVER (PARTITION BY region ORDER BY amount) = 1",
        "SELECT COLUMNS('re.*') FROM sales", "SELECT COLUMNS(c -> c LIKE 'a%') FROM sales", "SELECT * EXCLUDE (note) FROM sales",
        "SELECT * FROM sales PIVOT (sum(amount) FOR region IN ('North', 'South'))",
        "SELECT * FROM customers UNPIVOT (v FOR k IN (name))",
        "TABLE sales", "FROM sales", "FROM sales SELECT region", "VALUES (1, 2), (3, 4)", "SELECT * FROM (VALUES (1)) v(x)",
        "SELECT region FROM sales INTERSECT SELECT region FROM customers", "SELECT * FROM range(3) UNION ALL BY NAME SELECT * FROM range(2)",
        "SELECT count(*) FILTER (WHERE amount > 100), string_agg(region, ',' ORDER BY region) FROM sales",
        "SELECT upper(region), list_transform([1], x -> x + 1), position('o' IN region), trim(both 'N' FROM region), now() AT TIME ZONE 'UTC' FROM sales",
        "SELECT main.lower(region), current_date, date_part('year', DATE '2020-01-01'), [x FOR x IN [1, 2] IF x > 1] FROM sales",
        "SELECT region, sum(amount) FROM sales GROUP BY GROUPING SETS ((region), ())",
        "SELECT * FROM sales WHERE amount = ANY (SELECT amount FROM sales) AND EXISTS (SELECT 1 FROM customers)",
        "SELECT DISTINCT ON (region) * FROM sales ORDER BY region, amount DESC LIMIT 10 OFFSET 0",
        "SELECT * FROM sales USING SAMPLE 50%",
        "SELECT 'duckdb_tables' AS label, 'SELECT * FROM duckdb_tables' AS text FROM sales",
        "SELECT region AS duckdb_tables FROM sales",
        "SELECT * FROM sales WHERE region = $region",
    ];

    [Theory]
    [MemberData(nameof(Legitimate))]
    public void Legitimate_queries_pass_and_run(string sql)
    {
        var v = f.Check(sql);
        Assert.True(v.Allowed, $"{v.Reason} — {sql}");
        using var cmd = f.Connection.CreateCommand();
        cmd.CommandText = sql;
        if (sql.Contains("$region")) cmd.Parameters.Add(new DuckDBParameter("region", "North"));
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) { }
    }

    /// <summary>Why the corpus matters: unguarded, the engine really reads the catalog through the shadowing trick.</summary>
    [Fact]
    public void Unguarded_the_shadowing_trick_reads_other_schemas()
    {
        const string sql = "SELECT schema_name, sql FROM (WITH duckdb_tables AS (SELECT 1) SELECT * FROM duckdb_tables) x, duckdb_tables";
        using var cmd = f.Connection.CreateCommand();
        cmd.CommandText = sql;
        var schemas = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) schemas.Add(r.GetString(0));
        Assert.Contains("ds_other", schemas);
        Assert.False(f.Check(sql).Allowed);
    }

    [Fact]
    public void Tables_used_are_the_dataset_tables_never_the_ctes()
    {
        var v = f.Check("WITH t AS (SELECT * FROM sales) SELECT * FROM t JOIN \"ds_own\".customers USING (region)");
        Assert.True(v.Allowed, v.Reason);
        Assert.Equal(["sales", "customers"], v.Tables.Order().Reverse());
    }

    /// <summary>With one engine file per dataset, the dataset id is the catalog: "id".table and "id".main.table are its own.</summary>
    [Fact]
    public void The_dataset_id_as_catalog_is_its_own()
    {
        var v = f.Check("SELECT * FROM \"ds_own\".main.sales JOIN \"DS_OWN\".customers USING (region)");
        Assert.True(v.Allowed, v.Reason);
        Assert.Equal(["customers", "sales"], v.Tables.Order());
        Assert.False(f.Check("SELECT * FROM ds_own.other.sales").Allowed);
        Assert.False(f.Check("SELECT * FROM ds_other.main.secret").Allowed);
    }

    [Fact]
    public void A_cte_named_like_a_catalog_view_is_refused_as_a_name()
    {
        var v = f.Check("WITH duckdb_tables AS (SELECT 1 AS x) SELECT * FROM duckdb_tables");
        Assert.False(v.Allowed);
        Assert.Contains("duckdb_tables", v.Reason);
        Assert.Contains("rename", v.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_refused_part_is_located()
    {
        const string sql = "SELECT *\nFROM (WITH duckdb_tables AS (SELECT 1) SELECT 1) x,\n  pg_class";
        var v = f.Check(sql);
        Assert.False(v.Allowed);
        Assert.NotNull(v.Position);
    }

    /// <summary>Every internal view and every table function the engine has, so an engine upgrade cannot add one unseen.</summary>
    [Fact]
    public void Every_catalog_view_and_table_function_of_the_engine_is_refused()
    {
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "range", "generate_series", "unnest" };
        var probes = new List<string>();
        using (var cmd = f.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT DISTINCT schema_name, view_name FROM duckdb_views() WHERE internal";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                probes.Add($"SELECT * FROM {r.GetString(1)}");
                probes.Add($"SELECT * FROM \"{r.GetString(0)}\".\"{r.GetString(1).ToUpperInvariant()}\"");
            }
        }
        using (var cmd = f.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                if (!allowed.Contains(r.GetString(0))) probes.Add($"SELECT * FROM sales, \"{r.GetString(0)}\"()");
        }
        Assert.True(probes.Count > 50, $"{probes.Count}");
        var through = probes.Where(p => f.Check(p).Allowed).ToList();
        Assert.Empty(through);
    }
}
