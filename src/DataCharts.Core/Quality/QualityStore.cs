using System.Text.Json;
using System.Text.Json.Nodes;
using DataCharts.Core.Storage;

namespace DataCharts.Core.Quality;

/// <summary>
/// Keeps the last <see cref="Keep"/> assessments as one JSON file each under <c>quality/</c> in the data directory, so
/// <c>GET /api/quality/{id}</c> and its exports work after the request (and the job) that made them. A file per
/// assessment needs no migration, and an assessment is only ever read whole.
/// </summary>
public sealed class QualityStore(DataPaths paths)
{
    public const int Keep = 100;

    private readonly string dir = Path.Combine(paths.Root, "quality");

    public async Task SaveAsync(QualityAssessment assessment, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dir);
        var path = PathOf(assessment.AssessmentId)!;
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(assessment, QualityJson.Options), ct);
        File.Move(temp, path, overwrite: true);
        foreach (var old in new DirectoryInfo(dir).GetFiles("qa_*.json").OrderByDescending(f => f.LastWriteTimeUtc).Skip(Keep))
        {
            try { old.Delete(); } catch (IOException) { /* another request removed it */ }
        }
    }

    /// <summary>The stored assessment; 404 when it is unknown or was dropped as one of the oldest.</summary>
    public async Task<QualityAssessment> GetAsync(string id, CancellationToken ct = default)
    {
        var path = PathOf(id);
        if (path is null || !File.Exists(path)) throw new NotFoundException($"No quality assessment with id '{id}'.");
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!;
        // Files kept before dimension_scores became a list hold a map of scores; the list is rebuilt from the results.
        var old = node["dimension_scores"] is JsonObject;
        if (old) node["dimension_scores"] = new JsonArray();
        var a = node.Deserialize<QualityAssessment>(QualityJson.Options)!;
        return old ? a with { DimensionScores = DimensionScore.From(a.DimensionResults) } : a;
    }

    /// <summary>Only ids the service makes (qa_ and hex) map to a file: nothing else can reach the file system.</summary>
    private string? PathOf(string id) =>
        id.Length is > 3 and <= 40 && id.StartsWith("qa_", StringComparison.Ordinal) && id[3..].All(char.IsAsciiHexDigitLower)
            ? Path.Combine(dir, id + ".json") : null;
}
