namespace DataCharts.Web.Pages.Shared;

/// <summary>
/// The schema browser of one SQL editor: <see cref="EditorId"/> is its textarea's id, <see cref="DatasetId"/> the dataset
/// whose tables it lists (null: the editor's own data-dataset, or the nearest one around it).
/// </summary>
public sealed record SchemaBrowserView(string? DatasetId, string EditorId);
