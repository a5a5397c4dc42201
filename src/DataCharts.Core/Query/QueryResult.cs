using System.Data.Common;
using System.Globalization;
using System.Numerics;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Query;

/// <summary>A column of a query result.</summary>
public sealed record ResultColumn(string Name, ColumnType Type, string EngineType);

/// <summary>Rows of a query, with values already in JSON-friendly shapes (long, double, bool, string, null).</summary>
public sealed record QueryResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads up to <paramref name="maxRows"/> rows; dates become ISO text.</summary>
    public static QueryResult Read(DbDataReader reader, int maxRows = int.MaxValue)
    {
        var columns = ColumnsOf(reader);
        var rows = new List<object?[]>();
        while (rows.Count < maxRows && reader.Read()) rows.Add(Row(reader, columns));
        return new QueryResult(columns, rows);
    }

    /// <summary>The reader's columns with their app types.</summary>
    public static IReadOnlyList<ResultColumn> ColumnsOf(DbDataReader reader)
    {
        var columns = new List<ResultColumn>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var engineType = reader.GetDataTypeName(i);
            columns.Add(new ResultColumn(reader.GetName(i), ColumnTypes.FromDuckDb(engineType), engineType));
        }
        return columns;
    }

    /// <summary>The reader's current row, normalized.</summary>
    public static object?[] Row(DbDataReader reader, IReadOnlyList<ResultColumn> columns)
    {
        var row = new object?[columns.Count];
        for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Normalize(reader.GetValue(i), columns[i].Type);
        return row;
    }

    /// <summary>Turns engine values into plain JSON values.</summary>
    public static object? Normalize(object? v, ColumnType type) => v switch
    {
        null or DBNull => null,
        string or bool or long or double => v,
        int i => (long)i,
        short s => (long)s,
        sbyte b => (long)b,
        byte b => (long)b,
        ushort u => (long)u,
        uint u => (long)u,
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        float f => (double)f,
        decimal d => (double)d,
        BigInteger b => b >= long.MinValue && b <= long.MaxValue ? (long)b : (double)b,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt when type == ColumnType.Date => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero && dt.Millisecond == 0
            ? dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
