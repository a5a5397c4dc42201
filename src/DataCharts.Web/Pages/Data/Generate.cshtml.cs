using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Generation;
using DataCharts.Core.Jobs;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>The "Generate data" form: starts a generation job, follows its progress, then links to the new dataset with its stats.</summary>
public sealed class GenerateModel(DatasetCatalog catalog, DataGenerations generations, JobRunner jobs) : PageModel
{
    public GenerateForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form = new GenerateForm(await catalog.ListAsync(ct));
        return Request.IsHtmx() ? Partial("Partials/_Generate", Form) : Page();
    }

    /// <summary>Checks the form as the API would (errors name the field) and starts the job; the fragment follows it over SSE.</summary>
    public async Task<IActionResult> OnPostStartAsync(string? method, long? count, int? seed, double? variationFactor, string? template,
        string? constraints, string? dataId, string? name, CancellationToken ct)
    {
        try
        {
            var body = new JsonObject
            {
                ["generation_method"] = method,
                ["count"] = count,
                ["random_seed"] = seed,
                ["name"] = string.IsNullOrWhiteSpace(name) ? null : name,
                ["async"] = true,
            };
            if (method == "variation") body["variation_factor"] = variationFactor;
            if (method == "variation" && !string.IsNullOrWhiteSpace(dataId)) body["data_id"] = dataId;
            // llm_based takes its columns from the template box (the rules its rows must keep).
            if (method is "template" or "llm_based") body["template"] = ParseJson(template, "template");
            if (method is "rule_based" or "variation" && !string.IsNullOrWhiteSpace(constraints)) body["field_constraints"] = ParseJson(constraints, "field_constraints");
            var started = await generations.StartAsync(JsonSerializer.SerializeToElement(body), ct);
            return Partial("Partials/_GenerateProgress", new GenerateJobView(started.TaskId, $"{started.Request.Count.ToString("N0", CultureInfo.InvariantCulture)} rows ({GenerationRequest.MethodName(started.Request.Method)}), seed {started.Seed}"));
        }
        catch (UserFacingException ex)
        {
            return Partial("Partials/_Alert", new AlertView(ex.Field is null ? ex.Message : $"{ex.Field}: {ex.Message}", null, null));
        }
    }

    /// <summary>Called when the job ends: the link to the new dataset and its stats, or the error in place.</summary>
    public async Task<IActionResult> OnGetResultAsync(string jobId, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, ct) ?? throw new NotFoundException($"No generation job '{jobId}'.");
        if (!job.IsFinished) return Partial("Partials/_GenerateProgress", new GenerateJobView(jobId, job.Title));
        try
        {
            var result = DataGenerations.Result(job);
            Response.Htmx(h => h.WithTrigger("datasets-changed"));
            return Partial("Partials/_GenerateDone", result);
        }
        catch (UserFacingException ex)
        {
            return Partial("Partials/_Alert", new AlertView(ex.Message, null, null));
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(string jobId)
    {
        if (string.IsNullOrEmpty(jobId)) return BadRequest();
        await jobs.CancelAsync(jobId);
        return new NoContentResult();
    }

    private static JsonNode? ParseJson(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new UserFacingException($"{field} is not valid JSON: {ex.Message}") { Field = field };
        }
    }
}

/// <summary>What the form offers: datasets to vary.</summary>
public sealed record GenerateForm(IReadOnlyList<DatasetRecord> Datasets)
{
    public const string ExampleTemplate = """
        {
          "order_no": {"type": "string", "pattern": "ORD-####-??"},
          "quantity": {"type": "integer", "min": 1, "max": 20},
          "price": {"type": "float", "min": 1, "max": 500, "decimals": 2},
          "region": {"type": "choice", "values": ["North", "South", "East"], "weights": [3, 2, 1]},
          "ordered_on": {"type": "date", "start": "2024-01-01", "end": "2024-12-31"},
          "gift": {"type": "boolean", "p": 0.1}
        }
        """;

    public const string ExampleConstraints = """
        {
          "id": {"type": "integer", "min": 1, "max": 1000000, "unique": true},
          "email": {"type": "string", "format": "email", "unique": true},
          "phone": {"type": "string", "format": "phone", "nullable": 0.2},
          "code": {"type": "string", "pattern": "[A-Z]{3}-\\d{4}"}
        }
        """;
}

/// <summary>A running generation job, as its progress bar shows it.</summary>
public sealed record GenerateJobView(string JobId, string Title);
