using DataCharts.Core.Datasets;
using DataCharts.Core.Semantics;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Semantics;

/// <summary>A generated 20-table schema (a chain of CamelCase and snake_case tables, no declared keys): every reference is found, nothing else.</summary>
public sealed class GeneratedSchemaTests
{
    [Fact]
    public async Task Twenty_tables_get_keys_and_exactly_their_named_references()
    {
        using var h = new AskHarness();
        var path = Path.Combine(h.T.Root, "twenty.sqlite");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            var sql = new System.Text.StringBuilder();
            for (var t = 0; t < 20; t++)
            {
                var camel = t % 2 == 0;
                var name = camel ? $"Thing{t}s" : $"thing{t}_items";
                var key = camel ? $"Thing{t}Id" : $"thing{t}_item_id";
                var parent = t == 0 ? null : (t - 1) % 2 == 0 ? $"Thing{t - 1}Id" : $"thing{t - 1}_item_id";
                sql.Append($"CREATE TABLE {name} ({key} INTEGER, label TEXT, amount REAL, level INTEGER{(parent is null ? "" : $", {parent} INTEGER")});\n");
                for (var i = 1; i <= 30; i++)
                    sql.Append($"INSERT INTO {name} VALUES ({i}, 'L{t}-{i}', {i}.25, {1 + i % 5}{(parent is null ? "" : $", {1 + i % 30}")});\n");
            }
            cmd.CommandText = sql.ToString();
            cmd.ExecuteNonQuery();
        }
        var d = await h.LoadAsync("twenty", path);
        var m = h.Loader.Load(d).Model;
        Assert.Equal(20, m.Entities.Count);
        Assert.All(m.Entities, e => Assert.NotNull(e.Key));
        Assert.All(m.Entities, e => Assert.Equal(e.Table + " label", e.Table + " " + e.Display));
        Assert.Equal(19, m.Relationships.Count);
        Assert.All(m.Relationships, r => Assert.Equal(RelationshipSource.Inferred, r.Source));
        Assert.Equal("thing3_items", m.Relationships.Single(r => r.FromTable == "Thing4s").ToTable);
        Assert.Equal(20, m.Measures.Count(x => x.Column == "amount"));
        SqliteConnection.ClearAllPools();
    }
}
