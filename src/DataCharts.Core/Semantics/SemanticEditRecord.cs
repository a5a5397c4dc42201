namespace DataCharts.Core.Semantics;

/// <summary>
/// A user's edits to a dataset's semantic model, as the readable JSON of <c>ModelEdits</c>. Keyed by the dataset's
/// name (lower case), so the edits survive deleting and importing the same data again.
/// </summary>
public sealed class SemanticEditRecord
{
    public string DatasetName { get; set; } = "";
    public string Json { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
