using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>Which <c>$name</c>s a sql block needs: only those outside strings, quoted names and comments.</summary>
public sealed class SqlParametersTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE a = $a AND b >= $min_b", "a,min_b")]
    [InlineData("SELECT * FROM t WHERE a = $a OR a2 = $A", "a")]
    [InlineData("SELECT $year::INT + 1", "year")]
    [InlineData("SELECT list_contains($channels,channel) FROM t", "channels")]
    [InlineData("SELECT $1, $2", "")]
    [InlineData("SELECT 'costs $5 or $price' AS label", "")]
    [InlineData("SELECT 'it''s $quoted' || $real", "real")]
    [InlineData("SELECT \"$col\" FROM t WHERE x = $x", "x")]
    [InlineData("SELECT 1 -- filter on $commented\nWHERE y = $y", "y")]
    [InlineData("SELECT /* $block\n $comment */ $z", "z")]
    [InlineData("SELECT $$ a $dollar string $$ || $after", "after")]
    [InlineData("SELECT $tag$ a $tagged $x string $tag$ || $after", "after")]
    [InlineData("SELECT 'unclosed $string", "")]
    [InlineData("SELECT 1 /* unclosed $comment", "")]
    [InlineData("SELECT $région, $_private", "région,_private")]
    public void Finds_parameters_outside_strings_and_comments(string sql, string expected)
    {
        var want = expected.Length == 0 ? [] : expected.Split(',');
        Assert.Equal(want, SqlParameters.Find(sql));
    }
}
