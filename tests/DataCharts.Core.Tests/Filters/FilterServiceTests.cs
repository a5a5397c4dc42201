using DataCharts.Core.Datasets;
using DataCharts.Core.Filters;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Filters;

/// <summary>The catalog fixture plus a small people table with nulls, mixed case and LIKE wildcards in its values.</summary>
public sealed class FilterFixture : CatalogFixture
{
    public const string PeopleCsv =
        "id,name,city,score,joined,active\n" +
        "1,Ann,Paris,10,2024-01-05,true\n" +
        "2,bob,paris,25,2024-02-10,false\n" +
        "3,Cyd,London,,2023-12-31,true\n" +
        "4,Dee,,40,2024-03-01,\n" +
        "5,Eve_x,Berlin,55,2024-03-15,true\n" +
        "6,50% off,Rome,5,2024-04-01,false\n";

    public DatasetRecord People { get; private set; } = null!;
    public FilterService Filters { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        People = await Catalog.PublishAsync(await T.ImportAsync(T.File("people.csv", PeopleCsv)), CancellationToken.None);
        Filters = new FilterService(T.Engine, Derived);
    }
}

/// <summary>The filter builder run in DuckDB: every operation, case, nulls, AND/OR, order and pages, counts, and errors that name the condition.</summary>
public sealed class FilterServiceTests(FilterFixture f) : IClassFixture<FilterFixture>
{
    private static FilterCondition C(string field, string op, object? value = null, bool? caseSensitive = null) => new(field, op, value, caseSensitive);

