using DataCharts.Core.Datasets;

namespace DataCharts.Web.Api;

/// <summary>A column as the SQL editor offers it: the identifier to write and its type.</summary>
public sealed record SchemaColumnDto(string Name, string Type);

/// <summary>A table as the SQL editor offers it, with its columns in order.</summary>
public sealed record SchemaTableDto(string Name, long RowCount, IReadOnlyList<SchemaColumnDto> Columns);

/// <summary>What SQL over a dataset can name; <c>truncated</c> when the dataset has more than the bounds let through.</summary>
public sealed record SchemaDto(string DataId, IReadOnlyList<SchemaTableDto> Tables, bool Truncated);

/// <summary>
/// <c>GET /api/data/{id}/schema</c>: the tables, columns and types of a dataset, without rows, for the SQL editor's
/// completions and schema browser. Bounded, so a live database with thousands of tables cannot make a page's first
/// keystroke wait on megabytes.
/// </summary>
public static class SchemaEndpoints
{
    public const int MaxTables = 200;
    public const int MaxColumns = 5_000;

    public static async Task<SchemaDto> GetAsync(string dataId, DatasetCatalog catalog, CancellationToken ct) =>
        Of(await catalog.GetAsync(dataId, ct));

    public static SchemaDto Of(DatasetRecord d)
    {
        var tables = new List<SchemaTableDto>();
        var left = MaxColumns;
        var truncated = d.Tables.Count > MaxTables;
        foreach (var t in d.Tables.OrderBy(t => t.Ordinal).Take(MaxTables))
        {
            var columns = t.Columns.OrderBy(c => c.Ordinal).Take(left).Select(c => new SchemaColumnDto(c.Name, c.Type.DisplayName())).ToList();
            truncated |= columns.Count < t.Columns.Count;
            left -= columns.Count;
            tables.Add(new SchemaTableDto(t.Name, t.RowCount, columns));
        }
        return new SchemaDto(d.Id, tables, truncated);
    }
}
