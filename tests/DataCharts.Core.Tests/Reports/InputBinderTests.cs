using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>Query-string values to typed SQL parameters; anything not allowed falls back to the default and says why.</summary>
public sealed class InputBinderTests
{
    private static InputBlock Input(string name, params string[] body)
    {
        var doc = ReportParser.Parse(string.Join("\n", ["```input " + name, .. body, "```"]), "t");
        return Assert.IsType<InputBlock>(Assert.Single(doc.Blocks));
    }

    private static readonly InputBlock Region = Input("region", "type: select", "options: North, South, East");
    private static readonly InputBlock Channels = Input("channels", "type: multiselect", "options: Online, Retail, Partner", "default: Online, Retail");
    private static readonly InputBlock Year = Input("year", "type: slider", "min: 2021", "max: 2025", "default: 2025");
    private static readonly InputBlock Share = Input("share", "type: slider", "min: 0", "max: 1", "step: 0.05", "default: 0.5");
    private static readonly InputBlock Period = Input("period", "type: date_range", "min: 2024-01-01", "max: 2024-12-31", "default: 2024-02-01..2024-02-29");
    private static readonly InputBlock Who = Input("who", "type: text", "default: Ann");

    [Fact]
    public void Select_takes_an_option_case_insensitively_as_spelled_in_the_file()
    {
        var v = InputBinder.Bind(Region, ["south"]);
        Assert.Null(v.Error);
        Assert.Equal(["South"], v.Selected);
        Assert.Equal("South", v.Parameters["region"]);
    }

    [Fact]
    public void Select_not_given_or_empty_is_its_default_the_first_option()
    {
        Assert.Equal(["North"], InputBinder.Bind(Region, null).Selected);
        var empty = InputBinder.Bind(Region, [""]);
        Assert.Null(empty.Error);
        Assert.Equal("North", empty.Parameters["region"]);
    }

    [Theory]
    [InlineData("West")]
    [InlineData("x' OR 1=1 --")]
    public void Select_refuses_a_value_that_is_not_an_option_and_keeps_the_default(string raw)
    {
        var v = InputBinder.Bind(Input("region", "type: select", "options: North, South", "default: South"), [raw]);
        Assert.NotNull(v.Error);
        Assert.Contains("is not an option of region", v.Error);
        Assert.Contains("North, South", v.Error);
        Assert.Equal(["South"], v.Selected);
        Assert.Equal("South", v.Parameters["region"]);
    }

    [Fact]
    public void Select_with_numeric_options_binds_numbers()
    {
        var whole = InputBinder.Bind(Input("size", "type: select", "options: 1, 2, 10"), ["10"]);
        Assert.Equal(10L, whole.Parameters["size"]);
        var frac = InputBinder.Bind(Input("rate", "type: select", "options: 0.5, 1.5"), ["1.5"]);
        Assert.Equal(1.5, frac.Parameters["rate"]);
        // Leading zeros are codes, not numbers: they stay text.
        var codes = InputBinder.Bind(Input("zip", "type: select", "options: 01234, 98765"), ["01234"]);
        Assert.Equal("01234", codes.Parameters["zip"]);
    }

    [Fact]
    public void Multiselect_takes_several_values_in_one_or_many_parameters()
    {
        var many = InputBinder.Bind(Channels, ["Online", "partner"]);
        Assert.Null(many.Error);
        Assert.Equal(["Online", "Partner"], many.Selected);
        Assert.Equal(new List<string> { "Online", "Partner" }, many.Parameters["channels"]);
        var one = InputBinder.Bind(Channels, ["Retail,Partner"]);
        Assert.Equal(["Retail", "Partner"], one.Selected);
    }

    [Fact]
    public void Multiselect_not_given_is_the_default_but_given_empty_is_nothing_chosen()
    {
        Assert.Equal(["Online", "Retail"], InputBinder.Bind(Channels, null).Selected);
        // A form that unticks every box sends only the empty companion value.
        var none = InputBinder.Bind(Channels, [""]);
        Assert.Null(none.Error);
        Assert.Empty(none.Selected);
        Assert.Equal(new List<string>(), none.Parameters["channels"]);
        // Without a default, not given means every option.
        Assert.Equal(["a", "b"], InputBinder.Bind(Input("m", "type: multiselect", "options: a, b"), null).Selected);
    }

    [Fact]
    public void Multiselect_refuses_an_unknown_value_and_keeps_the_default()
    {
        var v = InputBinder.Bind(Channels, ["Online", "Mail order"]);
        Assert.Contains("\"Mail order\" is not an option of channels", v.Error);
        Assert.Equal(["Online", "Retail"], v.Selected);
    }

    [Fact]
    public void Multiselect_drops_repeats_and_types_numeric_options()
    {
        Assert.Equal(["Online"], InputBinder.Bind(Channels, ["Online", "online"]).Selected);
        var sizes = InputBinder.Bind(Input("sizes", "type: multiselect", "options: 1, 2, 3"), ["3", "1"]);
        Assert.Equal(new List<long> { 3, 1 }, sizes.Parameters["sizes"]);
    }

