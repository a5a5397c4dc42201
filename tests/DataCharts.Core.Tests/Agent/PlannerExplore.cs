using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Agent;

/// <summary>Prints what the planner does with a list of questions (run explicitly while tuning; asserts nothing).</summary>
public sealed class PlannerExplore
{
    [Fact(Explicit = true)]
    public async Task Explore()
    {
        var folder = SharedFolder.Require();
        var fixture = new PlannerFixture();
        await fixture.InitializeAsync();
        var h = fixture.H;
        foreach (var n in new[] { "penguins", "tips", "titanic", "flights", "diamonds", "mpg", "iris" })
            await h.LoadAsync(n, Path.Combine(folder, "seaborn", n + ".csv"));
        await h.LoadAsync("chinook", Path.Combine(folder, "chinook", "Chinook_Sqlite.sqlite"));
        await h.LoadAsync("northwind", Path.Combine(folder, "northwind", "northwind.db"));
        var lines = new List<string>();
        AskHarness.Answer? prev = null;
        foreach (var raw in File.ReadAllLines("/tmp/questions.txt"))
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            if (raw.StartsWith("!model|", StringComparison.Ordinal))
            {
                var m = h.Loader.Load(h[raw[7..]]).Model;
                lines.Add($"## model of {raw[7..]}");
                foreach (var e in m.Entities) lines.Add($"entity {e.Table} key={e.Key} display={e.Display}+{e.DisplaySecond} nouns={string.Join("/", e.Nouns)}");
                foreach (var r in m.Relationships) lines.Add($"rel {r.FromTable}.{r.FromColumn} -> {r.ToTable}.{r.ToColumn} {r.Source} role={r.Role}");
                foreach (var x in m.Measures) lines.Add($"measure {x.Name} [{x.Table}] {x.Agg} {x.Expression} unit={x.Unit} ratio={x.Ratio} syn={string.Join("/", x.Synonyms)}");
                foreach (var d in m.Dimensions.Where(d => d.ValueAliases.Count > 0 || d.Synonyms.Count > 0)) lines.Add($"dim {d.Table}.{d.Column} {d.Kind} syn={string.Join("/", d.Synonyms)} aliases={string.Join("; ", d.ValueAliases.Take(5).Select(kv => kv.Key + "=" + string.Join("/", kv.Value)))}");
                continue;
            }
            var follow = raw.StartsWith('+');
            var parts = raw.TrimStart('+').Split('|', 2);
            try
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var a = await h.AskAsync(parts[0].Trim(), parts[1].Trim(), follow ? prev : null);
                lines.Add($"took {sw.Elapsed.TotalMilliseconds:0.0} ms");
                prev = a;
                lines.Add($"## [{parts[0]}] {parts[1]}");
                lines.Add(a.Plan.Sql ?? "NO SQL: " + a.Plan.Explanation);
                lines.Add("plan: " + a.Plan.PlanJson);
                lines.Add($"read as: {a.Plan.Interpretation} · confident={a.Plan.Confident} · unused=[{string.Join(", ", a.Plan.UnusedTerms)}]");
                if (a.Outcome is not null)
                {
                    lines.Add(string.Join(" | ", a.Columns));
                    foreach (var row in a.Rows.Take(5)) lines.Add("  " + string.Join(" | ", row.Select(v => v?.ToString() ?? "null")));
                    lines.Add($"chart: {a.Chart?.Type} x={a.Chart?.X} y={string.Join(",", a.Chart?.Y ?? [])} series={a.Chart?.Series}");
                    lines.Add("says: " + a.Narrative);
                }
            }
            catch (Exception ex)
            {
                lines.Add($"## [{parts[0]}] {parts[1]}\nERROR {ex.GetType().Name}: {ex.Message}");
            }
            lines.Add("");
        }
        await File.WriteAllLinesAsync("/tmp/planner-out.txt", lines);
        await fixture.DisposeAsync();
    }
}
