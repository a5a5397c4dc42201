using System.Text;
using DataCharts.Core.Agent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Semantics;
using Microsoft.AspNetCore.Mvc;

namespace DataCharts.Web.Api;

/// <summary><c>/api/data/{id}/model…</c>: a dataset's semantic model, its edit file for download, and importing edits.</summary>
public static class SemanticModelEndpoints
{
    public static void MapSemanticModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/data/{dataId}").WithTags("Data");
        api.MapGet("/model", async (string dataId, DatasetCatalog catalog, SchemaLoader schemas, CancellationToken ct) =>
            SemanticModelDto.From(schemas.Load(await catalog.GetAsync(dataId, ct)).Model));
        api.MapGet("/model/export", async (string dataId, DatasetCatalog catalog, SchemaLoader schemas, SemanticModels models, CancellationToken ct) =>
        {
            var d = await catalog.GetAsync(dataId, ct);
            var context = schemas.Load(d);
            var file = ModelEdits.FromModel(context.Model, models.Inferred(d, context.Values)).ToJson();
            return Results.File(Encoding.UTF8.GetBytes(file), "application/json", FileName(d));
        });
        api.MapPut("/model", ImportAsync).DisableAntiforgery();
    }

    /// <summary>Replaces the dataset's edits with the file in the body (the export's format); 400 names every bad entry.</summary>
    private static async Task<IResult> ImportAsync(string dataId, HttpRequest request, DatasetCatalog catalog, SchemaLoader schemas, SemanticModels models, CancellationToken ct)
    {
        var d = await catalog.GetAsync(dataId, ct);
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(ct);
        try
        {
            var edits = ModelEdits.Parse(body);
            var errors = edits.Validate(d);
            if (errors.Count > 0) throw new ModelEditsException(errors);
            await models.SaveEditsAsync(d.Name, edits, ct);
        }
        catch (ModelEditsException ex)
        {
            return Problem(ex, request.HttpContext);
        }
        return Results.Ok(SemanticModelDto.From(schemas.Load(d).Model));
    }

    /// <summary>A problem+json naming each bad entry, with the expression position where there is one.</summary>
    public static IResult Problem(ModelEditsException ex, HttpContext c)
    {
        var p = Infrastructure.ErrorResponses.Problem(ex, c);
        p.Extensions["errors"] = ex.Errors.Select(e => new Dictionary<string, object?> { ["entry"] = e.Entry, ["message"] = e.Message, ["position"] = e.Position }).ToList();
        if (ex.Errors.Count > 0) p.Extensions["field"] = ex.Errors[0].Entry;
        return Results.Problem(p);
    }

    /// <summary>"Sales 2024" → sales-2024.model.json.</summary>
    public static string FileName(DatasetRecord d)
    {
        var safe = new string(d.Name.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-').ToArray()).Trim('-');
        while (safe.Contains("--", StringComparison.Ordinal)) safe = safe.Replace("--", "-", StringComparison.Ordinal);
        return (safe.Length == 0 ? d.Id : safe.Length > 80 ? safe[..80] : safe) + ".model.json";
    }
}

/// <summary>A semantic model as the API shows it (snake_case by the app's JSON options).</summary>
public sealed record SemanticModelDto(
    IReadOnlyList<SemanticModelDto.EntityDto> Entities,
    IReadOnlyList<SemanticModelDto.RelationshipDto> Relationships,
    IReadOnlyList<SemanticModelDto.MeasureDto> Measures,
    IReadOnlyList<SemanticModelDto.DimensionDto> Dimensions,
    IReadOnlyList<string> NotApplied)
{
    public sealed record EntityDto(string Table, string? Key, string? Display, string? DisplaySecond, IReadOnlyList<string> Nouns, string? Description);

    public sealed record RelationshipDto(string From, string To, string Source, string Cardinality, bool IsSelf, string? Role);

    public sealed record RatioDto(string Numerator, string Denominator);

    public sealed record MeasureDto(string Name, string Label, string Table, string? Expression, string Sql, string Agg, string Unit,
        IReadOnlyList<string> Synonyms, bool Derived, string? Column, RatioDto? Ratio, bool UserDefined);

    public sealed record DimensionDto(string Table, string Column, string Label, string Kind, string Unit, IReadOnlyList<string> Synonyms,
        IReadOnlyList<string> TimeGrains, IReadOnlyDictionary<string, IReadOnlyList<string>> ValueAliases);

    private static string Snake(Enum e) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString());

    public static SemanticModelDto From(SemanticModel m) => new(
        m.Entities.Select(e => new EntityDto(e.Table, e.Key, e.Display, e.DisplaySecond, e.Nouns, e.Description)).ToList(),
        m.Relationships.Select(r => new RelationshipDto($"{r.FromTable}.{r.FromColumn}", $"{r.ToTable}.{r.ToColumn}", Snake(r.Source), r.Cardinality, r.IsSelf, r.Role)).ToList(),
        m.Measures.Select(x => new MeasureDto(x.Name, x.Label, x.Table, x.Formula, x.Expression, Snake(x.Agg), Snake(x.Unit), x.Synonyms, x.Derived, x.Column,
            x.Ratio is { } r ? new RatioDto(r.Numerator, r.Denominator) : null, x.IsUserDefined)).ToList(),
        m.Dimensions.Select(d => new DimensionDto(d.Table, d.Column, d.Label, Snake(d.Kind), Snake(d.Unit), d.Synonyms, d.TimeGrains, d.ValueAliases)).ToList(),
        m.NotApplied);
}
