namespace DataCharts.Core.Storage;

/// <summary>Absolute locations of everything under the data directory.</summary>
public sealed class DataPaths
{
    public DataPaths(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Uploads);
        Directory.CreateDirectory(Staging);
        Directory.CreateDirectory(Logs);
    }

    public string Root { get; }
    public string AppDatabase => Path.Combine(Root, "app.db");
    public string EngineDatabase => Path.Combine(Root, "datasets.duckdb");
    public string Uploads => Path.Combine(Root, "uploads");
    public string Staging => Path.Combine(Root, "staging");
    public string Logs => Path.Combine(Root, "logs");
    public string DemoMarker => Path.Combine(Root, ".demo-created");

    /// <summary>A fresh file name under <see cref="Staging"/>, keeping the extension.</summary>
    public string NewStagingFile(string extension) =>
        Path.Combine(Staging, $"{Guid.NewGuid():N}{extension}");
}
