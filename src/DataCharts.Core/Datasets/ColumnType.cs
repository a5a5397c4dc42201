namespace DataCharts.Core.Datasets;

/// <summary>The column types DataCharts infers and shows.</summary>
public enum ColumnType
{
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
    Timestamp,
}

/// <summary>Mapping between <see cref="ColumnType"/> and DuckDB types.</summary>
public static class ColumnTypes
{
    public static string ToDuckDb(this ColumnType type) => type switch
    {
        ColumnType.Integer => "BIGINT",
        ColumnType.Decimal => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => "VARCHAR",
    };

    /// <summary>Classifies a DuckDB type name (as <c>DESCRIBE</c> prints it).</summary>
    public static ColumnType FromDuckDb(string duckType)
    {
        var t = duckType.ToUpperInvariant();
        if (t is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "UHUGEINT")
            return ColumnType.Integer;
        if (t is "DOUBLE" or "FLOAT" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal))
            return ColumnType.Decimal;
        if (t == "BOOLEAN") return ColumnType.Boolean;
        if (t == "DATE") return ColumnType.Date;
        if (t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return ColumnType.Timestamp;
        return ColumnType.Text;
    }

    public static bool IsNumeric(this ColumnType type) => type is ColumnType.Integer or ColumnType.Decimal;
    public static bool IsTemporal(this ColumnType type) => type is ColumnType.Date or ColumnType.Timestamp;

    public static string DisplayName(this ColumnType type) => type switch
    {
        ColumnType.Decimal => "decimal",
        _ => type.ToString().ToLowerInvariant(),
    };
}
