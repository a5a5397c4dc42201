using DataCharts.Core;
using DataCharts.Core.Agent;
using DataCharts.Core.Ask;
using DataCharts.Core.Charts;
using DataCharts.Core.Notebooks;
using DataCharts.Web.Accounts;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Api;

/// <summary><c>/api/ask</c>, <c>/api/conversations…</c>, <c>/api/chart…</c> and <c>/api/results/{message_id}/export</c> (PRODUCT.md §4).</summary>
public static class AskEndpoints
{
    public sealed record AskBody(string? DataId, string? Question, string? ConversationId, int? MaxRows);

    public sealed record ChartConfig(string? Title, string? XAxis, string? YAxis, string? X, System.Text.Json.JsonElement? Y, string? Series, string? Aggregation, string? Sort);

    public sealed record ChartCreateBody(string? DataId, string? ChartType, ChartConfig? Config, string? Table);

    public sealed record ChartDto(string ChartId, string DataId, string Type, string? X, IReadOnlyList<string> Y, string? Series, string? Title,
        string? XLabel, string? YLabel, string PngUrl, string SvgUrl);

    public static ChartDto ToDto(ChartRecord r)
    {
        var s = ChartStore.Spec(r);
        return new ChartDto(r.Id, r.DataId, ChartTypeName(s.Type), s.X, s.Y, s.Series, s.Title, s.XLabel, s.YLabel,
            $"/api/chart/{r.Id}/export?format=png", $"/api/chart/{r.Id}/export?format=svg");
    }

    public static string ChartTypeName(ChartType t) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(t.ToString());

