using System.Text.Json;
using System.Text.Json.Serialization;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Ask;

/// <summary>Saves charts (spec + the query feeding them) and renders them on demand through the guarded runner.</summary>
public sealed class ChartStore(IDbContextFactory<AppDbContext> db, DatasetCatalog catalog, QueryRunner runner)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string NewId() => "ch_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A chart row not yet saved: an answer adds it in the same SaveChanges as its message (see <see cref="AskService"/>).</summary>
    public static ChartRecord NewRecord(string dataId, string sql, ChartSpec spec, string? messageId)
    {
        var now = DateTimeOffset.UtcNow;
        return new ChartRecord { Id = NewId(), DataId = dataId, Sql = sql, SpecJson = JsonSerializer.Serialize(spec, Json), MessageId = messageId, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>Saves a chart that stands alone (<c>POST /api/chart/create</c>).</summary>
    public async Task<ChartRecord> SaveAsync(string dataId, string sql, ChartSpec spec, string? messageId, CancellationToken ct)
    {
        var record = NewRecord(dataId, sql, spec, messageId);
        await using var ctx = await db.CreateDbContextAsync(ct);
        ctx.Charts.Add(record);
        await ctx.SaveChangesAsync(ct);
        return record;
    }

    public async Task<ChartRecord> GetAsync(string id, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        return await ctx.Charts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"No chart with id '{id}'.");
    }

    /// <summary>
    /// The spec with the colours its category values take in a conversation: the slots the conversation's earlier
    /// charts (by id, oldest first) gave them, new slots for values not seen before.
    /// </summary>
    public async Task<ChartSpec> WithPlaceColorsAsync(IReadOnlyList<string> earlierChartIds, ChartSpec spec, QueryResult result, CancellationToken ct)
    {
        var maps = new List<IReadOnlyDictionary<string, int>?>();
        if (earlierChartIds.Count > 0)
        {
            await using var ctx = await db.CreateDbContextAsync(ct);
            var records = await ctx.Charts.AsNoTracking().Where(c => earlierChartIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            maps.AddRange(earlierChartIds.Where(records.ContainsKey).Select(id => Spec(records[id]).Colors));
        }
        var slots = ChartRenderer.AssignColors(CategoryColors.From(maps), spec, result);
        return slots.Count == 0 ? spec : spec with { Colors = slots };
    }

    public static ChartSpec Spec(ChartRecord r) => JsonSerializer.Deserialize<ChartSpec>(r.SpecJson, Json)!;

    /// <summary>Replaces the spec after checking that it draws.</summary>
    public async Task<ChartRecord> UpdateAsync(string id, ChartSpec spec, CancellationToken ct)
    {
        var existing = await GetAsync(id, ct);
        var (_, result) = await DataAsync(existing, ct);
        // A new type or axis keeps the colours the chart's values had; values it did not draw before get free slots.
        var place = CategoryColors.From([Spec(existing).Colors]);
        var slots = ChartRenderer.AssignColors(place, spec, result);
        spec = spec with { Colors = slots.Count == 0 ? null : slots };
        ChartRenderer.Render(spec, result, ChartFormat.Svg, 300, 200);
        await using var ctx = await db.CreateDbContextAsync(ct);
        var r = await ctx.Charts.FirstAsync(c => c.Id == id, ct);
        r.SpecJson = JsonSerializer.Serialize(spec, Json);
        r.UpdatedAt = DateTimeOffset.UtcNow;
        await ctx.SaveChangesAsync(ct);
        return r;
    }

    public async Task<(DatasetRecord Dataset, QueryResult Result)> DataAsync(ChartRecord chart, CancellationToken ct)
    {
        var d = await catalog.GetAsync(chart.DataId, ct);
        var outcome = await runner.RunAsync(d, chart.Sql, ct: ct);
        return (d, outcome.Result);
    }

    public Task<byte[]> RenderAsync(string id, ChartFormat format, int width, int height, bool dark, CancellationToken ct) =>
        RenderAsync(id, format, width, height, dark, null, ct);

    /// <summary>
    /// The chart's image, zoomed to an x range when one is given (drag-zoom); the rows come from the result cache, and a
    /// PNG the overlay just drew (<see cref="PictureAsync"/>) is served as it is.
    /// </summary>
    public async Task<byte[]> RenderAsync(string id, ChartFormat format, int width, int height, bool dark, XRange? range, CancellationToken ct)
    {
        var chart = await GetAsync(id, ct);
        if (format == ChartFormat.Png && images.TryGet(ImageKey(chart, range, dark, width, height), out var png)) return png;
        var (_, result) = await DataAsync(chart, ct);
        return InteractiveChart.Image(Spec(chart), result, format, width, height, dark, range);
    }

    /// <summary>The chart's PNG and overlay from one render; the PNG is kept for the image request that follows.</summary>
    public async Task<ChartOverlay> PictureAsync(ChartRecord chart, XRange? range, bool dark, CancellationToken ct,
        Func<DatasetRecord, QueryResult, Presentation.ResultFormat>? format = null)
    {
        var (dataset, result) = await DataAsync(chart, ct);
        var (png, overlay) = InteractiveChart.Picture(Spec(chart), result, range, dark, format: format?.Invoke(dataset, result));
        images.Add(ImageKey(chart, range, dark, InteractiveChart.DefaultWidth, InteractiveChart.DefaultHeight), png);
        return overlay;
    }

    private readonly ChartImageCache images = new(16L << 20);

    private static string ImageKey(ChartRecord chart, XRange? range, bool dark, int width, int height) =>
        $"{chart.Id}|{chart.UpdatedAt.UtcTicks}|{range?.FromText}|{range?.ToText}|{dark}|{width}x{height}";
}
