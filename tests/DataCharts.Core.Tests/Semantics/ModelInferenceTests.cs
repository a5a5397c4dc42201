using DataCharts.Core.Semantics;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>Inference over schemas authored here: keys, display columns, nouns, relationships, measures, dimensions and aliases.</summary>
public sealed class ModelInferenceTests(SemanticSchemas s) : IClassFixture<SemanticSchemas>
{
    private static Relationship? Rel(SemanticModel m, string from, string column) =>
        m.Relationships.FirstOrDefault(r => r.FromTable.Equals(from, StringComparison.OrdinalIgnoreCase) && r.FromColumn.Equals(column, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Shop_keys_displays_and_nouns_come_from_names_and_data()
    {
        var m = s.Load(s.Shop).Model;
        Assert.Equal(("id", "company_name"), (m.EntityOf("customers")!.Key, m.EntityOf("customers")!.Display));
        Assert.Equal(("shipper_id", "company_name"), (m.EntityOf("shippers")!.Key, m.EntityOf("shippers")!.Display));
        Assert.Equal(("product_id", "product_name"), (m.EntityOf("products")!.Key, m.EntityOf("products")!.Display));
        Assert.Equal("order_id", m.EntityOf("orders")!.Key);
        Assert.Null(m.EntityOf("order_lines")!.Key); // order_id repeats: no key
        Assert.Equal(["order line", "order lines", "订单明细", "订单行"], m.EntityOf("order_lines")!.Nouns);
        Assert.Contains("客户", m.EntityOf("customers")!.Nouns);
        Assert.Contains("承运商", m.EntityOf("shippers")!.Nouns);
    }

    [Fact]
    public void Shop_relationships_are_inferred_from_names_confirmed_by_values_never_from_overlap_alone()
    {
        var m = s.Load(s.Shop).Model;
        Assert.Equal(("customers", "id", RelationshipSource.Inferred), (Rel(m, "orders", "customer_id")!.ToTable, Rel(m, "orders", "customer_id")!.ToColumn, Rel(m, "orders", "customer_id")!.Source));
        Assert.Equal("shippers", Rel(m, "orders", "shipper_id")!.ToTable);
        Assert.Equal("orders", Rel(m, "order_lines", "order_id")!.ToTable);
        Assert.Equal("products", Rel(m, "order_lines", "product_id")!.ToTable);
        Assert.Equal("many_to_one", Rel(m, "orders", "customer_id")!.Cardinality);
        // priority 1..3 and store_number 1..5 are within customers' and products' ids, but nothing in their names says so.
        Assert.Null(Rel(m, "orders", "priority"));
        Assert.Null(Rel(m, "orders", "store_number"));
        Assert.True(m.FansOut("orders", "order_lines"));
    }

    [Fact]
    public void Shop_measures_have_units_aggregations_and_derived_revenue_with_discount()
    {
        var m = s.Load(s.Shop).Model;
        var revenue = m.MeasureNamed("revenue")!;
        Assert.Equal(("order_lines", "unit_price * quantity * (1 - discount)", MeasureAgg.Sum, Unit.Currency, true),
            (revenue.Table, revenue.Formula, revenue.Agg, revenue.Unit, revenue.Derived));
        Assert.Equal("((\"unit_price\" * \"quantity\") * ((1) - \"discount\"))", revenue.Expression);
        Assert.Contains("销售额", revenue.Synonyms);
        var freight = m.MeasureNamed("freight")!;
        Assert.Equal((MeasureAgg.Sum, Unit.Currency), (freight.Agg, freight.Unit));
        Assert.Contains("运费", freight.Synonyms);
        // unit price is on products and on order lines: each named by its table, and averaged (a level).
        Assert.Equal(MeasureAgg.Avg, m.MeasureNamed("product unit price")!.Agg);
        Assert.NotNull(m.MeasureNamed("order line unit price"));
        var count = m.MeasureNamed("number of orders")!;
        Assert.Equal((MeasureAgg.Count, "*"), (count.Agg, count.Expression));
        var aov = m.MeasureNamed("average order value")!;
        Assert.Equal(("revenue", "number of orders"), aov.Ratio);
        Assert.Contains("客单价", aov.Synonyms);
        Assert.DoesNotContain(m.Measures, x => x.Column is "customer_id" or "order_id" or "product_id");
    }

    [Fact]
    public async Task Shop_revenue_expression_runs_in_the_engine()
    {
        var m = s.Load(s.Shop).Model;
        var sql = $"SELECT SUM({m.MeasureNamed("revenue")!.Expression}) FROM order_lines";
        var outcome = await s.H.Runner.RunAsync(s.Shop, sql);
        Assert.True(Convert.ToDouble(outcome.Result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Shop_dimensions_have_kinds_synonyms_and_country_aliases()
    {
        var m = s.Load(s.Shop).Model;
        var country = m.DimensionOf("customers", "country")!;
        Assert.Equal(DimensionKind.Category, country.Kind);
        Assert.Contains("国家", country.Synonyms);
        Assert.Equal(["Germany"], country.ValueAliases["German"]);
        Assert.Equal(["Germany"], country.ValueAliases["德国"]);
        Assert.Equal(["UK"], country.ValueAliases["British"]);
        Assert.Equal(["UK"], country.ValueAliases["United Kingdom"]);
        Assert.Equal(["USA"], country.ValueAliases["American"]);
        Assert.Equal(["Mexico"], country.ValueAliases["Mexican"]);
        Assert.Equal(DimensionKind.ForeignKey, m.DimensionOf("orders", "customer_id")!.Kind);
        Assert.Contains("customer", m.DimensionOf("orders", "customer_id")!.Synonyms);
        Assert.Null(m.DimensionOf("customers", "id"));
    }

    [Fact]
    public void Hr_self_reference_names_a_manager_and_people_show_by_first_and_last_name()
    {
        var m = s.Load(s.Hr).Model;
        var manager = Rel(m, "employees", "manager_id")!;
        Assert.True(manager.IsSelf);
        Assert.Equal(("employee_id", "manager"), (manager.ToColumn, manager.Role));
        Assert.Equal("departments", Rel(m, "employees", "department_id")!.ToTable);
        var employees = m.EntityOf("employees")!;
        Assert.Equal(("employee_id", "first_name", "last_name"), (employees.Key, employees.Display, employees.DisplaySecond));
        Assert.Equal("name", m.EntityOf("departments")!.Display);
        Assert.Contains("员工", employees.Nouns);
        Assert.Equal(DimensionKind.Flag, m.DimensionOf("employees", "is_remote")!.Kind);
        Assert.Contains("工资", m.MeasureNamed("salary")!.Synonyms);
        Assert.False(m.FansOut("employees", "employees"));
        // A link table: project_id is unique there but names the projects' key, so it is a reference, not the key.
        Assert.Null(m.EntityOf("employee_projects")!.Key);
        Assert.Equal("projects", Rel(m, "employee_projects", "project_id")!.ToTable);
        Assert.Equal("employees", Rel(m, "employee_projects", "employee_id")!.ToTable);
        Assert.Contains("员工项目", m.EntityOf("employee_projects")!.Nouns);
    }

    [Fact]
    public void Music_declared_keys_are_declared_and_units_come_from_names()
    {
        var m = s.Load(s.Music).Model;
        Assert.All(m.Relationships, r => Assert.Equal(RelationshipSource.Declared, r.Source));
        Assert.Equal("Artist", Rel(m, "Album", "ArtistId")!.ToTable);
        Assert.Equal(("ArtistId", "Name"), (m.EntityOf("Artist")!.Key, m.EntityOf("Artist")!.Display));
        Assert.Equal("Title", m.EntityOf("Album")!.Display);
        Assert.Equal(("FirstName", "LastName"), (m.EntityOf("Customer")!.Display, m.EntityOf("Customer")!.DisplaySecond));
        Assert.Equal(["invoice line", "invoice lines", "发票明细"], m.EntityOf("InvoiceLine")!.Nouns);
        Assert.Equal((Unit.Milliseconds, MeasureAgg.Sum), (m.MeasureNamed("milliseconds")!.Unit, m.MeasureNamed("milliseconds")!.Agg));
        Assert.Equal(Unit.Bytes, m.MeasureNamed("bytes")!.Unit);
        Assert.Equal("UnitPrice * Quantity", m.MeasureNamed("revenue")!.Formula);
        Assert.Equal("InvoiceLine", m.MeasureNamed("revenue")!.Table);
        Assert.Equal(("revenue", "number of invoices"), m.MeasureNamed("average invoice value")!.Ratio);
        Assert.Contains("曲目", m.EntityOf("Track")!.Nouns);
    }

    [Fact]
    public void Survey_one_table_has_flags_percent_time_and_aliases()
    {
        var m = s.Load(s.Survey).Model;
        var t = s.Survey.Tables[0].Name;
        Assert.Equal("respondent_id", m.EntityOf(t)!.Key);
        Assert.Empty(m.Relationships);
        Assert.Equal(DimensionKind.Flag, m.DimensionOf(t, "smoker")!.Kind);
        Assert.Equal(DimensionKind.Time, m.DimensionOf(t, "visit_date")!.Kind);
        Assert.Equal(["year", "quarter", "month", "week", "day"], m.DimensionOf(t, "visit_date")!.TimeGrains);
        Assert.Equal((Unit.Percent, MeasureAgg.Avg), (m.MeasureNamed("satisfaction pct")!.Unit, m.MeasureNamed("satisfaction pct")!.Agg));
        Assert.Equal(MeasureAgg.Avg, m.MeasureNamed("age")!.Agg);
        var country = m.DimensionOf(t, "country")!;
        Assert.Equal(["Germany"], country.ValueAliases["German"]);
        Assert.Equal(["United Kingdom"], country.ValueAliases["UK"]);
        Assert.Equal(["USA"], country.ValueAliases["美国"]);
        Assert.Contains("性别", m.DimensionOf(t, "gender")!.Synonyms);
        Assert.Equal(DimensionKind.Time, m.DimensionOf(t, "birth_year")!.Kind);
        Assert.Equal(["year"], m.DimensionOf(t, "birth_year")!.TimeGrains);
        Assert.Null(m.MeasureNamed("birth year"));
        Assert.Equal((Unit.Kilograms, MeasureAgg.Avg), (m.MeasureNamed("weight kg")!.Unit, m.MeasureNamed("weight kg")!.Agg));
        Assert.Equal(["CA"], m.DimensionOf(t, "state")!.ValueAliases["California"]);
        Assert.Equal(["Mon"], m.DimensionOf(t, "visit_day")!.ValueAliases["Monday"]);
        Assert.Equal(["Sat"], m.DimensionOf(t, "visit_day")!.ValueAliases["星期六"]);
    }
}
