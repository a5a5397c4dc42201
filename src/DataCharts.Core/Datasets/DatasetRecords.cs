namespace DataCharts.Core.Datasets;

/// <summary>A published dataset: its tables live in the DuckDB schema named after <see cref="Id"/>.</summary>
public sealed class DatasetRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string SourceFileName { get; set; } = "";
    public string Format { get; set; } = "";
    public long SourceBytes { get; set; }
    /// <summary>Bumped on every change, so caches keyed on it go stale.</summary>
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<DatasetTableRecord> Tables { get; set; } = [];
    public List<DatasetRelationRecord> Relations { get; set; } = [];
}

/// <summary>One table of a dataset.</summary>
public sealed class DatasetTableRecord
{
    public int Id { get; set; }
    public string DatasetId { get; set; } = "";
    /// <summary>The SQL identifier of the table inside the dataset's schema.</summary>
    public string Name { get; set; } = "";
    /// <summary>The name as the source had it.</summary>
    public string Label { get; set; } = "";
    public long RowCount { get; set; }
    public int Ordinal { get; set; }
    public List<DatasetColumnRecord> Columns { get; set; } = [];
}

/// <summary>One column: a safe identifier, the original name as label, the inferred type and an optional description for the agent.</summary>
public sealed class DatasetColumnRecord
{
    public int Id { get; set; }
    public int TableId { get; set; }
    public int Ordinal { get; set; }
    public string Name { get; set; } = "";
    public string Label { get; set; } = "";
    public ColumnType Type { get; set; }
    public string? Description { get; set; }
}

/// <summary>A foreign key between two tables of a dataset (from the source, e.g. SQLite).</summary>
public sealed class DatasetRelationRecord
{
    public int Id { get; set; }
    public string DatasetId { get; set; } = "";
    public string FromTable { get; set; } = "";
    public string FromColumn { get; set; } = "";
    public string ToTable { get; set; } = "";
    public string ToColumn { get; set; } = "";
}
