namespace DataCharts.Core.Datasets;

/// <summary>Announces that a dataset changed (published, renamed, described, deleted), so caches keyed on it can let go.</summary>
public sealed class DatasetChanges
{
    public event Action<string>? Changed;

    public void Publish(string datasetId) => Changed?.Invoke(datasetId);
}
