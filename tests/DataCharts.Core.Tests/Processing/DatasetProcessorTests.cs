using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Processing;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Processing;

/// <summary>The catalog fixture plus a small messy table: padded text, blank rows, duplicates, bad numbers and dates.</summary>
public sealed class ProcessFixture : CatalogFixture
{
    // Rows: 1 padded Ann · 2 Bob with a bad age · 3 all empty · 4 copy of 1 · 5 Cy with nulls · 6 only blanks · 7 Ann trimmed · 8 Bob with a bad date
    public const string MessyCsv =
        "name,city,age,score,joined\n" +
        "\"  Ann \",Oslo,30,1.5,2024-01-02\n" +
        "Bob,\"  Rome\",abc,,2024-02-03\n" +
        ",,,,\n" +
        "\"  Ann \",Oslo,30,1.5,2024-01-02\n" +
        "Cy,Paris,,2.5,\n" +
        "\"   \",,,,\n" +
        "Ann,Oslo,30,1.5,2024-01-02\n" +
        "Bob,Rome,41,3.5,not a date\n";

    public DatasetRecord Messy { get; private set; } = null!;
    public DatasetProcessor Processor { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Messy = await Catalog.PublishAsync(await T.ImportAsync(T.File("messy.csv", MessyCsv)), CancellationToken.None);
        Processor = new DatasetProcessor(T.Engine, Catalog, Derived);
    }
}

/// <summary>Cleaning a table into a new dataset: each step on known rows, steps together, counts, and refusals that name the problem.</summary>
public sealed class DatasetProcessorTests(ProcessFixture f) : IClassFixture<ProcessFixture>
{
    private Task<ProcessOutcome> Run(string optionsJson, DatasetRecord? source = null, string? name = null) =>
        f.Processor.ProcessAsync(new ProcessRequest((source ?? f.Messy).Id, null, name, PreprocessOptions.FromJson(JsonDocument.Parse(optionsJson).RootElement)));

    private List<string?[]> Rows(ProcessOutcome o) => f.T.Rows(o.Result.Id, o.Table);

    private static int Col(ProcessOutcome o, string name) => o.Result.Tables[0].Columns.FindIndex(c => c.Name == name);

