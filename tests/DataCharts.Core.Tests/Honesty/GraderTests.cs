namespace DataCharts.Core.Tests.Honesty;

/// <summary>The grader's own rules, so a figure means what the README says.</summary>
public sealed class GraderTests
{
    private static object?[] R(params object?[] v) => v;

    [Fact]
    public void Numbers_match_within_half_a_percent_or_a_cent_and_text_ignores_case()
    {
        Assert.True(Grader.Same(1000.0, 1004L));
        Assert.False(Grader.Same(1000.0, 1006L));
        Assert.True(Grader.Same(0.5, 0.509));
        Assert.False(Grader.Same(0.5, 0.52));
        Assert.True(Grader.Same("Speedy Express", "speedy express"));
        Assert.True(Grader.Same("Chen", "Mei Chen"));
        Assert.False(Grader.Same("Chen", "Cheng"));
        Assert.True(Grader.Same("2025-03", "2025-03-01"));
        Assert.False(Grader.Same(3L, "3"));
    }

    [Fact]
    public void Rows_are_found_whatever_the_column_order_and_extra_columns()
    {
        var truth = new[] { R("A", 10L), R("B", 20L) };
        Assert.True(Grader.Contains([R(20L, "B", "x"), R(10L, "A", "y"), R(5L, "C", "z")], truth, exact: false, out _));
        Assert.False(Grader.Contains([R("A", 10L)], truth, exact: false, out var why));
        Assert.Contains("missing row", why);
        // One value may not stand for two: (A, A) needs two cells.
        Assert.False(Grader.Contains([R("A", 5L)], [R("A", "A")], exact: false, out _));
    }

    [Fact]
    public void A_winner_is_one_row_and_a_scalar_one_row()
    {
        var winner = new[] { R("Speedy Express", 42.0) };
        Assert.True(Grader.Contains([R("Speedy Express", 42.0)], winner, exact: true, out _));
        Assert.False(Grader.Contains([R("Speedy Express", 42.0), R("United Package", 30.0)], winner, exact: true, out _));
        Assert.True(Grader.Contains([R("Speedy Express", 42.0), R("United Package", 30.0)], winner, exact: false, out _));

        var scalar = new[] { R(126L) };
        Assert.True(Grader.Contains([R(126L)], scalar, exact: false, out _));
        Assert.True(Grader.Contains([R(2025L, 126L)], scalar, exact: false, out _));
        Assert.False(Grader.Contains([R(1L, 126L, 3L)], scalar, exact: false, out _));
        Assert.False(Grader.Contains([R(126L), R(7L)], scalar, exact: false, out _));
    }
}
