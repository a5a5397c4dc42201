using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Expressions;

/// <summary>The orders dataset plus a small measures dataset with numbers, a null, an awkward label, dates and timestamps.</summary>
public sealed class ExpressionFixture : CatalogFixture
{
    public const string MeasuresCsv =
        "id,x,y,label,day,stamp\n" +
        "1,2,0,Alpha,2024-01-15,2024-01-15 08:30:00\n" +
        "2,4,2,beta,2024-02-29,2024-02-29 23:05:00\n" +
        "3,6,,  Gamma ,2023-12-31,2023-12-31 00:00:00\n" +
        "4,8,4,delta,2024-03-04,2024-03-04 12:00:00\n";

    public DatasetRecord Measures { get; private set; } = null!;
    public ExpressionService Expressions { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Measures = await Catalog.PublishAsync(await T.ImportAsync(T.File("measures.csv", MeasuresCsv)), CancellationToken.None);
        Expressions = new ExpressionService(Catalog, Derived);
    }
}

/// <summary>Expressions applied on the real engine: derived columns, one-row aggregates, and the errors users see.</summary>
public sealed class ExpressionApplyTests(ExpressionFixture f) : IClassFixture<ExpressionFixture>
{
    /// <summary>One column of the result, in id order (measures) or row order.</summary>
    private async Task<List<object?>> ValuesAsync(DatasetRecord d, string column)
    {
        var t = d.Tables[0];
        var order = t.Columns.Any(c => c.Name == "id") ? " ORDER BY id" : "";
        var r = await f.Runner.RunAsync(d, $"SELECT {Identifiers.Quote(column)} FROM {Identifiers.Quote(t.Name)}{order}");
        return r.Result.Rows.Select(row => row[0]).ToList();
    }

    private async Task<List<object?>> ColumnOfAsync(string expression)
    {
        var applied = await f.Expressions.ApplyAsync(f.Measures.Id, expression);
        Assert.Equal("column", applied.Kind);
        return await ValuesAsync(applied.Result, applied.Column);
    }

    private static List<double?> Doubles(IEnumerable<object?> values) => values.Select(v => v is null ? (double?)null : Math.Round(Convert.ToDouble(v, CultureInfo.InvariantCulture), 4)).ToList();

