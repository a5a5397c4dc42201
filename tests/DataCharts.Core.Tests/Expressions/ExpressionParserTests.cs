using System.Globalization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;

namespace DataCharts.Core.Tests.Expressions;

/// <summary>The expression grammar: what binds tighter, and where each mistake is reported.</summary>
public sealed class ExpressionParserTests
{
    /// <summary>The tree, fully parenthesised, so precedence is visible in one string.</summary>
    private static string Show(ExprNode n) => n switch
    {
        LiteralNode { Value: null } => "null",
        LiteralNode { Value: string s } => $"'{s}'",
        LiteralNode { Value: bool b } => b ? "true" : "false",
        LiteralNode l => Convert.ToString(l.Value, CultureInfo.InvariantCulture)!,
        ColumnNode c => c.Name,
        UnaryNode u => $"({u.Operator} {Show(u.Operand)})",
        BinaryNode b => $"({Show(b.Left)} {b.Operator} {Show(b.Right)})",
        CallNode c => $"{c.Name}({string.Join(", ", c.Arguments.Select(Show))})",
        _ => "?",
    };

    private static string Tree(string text) => Show(ExpressionParser.Parse(text).Root);

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("10 - 4 - 3", "((10 - 4) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))")]
    [InlineData("2 ** 3", "(2 ^ 3)")]
    [InlineData("-x ^ 2", "(- (x ^ 2))")]
    [InlineData("2 ^ -1", "(2 ^ (- 1))")]
    [InlineData("- -x", "(- (- x))")]
    [InlineData("x % 3 + 1", "((x % 3) + 1)")]
    [InlineData("a + 1 > b * 2", "((a + 1) > (b * 2))")]
    [InlineData("a == 1 or b != 2 and not c", "((a == 1) or ((b != 2) and (not c)))")]
    [InlineData("a || b && !c", "(a or (b and (not c)))")]
    [InlineData("not a == b", "(not (a == b))")]
    [InlineData("x <> 1", "(x != 1)")]
    [InlineData("if(x >= 0, 'pos', \"neg\")", "if((x >= 0), 'pos', 'neg')")]
    [InlineData("AVG(x) + Power(2, 3)", "(mean(x) + pow(2, 3))")]
    [InlineData("`unit price` * [qty]", "(unit price * qty)")]
    [InlineData("coalesce(x, null, true, 1.5e2)", "coalesce(x, null, true, 150)")]
    public void Operators_bind_by_precedence_and_power_groups_to_the_right(string text, string tree) => Assert.Equal(tree, Tree(text));

    [Fact]
    public void An_assignment_names_the_new_column_and_only_equals_at_the_start_assigns()
    {
        var p = ExpressionParser.Parse("z = x * 2 + 1");
        Assert.Equal("z", p.Target);
        Assert.Equal("((x * 2) + 1)", Show(p.Root));
        Assert.Equal("(x == 1)", Show(ExpressionParser.Parse("x == 1").Root));
        AssertError("z = x = 1", 6, "'=='");
    }

    [Fact]
    public void Variables_and_functions_are_listed_once_in_order_of_use()
    {
        var p = ExpressionParser.Parse("total = round(price * qty, 2) + coalesce(Price, tax) + round(qty)");
        Assert.Equal(["price", "qty", "tax"], p.Variables);
        Assert.Equal(["round", "coalesce"], p.Functions);
        Assert.False(p.IsAggregate);
        Assert.True(ExpressionParser.Parse("sum(x) / count()").IsAggregate);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData("(x + 1", 0, "Missing ')' for the '(' opened at position 0")]
    [InlineData("2 * (x + 1", 4, "Missing ')'")]
    [InlineData("round(x, 2", 5, "Missing ')' for 'round(' opened at position 5")]
    [InlineData("x + 1)", 5, "Unexpected ')' at position 5")]
    [InlineData("x * (1 + )", 9, "Unexpected ')' at position 9")]
    [InlineData("x +", 2, "after '+' at position 2")]
    [InlineData("x * 2 -", 6, "after '-'")]
    [InlineData("foo(x)", 0, "Unknown function 'foo' at position 0")]
    [InlineData("1 + sqrtt(x)", 4, "Did you mean 'sqrt'")]
    [InlineData("round(x, 1, 2)", 0, "'round' takes 1 or 2 arguments, not 3")]
    [InlineData("if(x, 1)", 0, "'if' takes 3 arguments, not 2")]
    [InlineData("mean()", 0, "'mean' takes 1 argument, not 0")]
    [InlineData("concat('a', 'b", 12, "Unterminated string starting at position 12")]
    [InlineData("x + `unit price", 4, "Unterminated column name")]
    [InlineData("x @ 2", 2, "Unexpected character '@' at position 2")]
    [InlineData("x y", 2, "Unexpected 'y' at position 2")]
    [InlineData("1 < x < 3", 6, "cannot be chained")]
    [InlineData("round(x 2)", 8, "expected ',' or ')'")]
    [InlineData("1.2.3", 0, "not a number")]
    [InlineData("x and", 2, "after 'and'")]
    public void Every_mistake_is_reported_with_the_position_of_the_offending_token(string text, int position, string message) =>
        AssertError(text, position, message);

    [Fact]
    public void Errors_on_a_later_line_also_carry_line_and_column()
    {
        var (_, error) = ExpressionParser.TryParse("x +\n  foo(1)");
        Assert.NotNull(error);
        Assert.Equal(6, error.Position);
        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
    }

    [Fact]
    public void An_aggregate_cannot_be_mixed_with_a_bare_column_or_nested_in_another()
    {
        AssertError("mean(x) + y", 10, "'y' at position 10 is a value per row");
        AssertError("x - mean(x)", 0, "'x' at position 0");
        AssertError("sum(mean(x))", 4, "cannot be inside the aggregate 'sum'");
        Assert.True(ExpressionParser.Parse("sum(x) / count(y) + 1").IsAggregate);
    }

    [Fact]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        AssertError(new string('(', 500) + "1" + new string(')', 500), 101, "nested too deeply");
        AssertError(string.Concat(Enumerable.Repeat("-", 500)) + "1", 101, "nested too deeply");
    }

    [Fact]
    public void A_string_with_quotes_inside_is_one_literal_bound_as_a_parameter()
    {
        var p = ExpressionParser.Parse("concat(name, 'it''s \"x\"', \"'); DROP TABLE t; --\")");
        var columns = new List<DatasetColumnRecord> { new() { Name = "name", Label = "name", Type = ColumnType.Text } };
        var sql = SqlTranslator.Translate(p, columns);
        Assert.Equal("concat(\"name\", $e0, $e1)", sql.Sql);
        Assert.Equal("it's \"x\"", sql.Parameters["e0"]);
        Assert.Equal("'); DROP TABLE t; --", sql.Parameters["e1"]);
        Assert.DoesNotContain("DROP", sql.Sql);
    }

    [Fact]
    public void Numbers_are_parameters_too_and_identifiers_are_quoted()
    {
        var columns = new List<DatasetColumnRecord> { new() { Name = "x\"y", Label = "x y", Type = ColumnType.Integer } };
        var sql = SqlTranslator.Translate(ExpressionParser.Parse("[x y] * 2 + 0.5"), columns);
        Assert.Equal("((\"x\"\"y\" * $e0) + $e1)", sql.Sql);
        Assert.Equal(2L, sql.Parameters["e0"]);
        Assert.Equal(0.5, sql.Parameters["e1"]);
    }

    private static void AssertError(string text, int position, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(position, ex.Error.Position);
        Assert.Equal(400, ex.Status);
    }
}
