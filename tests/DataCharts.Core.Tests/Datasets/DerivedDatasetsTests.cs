using DataCharts.Core.Datasets;
using DataCharts.Core.Tests.Support;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Tests.Datasets;

/// <summary>Datasets the app makes from others or from its own rows: complete in the catalog, or not there at all.</summary>
public sealed class DerivedDatasetsTests(CatalogFixture f) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task A_query_over_another_dataset_becomes_a_new_dataset_with_bound_values_and_kept_labels()
    {
        var src = $"{Quote(f.Orders.Id)}.{Quote("orders")}";
        var d = await f.Derived.CreateFromQueryAsync("North orders", f.Orders.Id, "orders", $"SELECT order_id, revenue, revenue * 2 AS doubled FROM {src} WHERE region = $r ORDER BY order_id",
            new Dictionary<string, object?> { ["r"] = "North" }, new Dictionary<string, string> { ["revenue"] = "Revenue" });
        Assert.Equal("North orders", d.Name);
        var table = Assert.Single(d.Tables);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["order_id", "revenue", "doubled"], table.Columns.Select(c => c.Name));
        Assert.Equal("Revenue", table.Columns[1].Label);
        var rows = await f.Runner.RunAsync(d, "SELECT SUM(doubled) FROM orders");
        Assert.Equal(600.0, Convert.ToDouble(rows.Result.Rows[0][0]));
        Assert.Equal("North orders", (await f.Catalog.GetAsync(d.Id)).Name);
    }

    [Fact]
    public async Task Rows_the_app_made_become_a_typed_dataset()
    {
        DerivedColumn[] columns = [new("n", ColumnType.Integer), new("label", ColumnType.Text, "Label"), new("day", ColumnType.Date), new("x", ColumnType.Decimal)];
        var rows = Enumerable.Range(1, 25_000).Select(i => new object?[] { (long)i, i % 2 == 0 ? "even" : null, new DateOnly(2024, 1, 1).AddDays(i % 366), i / 4.0 });
        var progress = new List<double>();
        var d = await f.Derived.CreateFromRowsAsync("Generated", "rows", columns, rows, 25_000, progress.Add);
        Assert.Equal(25_000, d.Tables[0].RowCount);
        Assert.Equal([ColumnType.Integer, ColumnType.Text, ColumnType.Date, ColumnType.Decimal], d.Tables[0].Columns.Select(c => c.Type));
        Assert.NotEmpty(progress);
        var r = await f.Runner.RunAsync(d, "SELECT count(label), max(day), sum(x) FROM rows");
        Assert.Equal(12_500L, r.Result.Rows[0][0]);
    }

    [Fact]
    public async Task A_failing_or_cancelled_derivation_leaves_no_dataset_and_no_engine_file()
    {
        var before = (await f.Catalog.ListAsync()).Count;
        var files = f.DatasetFiles().Count;
        var src = $"{Quote(f.Orders.Id)}.{Quote("orders")}";
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => f.Derived.CreateFromQueryAsync("Broken", f.Orders.Id, "t", $"SELECT CAST(customer AS INTEGER) AS n FROM {src}", null));
        Assert.Contains("could not be made", ex.Message);

        using var cts = new CancellationTokenSource();
        IEnumerable<object?[]> Endless()
        {
            for (long i = 0; ; i++)
            {
                if (i == 5000) cts.Cancel();
                yield return [i];
            }
        }
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.Derived.CreateFromRowsAsync("Cancelled", "t", [new("n", ColumnType.Integer)], Endless(), ct: cts.Token));
        Assert.Equal(before, (await f.Catalog.ListAsync()).Count);
        Assert.Equal(files, f.DatasetFiles().Count);
    }
}
