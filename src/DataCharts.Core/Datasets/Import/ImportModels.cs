namespace DataCharts.Core.Datasets.Import;

/// <summary>The file kinds DataCharts reads.</summary>
public enum ImportFormat
{
    Csv,
    Tsv,
    Json,
    JsonLines,
    Xlsx,
    Parquet,
    Sqlite,
    DuckDb,

    /// <summary>Made by the app from other datasets (a saved filter, a derived column, a cleaned copy, generated rows).</summary>
    Derived,
}

/// <summary>Caller's hints for delimited text.</summary>
public sealed record ImportOptions(char? Delimiter = null, bool? Header = null);

/// <summary>A staged file to import.</summary>
public sealed record ImportSource(string FilePath, string FileName, string? DatasetName, ImportFormat Format, ImportOptions Options);

public sealed record ImportedColumn(string Name, string Label, ColumnType Type);

public sealed record ImportedTable(string Name, string Label, long RowCount, IReadOnlyList<ImportedColumn> Columns);

public sealed record ImportedRelation(string FromTable, string FromColumn, string ToTable, string ToColumn);

/// <summary>What an import loaded into the engine, ready to be published in the catalog.</summary>
public sealed record ImportedDataset(string Id, string Name, ImportFormat Format, string SourceFileName, long SourceBytes,
    IReadOnlyList<ImportedTable> Tables, IReadOnlyList<ImportedRelation> Relations);

/// <summary>Recognises the file kind from its name, and checks the content agrees.</summary>
public static class ImportFormats
{
    public const string Supported = "CSV, TSV, TXT, JSON, JSONL/NDJSON, XLSX, Parquet, SQLite (.sqlite, .sqlite3, .db) and DuckDB (.duckdb, .db)";

    public static ImportFormat Detect(string fileName, ReadOnlySpan<byte> head)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var isSqlite = head.StartsWith("SQLite format 3\0"u8);
        var isDuck = head.Length >= 12 && head.Slice(8, 4).SequenceEqual("DUCK"u8);
        var isZip = head.StartsWith("PK\x03\x04"u8);
        var isParquet = head.StartsWith("PAR1"u8);
        switch (ext)
        {
            case ".csv" or ".txt":
                return ImportFormat.Csv;
            case ".tsv" or ".tab":
                return ImportFormat.Tsv;
            case ".json":
                return ImportFormat.Json;
            case ".jsonl" or ".ndjson":
                return ImportFormat.JsonLines;
            case ".xlsx":
                return isZip || head.Length == 0 ? ImportFormat.Xlsx : throw new UserFacingException("This file is not a valid XLSX workbook (it is not a zip package).");
            case ".xls":
                throw new UserFacingException("Old binary Excel files (.xls) are not supported; save the workbook as .xlsx or CSV.", 415, "Unsupported file type");
            case ".parquet":
                return isParquet || head.Length == 0 ? ImportFormat.Parquet : throw new UserFacingException("This file is not a valid Parquet file (it does not start with PAR1).");
            case ".sqlite" or ".sqlite3" or ".db" or ".duckdb":
                if (isSqlite) return ImportFormat.Sqlite;
                if (isDuck) return ImportFormat.DuckDb;
                if (head.Length == 0) throw new UserFacingException("The file is empty.");
                throw new UserFacingException($"This {ext} file is neither a SQLite nor a DuckDB database (its header does not match either).");
            case "":
                throw new UserFacingException($"The file name has no extension, so its type is unknown. Supported: {Supported}.", 415, "Unsupported file type");
            default:
                throw new UserFacingException($"Files of type '{ext}' are not supported. Supported: {Supported}.", 415, "Unsupported file type");
        }
    }

    public static ImportFormat? FromManualFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "csv" => ImportFormat.Csv,
        "tsv" => ImportFormat.Tsv,
        "json" => ImportFormat.Json,
        "jsonl" or "ndjson" => ImportFormat.JsonLines,
        _ => null,
    };

    public static string Extension(ImportFormat f) => f switch
    {
        ImportFormat.Csv => ".csv",
        ImportFormat.Tsv => ".tsv",
        ImportFormat.Json => ".json",
        ImportFormat.JsonLines => ".jsonl",
        ImportFormat.Xlsx => ".xlsx",
        ImportFormat.Parquet => ".parquet",
        ImportFormat.Sqlite => ".sqlite",
        _ => ".duckdb",
    };

    /// <summary>A file name reduced to its last segment, free of path tricks ("../../etc/passwd.csv" → "passwd.csv").</summary>
    public static string SafeFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*')).ToArray()).Trim().TrimStart('.');
        return clean.Length == 0 ? "upload" : clean.Length > 200 ? clean[^200..] : clean;
    }
}
