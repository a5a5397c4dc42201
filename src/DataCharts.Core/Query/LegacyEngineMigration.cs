using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Query;

/// <summary>
/// Moves the datasets of a data directory from an earlier release, where every dataset was a schema of one shared
/// <c>datasets.duckdb</c>, into one file per dataset. Each dataset is copied into a staging file and moved into place
/// whole; the shared file is deleted only after every dataset has its own, so an interrupted migration resumes at the
/// next start and loses nothing.
/// </summary>
public static class LegacyEngineMigration
{
    public static void Run(DataPaths paths, ILogger logger)
    {
        var legacy = paths.LegacyEngineDatabase;
        if (!File.Exists(legacy)) return;
        var schemas = new Dictionary<string, List<string>>();
        using (var c = new DuckDBConnection($"Data Source={legacy}"))
        {
            c.Open();
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY schema_name, table_name";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var schema = r.GetString(0);
                    if (!IsDatasetId(schema)) continue;
                    if (!schemas.TryGetValue(schema, out var tables)) schemas[schema] = tables = [];
                    tables.Add(r.GetString(1));
                }
            }
            foreach (var (id, tables) in schemas)
            {
                var target = paths.DatasetFile(id);
                if (File.Exists(target)) continue;
                var staging = paths.StagingDatasetFile(id);
                foreach (var f in new[] { staging, staging + ".wal" }) File.Delete(f);
                DuckDbEngine.Execute(c, $"ATTACH {Literal(staging)} AS migrating");
                try
                {
                    // Table by table in the order the engine lists them; CREATE TABLE AS keeps column order, names and types.
                    foreach (var t in tables)
                        DuckDbEngine.Execute(c, $"CREATE TABLE migrating.main.{Quote(t)} AS SELECT * FROM {Quote(id)}.{Quote(t)}");
                }
                finally
                {
                    DuckDbEngine.Execute(c, "DETACH migrating");
                }
                File.Move(staging, target);
                logger.LogInformation("Moved dataset {Dataset} ({Tables} tables) into its own engine file", id, tables.Count);
            }
        }
        foreach (var f in new[] { legacy, legacy + ".wal" }) File.Delete(f);
        logger.LogInformation("Every dataset of {File} now has its own engine file under {Folder}; the shared file was removed", legacy, paths.Datasets);
    }
}
