namespace DataCharts.Core.Storage;

/// <summary>The "DataCharts" configuration section.</summary>
public sealed class DataChartsOptions
{
    public const string Section = "DataCharts";

    /// <summary>Everything the app writes lives here; relative paths are resolved against the content root.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Report pages folder; empty means the repository's top-level <c>pages/</c>.</summary>
    public string? PagesDir { get; set; }

    /// <summary>
    /// Compile <c>*.cshtml</c> files in the report folder as Razor pages at <c>/Reports/Razor/{name}</c>. Off by default:
    /// it runs code from that folder, so only turn it on when everyone who can write there is trusted.
    /// </summary>
    public bool AllowRazorReports { get; set; }

    /// <summary>Largest accepted upload in bytes (default 1 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Longest text field of any form, in bytes (the Data page's paste box included; files are held to <see cref="MaxUploadBytes"/>).</summary>
    public int MaxFormValueBytes { get; set; } = 4 << 20;

    /// <summary>Most fields (parts) a form may have.</summary>
    public int MaxFormFields { get; set; } = 1024;

    /// <summary>Largest request body anywhere but the uploads and the paste (JSON bodies, forms), in bytes (default 16 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 16L << 20;

    /// <summary>
    /// Most bytes a compressed upload (an XLSX's parts, a Parquet file's column chunks) may unpack to, counted while reading
    /// (default 4 GiB, four times the default upload limit).
    /// </summary>
    public long MaxInflatedBytes { get; set; } = Datasets.Import.InflateLimits.DefaultMaxInflatedBytes;

    /// <summary>Most an XLSX part may inflate relative to its compressed bytes once past 100 KiB (Apache POI's default of 100).</summary>
    public double MaxInflateRatio { get; set; } = Datasets.Import.InflateLimits.DefaultMaxRatio;

    /// <summary>Questions answered at once (API and Chat page together); sized for 2 cores, one per core.</summary>
    public int AskConcurrency { get; set; } = 2;

    /// <summary>Questions that may wait for one of those; past this a question is refused with 503 and Retry-After.</summary>
    public int AskQueue { get; set; } = 32;

    /// <summary>How many background jobs run at once.</summary>
    public int JobConcurrency { get; set; } = 2;

    /// <summary>Generate the demo dataset when the data directory starts empty.</summary>
    public bool DemoData { get; set; } = true;

    /// <summary>DuckDB memory limit of each open engine database (a data source being queried, or an import), e.g. "1GB".</summary>
    public string EngineMemoryLimit { get; set; } = "1GB";

    /// <summary>Most intermediate data one engine database may spill to disk, e.g. "4GB".</summary>
    public string EngineMaxTempSize { get; set; } = "4GB";

    /// <summary>
    /// How many queries (asks, SQL cells, report blocks) the engine runs at once; 0 means one per core. Text a query makes
    /// is held outside the engine's memory limit, so this is what bounds the memory of many large queries at once.
    /// </summary>
    public int EngineConcurrentQueries { get; set; }

    /// <summary>How many data sources stay open for queries at once (least recently used ones close first).</summary>
    public int EngineOpenSources { get; set; } = 4;

    /// <summary>Most bytes one query result holds (cell text and values, roughly as sent); the rest is cut with a reason.</summary>
    public long MaxResultBytes { get; set; } = 32L << 20;

    /// <summary>Most bytes all cached query results hold together (least recently used ones go first).</summary>
    public long ResultCacheBytes { get; set; } = 128L << 20;

    /// <summary>Longest cell text shown in tables and previews; longer values are cut with a marker (exports keep them whole).</summary>
    public int MaxCellChars { get; set; } = 2_000;

    /// <summary>Most rows a query returns (the rest is counted as truncated).</summary>
    public int RowCap { get; set; } = 10_000;

    /// <summary>Most rows a download streams (CSV, XLSX, JSON, Parquet); results larger than the row cap are read again for it.</summary>
    public int MaxExportRows { get; set; } = 1_000_000;

    /// <summary>The most rows "Import a copy" takes from a live database in one copy.</summary>
    public int MaxCopyRows { get; set; } = 20_000_000;

    /// <summary>Longest a query may run before the engine is interrupted.</summary>
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>Keep rows in file order (previews page by position). Off is ~10–15% faster on very large imports.</summary>
    public bool PreserveInsertionOrder { get; set; } = true;

    /// <summary>DuckDB worker threads; 0 means one per core.</summary>
    public int EngineThreads { get; set; }

    /// <summary>
    /// Live databases to connect at start-up (name, kind, host, port, database, username, password, ssl mode, schemas);
    /// each is added once, when no data source has its name yet.
    /// </summary>
    public List<Connections.ConfiguredConnection> Connections { get; set; } = [];
}
