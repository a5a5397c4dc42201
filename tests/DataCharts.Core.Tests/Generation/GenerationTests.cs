using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataCharts.Core.Generation;
using DataCharts.Core.Jobs;

namespace DataCharts.Core.Tests.Generation;

/// <summary>Synthetic data against a real engine: each method's values obey their specs, seeds reproduce, stats tell the truth.</summary>
public sealed class GenerationTests(GenerationFixture f) : IClassFixture<GenerationFixture>
{
    private const string SeedRows = """
        [{"region": "North", "units": 10, "price": 2.5, "day": "2024-01-10", "vip": true},
         {"region": "South", "units": 200, "price": 10.0, "day": "2024-03-01", "vip": false},
         {"region": "North", "units": 35, "price": 7.25, "day": "2024-02-15", "vip": null},
         {"region": "East", "units": null, "price": 1.0, "day": "2024-01-01", "vip": false}]
        """;

    [Fact]
    public async Task Template_values_stay_within_their_ranges_patterns_choices_and_dates()
    {
        var r = await f.GenerateAsync("""
            {"generation_method": "template", "count": 2000, "template": {
              "age": {"type": "integer", "min": 18, "max": 65},
              "score": {"type": "float", "min": 0.5, "max": 9.5, "decimals": 1},
              "order_no": {"type": "string", "pattern": "ORD-####-??"},
              "tier": {"type": "choice", "values": ["gold", "silver", "bronze"], "weights": [1, 0, 3]},
              "joined": {"type": "date", "start": "2023-01-01", "end": "2023-03-31"},
              "active": {"type": "boolean", "p": 1}}}
            """);
        Assert.Equal(2000, r.Count);
        var rows = f.Rows(r.DataId);
        Assert.Equal(2000, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.InRange((long)row[0]!, 18, 65);
            var score = (double)row[1]!;
            Assert.InRange(score, 0.5, 9.5);
            Assert.Equal(Math.Round(score, 1), score);
            Assert.Matches("^ORD-[0-9]{4}-[A-Z]{2}$", (string)row[2]!);
            Assert.Contains((string)row[3]!, new[] { "gold", "bronze" });
            Assert.InRange(DateOnly.Parse((string)row[4]!, CultureInfo.InvariantCulture), new DateOnly(2023, 1, 1), new DateOnly(2023, 3, 31));
            Assert.Equal(true, row[5]);
        });
        Assert.Equal(48, rows.Select(x => x[0]).Distinct().Count()); // every age from 18 to 65 occurs in 2000 draws
        Assert.Equal(0, r.Stats.SchemaViolations);
        Assert.Equal("integer", r.Stats.Columns["age"].Type);
        Assert.Equal("date", r.Stats.Columns["joined"].Type);
    }

    [Fact]
    public async Task Rule_based_values_satisfy_every_constraint_with_no_violations()
    {
        var r = await f.GenerateAsync("""
            {"generation_method": "rule_based", "count": 3000, "field_constraints": {
              "id": {"type": "integer", "min": 1, "max": 3000, "unique": true},
              "email": {"type": "string", "format": "email", "unique": true},
              "site": {"type": "string", "format": "url"},
              "phone": {"type": "string", "format": "phone", "nullable": 0.3},
              "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d{2,4}(-X|-Y)?$"},
              "status": {"type": "string", "allowed_values": ["new", "paid", "shipped"]},
              "amount": {"type": "float", "min": 10, "max": 20}}}
            """);
        var rows = f.Rows(r.DataId);
        Assert.Equal(3000, rows.Count);
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), rows.Select(x => (long)x[0]!).Order());
        Assert.Equal(3000, rows.Select(x => x[1]).Distinct().Count());
        Assert.All(rows, row =>
        {
            Assert.Matches(@"^user\d+@example\.com$", (string)row[1]!);
            Assert.True(Uri.TryCreate((string)row[2]!, UriKind.Absolute, out var uri) && uri.Scheme == "https");
            if (row[3] is string phone) Assert.Matches(@"^\+1-555-\d{3}-\d{4}$", phone);
            Assert.Matches(@"^[A-Z]{3}-\d{2,4}(-X|-Y)?$", (string)row[4]!);
            Assert.Contains((string)row[5]!, new[] { "new", "paid", "shipped" });
            Assert.InRange((double)row[6]!, 10, 20);
        });
        var nullRate = rows.Count(x => x[3] is null) / 3000.0;
        Assert.InRange(nullRate, 0.25, 0.35);
        Assert.Equal(0, r.Stats.SchemaViolations);
        Assert.Empty(r.Stats.Violations);
    }

    [Fact]
    public async Task Unique_values_that_cannot_fit_their_range_are_refused_before_any_row_is_made()
    {
        var before = (await f.Catalog.ListAsync()).Count;
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => f.GenerateAsync("""
            {"generation_method": "rule_based", "count": 50, "field_constraints": {"n": {"type": "integer", "min": 1, "max": 10, "unique": true}}}
            """));
        Assert.Equal(400, ex.Status);
        Assert.Equal("field_constraints.n.unique", ex.Field);
        Assert.Contains("only 10 possible values", ex.Message);
        Assert.Equal(before, (await f.Catalog.ListAsync()).Count);
    }

    [Fact]
    public async Task Variation_keeps_categories_to_the_seed_values_and_numbers_within_the_factor_of_a_seed_value()
    {
        var r = await f.GenerateAsync($$$"""{"generation_method": "variation", "count": 1000, "variation_factor": 0.2, "seed_data": {{{SeedRows}}}}""");
        var rows = f.Rows(r.DataId);
        long[] units = [10, 200, 35];
        double[] prices = [2.5, 10.0, 7.25, 1.0];
        Assert.All(rows, row =>
        {
            Assert.Contains((string)row[0]!, new[] { "North", "South", "East" });
            if (row[1] is long u) Assert.Contains(units, s => u >= s * 0.8 && u <= s * 1.2);
            var p = (double)row[2]!;
            Assert.Contains(prices, s => p >= s * 0.8 - 1e-9 && p <= s * 1.2 + 1e-9);
            var day = DateOnly.Parse((string)row[3]!, CultureInfo.InvariantCulture);
            Assert.InRange(day, new DateOnly(2023, 12, 1), new DateOnly(2024, 4, 1));
        });
        Assert.Contains(rows, row => row[1] is long u && !units.Contains(u)); // numbers really vary
        Assert.Contains(rows, row => row[1] is null); // a quarter of the seed's units are null
        var north = rows.Count(x => (string)x[0]! == "North") / 1000.0;
        Assert.InRange(north, 0.4, 0.6);
        Assert.Equal(["region", "units", "price", "day", "vip"], r.Stats.Columns.Keys);
    }

    [Fact]
    public async Task Variation_of_a_dataset_reads_its_rows_and_counts_numbers_clamped_into_the_constraints()
    {
        var r = await f.GenerateAsync($$$"""
            {"generation_method": "variation", "data_id": "{{{f.Orders.Id}}}", "count": 500, "variation_factor": 0.5,
             "field_constraints": {"revenue": {"min": 30, "max": 300}, "region": {"allowed_values": ["North", "South"]} } }
            """);
        var rows = f.Rows(r.DataId);
        Assert.Equal($"Variation of {f.Orders.Name}", r.Name);
        var revenue = Array.IndexOf(r.Stats.Columns.Keys.ToArray(), "revenue");
        var region = Array.IndexOf(r.Stats.Columns.Keys.ToArray(), "region");
        Assert.All(rows, row =>
        {
            Assert.InRange(Convert.ToDouble(row[revenue], CultureInfo.InvariantCulture), 30, 300);
            Assert.Contains((string)row[region]!, new[] { "North", "South" });
        });
        // 25 (×1.5 at most 37.5) often falls under 30 and 400 always over 300: those are clamped and counted.
        var clamped = r.Stats.Violations.Where(v => v.Field == "revenue").ToList();
        Assert.Contains(clamped, v => v.Rule == "max");
        Assert.Equal(r.Stats.SchemaViolations, clamped.Sum(v => v.Count));
    }

    [Fact]
    public async Task Llm_based_generation_without_a_provider_says_one_is_needed()
    {
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => f.GenerateAsync("""{"generation_method": "llm_based", "count": 5}"""));
        Assert.Equal(422, ex.Status);
        Assert.Contains("needs an LLM provider; configure one in Settings", ex.Message);
    }

    [Theory]
    [InlineData("""{"generation_method": "template", "count": 300, "template": {"a": {"type": "integer"}, "b": {"type": "string", "pattern": "??-##"}, "c": {"type": "date"}}}""")]
    [InlineData("""{"generation_method": "rule_based", "count": 300, "field_constraints": {"e": {"type": "string", "format": "email", "nullable": true}, "x": {"type": "string", "pattern": "[a-f0-9]{8}"}}}""")]
    [InlineData("""{"generation_method": "variation", "count": 300, "seed_data": [{"a": 1.5, "b": "x"}, {"a": 7, "b": "y"}]}""")]
    public async Task The_same_seed_gives_identical_rows_and_another_seed_different_rows(string body)
    {
        var first = f.Rows((await f.GenerateAsync(body, seed: 7)).DataId);
        var again = f.Rows((await f.GenerateAsync(body, seed: 7)).DataId);
        var other = f.Rows((await f.GenerateAsync(body, seed: 8)).DataId);
        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++) Assert.Equal(first[i], again[i]);
        Assert.Contains(Enumerable.Range(0, first.Count), i => !first[i].SequenceEqual(other[i]));
    }

    [Fact]
    public async Task Stats_report_the_nulls_range_mean_distinct_and_top_values_of_the_data()
    {
        var r = await f.GenerateAsync("""
            {"generation_method": "template", "count": 800, "template": {
              "n": {"type": "integer", "min": -5, "max": 40, "nullable": 0.2},
              "c": {"type": "choice", "values": ["a", "b", "c"], "weights": [6, 3, 1]}}}
            """);
        var rows = f.Rows(r.DataId);
        var n = rows.Select(x => x[0]).OfType<long>().ToList();
        var stats = r.Stats.Columns["n"];
        Assert.Equal(rows.Count(x => x[0] is null), stats.Nulls);
        Assert.Equal(stats.Nulls / 800.0, stats.NullRate, 6);
        Assert.Equal(n.Min(), Convert.ToInt64(stats.Min, CultureInfo.InvariantCulture));
        Assert.Equal(n.Max(), Convert.ToInt64(stats.Max, CultureInfo.InvariantCulture));
        Assert.Equal(n.Average(), stats.Mean!.Value, 6);
        Assert.Equal(n.Distinct().Count(), stats.Distinct);
        var top = r.Stats.Columns["c"].TopValues!;
        var counts = rows.GroupBy(x => (string)x[1]!).OrderByDescending(g => g.Count()).Select(g => (g.Key, (long)g.Count())).ToList();
        Assert.Equal(counts, top.Select(t => ((string)t.Value!.ToString()!, t.Count)));
        Assert.Equal("a", top[0].Value!.ToString());
    }

    [Theory]
    [InlineData("""{"generation_method": "magic"}""", "generation_method")]
    [InlineData("""{"generation_method": "template", "count": 0, "template": {"a": {"type": "integer"}}}""", "count")]
    [InlineData("""{"generation_method": "template", "count": 2000000, "template": {"a": {"type": "integer"}}}""", "count")]
    [InlineData("""{"generation_method": "template", "template": {"age": {"type": "integer", "min": 9, "max": 1}}}""", "template.age.min")]
    [InlineData("""{"generation_method": "template", "template": {"tier": {"type": "choice", "values": []}}}""", "template.tier.values")]
    [InlineData("""{"generation_method": "template", "template": {"d": {"type": "date", "start": "2024-13-01"}}}""", "template.d.start")]
    [InlineData("""{"generation_method": "template", "template": {"x": {"type": "widget"}}}""", "template.x.type")]
    [InlineData("""{"generation_method": "rule_based", "field_constraints": {"code": {"type": "string", "pattern": "[a-z"}}}""", "field_constraints.code.pattern")]
    [InlineData("""{"generation_method": "rule_based", "field_constraints": {"code": {"type": "string", "pattern": "(?<=a)b"}}}""", "field_constraints.code.pattern")]
    [InlineData("""{"generation_method": "rule_based", "field_constraints": {"e": {"type": "string", "format": "fax"}}}""", "field_constraints.e.format")]
    [InlineData("""{"generation_method": "rule_based", "field_constraints": {"b": {"type": "boolean", "unique": true}}}""", "field_constraints.b.unique")]
    [InlineData("""{"generation_method": "variation", "seed_data": [{"a": 1}], "field_constraints": {"zz": {"min": 1}}}""", "field_constraints.zz")]
    [InlineData("""{"generation_method": "variation", "seed_data": [{"a": 1}], "variation_factor": 3}""", "variation_factor")]
    [InlineData("""{"generation_method": "variation"}""", "seed_data")]
    [InlineData("""{"generation_method": "template", "template": {"a": {"type": "integer"}}, "colour": 1}""", "colour")]
    public async Task Every_validation_error_names_the_field_at_fault(string body, string field)
    {
        using var doc = JsonDocument.Parse(body);
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => f.Generator.ValidateAsync(GenerationRequest.FromJson(doc.RootElement), CancellationToken.None));
        Assert.Equal(400, ex.Status);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field.Split('.').Last(), ex.Message);
    }

    [Fact]
    public async Task An_unknown_data_id_is_not_found()
    {
        using var doc = JsonDocument.Parse("""{"generation_method": "variation", "data_id": "ds_nope"}""");
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => f.Generator.ValidateAsync(GenerationRequest.FromJson(doc.RootElement), CancellationToken.None));
        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public async Task A_generation_job_picks_a_seed_when_none_is_given_and_returns_it()
    {
        using var doc = JsonDocument.Parse("""{"generation_method": "template", "count": 50, "template": {"a": {"type": "integer", "min": 0, "max": 1000000}}}""");
        var started = await f.Generations.StartAsync(doc.RootElement, CancellationToken.None);
        var result = await f.Generations.WaitAsync(started.TaskId, CancellationToken.None);
        Assert.Equal(started.Seed, result.SeedUsed);
        var again = await f.GenerateAsync(doc.RootElement.GetRawText(), result.SeedUsed);
        Assert.Equal(f.Rows(result.DataId), f.Rows(again.DataId));
    }

    [Fact]
    public async Task A_cancelled_generation_job_leaves_no_dataset()
    {
        var before = (await f.Catalog.ListAsync()).Count;
        var files = f.DatasetFiles().Count;
        using var doc = JsonDocument.Parse("""{"generation_method": "rule_based", "count": 1000000, "field_constraints": {"e": {"type": "string", "format": "email", "unique": true}, "s": {"type": "string", "pattern": "[a-z]{30}"}}}""");
        var started = await f.Generations.StartAsync(doc.RootElement, CancellationToken.None);
        await foreach (var snap in f.Jobs.WatchAsync(started.TaskId, CancellationToken.None))
            if (snap.Progress > 0 || snap.IsFinished) break;
        await f.Jobs.CancelAsync(started.TaskId);
        var done = await f.Jobs.WaitAsync(started.TaskId);
        Assert.Equal(JobStatus.Cancelled, done.Status);
        Assert.Equal(before, (await f.Catalog.ListAsync()).Count);
        Assert.Equal(files, f.DatasetFiles().Count);
    }
}