    [Fact]
    public async Task The_messy_table_is_read_as_the_tests_expect()
    {
        var t = f.Messy.Tables[0];
        Assert.Equal(8, t.RowCount);
        Assert.Equal([ColumnType.Text, ColumnType.Text, ColumnType.Text, ColumnType.Decimal, ColumnType.Text], t.Columns.Select(c => c.Type));
        var rows = f.T.Rows(f.Messy.Id, t.Name);
        Assert.Equal("  Ann ", rows[0][0]);
        Assert.Equal("   ", rows[5][0]);
        Assert.All(rows[2], Assert.Null);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Trimming_removes_leading_and_trailing_whitespace_from_text_values_and_counts_them()
    {
        var o = await Run("""{"trim_whitespace": true}""");
        var rows = Rows(o);
        Assert.Equal(8, o.RowCount);
        Assert.Equal(["Ann", "Bob", null, "Ann", "Cy", "", "Ann", "Bob"], rows.Select(r => r[0]));
        Assert.Equal("Rome", rows[1][1]);
        var step = Assert.Single(o.Steps);
        Assert.Equal("trim_whitespace", step.Step);
        Assert.Equal(4, step.RowsAffected); // rows 1, 2, 4 and 6
        Assert.Contains("name 3", step.Detail);
        Assert.Contains("city 1", step.Detail);
    }

    [Fact]
    public async Task Trimming_a_file_without_a_header_trims_its_first_row_too()
    {
        var imported = await f.T.ImportAsync(f.T.File("noheader.csv", "\"  alpha \",\" x\"\n\" beta\",\"y  \"\n"), options: new ImportOptions(Header: false));
        var source = await f.Catalog.PublishAsync(imported, CancellationToken.None);
        var o = await Run("""{"trim_whitespace": true}""", source);
        Assert.Equal([["alpha", "x"], ["beta", "y"]], Rows(o).Select(r => r.ToArray()));
        Assert.Equal(2, o.Steps[0].RowsAffected);
    }

    [Fact]
    public async Task Empty_rows_are_dropped_including_rows_of_only_blank_text()
    {
        var o = await Run("""{"drop_empty_rows": true}""");
        Assert.Equal(8, o.RowsBefore);
        Assert.Equal(6, o.RowCount);
        Assert.Equal(2, o.RowsRemoved);
        Assert.Equal(new ProcessStep("drop_empty_rows", "Removed 2 rows with no values (null or blank in every column).", 2), Assert.Single(o.Steps));
        Assert.DoesNotContain(Rows(o), r => r.All(v => string.IsNullOrWhiteSpace(v)));
    }

    [Fact]
    public async Task Duplicates_are_removed_keeping_the_first_in_the_original_order()
    {
        var exact = await Run("""{"remove_duplicates": true}""");
        Assert.Equal(7, exact.RowCount); // row 4 repeats row 1; row 7 differs by its padding
        Assert.Equal(1, exact.Steps[0].RowsAffected);

        var cleaned = await Run("""{"trim_whitespace": true, "remove_duplicates": true}""");
        Assert.Equal(6, cleaned.RowCount); // after trimming, row 7 repeats row 1 too
        Assert.Equal(["Ann", "Bob", null, "Cy", "", "Bob"], Rows(cleaned).Select(r => r[0]));
        Assert.Equal(2, cleaned.Steps.Single(s => s.Step == "remove_duplicates").RowsAffected);

        var byName = await Run("""{"trim_whitespace": true, "remove_duplicates": true, "dedupe_columns": ["NAME"]}""");
        Assert.Equal(["Ann", "Bob", null, "Cy", ""], Rows(byName).Select(r => r[0]));
        Assert.Equal("Rome", Rows(byName)[1][1]); // the first Bob is kept, with its (trimmed) city
        Assert.Contains("the same name", byName.Steps[^1].Detail);
    }

    [Fact]
    public async Task Nulls_are_filled_with_a_value_per_column_and_with_a_value_for_every_other_column()
    {
        var o = await Run("""{"fill_nulls": {"score": 0.25, "*": "n/a"}}""");
        var rows = Rows(o);
        Assert.Equal("0.25", rows[1][Col(o, "score")]);
        Assert.Equal("n/a", rows[2][Col(o, "name")]);
        Assert.Equal("n/a", rows[4][Col(o, "joined")]);
        Assert.Equal("2.5", rows[4][Col(o, "score")]); // not null: untouched
        Assert.Equal(ColumnType.Decimal, o.Result.Tables[0].Columns[Col(o, "score")].Type);
        var step = Assert.Single(o.Steps);
        Assert.Equal(4, step.RowsAffected); // rows 2, 3, 5 and 6 had nulls
        Assert.Contains("score 3 with '0.25'", step.Detail);
    }

    [Fact]
    public async Task Nulls_are_filled_by_mean_median_mode_zero_and_empty()
    {
        var numbers = await f.Catalog.PublishAsync(await f.T.ImportAsync(f.T.File("nums.csv", "a,b,c,d,e\n1,10,x,5,p\n,20,x,,\n3,,y,7,q\n8,90,,,r\n")), CancellationToken.None);
        var o = await Run("""{"fill_nulls": {"a": "mean", "b": "median", "c": "mode", "d": "zero", "e": "empty"}}""", numbers);
        var rows = Rows(o);
        Assert.Equal("4", rows[1][0]); // mean of 1, 3, 8 is 4 (integer column stays integer)
        Assert.Equal("20", rows[2][1]); // median of 10, 20, 90
        Assert.Equal("x", rows[3][2]);
        Assert.Equal(["5", "0", "7", "0"], rows.Select(r => r[3]));
        Assert.Equal("", rows[1][4]);
        Assert.Equal([ColumnType.Integer, ColumnType.Integer, ColumnType.Text, ColumnType.Integer, ColumnType.Text], o.Result.Tables[0].Columns.Select(c => c.Type));
        Assert.Equal(3, o.Steps[0].RowsAffected);
    }

    [Fact]
    public async Task Casts_change_types_and_values_that_cannot_be_cast_become_null_and_are_reported_with_an_example()
    {
        var o = await Run("""{"cast_types": {"age": "integer", "joined": "date", "score": "text"}}""");
        var columns = o.Result.Tables[0].Columns;
        Assert.Equal(ColumnType.Integer, columns[Col(o, "age")].Type);
        Assert.Equal(ColumnType.Date, columns[Col(o, "joined")].Type);
        Assert.Equal(ColumnType.Text, columns[Col(o, "score")].Type);
        var rows = Rows(o);
        Assert.Equal(["30", null, null, "30", null, null, "30", "41"], rows.Select(r => r[Col(o, "age")]));
        Assert.Null(rows[7][Col(o, "joined")]);
        Assert.Equal("2024-02-03", rows[1][Col(o, "joined")]);
        var step = Assert.Single(o.Steps);
        Assert.Equal(2, step.RowsAffected);
        Assert.Contains("age text → integer (1 value could not be cast and became null, e.g. 'abc')", step.Detail);
        Assert.Contains("joined text → date (1 value could not be cast and became null, e.g. 'not a date')", step.Detail);
    }

    [Fact]
    public async Task Several_steps_together_run_in_order_and_each_reports_what_it_did()
    {
        var o = await Run("""
            {"trim_whitespace": true, "drop_empty_rows": true, "remove_duplicates": true,
             "cast_types": {"age": "integer"}, "fill_nulls": {"age": "median", "city": "unknown"}}
            """, name: "People, clean");
        Assert.Equal("People, clean", o.Result.Name);
        Assert.Equal(["trim_whitespace", "drop_empty_rows", "cast_types", "fill_nulls", "remove_duplicates"], o.Steps.Select(s => s.Step));
        Assert.Equal(8, o.RowsBefore);
        // Rows 3 and 6 are empty once trimmed; rows 4 and 7 repeat row 1.
        Assert.Equal(4, o.RowCount);
        Assert.Equal(4, o.RowsRemoved);
        var rows = Rows(o);
        Assert.Equal(["Ann", "Bob", "Cy", "Bob"], rows.Select(r => r[0]));
        Assert.Equal(["30", "30", "30", "41"], rows.Select(r => r[Col(o, "age")])); // median of 30, 30, 30, 41 fills Bob's and Cy's
        Assert.Equal(2, o.Steps.Single(s => s.Step == "drop_empty_rows").RowsAffected);
        Assert.Equal(2, o.Steps.Single(s => s.Step == "remove_duplicates").RowsAffected);
    }

    [Fact]
    public async Task The_source_dataset_stays_as_it_was()
    {
        var before = f.T.Rows(f.Messy.Id, f.Messy.Tables[0].Name);
        var o = await Run("""{"trim_whitespace": true, "drop_empty_rows": true, "cast_types": {"age": "integer"}}""");
        Assert.NotEqual(f.Messy.Id, o.Result.Id);
        Assert.Equal(f.Messy.Id, o.Source.Id);
        Assert.Equal(before, f.T.Rows(f.Messy.Id, f.Messy.Tables[0].Name));
        var source = await f.Catalog.GetAsync(f.Messy.Id);
        Assert.Equal(8, source.Tables[0].RowCount);
        Assert.Equal(ColumnType.Text, source.Tables[0].Columns.Single(c => c.Name == "age").Type);
    }

    [Fact]
    public async Task A_fill_value_that_looks_like_sql_is_stored_as_plain_text()
    {
        const string Evil = "x'); DROP TABLE orders; --";
        var o = await Run(JsonSerializer.Serialize(new { fill_nulls = new Dictionary<string, string> { ["city"] = Evil } }));
        Assert.Equal(Evil, Rows(o)[2][1]);
        Assert.Equal(5, f.T.Rows(f.Orders.Id, "orders").Count);
    }

    [Theory]
    [InlineData("""{"cast_types": {"agee": "integer"}}""", "agee", "preprocess_options.cast_types.agee")]
    [InlineData("""{"fill_nulls": {"nope": 1}}""", "nope", "preprocess_options.fill_nulls.nope")]
    [InlineData("""{"remove_duplicates": true, "dedupe_columns": ["ghost"]}""", "ghost", "preprocess_options.dedupe_columns")]
    [InlineData("""{"cast_types": {"age": "money"}}""", "money", "preprocess_options.cast_types.age")]
    [InlineData("""{"trim": true}""", "trim", "preprocess_options.trim")]
    [InlineData("""{"fill_nulls": {"score": "lots"}}""", "score", "preprocess_options.fill_nulls.score")]
    [InlineData("""{"fill_nulls": {"name": "mean"}}""", "name", "preprocess_options.fill_nulls.name")]
    [InlineData("""{"drop_empty_rows": "yes"}""", "drop_empty_rows", "preprocess_options.drop_empty_rows")]
    [InlineData("""{}""", "at least one", "preprocess_options")]
    public async Task Refusals_name_the_column_or_option_that_is_wrong(string options, string mention, string field)
    {
        var before = (await f.Catalog.ListAsync()).Count;
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => Run(options));
        Assert.Equal(400, ex.Status);
        Assert.Contains(mention, ex.Message);
        Assert.Equal(field, ex.Field);
        Assert.Equal(before, (await f.Catalog.ListAsync()).Count);
    }

    [Fact]
    public async Task An_unknown_column_refusal_lists_the_columns_there_are()
    {
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => Run("""{"cast_types": {"agee": "integer"}}"""));
        Assert.Contains("name, city, age, score, joined", ex.Message);
    }

    [Fact]
    public async Task An_unknown_dataset_is_not_found()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() =>
            f.Processor.ProcessAsync(new ProcessRequest("ds_000000000000", null, null, new PreprocessOptions { TrimWhitespace = true })));
        Assert.Equal(404, ex.Status);
    }
}
