using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataCharts.Core.Notebooks;

/// <summary>A notebook as stored: cells as JSON, a version that every change increments (optimistic concurrency).</summary>
public sealed class NotebookRecord
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string DataId { get; set; } = "";
    public string CellsJson { get; set; } = "[]";
    public long Version { get; set; }
    public bool Published { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // The cells parsed from CellsJson, kept until CellsJson is another string (however it was set: EF, Cells, code).
    private string? parsedJson;
    private List<NotebookCell> parsed = [];

    /// <summary>A fresh list of the cells (change it, then assign it back to save it); the JSON is parsed once per value.</summary>
    public List<NotebookCell> Cells
    {
        get
        {
            if (!ReferenceEquals(parsedJson, CellsJson))
            {
                parsed = JsonSerializer.Deserialize<List<NotebookCell>>(CellsJson, Json) ?? [];
                parsedJson = CellsJson;
            }
            return [.. parsed];
        }
        set => CellsJson = JsonSerializer.Serialize(value, Json);
    }
}

/// <summary>The kinds of notebook cell.</summary>
public enum CellKind { Markdown, Sql, Chart, Question, Input }

/// <summary>
/// One cell. <see cref="Source"/> is Markdown, SQL, a chart or input body (<c>key: value</c> lines, as in report files) or a
/// question; a question cell also keeps the agent's <see cref="Sql"/>, <see cref="Chart"/> body and <see cref="Answer"/>.
/// <see cref="Rev"/> counts this cell's edits, so two tabs editing different cells do not collide.
/// </summary>
public sealed record NotebookCell(
    string Id,
    CellKind Kind,
    string Source,
    string? Name = null,
    string? Sql = null,
    string? Chart = null,
    string? Answer = null,
    int Rev = 0,
    CellSnapshot? Snapshot = null,
    PinnedAnswer? Pinned = null)
{
    public static string NewId() => "c_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The chat answer this cell still shows: pinned from it and its SQL and chart not edited since.</summary>
    public PinnedAnswer? ShownAnswer => Pinned is { } p && p.SourceHash == NotebookDocument.Hash(RunText) ? p : null;

    /// <summary>The text a run depends on; a snapshot taken from other text is stale.</summary>
    public string RunText => Kind == CellKind.Question ? (Sql ?? "") + "\n" + (Chart ?? "") : Source;
}

/// <summary>
/// The chat answer a question cell was pinned from, and a hash of the SQL and chart it had then: while they are unchanged,
/// the cell shows that answer, and viewers of the published notebook may download its rows and chart by id.
/// </summary>
public sealed record PinnedAnswer(string MessageId, string? ChartId, string SourceHash);

/// <summary>What the last run of a cell gave: rows, time taken, when, and a hash of the text it ran.</summary>
public sealed record CellSnapshot(long RowCount, double ElapsedMs, DateTime RanAt, string SourceHash, string? Error = null);
