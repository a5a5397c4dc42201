using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace DataCharts.Web.Api;

/// <summary>
/// The API reference: an OpenAPI document made from the endpoints themselves (<c>/openapi/v1.json</c>, so it cannot
/// drift from them) and Scalar's browsable reference at <c>/docs</c>, where the predecessor (FastAPI) served its own and
/// where its users still look. Scalar's script comes from its package, not a CDN: the app must work offline.
/// </summary>
public static class ApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";

    /// <summary>The error responses every <c>/api</c> operation may give, all RFC 7807 problem+json (ErrorResponses).</summary>
    private static readonly (string Status, string Description)[] Problems =
    [
        ("400", "Bad input: the problem's detail says what is wrong and, in field, where."),
        ("404", "An unknown id: no such dataset, chart, answer, notebook, task or assessment."),
        ("422", "Well-formed but not possible: for example a query the engine refuses, or llm_based generation without a model."),
    ];

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            // The HTTP API only: pages, probes and the htmx script are not part of it.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "DataCharts API",
                    Version = DocumentName,
                    Description = "JSON in snake_case; errors are RFC 7807 problem+json with a human message (PRODUCT.md §4).",
                };
                AddProblemResponses(document);
                return Task.CompletedTask;
            });
        });

    /// <summary>Adds the ProblemDetails schema and a 400/404/422 problem+json response to every <c>/api</c> operation that lacks one.</summary>
    public static void AddProblemResponses(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["ProblemDetails"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 7807 problem details; field names the input that was wrong, when there is one.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Responses ??= new OpenApiResponses();
                foreach (var (status, description) in Problems)
                {
                    operation.Responses.TryAdd(status, new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                        },
                    });
                }
            }
        }
    }

    /// <summary>Maps the document and the reference page (Scalar's own script and assets are served from its package).</summary>
    public static void MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(DocsPath, o => o
            .WithTitle("DataCharts API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName)
            .DisableDefaultFonts() // they come from Scalar's CDN; the machine may be offline
            .DisableTelemetry()
            // A fresh nonce on Scalar's script tags, kept in HttpContext.Items[ScalarOptions.NonceHttpContextItemKey], so a
            // Content-Security-Policy without 'unsafe-inline' can allow exactly those scripts.
            .WithNonce());
    }
}
