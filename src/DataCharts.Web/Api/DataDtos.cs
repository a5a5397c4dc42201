using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using DataCharts.Core.Query;

namespace DataCharts.Web.Api;

/// <summary>A column as the API shows it: <c>name</c> is the SQL identifier, <c>label</c> the original name.</summary>
public sealed record ColumnDto(string Name, string Label, string Type, string? Description);

public sealed record TableDto(string Name, string Label, long RowCount, IReadOnlyList<ColumnDto> Columns);

public sealed record RelationDto(string FromTable, string FromColumn, string ToTable, string ToColumn);

/// <summary>Rows of one table: column names and rows as arrays, with paging.</summary>
public sealed record RowsDto(string Table, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long Offset, int Limit, long Total, bool HasMore);

public sealed record DatasetDto(
    string DataId, string Name, string? Description, string SourceFile, string Format, long SourceBytes, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TableDto> Tables, IReadOnlyList<RelationDto> Relations, RowsDto? Preview);

public sealed record ProfileBinDto(string Label, long Count);

public sealed record ProfileDto(string Column, string Label, string Type, long Rows, long Nulls, double NullRate, long Distinct,
    object? Min, object? Max, object? Mean, IReadOnlyList<ProfileBinDto> Histogram, string HistogramKind, string HistogramPngUrl);

public sealed record TaskDto(string TaskId, string Kind, string Title, JobStatus Status, double Progress, int Percent, string? Message,
    string? Error, object? Result, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string StatusUrl, string EventsUrl);

public static class DataDtos
{
    public static DatasetDto ToDto(this DatasetRecord d, TablePage? preview = null) => new(
        d.Id, d.Name, d.Description, d.SourceFileName, d.Format, d.SourceBytes, d.Version, d.CreatedAt, d.UpdatedAt,
        d.Tables.Select(t => t.ToDto()).ToList(),
        d.Relations.Select(r => new RelationDto(r.FromTable, r.FromColumn, r.ToTable, r.ToColumn)).ToList(),
        preview?.ToDto());

    public static TableDto ToDto(this DatasetTableRecord t) =>
        new(t.Name, t.Label, t.RowCount, t.Columns.Select(c => new ColumnDto(c.Name, c.Label, c.Type.DisplayName(), c.Description)).ToList());

    public static RowsDto ToDto(this TablePage p) =>
        new(p.Table.Name, p.Result.Columns.Select(c => c.Name).ToList(), p.Result.Rows, p.Offset, p.Limit, p.Total, p.HasMore);

    public static ProfileDto ToDto(this ColumnProfile p, string dataId, string table) => new(
        p.Column.Name, p.Column.Label, p.Column.Type.DisplayName(), p.Rows, p.Nulls, p.Rows == 0 ? 0 : Math.Round((double)p.Nulls / p.Rows, 4),
        p.Distinct, p.Min, p.Max, p.Mean, p.Bins.Select(b => new ProfileBinDto(b.Label, b.Count)).ToList(),
        p.BinsAreTopValues ? "top_values" : "bins",
        $"/api/data/{Uri.EscapeDataString(dataId)}/tables/{Uri.EscapeDataString(table)}/columns/{Uri.EscapeDataString(p.Column.Name)}/profile.png");

    public static TaskDto ToDto(this JobSnapshot j) => new(
        j.Id, j.Kind, j.Title, j.Status, Math.Round(j.Progress, 4), (int)Math.Round(j.Progress * 100), j.Message, j.Error,
        j.ResultJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(j.ResultJson),
        j.CreatedAt, j.StartedAt, j.FinishedAt, $"/api/tasks/{j.Id}", $"/api/tasks/{j.Id}/events");
}