    private async Task<List<long>> Ids(string combine, params FilterCondition[] conditions)
    {
        var r = await f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: conditions, CombineOperation: combine, OrderBy: "id"));
        return r.Rows.Rows.Select(row => (long)row[0]!).ToList();
    }

    private Task<List<long>> Ids(params FilterCondition[] conditions) => Ids("AND", conditions);

    [Fact]
    public async Task Equals_ignores_case_unless_the_condition_is_case_sensitive()
    {
        Assert.Equal([1, 2], await Ids(C("city", "equals", "PARIS")));
        Assert.Equal([2], await Ids(C("city", "equals", "paris", true)));
        Assert.Equal([3], await Ids(C("id", "equals", 3)));
        Assert.Equal([1, 3, 5], await Ids(C("active", "equals", "true")));
    }

    [Fact]
    public async Task Not_equals_keeps_rows_with_no_value_so_equals_and_not_equals_cover_every_row()
    {
        Assert.Equal([3, 4, 5, 6], await Ids(C("city", "not_equals", "paris")));
        Assert.Equal([1, 3, 4, 5, 6], await Ids(C("city", "not_equals", "paris", true)));
    }

    [Fact]
    public async Task Greater_than_and_less_than_compare_numbers_and_dates_by_value_not_as_text()
    {
        Assert.Equal([2, 4, 5], await Ids(C("score", "greater_than", 20)));
        Assert.Equal([2, 4, 5], await Ids(C("score", "greater_than", "20")));
        Assert.Equal([1, 6], await Ids(C("score", "less_than", 12.5)));
        Assert.Equal([3], await Ids(C("joined", "less_than", "2024-01-01")));
        Assert.Equal([5, 6], await Ids(C("joined", "greater_than", "2024-03-01")));
    }

    [Fact]
    public async Task Text_operations_treat_percent_and_underscore_as_plain_characters()
    {
        Assert.Equal([6], await Ids(C("name", "contains", "%")));
        Assert.Equal([5], await Ids(C("name", "contains", "_")));
        Assert.Equal([1, 2, 3, 6], await Ids(C("name", "not_contains", "E")));
        Assert.Equal([2], await Ids(C("name", "starts_with", "B")));
        Assert.Empty(await Ids(C("name", "starts_with", "B", true)));
        Assert.Equal([5], await Ids(C("name", "ends_with", "X")));
        Assert.Equal([1, 2, 3, 4, 6], await Ids(C("city", "not_contains", "berlin")));
        Assert.Equal([2, 4, 5], await Ids(C("joined", "contains", "-0"), C("score", "greater_than", 20)));
    }

    [Fact]
    public async Task In_range_includes_both_ends_and_not_in_range_keeps_the_rest_including_nulls()
    {
        Assert.Equal([1, 2, 4], await Ids(C("score", "in_range", new object[] { 10, 40 })));
        Assert.Equal([3, 5, 6], await Ids(C("score", "not_in_range", new object[] { 10, 40 })));
        Assert.Equal([2, 4], await Ids(C("joined", "in_range", new object[] { "2024-02-01", "2024-03-01" })));
    }

    [Fact]
    public async Task Regex_match_ignores_case_by_default()
    {
        Assert.Equal([1, 2, 3], await Ids(C("name", "regex_match", "^[a-c]")));
        Assert.Equal([2], await Ids(C("name", "regex_match", "^[a-c]", true)));
        Assert.Equal([6], await Ids(C("name", "regex_match", @"^\d+%")));
    }

    [Fact]
    public async Task Is_null_and_is_not_null_find_empty_cells()
    {
        Assert.Equal([3], await Ids(C("score", "is_null")));
        Assert.Equal([4], await Ids(C("city", "is_null")));
        Assert.Equal([1, 2, 3, 5, 6], await Ids(C("active", "is_not_null")));
    }

    [Fact]
    public async Task And_keeps_rows_matching_every_condition_and_or_rows_matching_any()
    {
        FilterCondition[] both = [C("city", "equals", "paris"), C("score", "greater_than", 20)];
        Assert.Equal([2], await Ids("AND", both));
        Assert.Equal([1, 2, 4, 5], await Ids("or", both));
    }

    [Fact]
    public async Task Ordered_pages_put_nulls_last_and_say_whether_more_rows_follow()
    {
        var first = await f.Filters.RunAsync(f.People, new FilterRequest(OrderBy: "score", OrderDirection: "desc", Limit: 2, Offset: 1));
        Assert.Equal([40L, 25L], first.Rows.Rows.Select(r => r[3]));
        Assert.Equal(new PageInfo(6, 1, 2, true), first.PageInfo);

        var last = await f.Filters.RunAsync(f.People, new FilterRequest(OrderBy: "score", OrderDirection: "desc", Limit: 2, Offset: 4));
        Assert.Equal([5L, null], last.Rows.Rows.Select(r => r[3]));
        Assert.Equal(new PageInfo(6, 4, 2, false), last.PageInfo);

        var asc = await f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: [C("score", "is_not_null")], OrderBy: "name", Limit: 1));
        Assert.Equal("50% off", asc.Rows.Rows[0][1]);
        Assert.Equal(new PageInfo(5, 0, 1, true), asc.PageInfo);
    }

    [Fact]
    public async Task The_summary_counts_each_condition_alone_and_the_share_of_rows_rejected()
    {
        var r = await f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: [C("city", "equals", "paris"), C("score", "greater_than", 20)], Limit: 10));
        Assert.Equal([2L, 3L], r.Summary.Conditions.Select(c => c.MatchedCount));
        Assert.Equal(["city", "score"], r.Summary.Conditions.Select(c => c.Field));
        Assert.Equal(["equals", "greater_than"], r.Summary.Conditions.Select(c => c.Operation));
        Assert.Equal((6L, 1L, 5L), (r.TotalCount, r.FilteredCount, r.Summary.RejectedCount));
        Assert.Equal(0.8333, r.Summary.RejectionRate);
        Assert.Single(r.Rows.Rows);
    }

    [Fact]
    public async Task A_value_that_looks_like_sql_injection_is_matched_literally()
    {
        var r = await f.Filters.RunAsync(f.Orders, new FilterRequest(FilterConditions: [C("customer", "equals", "x' OR 1=1 --", true)]));
        Assert.Equal(1, r.FilteredCount);
        Assert.Equal(3L, r.Rows.Rows[0][0]);
        var drop = await f.Filters.RunAsync(f.Orders, new FilterRequest(FilterConditions: [C("customer", "contains", "'; DROP TABLE orders; --")]));
        Assert.Equal(1, drop.FilteredCount);
        Assert.Equal(5, (await f.Filters.RunAsync(f.Orders, new FilterRequest())).TotalCount);
    }

    public static TheoryData<FilterCondition, string, string> BadConditions => new()
    {
        { C("score", "in_range", new object[] { 10 }), "value", "needs two values" },
        { C("scroe", "equals", 1), "field", "unknown field 'scroe'" },
        { C("score", "greater_than", "abc"), "value", "'abc' is not a number" },
        { C("joined", "less_than", "last tuesday"), "value", "not a date" },
        { C("name", "regex_match", "([a-"), "value", "not a valid regular expression" },
        { C("name", "bigger_than", "a"), "operation", "unknown operation 'bigger_than'" },
        { C("name", "equals"), "value", "needs a value" },
        { C("score", "in_range", new object[] { 40, 10 }), "value", "greater than max" },
    };

    [Theory]
    [MemberData(nameof(BadConditions))]
    public async Task A_wrong_condition_is_refused_with_its_index_field_and_reason(FilterCondition bad, string part, string reason)
    {
        var ex = await Assert.ThrowsAsync<FilterConditionException>(() =>
            f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: [C("city", "equals", "paris"), bad])));
        Assert.Equal(400, ex.Status);
        Assert.Equal(1, ex.Index);
        Assert.Equal(part, ex.Part);
        Assert.Equal($"filter_conditions[1].{part}", ex.Field);
        Assert.Contains("filter_conditions[1]", ex.Message);
        Assert.Contains(reason, ex.Message);
        if (part != "field") Assert.Contains($"'{bad.Field}'", ex.Message);
    }

    [Theory]
    [InlineData("XOR", null, null, "combine_operation")]
    [InlineData("AND", "sideways", null, "order_direction")]
    [InlineData("AND", "asc", "nope", "order_by")]
    public async Task A_wrong_combine_operation_or_order_is_refused_naming_the_setting(string combine, string? direction, string? orderBy, string field)
    {
        var ex = await Assert.ThrowsAsync<UserFacingException>(() =>
            f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: [C("city", "equals", "paris")], CombineOperation: combine, OrderBy: orderBy, OrderDirection: direction)));
        Assert.Equal(400, ex.Status);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public async Task Save_as_makes_a_dataset_of_every_matching_row_not_just_the_page()
    {
        var r = await f.Filters.RunAsync(f.People, new FilterRequest(FilterConditions: [C("score", "is_not_null")], OrderBy: "score", Limit: 2, SaveAs: "Scored people"));
        Assert.Equal(2, r.Rows.Rows.Count);
        Assert.NotNull(r.Saved);
        var saved = await f.Catalog.GetAsync(r.Saved!.Id);
        Assert.Equal("Scored people", saved.Name);
        Assert.Equal(5, saved.Tables[0].RowCount);
        Assert.Equal(f.People.Tables[0].Columns.Select(c => (c.Name, c.Type)), saved.Tables[0].Columns.Select(c => (c.Name, c.Type)));
        var again = await f.Filters.RunAsync(saved, new FilterRequest(Limit: 1));
        Assert.Equal(5L, again.Rows.Rows[0][3]);
    }
}
