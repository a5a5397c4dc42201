using DataCharts.Core.Connections;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Connections;

/// <summary>
/// Reading live SQL as each server reads it: names unquoted with their offsets, strings and comments whole in each
/// dialect's forms, and report parameters rewritten for the drivers only where they are parameters.
/// </summary>
public sealed class LiveSqlLexerTests
{
    private static IReadOnlyList<LiveToken> Tokens(SqlDialect dialect, string sql)
    {
        var lex = LiveSqlLexer.Tokenize(dialect, sql);
        Assert.True(lex.Ok, lex.Error);
        return lex.Tokens;
    }

    [Fact]
    public void Postgresql_tokens_carry_kind_unquoted_text_and_offset()
    {
        var sql = "SELECT \"My \"\"Table\"\"\".x, 'it''s', E'a\\'b', U&'d\\0061t', $t$ x'y $t$, $1, $region::int -- c\nFROM t /* a /* b */ c */";
        var t = Tokens(SqlDialect.PostgreSql, sql);
        Assert.Equal(
            ["SELECT", "My \"Table\"", ".", "x", ",", "'it''s'", ",", "E'a\\'b'", ",", "U&'d\\0061t'", ",", "$t$ x'y $t$", ",", "1", ",", "region", "::", "int", "FROM", "t"],
            t.Select(x => x.Text));
        Assert.True(t[1].Quoted);
        Assert.False(t[3].Quoted);
        Assert.Equal(LiveTokenKind.String, t[11].Kind);
        Assert.Equal(LiveTokenKind.Positional, t[13].Kind);
        Assert.Equal(LiveTokenKind.Parameter, t[15].Kind);
        Assert.Equal(sql.IndexOf('"'), t[1].Position);
        Assert.Equal(sql.IndexOf("'it", StringComparison.Ordinal), t[5].Position);
        Assert.Equal(sql.IndexOf("$region", StringComparison.Ordinal), t[15].Position);
        Assert.Equal("$region".Length, t[15].Length);
        Assert.Equal(sql.IndexOf("FROM", StringComparison.Ordinal), t[^2].Position);
    }

    [Fact]
    public void Mysql_tokens_read_backticks_double_quoted_strings_and_all_three_comments()
    {
        var sql = "SELECT `a``b`, \"x\\\\y\", 'p''q', @@version # c\n-- d\n/* e */ FROM t";
        var t = Tokens(SqlDialect.MySql, sql);
        Assert.Equal(["SELECT", "a`b", ",", "\"x\\\\y\"", ",", "'p''q'", ",", "@@version", "FROM", "t"], t.Select(x => x.Text));
        Assert.True(t[1].Quoted);
        Assert.Equal(LiveTokenKind.String, t[3].Kind);
        Assert.Equal(LiveTokenKind.Variable, t[7].Kind);
    }

    [Theory]
    [InlineData(SqlDialect.PostgreSql, "SELECT 'x", "never closed", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT E'x\\'", "never closed", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT 1 /* x", "never closed", 9)]
    [InlineData(SqlDialect.PostgreSql, "SELECT \"x", "never closed", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT $$x", "never closed", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT U&\"x\"", "Unicode-escaped names", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT 1 \\g", "'\\'", 9)]
    [InlineData(SqlDialect.PostgreSql, "SELECT x:y", "':name'", 8)]
    [InlineData(SqlDialect.PostgreSql, "SELECT $a.b", "runs straight into", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT $é$ x $é$", "plain letters", 7)]
    [InlineData(SqlDialect.PostgreSql, "SELECT X'4G'", "hexadecimal", 10)]
    [InlineData(SqlDialect.MySql, "SELECT `x", "never closed", 7)]
    [InlineData(SqlDialect.MySql, "SELECT \"x", "never closed", 7)]
    [InlineData(SqlDialect.MySql, "SELECT 1 /* x", "never closed", 9)]
    [InlineData(SqlDialect.MySql, "SELECT 1 /* a /* b */", "comment inside a comment", 14)]
    [InlineData(SqlDialect.MySql, "SELECT 1--", "ambiguous", 8)]
    [InlineData(SqlDialect.MySql, "SELECT $1", "Positional parameters", 7)]
    [InlineData(SqlDialect.MySql, "SELECT $a$", "runs straight into", 7)]
    [InlineData(SqlDialect.MySql, "SELECT \"a\\\" FROM t", "NO_BACKSLASH_ESCAPES", 7)]
    [InlineData(SqlDialect.MySql, "SELECT 0X41", "runs straight into a name", 7)]
    [InlineData(SqlDialect.MySql, "SELECT 1\0", "NUL", 8)]
    public void What_cannot_be_read_safely_is_refused_where_it_starts(SqlDialect dialect, string sql, string reason, int position)
    {
        var lex = LiveSqlLexer.Tokenize(dialect, sql);
        Assert.False(lex.Ok);
        Assert.Contains(reason, lex.Error);
        Assert.Equal(position, lex.Position);
    }

    [Fact]
    public void Report_parameters_become_driver_parameters_only_outside_strings_comments_and_names()
    {
        var pg = "SELECT * FROM t WHERE a = $region AND b = '$notme' AND c = $1 AND d = $$ $inside $$ AND e = \"$col\" -- $comment\n AND f = $Region AND g = $when_2";
        Assert.Equal(
            "SELECT * FROM t WHERE a = @region AND b = '$notme' AND c = $1 AND d = $$ $inside $$ AND e = \"$col\" -- $comment\n AND f = @Region AND g = @when_2",
            LiveSqlLexer.BindNames(SqlDialect.PostgreSql, pg, out var names));
        Assert.Equal(["region", "when_2"], names);

        var my = "SELECT * FROM t WHERE a = $a AND b = '$b' AND c = \"$c\" AND d = `$d` # $e\n AND f = /* $f */ $g";
        Assert.Equal("SELECT * FROM t WHERE a = @a AND b = '$b' AND c = \"$c\" AND d = `$d` # $e\n AND f = /* $f */ @g", LiveSqlLexer.BindNames(SqlDialect.MySql, my, out var myNames));
        Assert.Equal(["a", "g"], myNames);

        Assert.Equal("SELECT $tag$ $x $tag$, @y", LiveSqlLexer.BindNames(SqlDialect.PostgreSql, "SELECT $tag$ $x $tag$, $y"));
    }

    [Fact]
    public void Text_that_cannot_be_read_is_returned_unchanged_by_the_binder()
    {
        Assert.Equal("SELECT $a, 'open", LiveSqlLexer.BindNames(SqlDialect.PostgreSql, "SELECT $a, 'open", out var names));
        Assert.Empty(names);
    }
}
