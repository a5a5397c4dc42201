using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataCharts.Core.Quality;

/// <summary>
/// Rules a column's values must follow (validity and, for <see cref="Min"/>/<see cref="Max"/>, accuracy): a type the
/// text must parse as, a numeric range, a list of allowed values (compared as text), an RE2 pattern the whole value must
/// match, a well-known format (email, url, phone) and whether empty cells break the rule. Every rule but
/// <see cref="NotNull"/> looks at non-empty cells only.
/// </summary>
public sealed record ColumnRule(
    string? Type = null,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<JsonElement>? AllowedValues = null,
    string? Pattern = null,
    string? Format = null,
    bool? NotNull = null);

/// <summary>
/// A data-quality assessment request (PRODUCT.md §4, <c>POST /api/quality/assess</c>). Property names become snake_case
/// on the wire (<c>data_id</c>, <c>threshold_scores</c>, …).
/// </summary>
public sealed record QualityRequest(
    string? DataId = null,
    string? Table = null,
    IReadOnlyList<string>? Dimensions = null,
    IReadOnlyDictionary<string, double>? Weights = null,
    IReadOnlyDictionary<string, double>? ThresholdScores = null,
    IReadOnlyDictionary<string, ColumnRule>? Rules = null,
    IReadOnlyList<string>? KeyColumns = null,
    string? ReferenceDataId = null,
    string? TimelinessColumn = null,
    double? MaxAgeDays = null,
    bool? Async = null);

/// <summary>
/// One problem found: the dimension and column it belongs to, how many cells or rows it touches, their share of what
/// was checked, a severity (dimension weight × share) used to order issues, and up to five sample rows as objects.
/// </summary>
public sealed record QualityIssue(
    string Dimension, string? Column, string Description, long Count, double Share, double Severity,
    IReadOnlyList<Dictionary<string, object?>> SampleRows)
{
    /// <summary>The plain-sentence recommendation for this issue (kept out of the JSON; the assessment lists them).</summary>
    [JsonIgnore]
    public string? Recommendation { get; init; }
}

/// <summary>
/// The outcome of one dimension. <see cref="Score"/> and <see cref="Passed"/> are null when the dimension could not be
/// assessed (nothing to check: no rows, no text columns, no date column, no reference or rules); such a dimension is
/// left out of the overall score and the weights of the others are normalised again, and <see cref="Details"/> says why.
/// </summary>
public sealed record DimensionResult(
    double? Score, bool? Passed, double Threshold, double Weight, bool Assessed, long Checked, long Failed, string Details,
    IReadOnlyList<QualityIssue> Issues);

/// <summary>
/// One entry of <c>dimension_scores</c>, in the shape the predecessor's clients read (PRODUCT.md §4): an assessed
/// dimension, its score and weight, the descriptions of its issues, and <see cref="DimensionScoreDetails"/>. The full
/// issues (counts, sample rows) stay in <c>issues</c> and <c>dimension_results</c>.
/// </summary>
public sealed record DimensionScore(string Dimension, double Score, double Weight, IReadOnlyList<string> Issues, DimensionScoreDetails Details)
{
    /// <summary>The assessed dimensions of <paramref name="results"/>, in their order (not assessable ones have no score to list).</summary>
    public static IReadOnlyList<DimensionScore> From(IReadOnlyDictionary<string, DimensionResult> results) =>
        results.Where(kv => kv.Value.Score is not null)
            .Select(kv => new DimensionScore(kv.Key, kv.Value.Score!.Value, kv.Value.Weight, kv.Value.Issues.Select(i => i.Description).ToList(),
                new DimensionScoreDetails(kv.Value.Details, kv.Value.Checked, kv.Value.Failed, kv.Value.Threshold, kv.Value.Passed == true)))
            .ToList();
}

/// <summary>The <c>details</c> of a <see cref="DimensionScore"/>: what was checked, in words and counts, and the threshold.</summary>
public sealed record DimensionScoreDetails(string Description, long Checked, long Failed, double Threshold, bool Passed);

/// <summary>What improving a dimension would add to the overall score: weight × (1 − score).</summary>
public sealed record PriorityItem(string Dimension, double Score, double Weight, double Impact);

/// <summary>A finished assessment, as the API returns it, the job's result holds and the store keeps.</summary>
public sealed record QualityAssessment(
    string AssessmentId,
    string DataId,
    string DatasetName,
    string Table,
    long RowCount,
    double OverallScore,
    double OverallThreshold,
    IReadOnlyList<DimensionScore> DimensionScores,
    bool PassedThreshold,
    Dictionary<string, DimensionResult> DimensionResults,
    string Summary,
    IReadOnlyList<QualityIssue> Issues,
    IReadOnlyList<string> Recommendations,
    IReadOnlyList<PriorityItem> ImprovementPriority,
    Dictionary<string, double> Weights,
    DateTimeOffset CreatedAt)
{
    /// <summary>The score of an assessed dimension; null when it was not chosen or could not be assessed.</summary>
    public double? ScoreOf(string dimension) => DimensionScores.FirstOrDefault(d => d.Dimension == dimension)?.Score;
}

/// <summary>The seven dimensions, by the names clients send, in report order.</summary>
public static class QualityDimensions
{
    public const string Completeness = "completeness";
    public const string Validity = "validity";
    public const string Consistency = "consistency";
    public const string Uniqueness = "uniqueness";
    public const string Accuracy = "accuracy";
    public const string Diversity = "diversity";
    public const string Timeliness = "timeliness";

    public static IReadOnlyList<string> All { get; } = [Completeness, Validity, Consistency, Uniqueness, Accuracy, Diversity, Timeliness];
}

/// <summary>
/// The JSON of assessments outside the web host (job results, stored files): snake_case like the API (ApiJson), so the
/// job's result and <c>GET /api/quality/{id}</c> have the same shape as the answer of <c>POST /api/quality/assess</c>.
/// </summary>
public static class QualityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
