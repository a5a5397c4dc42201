using System.Data.Common;
using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Connections;

/// <summary>The app's column types for the type names PostgreSQL and MySQL/MariaDB report.</summary>
public static class LiveTypes
{
    public static IReadOnlyList<ResultColumn> Columns(ConnectionKind kind, DbDataReader reader)
    {
        var columns = new List<ResultColumn>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetDataTypeName(i);
            columns.Add(new ResultColumn(reader.GetName(i), Of(name), name));
        }
        return columns;
    }

    /// <summary>One type name ("integer", "numeric(10,2)", "timestamp without time zone", "VARCHAR", "TINYINT(1)"…).</summary>
    public static ColumnType Of(string typeName)
    {
        var t = typeName.Trim().ToLowerInvariant();
        var paren = t.IndexOf('(');
        var head = paren < 0 ? t : t[..paren].Trim();
        if (t is "tinyint(1)" or "boolean" or "bool" or "bit(1)") return ColumnType.Boolean;
        if (head is "smallint" or "integer" or "int" or "bigint" or "int2" or "int4" or "int8" or "tinyint" or "mediumint" or "serial" or "bigserial" or "year"
            || head.StartsWith("int", StringComparison.Ordinal) && head.EndsWith("unsigned", StringComparison.Ordinal)
            || head.EndsWith(" unsigned", StringComparison.Ordinal) && head.Contains("int", StringComparison.Ordinal))
            return ColumnType.Integer;
        if (head is "numeric" or "decimal" or "real" or "double precision" or "double" or "float" or "float4" or "float8" or "money" or "newdecimal")
            return ColumnType.Decimal;
        if (head == "date") return ColumnType.Date;
        if (head.StartsWith("timestamp", StringComparison.Ordinal) || head is "datetime") return ColumnType.Timestamp;
        return ColumnType.Text;
    }
}