    [Fact]
    public void Slider_binds_a_whole_number_when_its_bounds_and_step_are_whole()
    {
        var v = InputBinder.Bind(Year, ["2023"]);
        Assert.Null(v.Error);
        Assert.Equal(["2023"], v.Selected);
        Assert.Equal(2023L, v.Parameters["year"]);
        Assert.Equal(2025L, InputBinder.Bind(Year, null).Parameters["year"]);
    }

    [Fact]
    public void Slider_with_a_fractional_step_binds_a_double()
    {
        var v = InputBinder.Bind(Share, ["0.25"]);
        Assert.Equal(0.25, v.Parameters["share"]);
        Assert.Equal(1.0, InputBinder.Bind(Share, ["1"]).Parameters["share"]);
    }

    [Theory]
    [InlineData("2030", "between 2021 and 2025")]
    [InlineData("2020", "between 2021 and 2025")]
    [InlineData("next year", "must be a number")]
    [InlineData("NaN", "must be a number")]
    [InlineData("Infinity", "must be a number")]
    [InlineData("2024; DROP TABLE orders", "must be a number")]
    public void Slider_refuses_values_out_of_bounds_or_not_numbers_and_keeps_the_default(string raw, string why)
    {
        var v = InputBinder.Bind(Year, [raw]);
        Assert.Contains(why, v.Error);
        Assert.Equal(["2025"], v.Selected);
        Assert.Equal(2025L, v.Parameters["year"]);
    }

    [Fact]
    public void Slider_without_a_default_starts_at_its_minimum()
    {
        Assert.Equal(1L, InputBinder.Bind(Input("n", "type: slider", "min: 1", "max: 3"), null).Parameters["n"]);
    }

    [Fact]
    public void Date_range_binds_a_list_and_start_and_end_dates()
    {
        var v = InputBinder.Bind(Period, ["2024-03-01", "2024-03-31"]);
        Assert.Null(v.Error);
        Assert.Equal(["2024-03-01", "2024-03-31"], v.Selected);
        Assert.Equal(new List<DateOnly> { new(2024, 3, 1), new(2024, 3, 31) }, v.Parameters["period"]);
        Assert.Equal(new DateOnly(2024, 3, 1), v.Parameters["period_start"]);
        Assert.Equal(new DateOnly(2024, 3, 31), v.Parameters["period_end"]);
        Assert.Equal(["2024-04-01", "2024-04-30"], InputBinder.Bind(Period, ["2024-04-01..2024-04-30"]).Selected);
    }

    [Fact]
    public void Date_range_not_given_is_its_default_or_else_its_bounds()
    {
        Assert.Equal(["2024-02-01", "2024-02-29"], InputBinder.Bind(Period, null).Selected);
        Assert.Equal(["2024-01-01", "2024-12-31"], InputBinder.Bind(Input("p", "type: date_range", "min: 2024-01-01", "max: 2024-12-31"), null).Selected);
    }

    [Theory]
    [InlineData(new[] { "2024-03-31", "2024-03-01" }, "after it ends")]
    [InlineData(new[] { "2024-03-01" }, "two dates")]
    [InlineData(new[] { "2024-03-01", "2024-03-05", "2024-03-09" }, "two dates")]
    [InlineData(new[] { "2024-03-01", "31/03/2024" }, "is not a date")]
    [InlineData(new[] { "2024-02-30", "2024-03-01" }, "is not a date")]
    [InlineData(new[] { "2023-06-01", "2023-06-30" }, "2024-01-01")]
    [InlineData(new[] { "2024-12-01", "2025-01-31" }, "2024-12-31")]
    public void Date_range_refuses_bad_ranges_and_keeps_the_default(string[] raw, string why)
    {
        var v = InputBinder.Bind(Period, raw);
        Assert.NotNull(v.Error);
        Assert.Contains(why, v.Error);
        Assert.Equal(["2024-02-01", "2024-02-29"], v.Selected);
        Assert.Equal(new DateOnly(2024, 2, 1), v.Parameters["period_start"]);
    }

    [Fact]
    public void Text_binds_the_string_as_typed_even_when_it_looks_like_sql()
    {
        var v = InputBinder.Bind(Who, ["x' OR 1=1 --"]);
        Assert.Null(v.Error);
        Assert.Equal("x' OR 1=1 --", v.Parameters["who"]);
        Assert.Equal("Ann", InputBinder.Bind(Who, null).Parameters["who"]);
        Assert.Equal("", InputBinder.Bind(Input("q", "type: text"), null).Parameters["q"]);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused_and_the_default_kept()
    {
        var v = InputBinder.Bind(Who, [new string('a', InputBinder.MaxTextLength + 1)]);
        Assert.Contains($"at most {InputBinder.MaxTextLength} characters", v.Error);
        Assert.Equal("Ann", v.Parameters["who"]);
        Assert.Null(InputBinder.Bind(Who, [new string('a', InputBinder.MaxTextLength)]).Error);
    }
}
