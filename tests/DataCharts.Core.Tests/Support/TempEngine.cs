using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Tests.Support;

/// <summary>A real DuckDB engine in a fresh temporary data directory, with an importer over it.</summary>
public sealed class TempEngine : IDisposable
{
    public TempEngine()
    {
        Root = Path.Combine(Path.GetTempPath(), "dc-core-" + Guid.NewGuid().ToString("N")[..8]);
        Paths = new DataPaths(Root);
        Engine = new DuckDbEngine(Paths, Options.Create(new DataChartsOptions { EngineThreads = 2 }));
        Importer = new DatasetImporter(Engine, Paths);
    }

    public string Root { get; }
    public DataPaths Paths { get; }
    public DuckDbEngine Engine { get; }
    public DatasetImporter Importer { get; }

    /// <summary>Writes a file into the temp dir and returns its path.</summary>
    public string File(string name, byte[] content)
    {
        var p = Path.Combine(Root, name);
        System.IO.File.WriteAllBytes(p, content);
        return p;
    }

    public string File(string name, string content) => File(name, new System.Text.UTF8Encoding(false).GetBytes(content));

    /// <summary>Stages a copy in the uploads folder (the only place the engine reads from, as in the app) and imports it.</summary>
    public Task<ImportedDataset> ImportAsync(string path, ImportFormat? format = null, ImportOptions? options = null)
    {
        var staged = Stage(path);
        var head = System.IO.File.ReadAllBytes(staged).Take(64).ToArray();
        var f = format ?? ImportFormats.Detect(Path.GetFileName(path), head);
        return Importer.ImportAsync(new ImportSource(staged, Path.GetFileName(path), null, f, options ?? new ImportOptions()), (_, _) => { }, CancellationToken.None);
    }

    /// <summary>The catalog view of an imported dataset, without a catalog (version 1).</summary>
    public static DataCharts.Core.Datasets.DatasetRecord Record(ImportedDataset d, int version = 1) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Version = version,
        Tables = d.Tables.Select((t, i) => new DataCharts.Core.Datasets.DatasetTableRecord
        {
            Name = t.Name, Label = t.Label, RowCount = t.RowCount, Ordinal = i,
            Columns = t.Columns.Select((c, j) => new DataCharts.Core.Datasets.DatasetColumnRecord { Name = c.Name, Label = c.Label, Type = c.Type, Ordinal = j }).ToList(),
        }).ToList(),
        Relations = d.Relations.Select(r => new DataCharts.Core.Datasets.DatasetRelationRecord { FromTable = r.FromTable, FromColumn = r.FromColumn, ToTable = r.ToTable, ToColumn = r.ToColumn }).ToList(),
    };

    public string Stage(string path)
    {
        var staged = Path.Combine(Paths.Uploads, Guid.NewGuid().ToString("N") + Path.GetExtension(path));
        System.IO.File.Copy(path, staged);
        return staged;
    }

    /// <summary>All rows of a table as text (null stays null), ordered as stored.</summary>
    public List<string?[]> Rows(string datasetId, string table)
    {
        using var c = Engine.Open(datasetId);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        using var r = cmd.ExecuteReader();
        var rows = new List<string?[]>();
        while (r.Read())
        {
            var row = new string?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = r.IsDBNull(i) ? null : Convert.ToString(QueryResult.Normalize(r.GetValue(i), DataCharts.Core.Datasets.ColumnTypes.FromDuckDb(r.GetDataTypeName(i))), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Every dataset engine file on disk, published or half-written in staging.</summary>
    public List<string> DatasetFiles() =>
        Directory.EnumerateFiles(Paths.Datasets).Concat(Directory.EnumerateFiles(Paths.Staging, "ds_*")).Select(Path.GetFileName).OfType<string>().Order().ToList();

    public void Dispose()
    {
        Engine.Dispose();
        try { Directory.Delete(Root, true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>Where the shared test data lives when the repository sits beside it (CI); null on a user's fresh clone.</summary>
public static class SharedFolder
{
    public static string? Folder { get; } = Find();

    public const string Missing = "../shared/data is not beside this clone (it is only present in CI); the shared-data layer is skipped.";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "csv-spectrum"))) return candidate;
        }
        return null;
    }

    /// <summary>The folder, or skips the test with the reason.</summary>
    public static string Require()
    {
        Assert.SkipWhen(Folder is null, Missing);
        return Folder!;
    }
}
