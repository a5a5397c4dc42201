using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;

namespace DataCharts.Core.Tests.Datasets;

public sealed class TypeInferenceTests
{
    [Theory]
    [InlineData(new[] { "1", "2", "-3", "+4", "0" }, ColumnType.Integer)]
    [InlineData(new[] { "1", "2.5", "-3e2", ".5" }, ColumnType.Decimal)]
    [InlineData(new[] { "08123", "12345" }, ColumnType.Text)]
    [InlineData(new[] { "007.5", "1.5" }, ColumnType.Text)]
    [InlineData(new[] { "0.5", "0", "10" }, ColumnType.Decimal)]
    [InlineData(new[] { "True", "false", "TRUE" }, ColumnType.Boolean)]
    [InlineData(new[] { "2024-01-31", "1999-12-01" }, ColumnType.Date)]
    [InlineData(new[] { "2024-01-31", "2024-02-01 10:15:00" }, ColumnType.Timestamp)]
    [InlineData(new[] { "2024-01-31T10:15:00", "2024-02-01 10:15" }, ColumnType.Timestamp)]
    [InlineData(new[] { "2024-02-30" }, ColumnType.Text)]
    [InlineData(new[] { "1", "x" }, ColumnType.Text)]
    [InlineData(new[] { " 1", "2" }, ColumnType.Text)]
    [InlineData(new[] { "1,234" }, ColumnType.Text)]
    [InlineData(new[] { "1", "2", "99999999999999999999" }, ColumnType.Decimal)]
    [InlineData(new[] { "yes", "no" }, ColumnType.Text)]
    public void Infers_the_narrowest_type_every_value_fits(string[] values, ColumnType expected) =>
        Assert.Equal(expected, TypeAccumulator.Infer(values));

    [Fact]
    public void Missing_values_say_nothing_and_an_all_missing_column_is_text()
    {
        Assert.Equal(ColumnType.Integer, TypeAccumulator.Infer(["", null, "5", ""]));
        Assert.Equal(ColumnType.Text, TypeAccumulator.Infer(["", null]));
    }

    [Fact]
    public void Conforms_tells_whether_a_header_value_could_be_data()
    {
        Assert.False(TypeAccumulator.Conforms("price", ColumnType.Decimal));
        Assert.True(TypeAccumulator.Conforms("3.5", ColumnType.Decimal));
        Assert.True(TypeAccumulator.Conforms("", ColumnType.Date));
    }
}
