using DataCharts.Core.Charts;
using DataCharts.Core.Reports;

namespace DataCharts.Core.Tests.Reports;

/// <summary>The report format of PRODUCT.md §6: every block kind, every error, and the file line each one points at.</summary>
public sealed class ReportParserTests
{
    /// <summary>Joins lines with \n, so line N of the file is element N-1 of the array.</summary>
    private static ReportDocument Parse(params string[] lines) => ReportParser.Parse(string.Join("\n", lines), "Fallback title");

    private static ErrorBlock SingleError(ReportDocument doc) => Assert.Single(doc.Blocks.OfType<ErrorBlock>());

    private static void AssertError(ReportDocument doc, int line, params string[] mentions)
    {
        var e = SingleError(doc);
        Assert.StartsWith($"Line {line}: ", e.Message);
        foreach (var m in mentions) Assert.Contains(m, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Front_matter_gives_title_and_dataset_with_its_line()
    {
        var doc = Parse("---", "# a comment", "title: \"Tips by day\"", "data: Demo sales", "tags: [a, b]", "---", "Hello");
        Assert.Equal("Tips by day", doc.Title);
        Assert.Equal("Demo sales", doc.Data);
        Assert.Equal(4, doc.DataLine);
        var md = Assert.IsType<MarkdownBlock>(Assert.Single(doc.Blocks));
        Assert.Equal("Hello", md.Text);
        Assert.Equal(7, md.Line);
    }

    [Fact]
    public void Without_front_matter_the_fallback_title_is_used_and_no_dataset_named()
    {
        var doc = Parse("# Heading", "", "text");
        Assert.Equal("Fallback title", doc.Title);
        Assert.Null(doc.Data);
        var md = Assert.IsType<MarkdownBlock>(Assert.Single(doc.Blocks));
        Assert.Equal(1, md.Line);
        Assert.Contains("text", md.Text);
    }

    [Fact]
    public void An_unclosed_front_matter_is_an_error_on_line_1()
    {
        var doc = Parse("---", "title: T", "data: x", "", "Some text");
        AssertError(doc, 1, "front matter", "never closed");
        Assert.Equal(1, SingleError(doc).Line);
    }

    [Fact]
    public void Every_block_kind_is_read_with_its_file_line()
    {
        var doc = Parse(
            "---",                        // 1
            "title: All kinds",           // 2
            "data: Demo sales",           // 3
            "---",                        // 4
            "# Intro",                    // 5
            "",                           // 6
            "```input region",            // 7
            "type: select",               // 8
            "label: Region",              // 9
            "options: North, South, \"East, far\"", // 10
            "default: South",             // 11
            "```",                        // 12
            "Between the blocks.",        // 13
            "```sql by_region",           // 14
            "SELECT region, SUM(revenue) AS revenue", // 15
            "FROM orders WHERE region = $region GROUP BY region", // 16
            "```",                        // 17
            "```chart",                   // 18
            "data: by_region",            // 19
            "type: horizontal_bar",       // 20
            "x: region",                  // 21
            "y: revenue, orders",         // 22
            "title: Revenue",             // 23
            "sort: y desc",               // 24
            "```",                        // 25
            "Closing words.");            // 26
        Assert.Empty(doc.Blocks.OfType<ErrorBlock>());
        Assert.Collection(doc.Blocks,
            b => { var md = Assert.IsType<MarkdownBlock>(b); Assert.Equal("# Intro", md.Text); Assert.Equal(5, md.Line); },
            b =>
            {
                var input = Assert.IsType<InputBlock>(b);
                Assert.Equal(7, input.Line);
                Assert.Equal("region", input.Name);
                Assert.Equal(InputKind.Select, input.Spec.Type);
                Assert.Equal("Region", input.Spec.Label);
                Assert.Equal(["North", "South", "East, far"], input.Spec.Options);
                Assert.Equal(["South"], input.Spec.Default);
            },
            b => { var md = Assert.IsType<MarkdownBlock>(b); Assert.Equal("Between the blocks.", md.Text); Assert.Equal(13, md.Line); },
            b =>
            {
                var sql = Assert.IsType<SqlBlock>(b);
                Assert.Equal(14, sql.Line);
                Assert.Equal(15, sql.SqlLine);
                Assert.Equal("by_region", sql.Name);
                Assert.False(sql.Hidden);
                Assert.Equal("SELECT region, SUM(revenue) AS revenue\nFROM orders WHERE region = $region GROUP BY region", sql.Sql);
                Assert.Equal(["region"], sql.Parameters);
            },
            b =>
            {
                var chart = Assert.IsType<ChartBlock>(b);
                Assert.Equal(18, chart.Line);
                Assert.Equal("by_region", chart.Data);
                Assert.Equal(ChartType.HorizontalBar, chart.Spec.Type);
                Assert.Equal("region", chart.Spec.X);
                Assert.Equal(["revenue", "orders"], chart.Spec.Y);
                Assert.Equal("Revenue", chart.Spec.Title);
                Assert.Equal("y desc", chart.Spec.Sort);
                Assert.Equal(19, chart.KeyLines["data"]);
                Assert.Equal(21, chart.KeyLines["x"]);
                Assert.Equal(22, chart.KeyLines["y"]);
            },
            b => { var md = Assert.IsType<MarkdownBlock>(b); Assert.Equal("Closing words.", md.Text); Assert.Equal(26, md.Line); });
        Assert.Equal(Enumerable.Range(0, doc.Blocks.Count), doc.Blocks.Select(b => b.Index));
        Assert.Same(doc.Blocks[3], doc.Query("BY_REGION"));
        Assert.Same(doc.Blocks[1], doc.Input("Region"));
    }

    [Fact]
    public void Windows_line_endings_give_the_same_blocks_lines_and_sql()
    {
        string[] lines = ["---", "title: T", "data: d", "---", "Text", "```input n", "type: slider", "min: 1", "max: 5", "```", "```sql q", "SELECT *", "FROM t WHERE x >= $n", "```", "```chart", "data: q", "x: a", "y: b", "```"];
        var lf = ReportParser.Parse(string.Join("\n", lines), "f");
        var crlf = ReportParser.Parse(string.Join("\r\n", lines) + "\r\n", "f");
        Assert.Empty(crlf.Blocks.OfType<ErrorBlock>());
        Assert.Equal("T", crlf.Title);
        Assert.Equal("d", crlf.Data);
        Assert.Equal(lf.Blocks.Select(b => (b.GetType(), b.Line)), crlf.Blocks.Select(b => (b.GetType(), b.Line)));
        var sql = Assert.Single(crlf.Queries);
        Assert.Equal("SELECT *\nFROM t WHERE x >= $n", sql.Sql);
        Assert.DoesNotContain('\r', sql.Sql);
        Assert.Equal(12, sql.SqlLine);
        Assert.Equal(5, Assert.IsType<InputBlock>(crlf.Blocks[1]).Spec.Max);
        Assert.Equal("b", Assert.IsType<ChartBlock>(crlf.Blocks[3]).Spec.Y[0]);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("")]
    [InlineData("json")]
    [InlineData("sqlite")]
    public void Ordinary_code_blocks_stay_markdown_even_with_fences_of_live_kinds_inside(string info)
    {
        var doc = Parse("Before", "````" + info, "```sql q", "SELECT 1", "```", "````", "After");
        var md = Assert.IsType<MarkdownBlock>(Assert.Single(doc.Blocks));
        Assert.Equal(1, md.Line);
        Assert.Contains("```sql q", md.Text);
        Assert.Contains("After", md.Text);
        Assert.Empty(doc.Queries);
    }

    [Fact]
    public void A_python_block_is_markdown_and_the_blocks_around_it_keep_their_lines()
    {
        var doc = Parse("```python", "print('$x')", "```", "```sql q", "SELECT 1", "```");
        Assert.Collection(doc.Blocks,
            b => Assert.Contains("print('$x')", Assert.IsType<MarkdownBlock>(b).Text),
            b => Assert.Equal(4, Assert.IsType<SqlBlock>(b).Line));
        Assert.Contains("<code class=\"language-python\">", SafeMarkdown.ToHtml(((MarkdownBlock)doc.Blocks[0]).Text));
    }

    [Fact]
    public void Tilde_fences_and_long_backtick_fences_hold_live_blocks()
    {
        var doc = Parse("~~~sql a", "SELECT 1", "~~~", "````sql b", "SELECT '```'", "````");
        Assert.Equal(["a", "b"], doc.Queries.Select(q => q.Name));
        Assert.Equal("SELECT '```'", doc.Query("b")!.Sql);
    }

    [Theory]
    [InlineData("sql", "SELECT 1")]
    [InlineData("input x", "type: text")]
    [InlineData("chart", "data: q")]
    public void An_unclosed_live_block_is_an_error_at_its_opening_line(string info, string body)
    {
        var doc = Parse("Intro", "", "```" + info, body, "more");
        AssertError(doc, 3, "never closed");
        Assert.Equal(3, SingleError(doc).Line);
        Assert.IsType<MarkdownBlock>(doc.Blocks[0]);
    }

    [Fact]
    public void An_input_without_a_name_is_an_error()
    {
        var doc = Parse("", "```input", "type: text", "```");
        AssertError(doc, 2, "needs a name");
        Assert.Equal("input", SingleError(doc).Kind);
    }

    [Fact]
    public void An_input_name_that_is_not_an_identifier_is_an_error()
    {
        AssertError(Parse("```input 1st", "type: text", "```"), 1, "cannot be an input name");
        AssertError(Parse("```input my-name", "type: text", "```"), 1, "cannot be an input name");
    }

    [Theory]
    [InlineData("handler")]
    [InlineData("Block")]
    public void An_input_named_like_the_pages_own_query_parameters_is_an_error(string name)
    {
        AssertError(Parse("```input " + name, "type: text", "```"), 1, "reserved");
    }

    [Fact]
    public void A_block_with_two_names_is_an_error()
    {
        AssertError(Parse("```sql a b", "SELECT 1", "```"), 1, "one name");
    }

    [Fact]
    public void An_input_without_a_type_is_an_error()
    {
        AssertError(Parse("x", "```input size", "label: Size", "```"), 2, "needs a type");
    }

    [Fact]
    public void An_unknown_input_type_is_an_error_at_the_type_line()
    {
        AssertError(Parse("```input size", "label: Size", "type: checkbox", "```"), 3, "\"checkbox\" is not an input type");
    }

    [Theory]
    [InlineData("select", InputKind.Select)]
    [InlineData("dropdown", InputKind.Select)]
    [InlineData("multiselect", InputKind.Multiselect)]
    [InlineData("multi-select", InputKind.Multiselect)]
    [InlineData("slider", InputKind.Slider)]
    [InlineData("date_range", InputKind.DateRange)]
    [InlineData("daterange", InputKind.DateRange)]
    [InlineData("text", InputKind.Text)]
    public void Input_types_are_read_in_their_spellings(string type, InputKind kind)
    {
        var doc = Parse("```input v", "type: " + type, "options: a, b", "min: 0", "max: 9", "```");
        if (kind == InputKind.DateRange) doc = Parse("```input v", "type: " + type, "```");
        Assert.Equal(kind, Assert.IsType<InputBlock>(Assert.Single(doc.Blocks)).Spec.Type);
    }

    [Fact]
    public void An_unknown_key_is_an_error_at_its_line()
    {
        AssertError(Parse("```input size", "type: slider", "min: 1", "max: 4", "colour: red", "```"), 5, "\"colour\" is not a key of an input block");
        AssertError(Parse("```chart", "data: q", "x: a", "y: b", "color: red", "```"), 5, "\"color\" is not a key of a chart block");
    }

    [Fact]
    public void A_line_that_is_not_key_value_is_an_error_at_its_line()
    {
        AssertError(Parse("```chart", "data: q", "just words", "```"), 3, "expected key: value");
    }

    [Fact]
    public void A_key_given_twice_is_an_error_naming_both_lines()
    {
        AssertError(Parse("```input size", "type: slider", "min: 1", "max: 4", "min: 2", "```"), 5, "given twice", "first on line 3");
    }

    [Fact]
    public void Comments_and_blank_lines_in_a_body_are_ignored()
    {
        var doc = Parse("```input size", "# the party size", "", "type: slider", "min: 1", "max: 4", "```");
        Assert.Equal(4, Assert.IsType<InputBlock>(Assert.Single(doc.Blocks)).Spec.Max);
    }

    [Fact]
    public void Two_inputs_with_one_name_are_an_error_at_the_second()
    {
        var doc = Parse("```input size", "type: text", "```", "", "```input Size", "type: text", "```");
        AssertError(doc, 5, "already", "\"Size\"", "(line 1)");
        Assert.IsType<InputBlock>(doc.Blocks[0]);
        Assert.Equal(5, doc.Blocks[1].Line);
    }

    [Fact]
    public void Two_queries_with_one_name_are_an_error_but_an_input_and_a_query_may_share_it()
    {
        var doc = Parse("```sql q", "SELECT 1", "```", "```sql q", "SELECT 2", "```", "```input q", "type: text", "```");
        AssertError(doc, 4, "already a sql block named \"q\" (line 1)");
        Assert.IsType<InputBlock>(doc.Blocks[2]);
        Assert.Equal("SELECT 1", doc.Query("q")!.Sql);
    }

    [Theory]
    [InlineData("select")]
    [InlineData("multiselect")]
    public void A_select_without_options_is_an_error(string type)
    {
        AssertError(Parse("```input region", "type: " + type, "```"), 1, "needs options");
        AssertError(Parse("```input region", "type: " + type, "options:", "```"), 1, "needs options");
    }

    [Theory]
    [InlineData("min: 1")]
    [InlineData("max: 1")]
    public void A_slider_without_min_or_max_is_an_error(string bound)
    {
        AssertError(Parse("```input size", "type: slider", bound, "```"), 1, "needs min and max");
    }

    [Fact]
    public void A_slider_with_min_above_max_is_an_error_at_the_min_line()
    {
        AssertError(Parse("```input size", "type: slider", "max: 1", "min: 5", "```"), 4, "min 5 above max 1");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_slider_step_not_above_zero_is_an_error_at_the_step_line(string step)
    {
        AssertError(Parse("```input size", "type: slider", "min: 1", "max: 5", "step: " + step, "```"), 5, "step", "above 0");
    }

    [Fact]
    public void A_slider_bound_that_is_not_a_number_is_an_error_at_its_line()
    {
        AssertError(Parse("```input size", "type: slider", "min: one", "max: 5", "```"), 3, "min", "must be a number", "\"one\"");
    }

    [Fact]
    public void A_date_range_bound_that_is_not_a_date_is_an_error_at_its_line()
    {
        AssertError(Parse("```input period", "type: date_range", "min: 2024-01-01", "max: 31/12/2024", "```"), 4, "must be a date");
    }

    [Theory]
    [InlineData("type: select", "options: a, b", "default: c")]
    [InlineData("type: multiselect", "options: a, b", "default: a, c")]
    [InlineData("type: slider", "min: 1\nmax: 5", "default: 9")]
    [InlineData("type: slider", "min: 1\nmax: 5", "default: many")]
    [InlineData("type: date_range", "min: 2024-01-01", "default: 2024-02-01..2024-01-01")]
    [InlineData("type: date_range", "min: 2024-01-01", "default: yesterday")]
    public void A_default_that_is_not_allowed_is_an_error_at_the_default_line(string type, string bounds, string def)
    {
        var lines = new List<string> { "Intro", "```input v", type };
        lines.AddRange(bounds.Split('\n'));
        lines.Add(def);
        lines.Add("```");
        var doc = Parse([.. lines]);
        AssertError(doc, lines.Count - 1, "default");
    }

    [Theory]
    [InlineData("type: select\noptions: 1, 2, 3", 1L)]
    [InlineData("type: slider\nmin: 5\nmax: 9", 5L)]
    public void An_empty_default_is_no_default(string body, long expected)
    {
        var doc = Parse(["```input n", .. body.Split('\n'), "default:", "```"]);
        var input = Assert.IsType<InputBlock>(Assert.Single(doc.Blocks));
        Assert.Null(input.Spec.Default);
        Assert.Equal(expected, InputBinder.Bind(input, null).Parameters["n"]);
    }

    [Fact]
    public void Input_details_are_typed_options_bounds_and_defaults()
    {
        var doc = Parse(
            "```input size", "type: slider", "min: 1", "max: 6", "step: 0.5", "default: 2.5", "```",
            "```input channels", "type: multiselect", "options: [Online, Retail, Partner]", "default: Online, Retail", "```",
            "```input period", "type: date_range", "min: 2024-01-01", "max: 2024-12-31", "default: 2024-03-01..2024-03-31", "```",
            "```input who", "type: text", "default: 'Ann'", "```");
        Assert.Empty(doc.Blocks.OfType<ErrorBlock>());
        var size = doc.Input("size")!.Spec;
        Assert.Equal((1d, 6d, 0.5d), (size.Min!.Value, size.Max!.Value, size.Step!.Value));
        Assert.Equal(["2.5"], size.Default);
        var channels = doc.Input("channels")!.Spec;
        Assert.Equal(["Online", "Retail", "Partner"], channels.Options);
        Assert.Equal(["Online", "Retail"], channels.Default);
        var period = doc.Input("period")!.Spec;
        Assert.Equal(("2024-01-01", "2024-12-31"), (period.DateMin, period.DateMax));
        Assert.Equal(["2024-03-01", "2024-03-31"], period.Default);
        Assert.Equal(["Ann"], doc.Input("who")!.Spec.Default);
    }

    [Theory]
    [InlineData("x: a\ny: b")]
    [InlineData("data: q\ny: b")]
    [InlineData("data: q\nx: a")]
    [InlineData("data: q\nx: a\ny:")]
    public void A_chart_without_data_x_or_y_is_an_error_at_its_opening_line(string body)
    {
        var lines = new List<string> { "Intro", "", "```chart" };
        lines.AddRange(body.Split('\n'));
        lines.Add("```");
        var doc = Parse([.. lines]);
        AssertError(doc, 3, "the chart needs");
        Assert.Equal("chart", SingleError(doc).Kind);
    }

    [Fact]
    public void An_unknown_chart_type_is_an_error_at_the_type_line()
    {
        AssertError(Parse("```chart", "data: q", "x: a", "y: b", "type: donut", "```"), 5, "\"donut\" is not a chart type");
    }

    [Theory]
    [InlineData("bar", ChartType.Bar)]
    [InlineData("line", ChartType.Line)]
    [InlineData("stacked", ChartType.StackedBar)]
    [InlineData("grouped-bar", ChartType.GroupedBar)]
    [InlineData("barh", ChartType.HorizontalBar)]
    [InlineData("Pie", ChartType.Pie)]
    [InlineData("heatmap", ChartType.Heatmap)]
    public void Chart_types_are_read_in_their_spellings(string type, ChartType expected)
    {
        var doc = Parse("```chart", "data: q", "x: a", "y: b", "type: " + type, "```");
        Assert.Equal(expected, Assert.IsType<ChartBlock>(Assert.Single(doc.Blocks)).Spec.Type);
    }

    [Fact]
    public void A_chart_type_given_as_a_number_is_not_a_chart_type()
    {
        AssertError(Parse("```chart", "data: q", "x: a", "y: b", "type: 1", "```"), 5, "not a chart type");
    }

    [Fact]
    public void A_chart_without_a_type_is_a_bar_chart()
    {
        Assert.Equal(ChartType.Bar, Assert.IsType<ChartBlock>(Assert.Single(Parse("```chart", "data: q", "x: a", "y: b", "```").Blocks)).Spec.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n   ")]
    [InlineData("hidden: true")]
    [InlineData("hidden: true\n")]
    public void A_sql_block_without_sql_is_an_error(string body)
    {
        var lines = new List<string> { "x", "```sql empty" };
        if (body.Length > 0) lines.AddRange(body.Split('\n'));
        lines.Add("```");
        AssertError(Parse([.. lines]), 2, "has no SQL");
    }

    [Fact]
    public void Hidden_true_on_the_first_line_hides_the_table_and_is_not_part_of_the_sql()
    {
        var doc = Parse("```sql q", "", "hidden: true", "", "SELECT 1", "```", "```sql r", "hidden: false", "SELECT 2", "```", "```sql s", "SELECT 3", "```");
        var q = doc.Query("q")!;
        Assert.True(q.Hidden);
        Assert.Equal("SELECT 1", q.Sql);
        Assert.Equal(5, q.SqlLine);
        var r = doc.Query("r")!;
        Assert.False(r.Hidden);
        Assert.Equal("SELECT 2", r.Sql);
        Assert.Equal(9, r.SqlLine);
        Assert.False(doc.Query("s")!.Hidden);
    }

    [Fact]
    public void A_sql_block_may_be_anonymous()
    {
        var sql = Assert.IsType<SqlBlock>(Assert.Single(Parse("```sql", "SELECT 1", "```").Blocks));
        Assert.Null(sql.Name);
    }

    [Fact]
    public void A_bad_block_does_not_stop_the_blocks_after_it()
    {
        var doc = Parse("```input", "type: text", "```", "```sql q", "SELECT 1", "```", "```chart", "data: q", "x: a", "y: b", "```", "Words");
        Assert.Collection(doc.Blocks,
            b => Assert.IsType<ErrorBlock>(b),
            b => Assert.IsType<SqlBlock>(b),
            b => Assert.IsType<ChartBlock>(b),
            b => Assert.IsType<MarkdownBlock>(b));
    }

    [Fact]
    public void The_demo_report_in_the_repository_reads_without_errors()
    {
        var path = RepoFile("pages", "sales-overview.md");
        var doc = ReportParser.Parse(File.ReadAllText(path), "x");
        Assert.Empty(doc.Blocks.OfType<ErrorBlock>());
        Assert.Equal("Sales overview", doc.Title);
        Assert.Equal("Demo sales", doc.Data);
        Assert.Equal(["year", "channels"], doc.Inputs.Select(i => i.Name));
        Assert.Equal(["by_region", "by_month"], doc.Queries.Select(q => q.Name));
        Assert.True(doc.Query("by_month")!.Hidden);
        Assert.Equal(2, doc.Blocks.OfType<ChartBlock>().Count());
    }

    internal static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
