using DataCharts.Core.Connections;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// The live-database guard without a server: the queries analysts write in each dialect pass (joins, WITH, window
/// functions, casts, date functions, subqueries, quoted names, strings holding SQL words), and what is refused is refused
/// with a reason in plain words and the position of the refused token.
/// </summary>
public sealed class LiveSqlGuardTests
{
    private static readonly string[] PgTables = ["orders", "customers", "Line Items", "products"];
    private static readonly string[] PgSchemas = ["public", "sales"];
    private static readonly string[] MyTables = ["orders", "customers", "order_items", "products"];
    private static readonly string[] MySchemas = ["shop"];

    private static GuardVerdict Check(SqlDialect dialect, string sql) => dialect == SqlDialect.PostgreSql
        ? LiveSqlGuard.Check(dialect, sql, PgTables, PgSchemas)
        : LiveSqlGuard.Check(dialect, sql, MyTables, MySchemas);

    [Theory]
    [InlineData("SELECT * FROM orders")]
    [InlineData("select c.name, sum(o.amount) as total from orders o join customers c on c.id = o.customer_id group by c.name order by total desc limit 10")]
    [InlineData("WITH monthly AS (SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS revenue FROM orders GROUP BY 1) SELECT month, revenue, lag(revenue) OVER (ORDER BY month) AS previous FROM monthly ORDER BY month")]
    [InlineData("SELECT region, amount, rank() OVER (PARTITION BY region ORDER BY amount DESC) AS r, row_number() OVER w FROM orders WINDOW w AS (ORDER BY amount)")]
    [InlineData("SELECT CASE WHEN amount > 100 THEN 'big' WHEN amount > 10 THEN 'medium' ELSE 'small' END AS size, count(*) FROM orders GROUP BY 1")]
    [InlineData("SELECT amount::numeric(10,2), CAST(amount AS decimal(12, 2)), ordered_at::date, id::text, CAST(ordered_at AS timestamp with time zone), note::varchar(10), amount::double precision, ordered_at::timestamp(0) FROM orders")]
    [InlineData("SELECT EXTRACT(YEAR FROM ordered_at) AS y, date_part('month', ordered_at), to_char(ordered_at, 'YYYY-MM'), age(now(), ordered_at), ordered_at + INTERVAL '1 day', make_date(2024, 1, 1) FROM orders WHERE ordered_at >= DATE '2024-01-01' AND ordered_at < now() - interval '30 days'")]
    [InlineData("SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'DE') AND EXISTS (SELECT 1 FROM products p WHERE p.id = orders.product_id)")]
    [InlineData("SELECT region FROM orders UNION ALL SELECT country FROM customers ORDER BY 1 LIMIT 20 OFFSET 40")]
    [InlineData("SELECT \"Quantity\", li.\"Order Id\" FROM \"Line Items\" li")]
    [InlineData("SELECT name FROM customers WHERE name ILIKE '%müller%' OR email ~* '^a' OR name SIMILAR TO 'A%'")]
    [InlineData("SELECT 'delete; drop table orders; --' AS note, $$insert into x; copy y$$ AS t, $q$ '; grant $q$, E'it\\'s; update' AS e FROM orders")]
    [InlineData("SELECT s.region, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.amount) AS median, count(*) FILTER (WHERE s.amount > 10) FROM public.orders AS s GROUP BY ROLLUP (s.region)")]
    [InlineData("SELECT substring(name FROM 1 FOR 3), trim(both ' ' FROM name), position('a' IN name), overlay(name placing 'x' from 1 for 1), name IS DISTINCT FROM email FROM customers")]
    [InlineData("SELECT g.n, o.amount FROM generate_series(1, 12) AS g(n) LEFT JOIN LATERAL (SELECT amount FROM orders WHERE extract(month from ordered_at) = g.n LIMIT 1) o ON true")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r")]
    [InlineData("(SELECT id FROM orders ORDER BY id LIMIT 5) UNION (SELECT id FROM customers)")]
    [InlineData("SELECT * FROM orders o, customers c WHERE o.customer_id = c.id FETCH FIRST 10 ROWS ONLY;")]
    [InlineData("SELECT id, tags[1], ARRAY[1, 2, 3], ARRAY(SELECT id FROM products), coalesce(nullif(note, ''), 'none'), greatest(amount, 0), ROW(1, 2) FROM orders WHERE amount = ANY(ARRAY[1, 2]) AND note IS NOT NULL")]
    [InlineData("SELECT region, amount FROM orders WHERE region = $region AND ordered_at >= $range_start")]
    [InlineData("SELECT * FROM orders TABLESAMPLE SYSTEM (10) REPEATABLE (42)")]
    [InlineData("SELECT x.a FROM (VALUES (1, 'a'), (2, 'b')) AS x(a, b) JOIN unnest(ARRAY[1,2]) WITH ORDINALITY AS u(v, n) ON u.v = x.a")]
    [InlineData("SELECT payload->>'kind', payload->'items'->0, jsonb_array_length(payload->'items') FROM orders WHERE payload @> '{\"a\":1}'")]
    [InlineData("SELECT DISTINCT ON (customer_id) customer_id, amount FROM orders ORDER BY customer_id, ordered_at DESC NULLS LAST")]
    [InlineData("SELECT o.id FROM orders o JOIN (customers c JOIN products p ON p.id = c.id) ON c.id = o.customer_id")]
    [InlineData("SELECT 1")]
    [InlineData("select count(*) from ONLY orders")]
    [InlineData("SELECT region, string_agg(DISTINCT name, ', ' ORDER BY name) FROM orders JOIN customers USING (id) GROUP BY region HAVING count(*) > 1")]
    [InlineData("-- top\nSELECT /* inline /* nested */ still */ id FROM orders -- trailing")]
    [InlineData("SELECT * FROM orders WHERE customer_id IN (TABLE customers)")]
    [InlineData("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b JOIN a USING (x)")]
    [InlineData("SELECT t.n FROM json_to_recordset('[{\"n\":1}]') AS t(n numeric(10,2), s varchar(5))")]
    public void Postgresql_analyst_queries_are_allowed(string sql)
    {
        var v = Check(SqlDialect.PostgreSql, sql);
        Assert.True(v.Allowed, v.Reason);
    }

    [Theory]
    [InlineData("SELECT * FROM orders")]
    [InlineData("SELECT c.name, SUM(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.name ORDER BY total DESC LIMIT 5, 10")]
    [InlineData("SELECT `oi`.`qty`, `oi`.`order id` FROM `order_items` AS `oi`")]
    [InlineData("SELECT DATE_FORMAT(ordered_at, '%Y-%m') AS month, YEAR(ordered_at), QUARTER(ordered_at), WEEK(ordered_at), DAYNAME(ordered_at), MONTHNAME(ordered_at), WEEKDAY(ordered_at), DAYOFWEEK(ordered_at), STR_TO_DATE('2024-01-01', '%Y-%m-%d'), DATEDIFF(NOW(), ordered_at), TIMESTAMPDIFF(DAY, ordered_at, NOW()), DATE_ADD(ordered_at, INTERVAL 1 DAY), DATE_SUB(CURDATE(), INTERVAL 7 DAY) FROM orders")]
    [InlineData("SELECT IFNULL(note, 'none'), IF(amount > 100, 'big', 'small'), GROUP_CONCAT(DISTINCT region ORDER BY region SEPARATOR ', '), JSON_EXTRACT(payload, '$.kind'), payload->>'$.kind', CAST(amount AS DECIMAL(10,2)), CONVERT(amount, SIGNED), CONVERT(name USING utf8mb4) FROM orders GROUP BY note, amount, payload, name")]
    [InlineData("WITH monthly AS (SELECT DATE_FORMAT(ordered_at, '%Y-%m') m, SUM(amount) s FROM orders GROUP BY m) SELECT m, s, LAG(s) OVER (ORDER BY m) FROM monthly")]
    [InlineData("SELECT \"it's; delete from orders\" AS note, 'don''t drop', 'a\\\\b', _utf8mb4'x', N'y', X'4142' FROM orders")]
    [InlineData("SELECT * FROM shop.orders WHERE id IN (SELECT order_id FROM shop.order_items)")]
    [InlineData("SELECT region FROM orders UNION ALL SELECT country FROM customers")]
    [InlineData("SELECT * FROM orders WHERE name LIKE '%drop table%' # comment\n AND id > 0 -- another\n")]
    [InlineData("SELECT 1 FROM DUAL")]
    [InlineData("SELECT a.id FROM orders a LEFT JOIN customers b USING (id) WHERE b.id IS NULL")]
    [InlineData("SELECT * FROM orders WHERE region = $region LIMIT 10 OFFSET 20")]
    [InlineData("SELECT region, COUNT(*) FROM orders GROUP BY region WITH ROLLUP")]
    [InlineData("SELECT * FROM (SELECT id, amount FROM orders) AS t WHERE t.amount > (SELECT AVG(amount) FROM orders)")]
    [InlineData("SELECT id, ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC) rn, NTILE(4) OVER w FROM orders WINDOW w AS (ORDER BY amount)")]
    [InlineData("SELECT TRIM(LEADING '0' FROM code), SUBSTRING(name FROM 2 FOR 3), EXTRACT(YEAR FROM ordered_at), SUBSTRING_INDEX(email, '@', -1) FROM orders")]
    [InlineData("SELECT * FROM orders o STRAIGHT_JOIN customers c ON c.id = o.customer_id")]
    [InlineData("SELECT * FROM orders FORCE INDEX (PRIMARY) WHERE id > 5")]
    [InlineData("SELECT COUNT(*) FROM orders o, customers c WHERE o.customer_id = c.id AND c.name REGEXP '^A' /* block */")]
    [InlineData("SELECT jt.kind FROM orders, JSON_TABLE(payload, '$.items[*]' COLUMNS (kind VARCHAR(20) PATH '$.kind', qty INT PATH '$.qty')) AS jt")]
    [InlineData("(SELECT id FROM orders) UNION (SELECT id FROM customers) ORDER BY 1;")]
    public void Mysql_analyst_queries_are_allowed(string sql)
    {
        var v = Check(SqlDialect.MySql, sql);
        Assert.True(v.Allowed, v.Reason);
    }

    [Fact]
    public void The_tables_read_are_reported_without_the_with_queries()
    {
        var v = Check(SqlDialect.PostgreSql, "WITH big AS (SELECT * FROM orders WHERE amount > 100) SELECT * FROM big JOIN \"Line Items\" li ON true JOIN public.Customers c ON true, orders");
        Assert.True(v.Allowed, v.Reason);
        Assert.Equal(["orders", "Line Items", "customers"], v.Tables);

        var m = Check(SqlDialect.MySql, "SELECT * FROM `Orders` JOIN shop.products p ON true");
        Assert.True(m.Allowed, m.Reason);
        Assert.Equal(["orders", "products"], m.Tables);
    }

    /// <summary>Each refusal: the dialect, the SQL, a piece of the reason, and where it points ('|' marks the spot inside the marker).</summary>
    [Theory]
    [InlineData(SqlDialect.PostgreSql, "DELETE FROM orders", "Only SELECT statements run on a live database; this one starts with DELETE.", "DELETE")]
    [InlineData(SqlDialect.PostgreSql, "  EXPLAIN ANALYZE DELETE FROM orders", "starts with EXPLAIN", "EXPLAIN")]
    [InlineData(SqlDialect.PostgreSql, "SELECT 1; DELETE FROM orders", "Only one statement", ";")]
    [InlineData(SqlDialect.PostgreSql, "SELECT pg_read_file('/etc/passwd')", "The function pg_read_file is not allowed on a live database (it reads files on the server).", "pg_read_file")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM pg_shadow", "Table \"pg_shadow\" is not one this connection may read", "pg_shadow")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders o JOIN secret_table s ON true", "Table \"secret_table\" is not one this connection may read. It may read: customers, Line Items, orders, products.", "secret_table")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM pg_catalog.pg_authid", "pg_catalog is not one of its schemas", "pg_catalog")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM information_schema.tables", "information_schema is not one of its schemas", "information_schema")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM other.orders", "other is not one of its schemas", "other")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM dc_test.public.orders", "write a table as name or schema.name", "dc_test")]
    [InlineData(SqlDialect.PostgreSql, "WITH x AS (DELETE FROM orders RETURNING *) SELECT * FROM x", "A WITH query may only read on a live database; x starts with DELETE", "DELETE")]
    [InlineData(SqlDialect.PostgreSql, "WITH x AS (SELECT 1) INSERT INTO orders SELECT * FROM x", "after its WITH queries this one is INSERT", "INSERT")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders FOR UPDATE", "FOR UPDATE and FOR SHARE lock rows", "FOR")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders FOR KEY SHARE", "FOR UPDATE and FOR SHARE lock rows", "FOR")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * INTO backup FROM orders", "INTO is not allowed in a query on a live database", "INTO")]
    [InlineData(SqlDialect.PostgreSql, "SELECT id FROM orders WHERE note = 'open", "never closed", "'open")]
    [InlineData(SqlDialect.PostgreSql, "SELECT id /* open comment", "never closed", "/*")]
    [InlineData(SqlDialect.PostgreSql, "SELECT id /* a /* b */ FROM orders", "never closed", "/* a")]
    [InlineData(SqlDialect.PostgreSql, "SELECT \"open FROM orders", "never closed", "\"open")]
    [InlineData(SqlDialect.PostgreSql, "SELECT $x$ open $y$ FROM orders", "never closed", "$x$")]
    [InlineData(SqlDialect.PostgreSql, "SELECT 'a\\'; DELETE FROM orders; --'", "backslash before a quote", "'a")]
    [InlineData(SqlDialect.PostgreSql, "SELECT E'a'\n'\\'; DELETE FROM orders; --'", "continued on the next line", "'\\'")]
    [InlineData(SqlDialect.PostgreSql, "SELECT secret_fn(1) FROM orders", "The function secret_fn is not one DataCharts runs on a live database", "secret_fn")]
    [InlineData(SqlDialect.PostgreSql, "SELECT pg_catalog.lower('x')", "plain name", "pg_catalog")]
    [InlineData(SqlDialect.PostgreSql, "SELECT \"lower\"(name) FROM customers", "cannot be quoted", "\"lower\"")]
    [InlineData(SqlDialect.PostgreSql, "SELECT 'orders'::regclass", "casting to it reads the server's catalog", "regclass")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM (WITH pg_x AS (SELECT 1) SELECT * FROM pg_x) t", "names starting with pg_", "pg_x AS")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM (WITH cx AS (SELECT 1) SELECT * FROM cx) t JOIN cx ON true", "Table \"cx\" is not one", "JOIN |cx")]
    [InlineData(SqlDialect.PostgreSql, "WITH orders2 AS (SELECT * FROM orders2) SELECT * FROM orders2", "Table \"orders2\"", "FROM |orders2)")]
    [InlineData(SqlDialect.PostgreSql, "WITH \"Big\" AS (SELECT 1) SELECT * FROM big", "Table \"big\"", "FROM |big")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM \"ORDERS\"", "Table \"ORDERS\"", "\"ORDERS\"")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders o JOIN LATERAL dblink('host=x', 'select 1') d ON true", "(it connects to other servers)", "dblink")]
    [InlineData(SqlDialect.PostgreSql, "SELECT set_config('default_transaction_read_only', 'off', false)", "(it reads or changes the server's settings)", "set_config")]
    [InlineData(SqlDialect.PostgreSql, "SELECT nextval('orders_id_seq')", "uses a sequence", "nextval")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders UNION TABLE pg_authid", "Table \"pg_authid\"", "pg_authid")]
    [InlineData(SqlDialect.PostgreSql, "SELECT * FROM orders WHERE amount = @abs", "'@name' is read as a parameter", "@abs")]
    [InlineData(SqlDialect.PostgreSql, "SELECT id FROM orders WHERE id = 1 ; SELECT 2", "Only one statement", ";")]
    [InlineData(SqlDialect.PostgreSql, "SELECT (1", "never closed", "(")]
    [InlineData(SqlDialect.PostgreSql, "", "empty", "")]
    [InlineData(SqlDialect.PostgreSql, "-- only a comment", "only comments", "")]
    [InlineData(SqlDialect.PostgreSql, "SELECT load FROM orders", "LOAD is not allowed", "load")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM mysql.user", "mysql is not one of its schemas", "mysql")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM information_schema.tables", "information_schema is not one of its schemas", "information_schema")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM performance_schema.threads", "performance_schema is not one of its schemas", "performance_schema")]
    [InlineData(SqlDialect.MySql, "SELECT LOAD_FILE('/etc/passwd')", "The function LOAD_FILE is not allowed on a live database (it reads files on the server).", "LOAD_FILE")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders INTO OUTFILE '/tmp/x'", "INTO is not allowed", "INTO")]
    [InlineData(SqlDialect.MySql, "SELECT @@version", "Variables (@@version) are not allowed", "@@version")]
    [InlineData(SqlDialect.MySql, "SELECT id FROM orders WHERE (@a := 1)", "Variables (@a)", "@a")]
    [InlineData(SqlDialect.MySql, "SELECT /*! DELETE FROM orders */ 1", "Executable comments", "/*!")]
    [InlineData(SqlDialect.MySql, "SELECT /*M!100000 1 */ 2", "Executable comments", "/*M!")]
    [InlineData(SqlDialect.MySql, "SELECT /*+ SET_VAR(sql_mode='') */ 1", "Optimizer hints", "/*+")]
    [InlineData(SqlDialect.MySql, "SELECT 1 --1", "ambiguous", "--")]
    [InlineData(SqlDialect.MySql, "SELECT 'a\\' OR 1=1 -- '", "backslash before a quote", "'a")]
    [InlineData(SqlDialect.MySql, "SELECT SLEEP(5)", "(it makes the server wait or keeps it busy)", "SLEEP")]
    [InlineData(SqlDialect.MySql, "SELECT BENCHMARK(1000000, MD5('x'))", "The function BENCHMARK is not allowed", "BENCHMARK")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders LOCK IN SHARE MODE", "LOCK is not allowed", "LOCK")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders PROCEDURE ANALYSE()", "PROCEDURE is not allowed", "PROCEDURE")]
    [InlineData(SqlDialect.MySql, "HANDLER orders OPEN", "starts with HANDLER", "HANDLER")]
    [InlineData(SqlDialect.MySql, "SHOW TABLES", "starts with SHOW", "SHOW")]
    [InlineData(SqlDialect.MySql, "SELECT NEXT VALUE FOR s", "NEXT VALUE FOR is not allowed", "NEXT")]
    [InlineData(SqlDialect.MySql, "SELECT `sleep`(1)", "The function sleep is not allowed", "`sleep`")]
    [InlineData(SqlDialect.MySql, "SELECT \"sleep\"(1)", "A string cannot be called", "\"sleep\"")]
    [InlineData(SqlDialect.MySql, "SELECT {fn NOW()}", "The character '{'", "{")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders WHERE id = ?", "The character '?'", "?")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM other_db.orders", "other_db is not one of its schemas", "other_db")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders # c\rDELETE\n", "carriage return", "\r")]
    [InlineData(SqlDialect.MySql, "SELECT 1 FROM orders WHERE x = 'a' */", "'*/' outside a comment", "*/")]
    [InlineData(SqlDialect.MySql, "SELECT 1abc FROM orders", "runs straight into a name", "1abc")]
    [InlineData(SqlDialect.MySql, "WITH x AS (SELECT 1) DELETE FROM orders", "after its WITH queries this one is DELETE", "DELETE")]
    [InlineData(SqlDialect.MySql, "SELECT * FROM orders; SELECT 2", "Only one statement", ";")]
    public void Refusals_say_why_and_where(SqlDialect dialect, string sql, string reason, string marker)
    {
        var v = Check(dialect, sql);
        Assert.False(v.Allowed, $"allowed: {sql}");
        Assert.Contains(reason, v.Reason);
        var bar = marker.IndexOf('|');
        var at = sql.IndexOf(marker.Replace("|", ""), StringComparison.Ordinal) + Math.Max(0, bar);
        Assert.Equal(marker.Length == 0 ? (v.Position ?? 0) : at, v.Position ?? 0);
    }

    /// <summary>The functions the issue names as never allowed, however an allowlist changes: the denial is checked first.</summary>
    public static TheoryData<string> NeverAllowed() => new(
        "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "lo_get", "lo_put", "dblink",
        "dblink_exec", "dblink_connect", "set_config", "current_setting", "pg_sleep", "pg_sleep_for", "pg_sleep_until",
        "query_to_xml", "query_to_xml_and_xmlschema", "table_to_xml", "pg_terminate_backend", "pg_cancel_backend", "nextval",
        "setval", "currval", "txid_current", "txid_current_snapshot", "pg_advisory_lock", "pg_try_advisory_xact_lock",
        "pg_notify", "pg_reload_conf", "ts_stat", "load_file", "sleep", "benchmark", "get_lock", "release_lock", "sys_exec",
        "sys_eval", "master_pos_wait");

    [Theory]
    [MemberData(nameof(NeverAllowed))]
    public void Named_dangerous_functions_are_refused_in_both_dialects(string name)
    {
        Assert.NotNull(LiveFunctions.DeniedReason(name));
        foreach (var dialect in new[] { SqlDialect.PostgreSql, SqlDialect.MySql })
        {
            Assert.False(LiveFunctions.IsAllowed(dialect, name));
            var v = Check(dialect, $"SELECT {name.ToUpperInvariant()}(1) FROM orders");
            Assert.False(v.Allowed, $"{dialect} allowed {name}");
            Assert.Contains($"The function {name.ToUpperInvariant()} is not allowed on a live database (it ", v.Reason);
            Assert.Equal(7, v.Position);
        }
    }

    [Fact]
    public void No_allowlisted_function_is_also_denied()
    {
        foreach (var dialect in new[] { SqlDialect.PostgreSql, SqlDialect.MySql })
            Assert.DoesNotContain(LiveFunctions.Allowed(dialect), f => LiveFunctions.DeniedReason(f) is not null);
    }

    [Fact]
    public void Statement_words_used_as_column_names_must_be_quoted_and_then_pass()
    {
        Assert.False(Check(SqlDialect.PostgreSql, "SELECT load, share FROM orders").Allowed);
        Assert.True(Check(SqlDialect.PostgreSql, "SELECT \"load\", share, o.update FROM orders o").Allowed);
        Assert.True(Check(SqlDialect.MySql, "SELECT `load`, `set` FROM orders").Allowed);
    }

    [Fact]
    public void The_list_of_readable_tables_is_cut_at_ten()
    {
        var many = Enumerable.Range(1, 14).Select(n => $"t{n:00}").ToList();
        var v = LiveSqlGuard.Check(SqlDialect.PostgreSql, "SELECT * FROM nope", many, ["public"]);
        Assert.Contains("It may read: t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, … (4 more).", v.Reason);
    }

    [Fact]
    public void Sql_longer_than_the_limit_is_refused()
    {
        var sql = "SELECT 1 " + new string(' ', LiveSqlGuard.MaxLength);
        Assert.Contains("longer than", Check(SqlDialect.PostgreSql, sql).Reason);
    }
}
