using DataCharts.Core.Datasets.Import;

namespace DataCharts.Core.Tests.Datasets;

public sealed class CsvSnifferTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5,6\n", ',')]
    [InlineData("a;b;c\n1,5;2;3\n4;5;6\n", ';')]
    [InlineData("a\tb\tc\n1\t2\t3\n", '\t')]
    [InlineData("a|b|c\n1|2|3\n4|5|6\n", '|')]
    [InlineData("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\nLee,ok\n", ',')]
    public void Finds_the_delimiter(string text, char expected) =>
        Assert.Equal(expected, CsvSniffer.Sniff(text, true).Dialect.Delimiter);

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines()
    {
        var r = CsvSniffer.Sniff("a,b\n\"x, y\",\"line1\nline2\"\n\"he said \"\"no\"\"\",z\n", true);
        Assert.Equal(["a", "b"], r.Header);
        Assert.Equal(["x, y", "line1\nline2"], r.Rows[0].Fields);
        Assert.Equal(["he said \"no\"", "z"], r.Rows[1].Fields);
        Assert.Equal(4, r.Rows[1].Line); // the quoted newline moved it down a line
    }

    [Fact]
    public void Single_quotes_are_sniffed_when_they_quote_fields()
    {
        var r = CsvSniffer.Sniff("a,b\n'x, y',1\n'z, w',2\n", true);
        Assert.Equal('\'', r.Dialect.Quote);
        Assert.Equal("x, y", r.Rows[0].Fields[0]);
    }

    [Fact]
    public void Backslash_escapes_are_detected()
    {
        var r = CsvSniffer.Sniff("a,b\n\"say \\\"hi\\\"\",1\n", true);
        Assert.Equal('\\', r.Dialect.Escape);
        Assert.Equal("say \"hi\"", r.Rows[0].Fields[0]);
    }

    [Theory]
    [InlineData("name,age\nAnn,31\nBo,45\n", true)]
    [InlineData("Ann,31\nBo,45\nCy,52\n", false)]
    [InlineData("city,country\nParis,France\nLyon,France\n", true)]
    [InlineData("Paris,France\nLyon,France\nParis,France\n", false)]
    [InlineData("a,b\n", true)]
    public void Detects_whether_the_first_line_is_a_header(string text, bool header) =>
        Assert.Equal(header, CsvSniffer.Sniff(text, true).Dialect.HasHeader);

    [Fact]
    public void Without_a_header_columns_get_numbered_names()
    {
        var r = CsvSniffer.Sniff("1,2\n3,4\n", true);
        Assert.Equal(["column1", "column2"], r.Header);
        Assert.Equal(2, r.Rows.Count);
    }

    [Fact]
    public void Crlf_and_cr_line_endings_work()
    {
        Assert.Equal(2, CsvSniffer.Sniff("a,b\r\n1,2\r\n3,4\r\n", true).Rows.Count);
        Assert.Equal(2, CsvSniffer.Sniff("a,b\r1,2\r3,4", true).Rows.Count);
    }

    [Fact]
    public void Too_many_fields_reports_line_and_column()
    {
        var ex = Assert.Throws<UserFacingException>(() => CsvSniffer.Sniff("a,b,c\n1,2,3\n4,5,6,7\n", true));
        Assert.Equal(3, ex.Line);
        Assert.Equal(7, ex.Column);
        Assert.Contains("Line 3", ex.Message);
        Assert.Contains("expected 3 fields", ex.Message);
    }

    [Fact]
    public void Too_few_fields_reports_the_line()
    {
        var ex = Assert.Throws<UserFacingException>(() => CsvSniffer.Sniff("a,b,c\n1,2,3\n4,5\n7,8,9\n", true));
        Assert.Equal(3, ex.Line);
        Assert.Contains("found 2", ex.Message);
    }

    [Fact]
    public void An_unclosed_quote_reports_where_it_opened()
    {
        var ex = Assert.Throws<UserFacingException>(() => CsvSniffer.Sniff("a,b\n1,2\n3,\"open\n4,5\n", true));
        Assert.Equal(3, ex.Line);
        Assert.Equal(3, ex.Column);
    }

    [Fact]
    public void Blank_lines_are_ignored_and_a_blank_file_is_empty()
    {
        Assert.Equal(2, CsvSniffer.Sniff("a,b\n1,2\n\n3,4\n\n", true).Rows.Count);
        Assert.Throws<UserFacingException>(() => CsvSniffer.Sniff("\n\n  \n", true));
    }

    [Fact]
    public void A_partial_sample_drops_its_cut_last_record()
    {
        var r = CsvSniffer.Sniff("a,b\n1,2\n3,\"unfinis", false);
        Assert.Single(r.Rows);
    }

    [Fact]
    public void The_hint_wins_for_a_single_column()
    {
        Assert.Equal('\t', CsvSniffer.Sniff("name\nAnn\nBo\n", true, '\t').Dialect.Delimiter);
    }
}
