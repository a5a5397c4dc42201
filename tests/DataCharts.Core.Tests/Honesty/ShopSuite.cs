namespace DataCharts.Core.Tests.Honesty;

/// <summary>
/// Questions over the shop (customers, employees, shippers, categories, products, orders, order_lines; no declared keys).
/// Line revenue is unit_price × quantity × (1 − discount); freight belongs to the order, not to its lines.
/// </summary>
public static class ShopSuite
{
    private static readonly int Y1 = HonestyFixture.Y1, Y2 = HonestyFixture.Y2;

    private const string Revenue = "ol.unit_price * ol.quantity * (1 - ol.discount)";

    public static IReadOnlyList<Q> Questions { get; } =
    [
        // 0 plain questions that must stay right and sure
        new("s01", 0, "How many orders are there?", """SELECT count(*) FROM "orders" """),
        new("s02", 0, "What's the average freight per order?", """SELECT avg(freight) FROM "orders" """),
        new("s03", 0, "number of orders by year", """SELECT year(order_date), count(*) FROM "orders" GROUP BY 1"""),
        new("s04", 0, $"monthly order count in {Y1}", $"""SELECT strftime(order_date, '%Y-%m'), count(*) FROM "orders" WHERE year(order_date) = {Y1} GROUP BY 1"""),
        new("s05", 0, "top 3 customers by total freight", """
            SELECT c.company_name, sum(o.freight) AS f FROM "orders" o JOIN "customers" c USING (customer_id) GROUP BY 1 ORDER BY f DESC LIMIT 3
            """, Exact: true),
        new("s06", 0, "How many products are discontinued?", """SELECT count(*) FROM "products" WHERE discontinued = 1"""),

        // 1 conditions: column against column, null checks in words, relative periods
        new("s10", 1, "How many orders shipped late?", """SELECT count(*) FROM "orders" WHERE shipped_date > required_date"""),
        new("s11", 1, "How many orders were delivered after the required date?", """SELECT count(*) FROM "orders" WHERE shipped_date > required_date"""),
        new("s12", 1, "how many orders haven't shipped yet", """SELECT count(*) FROM "orders" WHERE shipped_date IS NULL"""),
        new("s13", 1, "total freight on orders that were never shipped", """SELECT sum(freight) FROM "orders" WHERE shipped_date IS NULL"""),
        new("s14", 1, "How many orders did we get last year?", """SELECT count(*) FROM "orders" WHERE year(order_date) = year(current_date) - 1"""),
        new("s15", 1, "average freight of orders that shipped on time", """SELECT avg(freight) FROM "orders" WHERE shipped_date <= required_date"""),
        new("s16", 1, "How many orders shipped within 7 days of the order date?", """SELECT count(*) FROM "orders" WHERE shipped_date <= order_date + 7"""),
        new("s17", 1, "late shipments by shipper", """
            SELECT s.company_name, count(*) FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via WHERE o.shipped_date > o.required_date GROUP BY 1
            """),

        // 2 entities by name, not key
        new("s20", 2, "total freight by shipper", """
            SELECT s.company_name, sum(o.freight) FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via GROUP BY 1
            """),
        new("s21", 2, "number of orders per employee", """
            SELECT e.last_name, count(*) FROM "orders" o JOIN "employees" e USING (employee_id) GROUP BY 1
            """),
        new("s22", 2, "average product price by category", """
            SELECT c.category_name, avg(p.unit_price) FROM "products" p JOIN "categories" c USING (category_id) GROUP BY 1
            """),

        // 3 the table's own noun is not a column
        new("s30", 3, "How many customers per country?", """SELECT country, count(*) FROM "customers" GROUP BY 1"""),
        new("s31", 3, "how many products in each category", """
            SELECT c.category_name, count(*) FROM "products" p JOIN "categories" c USING (category_id) GROUP BY 1
            """),
        new("s32", 3, "How many orders per shipper?", """
            SELECT s.company_name, count(*) FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via GROUP BY 1
            """),
        new("s33", 3, "how many employees per title", """SELECT title, count(*) FROM "employees" GROUP BY 1"""),

        // 4 self-references
        new("s40", 4, "How many people report to each manager?", """
            SELECT m.last_name, count(*) FROM "employees" e JOIN "employees" m ON m.employee_id = e.reports_to GROUP BY 1
            """),
        new("s41", 4, "Who does Sofia Rossi report to?", """
            SELECT m.first_name || ' ' || m.last_name FROM "employees" e JOIN "employees" m ON m.employee_id = e.reports_to WHERE e.last_name = 'Rossi'
            """),
        new("s42", 4, "Which employees have no manager?", """SELECT last_name FROM "employees" WHERE reports_to IS NULL"""),
        new("s43", 4, "total freight of orders taken by Omar Haddad's team", """
            SELECT sum(o.freight) FROM "orders" o JOIN "employees" e USING (employee_id) WHERE e.reports_to = 4
            """),

        // 5 derived measures
        new("s50", 5, "What is our total revenue?", $"""SELECT sum({Revenue}) FROM "order_lines" ol"""),
        new("s51", 5, "revenue by category", $"""
            SELECT c.category_name, sum({Revenue}) FROM "order_lines" ol JOIN "products" p USING (product_id) JOIN "categories" c USING (category_id) GROUP BY 1
            """),
        new("s52", 5, "What's the average order value?", $"""SELECT sum({Revenue}) / count(DISTINCT order_id) FROM "order_lines" ol"""),
        new("s53", 5, "What percentage of revenue comes from Beverages?", $"""
            SELECT 100 * sum(CASE WHEN c.category_name = 'Beverages' THEN {Revenue} END) / sum({Revenue})
            FROM "order_lines" ol JOIN "products" p USING (product_id) JOIN "categories" c USING (category_id)
            """),
        new("s54", 5, $"how much did we give away in discounts in {Y1}", $"""
            SELECT sum(ol.unit_price * ol.quantity * ol.discount) FROM "order_lines" ol JOIN "orders" o USING (order_id) WHERE year(o.order_date) = {Y1}
            """),

        // 6 fan-out: a header amount over a join to its lines
        new("s60", 6, "total freight and total quantity by shipper", """
            WITH f AS (SELECT ship_via, sum(freight) AS freight FROM "orders" GROUP BY 1),
                 q AS (SELECT o.ship_via, sum(ol.quantity) AS qty FROM "orders" o JOIN "order_lines" ol USING (order_id) GROUP BY 1)
            SELECT s.company_name, f.freight, q.qty FROM f JOIN q USING (ship_via) JOIN "shippers" s ON s.shipper_id = f.ship_via
            """),
        new("s61", 6, "total freight of orders that contain Seafood products", """
            SELECT sum(freight) FROM "orders" WHERE order_id IN (
              SELECT ol.order_id FROM "order_lines" ol JOIN "products" p USING (product_id) JOIN "categories" c USING (category_id) WHERE c.category_name = 'Seafood')
            """),
        new("s62", 6, "number of orders by product category", """
            SELECT c.category_name, count(DISTINCT ol.order_id) FROM "order_lines" ol JOIN "products" p USING (product_id) JOIN "categories" c USING (category_id) GROUP BY 1
            """),
        new("s63", 6, "How many orders included a discontinued product?", """
            SELECT count(DISTINCT ol.order_id) FROM "order_lines" ol JOIN "products" p USING (product_id) WHERE p.discontinued = 1
            """),

        // 7 superlatives, busiest, A vs B, value aliases
        new("s70", 7, "Which shipper has the highest total freight?", """
            SELECT s.company_name, sum(o.freight) AS f FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via GROUP BY 1 ORDER BY f DESC LIMIT 1
            """, Exact: true),
        new("s71", 7, $"What was the busiest month in {Y1}?", $"""
            SELECT strftime(order_date, '%Y-%m'), count(*) AS n FROM "orders" WHERE year(order_date) = {Y1} GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("s72", 7, "How many German customers do we have?", """SELECT count(*) FROM "customers" WHERE country = 'Germany'"""),
        new("s73", 7, "total freight for orders shipped to the UK", """SELECT sum(freight) FROM "orders" WHERE ship_country = 'United Kingdom'"""),
        new("s74", 7, $"freight {Y2} vs {Y1}", $"""SELECT year(order_date), sum(freight) FROM "orders" WHERE year(order_date) IN ({Y2}, {Y1}) GROUP BY 1"""),
        new("s75", 7, "Which employee handled the most orders?", """
            SELECT e.last_name, count(*) AS n FROM "orders" o JOIN "employees" e USING (employee_id) GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("s76", 7, "best selling product by units", """
            SELECT p.product_name, sum(ol.quantity) AS q FROM "order_lines" ol JOIN "products" p USING (product_id) GROUP BY 1 ORDER BY q DESC LIMIT 1
            """, Exact: true),
        new("s77", 7, "number of orders from US customers", """
            SELECT count(*) FROM "orders" o JOIN "customers" c USING (customer_id) WHERE c.country = 'United States'
            """),

        // 8 conversations: refinements inherit, new topics do not
        new("s80", 8, "total freight by year", """SELECT year(order_date), sum(freight) FROM "orders" GROUP BY 1"""),
        new("s81", 8, "only German customers", """
            SELECT year(o.order_date), sum(o.freight) FROM "orders" o JOIN "customers" c USING (customer_id) WHERE c.country = 'Germany' GROUP BY 1
            """, After: "s80"),
        new("s82", 8, "how many products are in each category?", """
            SELECT c.category_name, count(*) FROM "products" p JOIN "categories" c USING (category_id) GROUP BY 1
            """, After: "s81"),
        new("s83", 8, "每个国家有多少客户？", """SELECT country, count(*) FROM "customers" GROUP BY 1""", After: "s80"),
        new("s84", 8, "and by shipper instead", """
            SELECT s.company_name, sum(o.freight) FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via GROUP BY 1
            """, After: "s80"),
        new("s85", 8, "who are our employees hired before 2019?", """SELECT last_name FROM "employees" WHERE hire_date < '2019-01-01'""", After: "s80"),

        // 9 Chinese
        new("s90", 9, "订单总数是多少？", """SELECT count(*) FROM "orders" """),
        new("s91", 9, "每个承运商的运费总额", """
            SELECT s.company_name, sum(o.freight) FROM "orders" o JOIN "shippers" s ON s.shipper_id = o.ship_via GROUP BY 1
            """),
        new("s92", 9, "哪个类别的产品最多？", """
            SELECT c.category_name, count(*) AS n FROM "products" p JOIN "categories" c USING (category_id) GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("s93", 9, $"{Y1}年有多少订单延迟发货？", $"""SELECT count(*) FROM "orders" WHERE shipped_date > required_date AND year(order_date) = {Y1}"""),
        new("s94", 9, "德国客户有多少个？", """SELECT count(*) FROM "customers" WHERE country = 'Germany'"""),
        new("s95", 9, "还没有发货的订单有多少？", """SELECT count(*) FROM "orders" WHERE shipped_date IS NULL"""),

        // 10 uncomputable: must be refused or flagged unsure
        new("s100", 10, "What is the profit margin by category?", Term: "margin"),
        new("s101", 10, "How many orders were returned?", Term: "returned"),
        new("s102", 10, "average customer satisfaction by country", Term: "satisfaction"),
        new("s103", 10, "How many customers churned last year?", Term: "churned"),
        new("s104", 10, "每个客户的利润是多少？", Term: "利润"),
        new("s105", 10, "total freight by warehouse", Term: "warehouse"),
        new("s106", 1, "How many orders were shipped by express courier on weekends?", Term: "express"),
        new("s107", 5, "What is the total cost of goods sold?", Term: "cost"),

        // Questions that name something the shop does not record, across the styles: must be refused or flagged unsure
        new("s18", 1, "How many orders were late because of bad weather?", Term: "weather"),
        new("s23", 2, "number of orders per supplier", Term: "supplier"),
        new("s34", 3, "How many warehouses per country?", Term: "warehouses"),
        new("s44", 4, "Who is Sofia Rossi's mentor?", Term: "mentor"),
        new("s64", 6, "total freight by product supplier", Term: "supplier"),
        new("s78", 7, "total freight in euros", Term: "euros"),
        new("s86", 8, "and what about returns?", After: "s80", Term: "returns"),
        new("s96", 9, "每个供应商的订单数", Term: "供应商"),
    ];
}
