using System.Globalization;
using System.Text;
using DataCharts.Core.Datasets;
using DataCharts.Core.Semantics;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>The edit file: applied over the inferred model, validated with the entry named, exported and read back, kept across a re-import.</summary>
public sealed class ModelEditsTests(SemanticSchemas s) : IClassFixture<SemanticSchemas>
{
    private static readonly ModelEdits Edits = new()
    {
        Entities = [new EntityEdit { Table = "orders", Nouns = ["purchase"], Description = "One row per order" }],
        Columns =
        [
            new ColumnEdit { Table = "orders", Column = "freight", Label = "Shipping cost", Synonyms = ["postage"] },
            new ColumnEdit { Table = "customers", Column = "country", ValueAliases = new() { ["Deutschland"] = ["Germany"] } },
            new ColumnEdit { Table = "gone", Column = "x", Label = "Kept" },
        ],
        Measures =
        [
            new MeasureEdit { Name = "gross", Table = "order_lines", Expression = "unit_price * quantity", Agg = MeasureAgg.Sum, Unit = Unit.Currency, Synonyms = ["gross sales"] },
            new MeasureEdit { Name = "freight", Table = "orders", Removed = true },
        ],
        Relationships = [new RelationshipEdit { From = "orders.priority", To = "shippers.shipper_id", Role = "priority shipper" }],
    };

