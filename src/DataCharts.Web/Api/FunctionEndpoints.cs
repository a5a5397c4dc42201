using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Api;

/// <summary><c>/api/function/parse</c>, <c>/api/function/apply</c> and <c>/api/function/library</c> (PRODUCT.md §3 data tools, §4).</summary>
/// <remarks>
/// An error in an expression is <c>{message, position, line, column}</c>: <c>position</c> is the 0-based character offset
/// of the offending token, <c>line</c> and <c>column</c> the same place 1-based. Parse answers 200 with it under
/// <c>error</c>; apply answers 400 problem+json with the same four fields beside <c>detail</c>.
/// </remarks>
public static class FunctionEndpoints
{
    public const int PreviewRows = 20;

    public sealed record ParseBody(string? Expression, string? DataId, string? Table);

    public sealed record ApplyBody(string? DataId, string? Expression, string? Table, string? Name);

    public static object? Error(ExpressionError? e) => e is null ? null : new { message = e.Message, position = e.Position, line = e.Line, column = e.Column };

    public static void MapFunctionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/function").WithTags("Functions");

        // With data_id (optional) the columns are checked too: an unknown column is an error with its position.
        api.MapPost("/parse", async (ParseBody body, DatasetCatalog catalog, CancellationToken ct) =>
        {
            var table = body.DataId is { Length: > 0 } id ? DatasetReader.Table(await catalog.GetAsync(id, ct), body.Table) : null;
            var check = ExpressionService.Check(body.Expression, table);
            return Results.Ok(new
            {
                is_valid = check.IsValid,
                error = Error(check.Error),
                variables = check.Variables,
                functions = check.Functions,
                kind = check.Kind,
                target = check.Target,
            });
        }).DisableAntiforgery();

        api.MapPost("/apply", async (ApplyBody body, ExpressionService expressions, DatasetReader reader, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.DataId)) throw new UserFacingException("data_id is required.") { Field = "data_id" };
            AppliedExpression applied;
            try
            {
                applied = await expressions.ApplyAsync(body.DataId, body.Expression, body.Table, body.Name, ct);
            }
            catch (ExpressionException ex)
            {
                var problem = ErrorResponses.Problem(ex, http);
                problem.Extensions["field"] = "expression";
                problem.Extensions["position"] = ex.Error.Position;
                problem.Extensions["line"] = ex.Error.Line;
                problem.Extensions["column"] = ex.Error.Column;
                return Results.Problem(problem);
            }
            var d = applied.Result;
            var table = d.Tables[0];
            var page = await reader.PageAsync(d, table.Name, 0, PreviewRows, ct);
            var names = page.Result.Columns.Select(c => c.Name).ToList();
            return OkAt.Result($"/api/data/{d.Id}", new
            {
                result_id = d.Id,
                data_id = d.Id,
                source_id = applied.Source.Id,
                name = d.Name,
                expression = body.Expression,
                kind = applied.Kind,
                column = applied.Column,
                table = table.Name,
                row_count = table.RowCount,
                columns = table.Columns.Select(c => new { name = c.Name, type = c.Type.DisplayName() }),
                preview = page.Result.Rows.Select(row => names.Select((n, i) => (n, v: row[i])).ToDictionary(x => x.n, x => x.v)),
            });
        }).DisableAntiforgery();

        api.MapGet("/library", () => new
        {
            functions = FunctionLibrary.All.Select(f => new { name = f.Name, category = f.Category, signature = f.Signature, description = f.Description, example = f.Example, aggregate = f.Aggregate }),
            operators = new[] { "+", "-", "*", "/", "%", "^ (or **)", "==", "!=", "<", "<=", ">", ">=", "and (&&)", "or (||)", "not (!)", "name = expression (assigns a column)" },
        });
    }
}
