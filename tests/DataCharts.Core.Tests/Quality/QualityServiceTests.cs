using System.Text.Json;
using DataCharts.Core.Datasets;
using DataCharts.Core.Quality;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Quality;

/// <summary>The catalog fixture plus small tables whose quality scores are computed by hand in the tests.</summary>
public sealed class QualityFixture : CatalogFixture
{
    /// <summary>5 rows × 4 columns = 20 cells, 3 of them empty (one a blank text cell).</summary>
    public const string PeopleCsv =
        "id,name,city,joined\n" +
        "1,Ann,Paris,2024-01-05\n" +
        "2,Bob,   ,2024-02-10\n" +
        "3,,Paris,2023-01-01\n" +
        "4,Dee,London,\n" +
        "5,Eve,Paris,2024-03-15\n";

    /// <summary>amount is text: four numbers and 'oops'; code mixes case (3 upper, 1 lower, 1 capitalised).</summary>
    public const string CodesCsv =
        "id,code,amount\n" +
        "1,AB,10\n" +
        "2,ab,20\n" +
        "3,AB,30\n" +
        "4,AB,40\n" +
        "5,Ab,oops\n";

    /// <summary>Rows 4 and 5 are the same row; id repeats 3 three times.</summary>
    public const string DupesCsv =
        "id,v\n" +
        "1,a\n" +
        "2,b\n" +
        "3,c\n" +
        "3,d\n" +
        "3,d\n";

    /// <summary>Contacts for declared rules.</summary>
    public const string ContactsCsv =
        "id,email,age,tier,phone\n" +
        "1,ann@example.com,34,gold,+33 1 23 45 67 89\n" +
        "2,bob-at-example,17,silver,+1 (555) 010-9999\n" +
        "3,cy@example.org,150,bronze,call me\n" +
        "4,,45,platinum,0612345678\n";

    public const string PricesCsv =
        "sku,price,name\n" +
        "A,10,<script>alert(1)</script>\n" +
        "B,20,Beta\n" +
        "C,30,Gamma\n" +
        "D,40,Delta\n" +
        "E,50,Epsilon\n";

    /// <summary>The reference: C's price differs, E is missing, Z is extra.</summary>
    public const string PricesRefCsv =
        "sku,price,name\n" +
        "A,10,<script>alert(1)</script>\n" +
        "B,20,Beta\n" +
        "C,35,Gamma\n" +
        "D,40,Delta\n" +
        "Z,99,Zed\n";

    /// <summary>even: a×4, b×4 (entropy 1); constant: x×8 (0); name: 8 distinct values (not categorical).</summary>
    public const string CategoriesCsv =
        "id,even,constant,name\n" +
        "1,a,x,n1\n2,a,x,n2\n3,a,x,n3\n4,a,x,n4\n5,b,x,n5\n6,b,x,n6\n7,b,x,n7\n8,b,x,n8\n";

    public const string EventsCsv =
        "id,happened\n" +
        "1,2024-01-01\n" +
        "2,2024-06-01\n" +
        "3,2024-12-01\n" +
        "4,2025-01-10\n";

    public DatasetRecord People { get; private set; } = null!;
    public DatasetRecord Codes { get; private set; } = null!;
    public DatasetRecord Dupes { get; private set; } = null!;
    public DatasetRecord Contacts { get; private set; } = null!;
    public DatasetRecord Prices { get; private set; } = null!;
    public DatasetRecord PricesRef { get; private set; } = null!;
    public DatasetRecord Categories { get; private set; } = null!;
    public DatasetRecord Events { get; private set; } = null!;
    public QualityStore Store { get; private set; } = null!;

    /// <summary>"Now" for timeliness: 2025-01-31.</summary>
    public static readonly DateTimeOffset Now = new(2025, 1, 31, 0, 0, 0, TimeSpan.Zero);

    public QualityService Quality { get; private set; } = null!;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<DatasetRecord> Add(string name, string csv) =>
        await Catalog.PublishAsync(await T.ImportAsync(T.File(name, csv)), CancellationToken.None);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        People = await Add("people.csv", PeopleCsv);
        Codes = await Add("codes.csv", CodesCsv);
        Dupes = await Add("dupes.csv", DupesCsv);
        Contacts = await Add("contacts.csv", ContactsCsv);
        Prices = await Add("prices.csv", PricesCsv);
        PricesRef = await Add("prices_ref.csv", PricesRefCsv);
        Categories = await Add("categories.csv", CategoriesCsv);
        Events = await Add("events.csv", EventsCsv);
        Store = new QualityStore(T.Paths);
        Quality = new QualityService(T.Engine, Catalog, Store, new FixedClock(Now));
    }
}

