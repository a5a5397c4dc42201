using DataCharts.Core.Connections;
using DataCharts.Core.Semantics;
using DataCharts.Core.Tests.Connections;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>
/// The semantic model of a live PostgreSQL or MariaDB database with no declared foreign keys is the one its imported copy
/// gets: same keys, relationships (roles and self-references too), display columns, dimensions and measures, because the
/// probes ask the live server what they ask the engine. A probe that fails leaves names to decide, never an error.
/// </summary>
public sealed class LiveInferenceTests(RentalSchema s) : IClassFixture<RentalSchema>
{
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_live_database_gets_the_model_its_imported_copy_gets(ConnectionKind kind)
    {
        await using var copy = await RentalSchema.LoadLiveAsync(LiveServers.Require(kind));
        var live = await RentalSchema.LiveRecordAsync(copy.Settings);
        var file = s.FileContext;

        using var probe = LiveFactProbe.Open(copy.Settings);
        var values = RentalSchema.LiveValues(probe, live);
        Assert.Equal(Describe(file.Values), Describe(values));
        var model = ModelInference.Infer(live, values, probe);

        Assert.Equal(0, probe.Unanswered);
        Assert.Equal(Describe(file.Model), Describe(model));
        // What the data decided, not the names: the file's model is right, so the live one is too.
        var byName = ModelInference.Infer(live, values, null);
        Assert.Equal(("distributor", "distributor_id"), (Rel(model, "film", "dist_no")?.ToTable, Rel(model, "film", "dist_no")?.ToColumn));
        Assert.Null(Rel(byName, "film", "dist_no"));
        Assert.Null(Rel(model, "film", "original_distributor_id"));
        Assert.NotNull(Rel(byName, "film", "original_distributor_id"));
        Assert.Equal("district", model.EntityOf("store")!.Display);
        Assert.Null(byName.EntityOf("store")!.Display);
        Assert.Equal(("staff", "manager"), (Rel(model, "staff", "manager_id")?.ToTable, Rel(model, "staff", "manager_id")?.Role));
        Assert.Equal(("address", "address_id"), (Rel(model, "customer", "address_id")?.ToTable, Rel(model, "customer", "address_id")?.ToColumn));
        Assert.Equal(("country", "country_code"), (Rel(model, "address", "country_code")?.ToTable, Rel(model, "address", "country_code")?.ToColumn));
        Assert.Equal(("store", "store_id"), (Rel(model, "staff", "store_id")?.ToTable, Rel(model, "staff", "store_id")?.ToColumn));
        Assert.Equal(("staff", "manager"), (Rel(model, "store", "manager_staff_id")?.ToTable, Rel(model, "store", "manager_staff_id")?.Role));
        Assert.Null(Rel(model, "rental", "priority"));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Tables_larger_than_the_sample_get_the_same_model_from_their_first_rows(ConnectionKind kind)
    {
        await using var copy = await RentalSchema.LoadLiveAsync(LiveServers.Require(kind), analyze: true);
        var live = await RentalSchema.LiveRecordAsync(copy.Settings);
        Assert.True(live.Tables.Single(t => t.Name == "rental").RowCount > 50, "the catalog estimates the rental table's size once analysed");

        // 40 rows of rental's and payment's 200: keys, references and ranges hold in the sample; sizes come from the catalog.
        using var probe = LiveFactProbe.Open(copy.Settings, sampleRows: 40);
        var model = ModelInference.Infer(live, RentalSchema.LiveValues(probe, live), probe);

        Assert.Equal(0, probe.Unanswered);
        Assert.Equal(Describe(s.FileContext.Model), Describe(model));
    }

    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task A_table_gone_between_the_catalog_and_the_probes_is_inferred_by_its_names(ConnectionKind kind)
    {
        await using var copy = await RentalSchema.LoadLiveAsync(LiveServers.Require(kind));
        var live = await RentalSchema.LiveRecordAsync(copy.Settings);
        using var probe = LiveFactProbe.Open(copy.Settings);
        var values = RentalSchema.LiveValues(probe, live);
        await copy.ExecuteAsync("DROP TABLE payment");

        var model = ModelInference.Infer(live, values, probe);

        Assert.True(probe.Unanswered > 0);
        Assert.Equal("payment_id", model.EntityOf("payment")!.Key);
        Assert.Equal(["customer", "rental", "staff"], model.Relationships.Where(r => r.FromTable == "payment").Select(r => r.ToTable).Order());
        // The rest of the database was probed as before.
        var file = s.FileContext.Model;
        Assert.Equal(Describe(file with { Relationships = file.Relationships.Where(r => r.FromTable != "payment").ToList() }).Where(l => l.StartsWith("rel ", StringComparison.Ordinal)),
            Describe(model with { Relationships = model.Relationships.Where(r => r.FromTable != "payment").ToList() }).Where(l => l.StartsWith("rel ", StringComparison.Ordinal)));
        Assert.Equal("district", model.EntityOf("store")!.Display);
    }

    private static Relationship? Rel(SemanticModel m, string from, string column) =>
        m.Relationships.FirstOrDefault(r => r.FromTable == from && r.FromColumn == column);

    /// <summary>The model as sorted lines of text, so a difference shows as the lines that differ.</summary>
    private static List<string> Describe(SemanticModel m)
    {
        static string List(IEnumerable<string> items) => string.Join("|", items);
        var lines = new List<string>();
        lines.AddRange(m.Entities.Select(e => $"entity {e.Table} key={e.Key} display={e.Display}+{e.DisplaySecond} nouns={List(e.Nouns)}"));
        lines.AddRange(m.Relationships.Select(r => $"rel {r.FromTable}.{r.FromColumn} -> {r.ToTable}.{r.ToColumn} {r.Source} role={r.Role}"));
        lines.AddRange(m.Dimensions.Select(d => $"dim {d.Table}.{d.Column} {d.Label} {d.Kind} {d.Unit} grains={List(d.TimeGrains)} synonyms={List(d.Synonyms)} " +
            $"aliases={List(d.ValueAliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + ":" + List(a.Value.Order(StringComparer.Ordinal))))}"));
        lines.AddRange(m.Measures.Select(x => $"measure {x.Name} {x.Label} {x.Table} {x.Expression} {x.Agg} {x.Unit} derived={x.Derived} formula={x.Formula} column={x.Column} " +
            $"ratio={x.Ratio?.Numerator}/{x.Ratio?.Denominator} synonyms={List(x.Synonyms)}"));
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Describe(IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        values.Select(v => $"{v.Key}: {string.Join("|", v.Value.Order(StringComparer.Ordinal))}").Order(StringComparer.Ordinal).ToList();
}
