using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using DataCharts.Core.Quality;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>
/// The data-quality report of a dataset's table: "Assess quality" runs every dimension with default weights and
/// thresholds; small tables answer at once, large ones follow the job's progress over SSE and then ask for the result.
/// </summary>
public sealed class QualityModel(DatasetCatalog catalog, QualityService quality, QualityStore store, JobRunner jobs) : PageModel
{
    /// <summary>The "Assess quality" section for one table.</summary>
    public async Task<IActionResult> OnGetAsync(string id, string? table, CancellationToken ct)
    {
        var d = await catalog.GetAsync(id, ct);
        return Partial("Partials/_Quality", new QualitySection(d.Id, DatasetReader.Table(d, table).Name));
    }

    /// <summary>Runs the assessment, or starts it as a job for tables over a million rows.</summary>
    public async Task<IActionResult> OnPostAssessAsync(string id, string? table, CancellationToken ct)
    {
        try
        {
            var request = new QualityRequest(id, table);
            var plan = await quality.PlanAsync(request, ct);
            if (plan.Table.RowCount > QualityJobHandler.AsyncRowThreshold)
            {
                var jobId = await jobs.EnqueueAsync(QualityJobHandler.JobKind, $"Quality of {plan.Dataset.Name}", request with { Async = false }, ct);
                return Partial("Partials/_QualityProgress", new QualityProgressView(jobId, plan.Dataset.Name));
            }
            return Partial("Partials/_QualityReport", QualityReportView.For(await quality.RunAsync(plan, null, ct)));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Partial("Partials/_Alert", new AlertView(ex.Message, null, null));
        }
    }

    /// <summary>Called when the job ends: the report, or the job's error in place of the progress bar.</summary>
    public async Task<IActionResult> OnGetResultAsync(string jobId, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, ct) ?? throw new NotFoundException($"No quality job '{jobId}'.");
        if (!job.IsFinished) return Partial("Partials/_QualityProgress", new QualityProgressView(jobId, job.Title));
        if (job.Status != JobStatus.Completed || job.ResultJson is null)
            return Partial("Partials/_Alert", new AlertView(job.Error ?? "The assessment was cancelled.", null, null));
        var id = JsonSerializer.Deserialize<JsonElement>(job.ResultJson).GetProperty("assessment_id").GetString()!;
        return Partial("Partials/_QualityReport", QualityReportView.For(await store.GetAsync(id, ct)));
    }
}

/// <summary>The "Assess quality" section of a table.</summary>
public sealed record QualitySection(string DataId, string Table);

/// <summary>A running assessment job.</summary>
public sealed record QualityProgressView(string JobId, string Title);

/// <summary>An assessment with its bar chart of dimension scores as a PNG data URI.</summary>
public sealed record QualityReportView(QualityAssessment Assessment, string ChartDataUri)
{
    public static QualityReportView For(QualityAssessment a) => new(a, QualityChart.ScoresDataUri(a));

    /// <summary>A sample cell as text: values read back from a kept assessment are JSON elements.</summary>
    public static string Cell(object? v) => v switch
    {
        null => "",
        JsonElement { ValueKind: JsonValueKind.Null } => "",
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public static string Score(double? s) => s is { } v ? v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