/// <summary>Every dimension on small inputs with scores computed by hand, weights, thresholds, priorities, issues and errors.</summary>
public sealed class QualityServiceTests(QualityFixture f) : IClassFixture<QualityFixture>
{
    private Task<QualityAssessment> Assess(DatasetRecord d, params string[] dimensions) =>
        f.Quality.AssessAsync(new QualityRequest(d.Id, Dimensions: dimensions));

    [Fact]
    public async Task Completeness_is_the_share_of_non_empty_cells_and_blank_text_counts_as_empty()
    {
        var a = await Assess(f.People, "completeness");

        Assert.Equal(0.85, a.ScoreOf("completeness")); // 3 empty of 20 cells
        Assert.Equal(0.85, a.OverallScore);
        var r = a.DimensionResults["completeness"];
        Assert.Equal(20, r.Checked);
        Assert.Equal(3, r.Failed);
        Assert.Equal(["city", "joined", "name"], r.Issues.Select(i => i.Column!).Order());
        var city = r.Issues.Single(i => i.Column == "city");
        Assert.Equal(1, city.Count);
        Assert.Equal(0.2, city.Share);
        var sample = Assert.Single(city.SampleRows);
        Assert.Equal("Bob", sample["name"]);
        Assert.Contains(a.Recommendations, s => s.Contains("'city'", StringComparison.Ordinal) && s.Contains("20%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validity_without_rules_checks_text_columns_against_their_dominant_type()
    {
        var a = await Assess(f.Codes, "validity");

        // amount: 4 of 5 parse as numbers; code has no dominant type other than text, so its 5 cells are valid text;
        // id was typed integer by the importer, so its 5 cells are valid integers → 14 of 15.
        Assert.Equal(0.9333, a.ScoreOf("validity"));
        var issue = Assert.Single(a.DimensionResults["validity"].Issues);
        Assert.Equal("amount", issue.Column);
        Assert.Equal(1, issue.Count);
        Assert.Equal("oops", Assert.Single(issue.SampleRows)["amount"]);
        Assert.Contains(a.Recommendations, s => s.Contains("'amount'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validity_with_rules_counts_the_cells_that_break_any_rule_of_their_column()
    {
        var rules = new Dictionary<string, ColumnRule>
        {
            ["email"] = new(Format: "email", NotNull: true), // 4 cells: bob-at-example bad, empty bad → 2 fail
            ["age"] = new(Min: 18, Max: 120),               // 4 cells: 17 and 150 fail
            ["tier"] = new(AllowedValues: [JsonSerializer.SerializeToElement("gold"), JsonSerializer.SerializeToElement("silver"), JsonSerializer.SerializeToElement("bronze")]), // platinum fails
            ["phone"] = new(Pattern: "[+0-9() -]+"),         // "call me" fails
        };
        var a = await f.Quality.AssessAsync(new QualityRequest(f.Contacts.Id, Dimensions: ["validity"], Rules: rules));

        // 16 checked cells with rules, 6 failing, and id's 4 integers → 14/20.
        Assert.Equal(0.7, a.ScoreOf("validity"));
        var issues = a.DimensionResults["validity"].Issues;
        Assert.Equal(2, issues.Single(i => i.Column == "age").Count);
        Assert.Equal([17L, 150L], issues.Single(i => i.Column == "age").SampleRows.Select(r => (long)r["age"]!).Order());
        Assert.Equal("platinum", Assert.Single(issues.Single(i => i.Column == "tier").SampleRows)["tier"]);
        Assert.Equal("bob-at-example", Assert.Single(issues.Single(i => i.Column == "email" && i.Description.Contains("format", StringComparison.Ordinal)).SampleRows)["email"]);
        Assert.Contains(issues, i => i.Column == "email" && i.Description.Contains("must not be empty", StringComparison.Ordinal));
        Assert.Equal("call me", Assert.Single(issues.Single(i => i.Column == "phone").SampleRows)["phone"]);
    }

    [Fact]
    public async Task Consistency_is_the_share_of_text_values_in_their_column_s_dominant_format()
    {
        var a = await Assess(f.Codes, "consistency");

        // code: 3 upper of 5; amount: 4 numbers of 5 → 7 of 10.
        Assert.Equal(0.7, a.ScoreOf("consistency"));
        var code = a.DimensionResults["consistency"].Issues.Single(i => i.Column == "code");
        Assert.Equal(2, code.Count);
        Assert.Contains("upper case", code.Description, StringComparison.Ordinal);
        Assert.Equal(["Ab", "ab"], code.SampleRows.Select(r => (string)r["code"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Uniqueness_counts_duplicate_rows_and_with_key_columns_duplicate_keys()
    {
        var rowsOnly = await Assess(f.Dupes, "uniqueness");
        Assert.Equal(0.8, rowsOnly.ScoreOf("uniqueness")); // 1 duplicate row of 5
        var dup = Assert.Single(rowsOnly.Issues);
        Assert.All(dup.SampleRows, r => Assert.Equal("d", r["v"]));
        Assert.Equal(2, dup.SampleRows.Count);

        var withKey = await f.Quality.AssessAsync(new QualityRequest(f.Dupes.Id, Dimensions: ["uniqueness"], KeyColumns: ["id"]));
        Assert.Equal(0.7, withKey.ScoreOf("uniqueness")); // mean of 0.8 and 1 − 2/5
        var key = withKey.Issues.Single(i => i.Column == "id");
        Assert.Equal(2, key.Count);
        Assert.Equal(3, key.SampleRows.Count);
        Assert.Contains(withKey.Recommendations, s => s.Contains("(id) unique", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accuracy_compares_shared_columns_with_the_reference_dataset_on_the_key()
    {
        var a = await f.Quality.AssessAsync(new QualityRequest(f.Prices.Id, Dimensions: ["accuracy"], KeyColumns: ["sku"], ReferenceDataId: f.PricesRef.Id));

        // A–D match a reference row; 2 shared columns × 4 rows = 8 compared cells, C's price differs.
        Assert.Equal(0.875, a.ScoreOf("accuracy"));
        var price = a.Issues.Single(i => i.Column == "price");
        Assert.Equal("C", Assert.Single(price.SampleRows)["sku"]);
        var missing = a.Issues.Single(i => i.Description.Contains("no row with the same key", StringComparison.Ordinal));
        Assert.Equal(1, missing.Count);
        Assert.Equal("E", Assert.Single(missing.SampleRows)["sku"]);
    }

    [Fact]
    public async Task Accuracy_without_a_reference_uses_range_rules_and_without_either_is_left_out_of_the_overall_score()
    {
        var ranged = await f.Quality.AssessAsync(new QualityRequest(f.Contacts.Id, Dimensions: ["accuracy"],
            Rules: new Dictionary<string, ColumnRule> { ["age"] = new(Min: 18, Max: 120) }));
        Assert.Equal(0.5, ranged.ScoreOf("accuracy")); // 17 and 150 out of 4

        var none = await Assess(f.People, "completeness", "accuracy");
        Assert.False(none.DimensionResults["accuracy"].Assessed);
        Assert.Null(none.DimensionResults["accuracy"].Score);
        Assert.DoesNotContain(none.DimensionScores, d => d.Dimension == "accuracy");
        Assert.Equal(0.85, none.OverallScore); // completeness alone, its weight normalised again
        Assert.DoesNotContain(none.ImprovementPriority, p => p.Dimension == "accuracy");
        Assert.Contains(none.Recommendations, s => s.Contains("reference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diversity_is_the_mean_normalised_entropy_of_low_cardinality_text_columns()
    {
        var a = await Assess(f.Categories, "diversity");

        // even: 1.0, constant: 0.0; name has 8 distinct values in 8 rows and is not categorical.
        Assert.Equal(0.5, a.ScoreOf("diversity"));
        var issue = Assert.Single(a.Issues);
        Assert.Equal("constant", issue.Column);
        Assert.Equal(5, issue.SampleRows.Count);
        Assert.Contains("'x'", issue.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeliness_is_the_share_of_dates_within_max_age_of_now_or_a_year_of_the_newest_date()
    {
        var aged = await f.Quality.AssessAsync(new QualityRequest(f.Events.Id, Dimensions: ["timeliness"], MaxAgeDays: 90));
        Assert.Equal(0.5, aged.ScoreOf("timeliness")); // now 2025-01-31, cutoff 2024-11-02: 2 of 4
        Assert.Equal(["2024-01-01", "2024-06-01"], Assert.Single(aged.Issues).SampleRows.Select(r => (string)r["happened"]!).Order(StringComparer.Ordinal));

        var relative = await Assess(f.Events, "timeliness");
        Assert.Equal(0.75, relative.ScoreOf("timeliness")); // newest 2025-01-10, cutoff 2024-01-11: 3 of 4
    }

    [Fact]
    public async Task Weights_are_normalised_to_sum_one_and_weight_the_overall_score()
    {
        var a = await f.Quality.AssessAsync(new QualityRequest(f.People.Id, Dimensions: ["completeness", "uniqueness"],
            Weights: new Dictionary<string, double> { ["completeness"] = 3, ["uniqueness"] = 1 }));

        Assert.Equal(0.75, a.Weights["completeness"]);
        Assert.Equal(0.25, a.Weights["uniqueness"]);
        Assert.Equal(0.8875, a.OverallScore); // 0.75 × 0.85 + 0.25 × 1
        Assert.True(a.PassedThreshold); // default overall threshold 0.8
    }

    [Fact]
    public async Task The_assessment_fails_below_the_overall_threshold_or_below_a_dimension_s_own_threshold()
    {
        var strict = await f.Quality.AssessAsync(new QualityRequest(f.People.Id, Dimensions: ["completeness", "uniqueness"],
            ThresholdScores: new Dictionary<string, double> { ["overall"] = 0.95 }));
        Assert.Equal(0.925, strict.OverallScore);
        Assert.False(strict.PassedThreshold);

        var perDimension = await f.Quality.AssessAsync(new QualityRequest(f.People.Id, Dimensions: ["completeness", "uniqueness"],
            ThresholdScores: new Dictionary<string, double> { ["overall"] = 0.5, ["completeness"] = 0.9 }));
        Assert.False(perDimension.PassedThreshold);
        Assert.False(perDimension.DimensionResults["completeness"].Passed);
        Assert.Equal(0.9, perDimension.DimensionResults["completeness"].Threshold);
        Assert.True(perDimension.DimensionResults["uniqueness"].Passed);
        Assert.Equal(0.5, perDimension.DimensionResults["uniqueness"].Threshold);

        var lenient = await f.Quality.AssessAsync(new QualityRequest(f.People.Id, Dimensions: ["completeness", "uniqueness"],
            ThresholdScores: new Dictionary<string, double> { ["overall"] = 0.9, ["completeness"] = 0.85 }));
        Assert.True(lenient.PassedThreshold);
    }

    [Fact]
    public async Task Improvement_priority_orders_dimensions_by_weight_times_the_missing_score()
    {
        var a = await f.Quality.AssessAsync(new QualityRequest(f.Codes.Id, Dimensions: ["validity", "consistency", "uniqueness"],
            Weights: new Dictionary<string, double> { ["validity"] = 6, ["consistency"] = 1, ["uniqueness"] = 1 }));

        // validity 0.75 × (1 − 0.9333) = 0.05; consistency 0.125 × (1 − 0.7) = 0.0375; uniqueness 0.125 × 0 = 0.
        Assert.Equal(["validity", "consistency", "uniqueness"], a.ImprovementPriority.Select(p => p.Dimension));
        Assert.Equal([0.05, 0.0375, 0], a.ImprovementPriority.Select(p => p.Impact));
        Assert.Equal(a.Issues.OrderByDescending(i => i.Severity).Select(i => i.Description), a.Issues.Select(i => i.Description));
        Assert.Equal("validity", a.Issues[0].Dimension); // severity 0.75 × 1/5 beats consistency's 0.125 × 2/5
    }

    [Fact]
    public async Task Every_dimension_runs_by_default_and_the_assessment_is_kept_by_id()
    {
        var a = await f.Quality.AssessAsync(new QualityRequest(f.People.Id));

        Assert.Equal(QualityDimensions.All, a.DimensionResults.Keys);
        var kept = await f.Store.GetAsync(a.AssessmentId);
        Assert.Equal(a.OverallScore, kept.OverallScore);
        Assert.Equal(a.Issues.Count, kept.Issues.Count);
        Assert.Contains("passed", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validity_is_scored_on_a_fully_typed_table_from_its_inferred_types()
    {
        // Events is integer and date only: before, validity had nothing to check and dropped out of the overall score.
        var a = await Assess(f.Events, "validity", "completeness");

        Assert.Equal(1, a.ScoreOf("validity")); // 8 typed cells, all of their type
        var r = a.DimensionResults["validity"];
        Assert.True(r.Assessed);
        Assert.Equal((8L, 0L), (r.Checked, r.Failed));
        Assert.Contains("'happened' as date", r.Details, StringComparison.Ordinal);
        Assert.Equal(["validity", "completeness"], a.DimensionScores.Select(d => d.Dimension));
        Assert.Equal(0.5, a.DimensionScores[0].Weight);

        var everything = await f.Quality.AssessAsync(new QualityRequest(f.People.Id));
        Assert.NotNull(everything.ScoreOf("validity"));
    }

    [Fact]
    public async Task A_typed_number_that_is_nan_or_infinite_is_not_valid()
    {
        // A Parquet file carries DOUBLE NaN and infinity as they are (a CSV would make the column text).
        var parquet = Path.Combine(f.T.Root, "nan.parquet");
        using (var scratch = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            scratch.Open();
            using var cmd = scratch.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM (VALUES (1, 1.5::DOUBLE), (2, 2.5), (3, 'nan'::DOUBLE), (4, 'inf'::DOUBLE)) t(id, x)) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        var d = await f.Catalog.PublishAsync(await f.T.ImportAsync(parquet), CancellationToken.None);
        Assert.Equal(ColumnType.Decimal, d.Tables[0].Columns.Single(c => c.Name == "x").Type);
        var a = await Assess(d, "validity");
        Assert.Equal(0.75, a.ScoreOf("validity")); // id's 4 integers and x's 2 finite numbers of 8 cells
        Assert.Contains("NaN or infinity", Assert.Single(a.Issues).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dimension_scores_is_a_list_of_dimension_score_weight_issues_and_details()
    {
        var a = await Assess(f.Codes, "validity", "consistency");

        var json = JsonSerializer.SerializeToElement(a, QualityJson.Options).GetProperty("dimension_scores");
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(["dimension", "score", "weight", "issues", "details"], json[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("validity", json[0].GetProperty("dimension").GetString());
        Assert.Equal(0.9333, json[0].GetProperty("score").GetDouble());
        Assert.Equal(0.5, json[0].GetProperty("weight").GetDouble());
        Assert.Contains("'amount'", json[0].GetProperty("issues")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(15, json[0].GetProperty("details").GetProperty("checked").GetInt32());
        Assert.Equal(["description", "checked", "failed", "threshold", "passed"], json[0].GetProperty("details").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task An_assessment_kept_with_the_old_map_of_scores_reads_back_as_the_list()
    {
        var a = await Assess(f.Codes, "validity", "consistency");
        var path = Path.Combine(f.T.Paths.Root, "quality", a.AssessmentId + ".json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        node["dimension_scores"] = new System.Text.Json.Nodes.JsonObject { ["validity"] = 0.9333, ["consistency"] = 0.7 };
        File.WriteAllText(path, node.ToJsonString());

        var kept = await f.Store.GetAsync(a.AssessmentId);
        Assert.Equal(a.DimensionScores.Select(d => (d.Dimension, d.Score)), kept.DimensionScores.Select(d => (d.Dimension, d.Score)));
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{"dimensions":["completeness","freshness"]}""", "dimensions" },
        { """{"dimensions":[]}""", "dimensions" },
        { """{"dimensions":["completeness","validity"],"weights":{"completeness":1}}""", "weights.validity" },
        { """{"dimensions":["completeness"],"weights":{"completeness":0}}""", "weights.completeness" },
        { """{"dimensions":["completeness"],"weights":{"completeness":1,"validity":1}}""", "weights.validity" },
        { """{"threshold_scores":{"overall":1.5}}""", "threshold_scores.overall" },
        { """{"threshold_scores":{"validity":-0.1}}""", "threshold_scores.validity" },
        { """{"rules":{"nope":{"not_null":true}}}""", "rules.nope" },
        { """{"rules":{"name":{"format":"zip"}}}""", "rules.name.format" },
        { """{"rules":{"name":{"pattern":"(unclosed"}}}""", "rules.name.pattern" },
        { """{"rules":{"name":{"type":"colour"}}}""", "rules.name.type" },
        { """{"rules":{"joined":{"min":1}}}""", "rules.joined.min" },
        { """{"key_columns":["nope"]}""", "key_columns" },
        { """{"timeliness_column":"nope"}""", "timeliness_column" },
        { """{"max_age_days":0}""", "max_age_days" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_are_refused_with_a_400_naming_the_field(string json, string field)
    {
        var request = JsonSerializer.Deserialize<QualityRequest>(json, QualityJson.Options)! with { DataId = f.People.Id };
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => f.Quality.AssessAsync(request));
        Assert.Equal(400, ex.Status);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field.Split('.').Last(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_datasets_are_not_found()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => f.Quality.AssessAsync(new QualityRequest("ds_000000000000")));
        Assert.Equal(404, ex.Status);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.Quality.AssessAsync(new QualityRequest(f.Prices.Id, KeyColumns: ["sku"], ReferenceDataId: "ds_000000000000")));
    }
}
