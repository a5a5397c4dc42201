using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;

namespace DataCharts.Core.Tests.Presentation;

public sealed class ValueFormatterTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo De = CultureInfo.GetCultureInfo("de-DE");

    private static ResultColumn Col(string name, ColumnType type) => new(name, type, type.ToString());

    /// <summary>Formatted, with the no-break spaces ICU versions differ on (before "$", "%", "PM") read as plain spaces.</summary>
    private static string F(object? v, string name, ColumnType type, CultureInfo c, Unit? unit = null) =>
        ValueFormatter.Format(v, Col(name, type), unit, c).Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Fact]
    public void Money_has_the_symbol_separators_and_two_decimals()
    {
        Assert.Equal("$1,234.50", F(1234.5, "total_revenue", ColumnType.Decimal, En));
        Assert.Equal("$1,234.50", F(1234.5, "total_revenue", ColumnType.Decimal, Zh));
        Assert.Equal("1.234,50 $", F(1234.5, "total_revenue", ColumnType.Decimal, De));
        // Whole-dollar integers still read as money.
        Assert.Equal("$85,000.00", F(85000L, "salary", ColumnType.Integer, En));
    }

    [Fact]
    public void The_currency_is_the_datas_not_the_readers()
    {
        // A Chinese reader of dollar sales sees dollars; a column that names its currency gets that currency.
        Assert.StartsWith("$", F(10.0, "price", ColumnType.Decimal, Zh));
        Assert.Equal("€9.99", F(9.99, "price_eur", ColumnType.Decimal, En));
        Assert.Equal("¥1,200.00", F(1200.0, "amount_cny", ColumnType.Decimal, Zh));
    }

    [Fact]
    public void Negative_money_and_numbers_keep_their_sign()
    {
        Assert.Equal("-$1,234.50", F(-1234.5, "profit", ColumnType.Decimal, En));
        Assert.Equal("-1,234,567", F(-1234567L, "delta", ColumnType.Integer, En));
        // A small negative that rounds to zero in its column is zero, not "-0".
        var r = new QueryResult([Col("delta", ColumnType.Decimal)], [[1234.0], [-0.4]]);
        Assert.Equal("0", ResultFormat.For(r, null, En).Text(0, -0.4));
    }

    [Fact]
    public void Null_is_empty_for_the_caller_to_mark()
    {
        Assert.Equal("", F(null, "total_revenue", ColumnType.Decimal, En));
        Assert.Equal("", F(null, "order_date", ColumnType.Date, Zh));
    }

    [Fact]
    public void Percent_names_hold_points_rates_hold_fractions()
    {
        // The planner's percent_… columns are 100 × a fraction: 25.3 is 25.3%, and 0.8 is 0.8%, not 80%.
        Assert.Equal("25.3%", F(25.3, "percent_returned", ColumnType.Decimal, En));
        Assert.Equal("0.8%", F(0.8, "percent_returned", ColumnType.Decimal, En));
        // A rate or share between -1 and 1 is a fraction.
        Assert.Equal("25.3%", F(0.253, "survival_rate", ColumnType.Decimal, En));
        Assert.Equal("25%", F(0.25, "share", ColumnType.Decimal, En));
        // A rate past 1 is some other rate (beats per minute), not a percentage.
        Assert.Equal("72", F(72L, "heart_rate", ColumnType.Integer, En));
        Assert.Equal("72.50", F(72.5, "heart_rate", ColumnType.Decimal, En));
        // German writes a space before the sign and a decimal comma.
        Assert.Equal("25,3 %", F(0.253, "survival_rate", ColumnType.Decimal, De));
    }

    [Fact]
    public void The_semantic_models_unit_wins_over_the_name()
    {
        Assert.Equal("$12.00", F(12.0, "x", ColumnType.Decimal, En, Unit.Currency));
        Assert.Equal("12", F(12.0, "price", ColumnType.Decimal, En, Unit.None));
        Assert.Equal("1,500 ms", F(1500L, "elapsed", ColumnType.Integer, En, Unit.Milliseconds));
        Assert.Equal("2.50 kg", F(2.5, "weight", ColumnType.Decimal, En, Unit.Kilograms));
        Assert.Equal("5.0 MB", F(5.0 * 1024 * 1024, "size", ColumnType.Integer, En, Unit.Bytes));
    }

    [Fact]
    public void Big_and_small_numbers_get_sensible_decimals()
    {
        Assert.Equal("12,345,678", F(12345678L, "population", ColumnType.Integer, En));
        // Large averages drop their decimals; hundreds keep one, ones two, small numbers three significant digits.
        Assert.Equal("1,235", F(1234.5678, "average_units", ColumnType.Decimal, En));
        Assert.Equal("123.5", F(123.456, "average_units", ColumnType.Decimal, En));
        Assert.Equal("3.46", F(3.456, "average_units", ColumnType.Decimal, En));
        Assert.Equal("0.0123", F(0.012345, "correlation", ColumnType.Decimal, En));
        // Whole values stored as decimals read as whole numbers.
        Assert.Equal("1,200", F(1200.0, "units", ColumnType.Decimal, En));
    }

    [Fact]
    public void Identifiers_and_years_have_no_separators()
    {
        Assert.Equal("100245", F(100245L, "order_id", ColumnType.Integer, En));
        Assert.Equal("2024", F(2024L, "year", ColumnType.Integer, En));
        Assert.Equal("2024", F(2024L, "release_year", ColumnType.Integer, De));
        Assert.Equal("10248", F(10248L, "order_number", ColumnType.Integer, En));
        Assert.Equal("10,248", F(10248L, "number_of_orders", ColumnType.Integer, En));
    }

    [Fact]
    public void German_uses_a_decimal_comma_and_dot_separators()
    {
        Assert.Equal("1.234.567", F(1234567L, "units", ColumnType.Integer, De));
        Assert.Equal("3,46", F(3.456, "average_units", ColumnType.Decimal, De));
    }

    [Fact]
    public void Dates_read_in_one_format_per_culture()
    {
        Assert.Equal("Mar 5, 2024", F("2024-03-05", "order_date", ColumnType.Date, En));
        Assert.Equal("2024年3月5日", F("2024-03-05", "order_date", ColumnType.Date, Zh));
        Assert.Equal("05.03.2024", F("2024-03-05", "order_date", ColumnType.Date, De));
        Assert.Equal("5 Mar 2024", F("2024-03-05", "order_date", ColumnType.Date, CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal("Mar 5, 2024 2:30 PM", F("2024-03-05 14:30:00", "created_at", ColumnType.Timestamp, En));
        Assert.Equal("2024年3月5日 14:30", F("2024-03-05 14:30:00", "created_at", ColumnType.Timestamp, Zh));
        // Text that is not a date is shown as it is.
        Assert.Equal("soon", F("soon", "order_date", ColumnType.Date, En));
    }

    [Fact]
    public void A_column_of_month_starts_reads_as_months()
    {
        var result = new QueryResult([Col("month", ColumnType.Date), Col("total_revenue", ColumnType.Decimal)],
            [["2024-01-01", 10.0], ["2024-02-01", 12.5]]);
        Assert.Equal("Feb 2024", ResultFormat.For(result, null, En).Text(0, "2024-02-01"));
        Assert.Equal("2024年2月", ResultFormat.For(result, null, Zh).Text(0, "2024-02-01"));
        var years = new QueryResult([Col("year_start", ColumnType.Date)], [["2023-01-01"], ["2024-01-01"]]);
        Assert.Equal("2024", ResultFormat.For(years, null, En).Text(0, "2024-01-01"));
    }

    [Fact]
    public void A_result_format_decides_once_per_column_so_a_column_reads_alike()
    {
        var result = new QueryResult([Col("region", ColumnType.Text), Col("average_units", ColumnType.Decimal)],
            [["East", 1.5], ["West", 150.25], ["North", null]]);
        var f = ResultFormat.For(result, null, En);
        // The largest value sets the decimals for every row.
        Assert.Equal("1.5", f.Text(1, 1.5));
        Assert.Equal("150.3", f.Text(1, 150.25));
        Assert.Equal("", f.Text(1, null));
        Assert.Equal("East", f.Text(0, "East"));
        Assert.True(f.IsNumeric(1));
        Assert.False(f.IsNumeric(0));
        Assert.Equal(["Region", "Average units"], f.Labels);
    }

    [Fact]
    public void Units_come_from_the_semantic_model_through_aggregate_prefixes()
    {
        var model = new SemanticModel([], [], [new Measure("revenue", "Revenue", "orders", "unit_price * units", MeasureAgg.Sum, Unit.Currency, [], true)],
            [new Dimension("orders", "order_id", "Order ID", DimensionKind.Key, []), new Dimension("orders", "weight", "Weight", DimensionKind.Number, [], Unit.Kilograms)]);
        var result = new QueryResult([Col("total_revenue", ColumnType.Decimal), Col("average_weight", ColumnType.Decimal), Col("order_id", ColumnType.Integer), Col("revenue", ColumnType.Decimal)],
            [[1234.5, 2.25, 10248L, 99.0]]);
        var f = ResultFormat.For(result, model, En);
        Assert.Equal("$1,234.50", f.Text(0, 1234.5));
        Assert.Equal("2.25 kg", f.Text(1, 2.25));
        Assert.Equal("10248", f.Text(2, 10248L));
        Assert.Equal(["Total revenue", "Average weight", "Order ID", "Revenue"], f.Labels);
    }
}