    [Fact]
    public void Edits_win_and_entries_for_missing_tables_are_reported_not_applied()
    {
        var ctx = s.Load(s.Shop);
        var m = ModelEdits.Apply(ctx.Model, s.Shop, Edits);
        Assert.Contains("purchase", m.EntityOf("orders")!.Nouns);
        Assert.Equal("One row per order", m.EntityOf("orders")!.Description);
        Assert.Equal("Shipping cost", m.DimensionOf("orders", "freight")!.Label);
        Assert.Contains("postage", m.DimensionOf("orders", "freight")!.Synonyms);
        Assert.Equal(["Germany"], m.DimensionOf("customers", "country")!.ValueAliases["Deutschland"]);
        Assert.Equal(["Germany"], m.DimensionOf("customers", "country")!.ValueAliases["German"]);
        var gross = m.MeasureNamed("gross")!;
        Assert.Equal(("((\"unit_price\" * \"quantity\"))", true, true), ("(" + gross.Expression + ")", gross.IsUserDefined, gross.Derived));
        Assert.Null(m.MeasureNamed("freight"));
        var user = Assert.Single(m.Relationships, r => r.Source == RelationshipSource.User);
        Assert.Equal(("orders", "priority", "shippers", "priority shipper"), (user.FromTable, user.FromColumn, user.ToTable, user.Role));
        Assert.Contains(m.NotApplied, n => n.Contains("gone.x", StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_names_the_entry_and_the_position_of_a_bad_expression()
    {
        var bad = new ModelEdits
        {
            Measures = [new MeasureEdit { Name = "margin", Table = "order_lines", Expression = "unit_price * (quantity - " }, new MeasureEdit { Name = "m2", Table = "order_lines", Expression = "unit_price * qty" }],
            Relationships = [new RelationshipEdit { From = "orders", To = "customers.id" }],
        };
        var errors = bad.Validate(s.Shop);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("measures[0] 'margin'", errors[0].Entry, StringComparison.Ordinal);
        Assert.Contains("column", errors[0].Message, StringComparison.Ordinal);
        Assert.NotNull(errors[0].Position);
        Assert.Contains("qty", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("relationships[0]", errors[2].Entry);
    }

    [Fact]
    public void A_measure_expression_never_runs_as_sql_text()
    {
        var table = s.Shop.Tables.First(t => t.Name == "order_lines");
        Assert.Throws<DataCharts.Core.Expressions.ExpressionException>(() => MeasureExpressions.Compile("quantity; DROP TABLE orders", table));
        var sql = MeasureExpressions.Compile("quantity * -2 + len('x''; --')", table);
        Assert.DoesNotContain("--", sql.Replace("'x''; --'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_then_import_gives_the_same_model()
    {
        var ctx = s.Load(s.Shop);
        var edited = ModelEdits.Apply(ctx.Model, s.Shop, Edits);
        var file = ModelEdits.FromModel(edited, ctx.Model).ToJson();
        Assert.Contains("\"value_aliases\"", file, StringComparison.Ordinal);
        var again = ModelEdits.Apply(ctx.Model, s.Shop, ModelEdits.Parse(file));
        Assert.Equal(Describe(edited), Describe(again));
        Assert.Empty(again.NotApplied);
    }

    [Fact]
    public void A_malformed_file_is_refused_with_where_it_broke()
    {
        var ex = Assert.Throws<ModelEditsException>(() => ModelEdits.Parse("{\"measures\": [{\"name\": \"x\", \"agg\": \"sideways\"}]}"));
        Assert.Contains("measures", ex.Errors[0].Entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_survive_deleting_and_importing_data_of_the_same_name()
    {
        var dbFile = Path.Combine(s.H.T.Root, "edits-app.db");
        var dbs = new Db(dbFile);
        await using (var ctx = dbs.CreateDbContext()) await ctx.Database.MigrateAsync(TestContext.Current.CancellationToken);
        var changes = new DatasetChanges();
        var catalog = new DatasetCatalog(dbs, s.H.T.Engine, changes, NullLogger<DatasetCatalog>.Instance);
        var models = new SemanticModels(dbs, s.H.T.Engine, changes);
        var loader = new DataCharts.Core.Agent.SchemaLoader(s.H.T.Engine, changes, models);
        var csv = new StringBuilder("sale_id,region,amount\n");
        for (var i = 1; i <= 20; i++) csv.Append(CultureInfo.InvariantCulture, $"{i},R{i % 3},{i * 10}\n");
        var path = s.H.T.File("sales.csv", csv.ToString());

        var first = await catalog.PublishAsync(await s.H.T.ImportAsync(path), TestContext.Current.CancellationToken);
        var table = first.Tables[0].Name;
        await models.SaveEditsAsync(first.Name, new ModelEdits { Columns = [new ColumnEdit { Table = table, Column = "region", Label = "Sales region", Synonyms = ["territory"] }] }, TestContext.Current.CancellationToken);
        Assert.Equal("Sales region", loader.Load(first).Model.DimensionOf(table, "region")!.Label);

        await catalog.DeleteAsync(first.Id, TestContext.Current.CancellationToken);
        var second = await catalog.PublishAsync(await s.H.T.ImportAsync(path), TestContext.Current.CancellationToken);
        Assert.NotEqual(first.Id, second.Id);
        var fresh = new SemanticModels(dbs, s.H.T.Engine, changes); // as after a restart: read from the database
        var model = fresh.For(second, loader.Load(second).Values);
        Assert.Equal("Sales region", model.DimensionOf(table, "region")!.Label);
        Assert.Contains("territory", model.DimensionOf(table, "region")!.Synonyms);
        Assert.Equal("Sales region", (await fresh.GetEditsAsync(second.Name.ToUpperInvariant(), TestContext.Current.CancellationToken)).Columns[0].Label);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static string Describe(SemanticModel m) => string.Join("\n",
        m.Entities.Select(e => $"E {e.Table} {e.Key} {e.Display} {e.DisplaySecond} {string.Join(',', e.Nouns)} {e.Description}")
            .Concat(m.Relationships.Select(r => $"R {r.FromTable}.{r.FromColumn} {r.ToTable}.{r.ToColumn} {r.Role}"))
            .Concat(m.Measures.Select(x => $"M {x.Name} {x.Label} {x.Table} {x.Expression} {x.Agg} {x.Unit} {x.Ratio} {string.Join(',', x.Synonyms)}"))
            .Concat(m.Dimensions.Select(d => $"D {d.Table}.{d.Column} {d.Label} {d.Kind} {d.Unit} {string.Join(',', d.Synonyms)} {string.Join(',', d.ValueAliases.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + string.Join('/', p.Value)))}")));

    private sealed class Db(string path) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options);
    }
}