    public static ChartType ParseChartType(string? name) =>
        Enum.GetValues<ChartType>().FirstOrDefault(t => string.Equals(ChartTypeName(t), name?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(t.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase), (ChartType)(-1)) is var v && (int)v >= 0
            ? v
            : throw new UserFacingException($"Unknown chart type '{name}'. Use one of: {string.Join(", ", Enum.GetValues<ChartType>().Select(ChartTypeName))}.") { Field = "chart_type" };

    public static object Answer(AskResult a) => new
    {
        conversation_id = a.ConversationId,
        message_id = a.MessageId,
        answer = a.Answer,
        interpretation = a.Interpretation,
        confident = a.Confident,
        unused_terms = a.UnusedTerms,
        sql = a.Sql,
        columns = a.Result?.Columns.Select(c => c.Name).ToList() ?? [],
        column_types = a.Result?.Columns.Select(c => c.Type.ToString().ToLowerInvariant()).ToList() ?? [],
        rows = a.Result?.Rows ?? [],
        row_count = a.Result?.Rows.Count ?? 0,
        truncated = a.Truncated,
        truncated_reason = a.TruncatedReason,
        chart = a.Chart is null ? null : ToDto(a.Chart),
        suggestions = a.Suggestions,
        engine = a.Engine,
        elapsed_ms = Math.Round(a.ElapsedMs, 1),
        usage = a.Usage is null ? null : new { prompt_tokens = a.Usage.PromptTokens, completion_tokens = a.Usage.CompletionTokens, estimated_cost = a.Usage.EstimatedCost },
    };

    public static void MapAskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ask", async (AskBody body, AskService ask, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.DataId)) throw new UserFacingException("data_id is required.") { Field = "data_id" };
            // The answer's sentences follow the caller's Accept-Language; its rows stay raw.
            var request = new AskRequest(body.DataId, body.Question ?? "", body.ConversationId, body.MaxRows) { Culture = ReaderCulture.Of(http) };
            var result = await ask.AskAsync(request, _ => { }, ct);
            return Results.Ok(Answer(result));
        }).DisableAntiforgery().RequireRateLimiting(AskGate.Policy);

        app.MapGet("/api/conversations", async (string? dataId, AskService ask, CancellationToken ct) =>
            (await ask.ConversationsAsync(dataId, ct)).Select(c => new { conversation_id = c.Id, data_id = c.DataId, title = c.Title, created_at = c.CreatedAt, updated_at = c.UpdatedAt }));
        app.MapGet("/api/conversations/{id}", async (string id, AskService ask, CancellationToken ct) =>
        {
            var c = await ask.ConversationAsync(id, ct);
            return new
            {
                conversation_id = c.Id,
                data_id = c.DataId,
                title = c.Title,
                messages = c.Messages.Select(m => new { message_id = m.Id, question = m.Question, answer = m.Answer, sql = m.Sql, chart_id = m.ChartId, row_count = m.RowCount, engine = m.Engine, created_at = m.CreatedAt }),
            };
        });
    }

    /// <summary>
    /// Answers' downloads by id: a chart's spec and image, every row. Analysts may fetch any; viewers only those a published
    /// notebook shows (<see cref="DataCharts.Core.Notebooks.NotebookService.PublishedNotebookShowsAsync"/>), since the
    /// rest lives in Chat, which they cannot open.
    /// </summary>
    public static void MapAnswerDownloadsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/results/{messageId}/export", async (string messageId, string? format, AskService ask, ResultExport export, HttpContext http, CancellationToken ct) =>
        {
            ResultExport.Parse(format); // an unknown format is a 400 before any work
            var (message, dataset, outcome) = await ask.RowsAsync(messageId, ct);
            await Downloads.WriteRowsAsync(http, export, dataset, outcome, null, format, $"result-{message.Id}", ct);
        }).AddEndpointFilter(ViewersDownloadWhatNotebooksShow("messageId"));

        var charts = app.MapGroup("/api/chart");
        charts.MapGet("/{chartId}", async (string chartId, ChartStore store, CancellationToken ct) => ToDto(await store.GetAsync(chartId, ct)))
            .AddEndpointFilter(ViewersDownloadWhatNotebooksShow("chartId"));
        charts.MapGet("/{chartId}/export", async (string chartId, string? format, int? width, int? height, bool? dark, string? x0, string? x1, ChartStore store, CancellationToken ct) =>
        {
            var f = Downloads.ImageFormat(format);
            var range = ChartZoom.Parse(x0, x1); // a bad range is a 400 before any work
            var bytes = await store.RenderAsync(chartId, f, Math.Clamp(width ?? 900, 200, 3000), Math.Clamp(height ?? 500, 150, 2000), dark ?? false, range, ct);
            return Downloads.Image(bytes, f, $"chart-{chartId}");
        }).AddEndpointFilter(ViewersDownloadWhatNotebooksShow("chartId"));
    }

    /// <summary>Making and changing charts by hand: analysts.</summary>
    public static void MapChartApi(this IEndpointRouteBuilder app)
    {
        var charts = app.MapGroup("/api/chart");
        charts.MapPost("/create", CreateChartAsync).DisableAntiforgery();
        charts.MapPut("/{chartId}", async (string chartId, ChartCreateBody body, ChartStore store, CancellationToken ct) =>
        {
            var existing = ChartStore.Spec(await store.GetAsync(chartId, ct));
            var spec = Merge(existing, body);
            return ToDto(await store.UpdateAsync(chartId, spec, ct));
        }).DisableAntiforgery();
    }

    /// <summary>People who may edit pass; a viewer passes only for an id a published notebook shows, else 403.</summary>
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> ViewersDownloadWhatNotebooksShow(string routeValue) =>
        async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.CanEdit()) return await next(context);
            var id = http.Request.RouteValues[routeValue] as string ?? "";
            var notebooks = http.RequestServices.GetRequiredService<NotebookService>();
            if (await notebooks.PublishedNotebookShowsAsync(id, http.RequestAborted)) return await next(context);
            return Results.Problem($"Your role does not allow {http.Request.Method} {http.Request.Path}: viewers download what a published notebook shows.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        };

    private static IReadOnlyList<string> Ys(ChartConfig? c)
    {
        if (c?.Y is not { } y) return c?.YAxis is { Length: > 0 } ya ? [ya] : [];
        return y.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => [y.GetString()!],
            System.Text.Json.JsonValueKind.Array => y.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0).ToList(),
            _ => [],
        };
    }

    private static ChartSpec Merge(ChartSpec s, ChartCreateBody b) => s with
    {
        Type = b.ChartType is null ? s.Type : ParseChartType(b.ChartType),
        X = b.Config?.X ?? b.Config?.XAxis ?? s.X,
        Y = Ys(b.Config) is { Count: > 0 } ys ? ys : s.Y,
        Series = b.Config?.Series ?? s.Series,
        Title = b.Config?.Title ?? s.Title,
        XLabel = b.Config?.XAxis ?? s.XLabel,
        YLabel = b.Config?.YAxis ?? s.YLabel,
        Sort = b.Config?.Sort ?? s.Sort,
    };

    /// <summary>A chart straight over a dataset table: the rows as they are, or aggregated by x when asked.</summary>
    private static async Task<IResult> CreateChartAsync(ChartCreateBody body, DataCharts.Core.Datasets.DatasetCatalog catalog, ChartStore store, DataCharts.Core.Query.QueryRunner runner, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.DataId)) throw new UserFacingException("data_id is required.") { Field = "data_id" };
        var d = await catalog.GetAsync(body.DataId, ct);
        var table = DataCharts.Core.Datasets.DatasetReader.Table(d, body.Table);
        var type = ParseChartType(body.ChartType ?? "bar");
        // x_axis and y_axis are axis titles; they stand for columns only when they name one (older clients sent them so).
        bool Names(string? n) => n is { Length: > 0 } && table.Columns.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase));
        var ys = body.Config?.Y is not null ? Ys(body.Config) : Names(body.Config?.YAxis) ? [body.Config!.YAxis!] : [];
        var x = body.Config?.X ?? (Names(body.Config?.XAxis) ? body.Config?.XAxis : null)
            ?? table.Columns.FirstOrDefault(c => !ys.Contains(c.Name, StringComparer.OrdinalIgnoreCase))?.Name;
        if (ys.Count == 0) ys = table.Columns.Where(c => c.Type is DataCharts.Core.Datasets.ColumnType.Integer or DataCharts.Core.Datasets.ColumnType.Decimal && c.Name != x).Take(1).Select(c => c.Name).ToList();
        if (ys.Count == 0 && body.Config?.X is null && x is not null && DataCharts.Core.Datasets.ColumnTypes.IsNumeric(DataCharts.Core.Datasets.DatasetReader.Column(table, x).Type))
        {
            // Only one number to show (a one-row aggregate such as mean(x)): it is the y, drawn against the row number.
            ys = [x];
            x = null;
        }
        foreach (var name in ys.Append(x).Append(body.Config?.Series).OfType<string>())
            _ = DataCharts.Core.Datasets.DatasetReader.Column(table, name);
        var syntax = DataCharts.Core.Query.SqlSyntax.For(d);
        string Q(string n) => syntax.Quote(DataCharts.Core.Datasets.DatasetReader.Column(table, n).Name);
        var agg = body.Config?.Aggregation?.ToLowerInvariant();
        string sql;
        if (agg is { Length: > 0 } && x is not null)
        {
            var fn = agg switch
            {
                "sum" => "sum",
                "avg" or "mean" or "average" => "avg",
                "count" => "count",
                "min" => "min",
                "max" => "max",
                "median" => "median",
                _ => throw new UserFacingException($"Unknown aggregation '{agg}': use sum, avg, count, min, max or median.") { Field = "aggregation" }
            };
            string Aggregate(string y) => fn == "median"
                ? syntax.Median(Q(y)) ?? throw new UserFacingException($"A median cannot be computed on this {DataCharts.Core.Query.SqlDialects.DisplayName(syntax.Dialect)} source by a chart; use avg, or ask in Chat.") { Field = "aggregation" }
                : $"{fn}({Q(y)})";
            var groups = body.Config?.Series is { } s ? $"{Q(x)}, {Q(s)}" : Q(x);
            sql = $"SELECT {groups}, {string.Join(", ", ys.Select(y => $"{Aggregate(y)} AS {Q(y)}"))} FROM {syntax.Quote(table.Name)} GROUP BY {groups} ORDER BY 1";
        }
        else sql = $"SELECT * FROM {syntax.Quote(table.Name)}";
        var spec = new ChartSpec(type, x, ys, body.Config?.Series, agg, body.Config?.Title, body.Config?.XAxis ?? x, body.Config?.YAxis ?? (ys.Count == 1 ? ys[0] : null), body.Config?.Sort);
        var outcome = await runner.RunAsync(d, sql, ct: ct);
        ChartRenderer.Render(spec, outcome.Result, ChartFormat.Svg, 300, 200); // fails early on a spec that cannot draw
        var saved = await store.SaveAsync(d.Id, sql, spec, null, ct);
        return OkAt.Result($"/api/chart/{saved.Id}", ToDto(saved));
    }
}
