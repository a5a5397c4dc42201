using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Query;

/// <summary>
/// Where a refused or failed query went wrong, as an editor marks it: the guard's parser offsets and the engine's
/// "LINE n:" excerpts turned into line and column of the SQL as typed (CRLF from a browser form, CJK text, long lines,
/// the runner's own wrapping of the statement).
/// </summary>
public sealed class SqlPositionTests(GuardFixture f) : IClassFixture<GuardFixture>
{
    private async Task<QueryRejectedException> FailAsync(string sql) =>
        await Assert.ThrowsAsync<QueryRejectedException>(() => f.Runner.RunAsync(f.Sales, sql, ct: TestContext.Current.CancellationToken));

    private static (long? Line, long? Column) At(QueryRejectedException ex) => (ex.Line, ex.Column);

    /// <summary>The 1-based line and column of the first <paramref name="needle"/> (after <paramref name="after"/>) in <paramref name="sql"/>, counted by hand.</summary>
    private static (long?, long?) Of(string sql, string needle, int after = 0)
    {
        var i = sql.IndexOf(needle, after, StringComparison.Ordinal);
        var before = sql[..i].Replace("\r\n", "\n");
        var lineStart = before.LastIndexOf('\n') + 1;
        return (before.Count(c => c == '\n') + 1, before.Length - lineStart + 1);
    }

    [Theory]
    [InlineData("abc", 0, 1, 1)]
    [InlineData("abc", 2, 1, 3)]
    [InlineData("a\nbc", 3, 2, 2)]
    [InlineData("a\r\nbc", 4, 2, 2)]
    [InlineData("a\rbc", 3, 2, 2)]
    [InlineData("a\r\n\r\nbc", 5, 3, 1)]
    [InlineData("ab", 9, 1, 3)]
    public void An_index_becomes_line_and_column_with_every_kind_of_line_break(string text, int index, long line, long column) =>
        Assert.Equal(new SqlPosition(line, column), SqlPosition.AtIndex(text, index));

    [Fact]
    public void A_parser_offset_counts_utf8_bytes_and_becomes_a_column_in_characters()
    {
        // '北' and '京' are three bytes each; 'x' is at byte 10, character 6.
        Assert.Equal(new SqlPosition(1, 7), SqlPosition.AtUtf8Offset("'北京', x", 10));
        Assert.Equal(new SqlPosition(2, 2), SqlPosition.AtUtf8Offset("'😀'\r\n x", 9));
        Assert.Null(SqlPosition.AtUtf8Offset("x", null));
    }

    [Fact]
    public void A_message_without_an_excerpt_gives_no_position() =>
        Assert.Null(SqlPosition.FromEngineMessage("SELECT 1", "Conversion Error: Could not convert string 'a' to INT32"));

    [Fact]
    public async Task An_unknown_column_on_the_first_line_is_found_although_the_runner_wrapped_the_statement()
    {
        const string sql = "SELECT regoin, amount FROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal((1L, 8L), At(ex));
    }

    [Fact]
    public async Task Lines_of_a_form_posted_with_crlf_count_once()
    {
        const string sql = "SELECT region,\r\n  amount,\r\n  regoin\r\nFROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "regoin"), At(ex));
        Assert.Equal((3L, 3L), At(ex));
    }

    [Fact]
    public async Task A_long_line_cut_to_an_excerpt_at_both_ends_still_gives_the_column()
    {
        var sql = "SELECT region, amount, product, note, region AS r2, amount AS a2, product AS p2, note AS n2, region AS r3,\n" +
                  "  amount * 2 AS doubled, amount * 3 AS tripled, amount * 4 AS quadrupled, amount * 5 AS quintupled, regoin, amount * 6 AS sextupled, amount * 7 AS septupled, amount * 8 AS octupled\nFROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "regoin"), At(ex));
    }

    [Fact]
    public async Task Wide_characters_before_the_error_count_one_column_each()
    {
        const string sql = "SELECT '北京北京' AS city, regoin FROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal((1L, 24L), At(ex));
    }

    [Fact]
    public async Task A_name_repeated_in_the_line_is_marked_where_the_engine_pointed()
    {
        // The first "regoin" is text; the engine points at the second, the column.
        const string sql = "SELECT 'regoin' AS label, regoin FROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "regoin", 10), At(ex));
    }

    [Fact]
    public async Task A_guard_refusal_is_marked_at_the_refused_call()
    {
        const string sql = "SELECT region,\n  getenv('HOME') AS home\nFROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal("SQL refused by the guard", ex.Title);
        Assert.Equal((2L, 3L), At(ex));
    }

    [Fact]
    public async Task A_guard_refusal_after_wide_characters_counts_characters_not_bytes()
    {
        const string sql = "SELECT '北京' AS c, getenv('HOME') FROM sales";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "getenv"), At(ex));
    }

    [Fact]
    public async Task A_refused_table_is_marked_where_it_is_named()
    {
        const string sql = "SELECT *\nFROM sales\nJOIN secrets ON true";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "secrets"), At(ex));
    }

    [Fact]
    public async Task A_syntax_error_is_marked_at_the_token_the_parser_stopped_at()
    {
        const string sql = "SELECT region\nFROM sales\nWHER amount > 1";
        var ex = await FailAsync(sql);
        Assert.Equal(Of(sql, "amount"), At(ex));
    }
}
