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
        Directory.CreateDirectory(Datasets);
    }

    public string Root { get; }
    public string AppDatabase => Path.Combine(Root, "app.db");
    /// <summary>The single engine file of releases before one file per data source; migrated away at start.</summary>
    public string LegacyEngineDatabase => Path.Combine(Root, "datasets.duckdb");

    /// <summary>One DuckDB file per published dataset, named after its id.</summary>
    public string Datasets => Path.Combine(Root, "datasets");

    /// <summary>Where the engine spills intermediate results; one folder per open database.</summary>
    public string EngineTemp => Path.Combine(Root, "engine-tmp");

    /// <summary>The engine file of a published dataset.</summary>
    public string DatasetFile(string id) => Path.Combine(Datasets, id + ".duckdb");

    /// <summary>The engine file of a dataset being written; moved to <see cref="DatasetFile"/> when complete.</summary>
    public string StagingDatasetFile(string id) => Path.Combine(Staging, id + ".duckdb");
    public string Uploads => Path.Combine(Root, "uploads");
    public string Staging => Path.Combine(Root, "staging");
    public string Logs => Path.Combine(Root, "logs");
    public string DemoMarker => Path.Combine(Root, ".demo-created");

    /// <summary>A fresh file name under <see cref="Staging"/>, keeping the extension.</summary>
    public string NewStagingFile(string extension) =>
        Path.Combine(Staging, $"{Guid.NewGuid():N}{extension}");
}