    [Fact]
    public async Task A_named_column_is_added_to_a_new_dataset_with_a_value_for_every_row()
    {
        var applied = await f.Expressions.ApplyAsync(f.Measures.Id, "z = x * 2 + 1");
        Assert.Equal("z", applied.Column);
        Assert.NotEqual(f.Measures.Id, applied.Result.Id);
        Assert.Equal(["id", "x", "y", "label", "day", "stamp", "z"], applied.Result.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal(4, applied.Result.Tables[0].RowCount);
        Assert.Equal([5.0, 9.0, 13.0, 17.0], Doubles(await ValuesAsync(applied.Result, "z")));
        Assert.DoesNotContain("z", (await f.Catalog.GetAsync(f.Measures.Id)).Tables[0].Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Assigning_to_an_existing_column_replaces_it_in_place()
    {
        var applied = await f.Expressions.ApplyAsync(f.Measures.Id, "X = x * 10", name: "Scaled");
        Assert.Equal("Scaled", applied.Result.Name);
        Assert.Equal(["id", "x", "y", "label", "day", "stamp"], applied.Result.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal([20.0, 40.0, 60.0, 80.0], Doubles(await ValuesAsync(applied.Result, "x")));
    }

    [Fact]
    public async Task An_unnamed_row_expression_becomes_column_expr_1_and_a_named_one_keeps_its_label()
    {
        var unnamed = await f.Expressions.ApplyAsync(f.Measures.Id, "x + y");
        Assert.Equal("expr_1", unnamed.Column);
        Assert.Equal([2.0, 6.0, null, 12.0], Doubles(await ValuesAsync(unnamed.Result, "expr_1")));
        var spaced = await f.Expressions.ApplyAsync(f.Measures.Id, "`unit price` = x / 2");
        var column = spaced.Result.Tables[0].Columns.Last();
        Assert.Equal(("unit_price", "unit price"), (column.Name, column.Label));
    }

    [Theory]
    [InlineData("mean(x)", "mean_x", 5.0)]
    [InlineData("avg(x)", "mean_x", 5.0)]
    [InlineData("sum(x)", "sum_x", 20.0)]
    [InlineData("min(x)", "min_x", 2.0)]
    [InlineData("max(x)", "max_x", 8.0)]
    [InlineData("count()", "count", 4.0)]
    [InlineData("count(y)", "count_y", 3.0)]
    [InlineData("median(x)", "median_x", 5.0)]
    [InlineData("std(x)", "std_x", 2.582)]
    [InlineData("mean(y)", "mean_y", 2.0)]
    [InlineData("ratio = sum(x) / count()", "ratio", 5.0)]
    [InlineData("round(mean(x * 2) + 0.5)", "value", 11.0)]
    public async Task Every_aggregate_gives_a_one_row_dataset_with_the_right_value(string expression, string column, double expected)
    {
        var applied = await f.Expressions.ApplyAsync(f.Measures.Id, expression);
        Assert.Equal("aggregate", applied.Kind);
        Assert.Equal(column, applied.Column);
        var table = Assert.Single(applied.Result.Tables);
        Assert.Equal(1, table.RowCount);
        Assert.Equal([column], table.Columns.Select(c => c.Name));
        var value = Assert.Single(await ValuesAsync(applied.Result, column));
        Assert.Equal(expected, Convert.ToDouble(value, CultureInfo.InvariantCulture), 3);
    }

    [Theory]
    [InlineData("if(x > 4, 'big', 'small')", "small,small,big,big")]
    [InlineData("if(y == null, 'none', 'some')", "some,some,none,some")] // == null means "is empty", unlike SQL's = NULL
    [InlineData("y != null", "True,True,False,True")]
    [InlineData("if(is_null(y), 'none', 'some')", "some,some,none,some")]
    [InlineData("coalesce(y, -1)", "0,2,-1,4")]
    [InlineData("abs(-x)", "2,4,6,8")]
    [InlineData("round(x / 3, 2)", "0.67,1.33,2,2.67")]
    [InlineData("sqrt(x * 2)", "2,2.8284,3.4641,4")]
    [InlineData("sqrt(y - 1)", ",1,,1.7321")]
    [InlineData("log(y)", ",0.6931,,1.3863")]
    [InlineData("log10(x * 25)", "1.699,2,2.1761,2.301")]
    [InlineData("exp(y / 2)", "1,2.7183,,7.3891")]
    [InlineData("pow(x, 2)", "4,16,36,64")]
    [InlineData("2 ^ 3 ^ 2 + x - x", "512,512,512,512")]
    [InlineData("-x ^ 2", "-4,-16,-36,-64")]
    [InlineData("x % 3", "2,1,0,2")]
    [InlineData("x > 3 and not (y == 4) or id == 1", "True,True,,False")]
    [InlineData("floor(x / 3) + ceil(x / 3)", "1,3,4,5")]
    public async Task Conditionals_and_math_give_the_expected_values_per_row(string expression, string expected) =>
        Assert.Equal(expected, Show(await ColumnOfAsync(expression)));

    [Theory]
    [InlineData("year(day)", "2024,2024,2023,2024")]
    [InlineData("month(day)", "1,2,12,3")]
    [InlineData("day(day)", "15,29,31,4")]
    [InlineData("quarter(day)", "1,1,4,1")]
    [InlineData("weekday(day)", "1,4,7,1")] // ISO: Monday 1 … Sunday 7
    [InlineData("hour(stamp)", "8,23,0,12")]
    [InlineData("minute(stamp)", "30,5,0,0")]
    [InlineData("days_between(day, '2024-03-01')", "46,1,61,-3")]
    [InlineData("days_between(day, stamp)", "0,0,0,0")]
    [InlineData("year(day + 20)", "2024,2024,2024,2024")]
    [InlineData("year(to_text(day))", "2024,2024,2023,2024")] // text that holds dates is read as dates
    public async Task Date_parts_come_from_dates_timestamps_and_date_text(string expression, string expected) =>
        Assert.Equal(expected, Show(await ColumnOfAsync(expression)));

    [Theory]
    [InlineData("lower(label)", "alpha,beta,  gamma ,delta")]
    [InlineData("upper(trim(label))", "ALPHA,BETA,GAMMA,DELTA")]
    [InlineData("length(label)", "5,4,8,5")]
    [InlineData("concat(trim(label), '#', id)", "Alpha#1,beta#2,Gamma#3,delta#4")]
    [InlineData("substr(trim(label), 2, 3)", "lph,eta,amm,elt")]
    [InlineData("replace(label, 'a', '4')", "Alph4,bet4,  G4mm4 ,delt4")]
    [InlineData("contains(lower(label), 'ta')", "False,True,False,True")]
    [InlineData("starts_with(label, 'A') or ends_with(label, 'a')", "True,True,False,True")]
    [InlineData("length(x * 100)", "3,3,3,3")] // numbers given to text functions are read as text
    public async Task String_functions_work_on_text_and_on_numbers_as_text(string expression, string expected) =>
        Assert.Equal(expected, Show(await ColumnOfAsync(expression)));

    [Fact]
    public async Task Division_and_remainder_by_zero_give_empty_values_not_an_error()
    {
        Assert.Equal(",2,,2", Show(await ColumnOfAsync("x / y")));
        Assert.Equal(",,,", Show(await ColumnOfAsync("x % 0")));
        Assert.Equal(",,,", Show(await ColumnOfAsync("x / (y - y)")));
    }

    [Fact]
    public async Task An_unknown_column_is_named_with_its_position_and_the_columns_there_are()
    {
        var ex = await Assert.ThrowsAsync<ExpressionException>(() => f.Expressions.ApplyAsync(f.Measures.Id, "z = x * wieght"));
        Assert.Equal(8, ex.Error.Position);
        Assert.Contains("Unknown column 'wieght' at position 8", ex.Message);
        Assert.Contains("id, x, y, label, day, stamp", ex.Message);
        Assert.Equal("expression", ex.Field ?? "expression");
    }

    [Theory]
    [InlineData("label * 2", 0, "'*' needs numbers, but 'label' is text")]
    [InlineData("x + label", 4, "Use concat")]
    [InlineData("sqrt(label)", 5, "'sqrt' needs a number")]
    [InlineData("if(x, 1, 2)", 3, "condition of 'if' must be true/false")]
    [InlineData("year(x)", 5, "'year' needs a date")]
    [InlineData("mean(x) + y", 10, "value per row")]
    public async Task Values_of_the_wrong_kind_and_mixed_aggregates_are_refused_before_the_engine_runs(string expression, int position, string message)
    {
        var before = (await f.Catalog.ListAsync()).Count;
        var ex = await Assert.ThrowsAsync<ExpressionException>(() => f.Expressions.ApplyAsync(f.Measures.Id, expression));
        Assert.Equal(position, ex.Error.Position);
        Assert.Contains(message, ex.Message);
        Assert.Equal(before, (await f.Catalog.ListAsync()).Count);
    }

    [Fact]
    public async Task A_literal_that_looks_like_sql_stays_a_value()
    {
        // One customer is literally named  x' OR 1=1 --  in the orders data.
        var applied = await f.Expressions.ApplyAsync(f.Orders.Id, "hit = customer == \"x' OR 1=1 --\"");
        Assert.Equal("False,False,True,False,False", Show(await ValuesAsync(applied.Result, "hit")));
        var none = await f.Expressions.ApplyAsync(f.Orders.Id, "hit = customer == 'x'' OR ''1''=''1'");
        Assert.Equal("False,False,False,False,False", Show(await ValuesAsync(none.Result, "hit")));
        Assert.Equal(5L, (await f.Runner.RunAsync(await f.Catalog.GetAsync(f.Orders.Id), "SELECT count(*) FROM orders")).Result.Rows[0][0]);
    }

    [Fact]
    public async Task An_unknown_dataset_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => f.Expressions.ApplyAsync("ds_000000000000", "mean(x)"));
        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public void Checking_against_a_table_reports_unknown_columns_like_syntax_errors()
    {
        var table = f.Measures.Tables[0];
        var ok = ExpressionService.Check("z = round(x / y, 1)", table);
        Assert.True(ok.IsValid);
        Assert.Equal(("column", "z"), (ok.Kind, ok.Target));
        Assert.Equal(["x", "y"], ok.Variables);
        var bad = ExpressionService.Check("mean(nope)", table);
        Assert.False(bad.IsValid);
        Assert.Equal(5, bad.Error!.Position);
        Assert.True(ExpressionService.Check("mean(nope)").IsValid);
    }

    private static string Show(IEnumerable<object?> values) => string.Join(",", values.Select(v => v switch
    {
        null => "",
        double d => Math.Round(d, 4).ToString(CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }));
}
