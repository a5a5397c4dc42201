using System.Text.Json;
using DataCharts.Core.Jobs;

namespace DataCharts.Core.Quality;

/// <summary>Runs an assessment as a background job (large tables, or <c>async: true</c>); the result is the assessment's JSON.</summary>
public sealed class QualityJobHandler(QualityService quality) : IJobHandler
{
    public const string JobKind = "quality";

    /// <summary>Tables with more rows than this are assessed as a job unless the request says <c>async: false</c>.</summary>
    public const long AsyncRowThreshold = 1_000_000;

    public string Kind => JobKind;

    public async Task<string?> RunAsync(JobContext context)
    {
        var request = JsonSerializer.Deserialize<QualityRequest>(context.InputJson)!;
        var assessment = await quality.AssessAsync(request, (p, m) => context.Report(p, m), context.CancellationToken);
        return JsonSerializer.Serialize(assessment, QualityJson.Options);
    }
}
