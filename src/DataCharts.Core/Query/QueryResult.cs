using System.Data.Common;
using System.Globalization;
using System.Numerics;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Query;

/// <summary>A column of a query result.</summary>
public sealed record ResultColumn(string Name, ColumnType Type, string EngineType);

/// <summary>How much of a result is kept in memory and shown: bytes in all (roughly as sent), and characters per text cell.</summary>
public sealed record ResultBounds(long MaxBytes, int MaxCellChars)
{
    public static readonly ResultBounds None = new(long.MaxValue, int.MaxValue);

    /// <summary>What ends a shortened cell (the downloads hold the whole value).</summary>
    public const string CutMarker = "…";
}

/// <summary>Rows of a query, with values already in JSON-friendly shapes (long, double, bool, string, null).</summary>
public sealed record QueryResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>About how many bytes the rows hold (text by its length, other values 8 bytes); what caches count.</summary>
    public long Bytes { get; init; }

    /// <summary>How many text cells were cut to <see cref="ResultBounds.MaxCellChars"/> (ending in <see cref="ResultBounds.CutMarker"/>).</summary>
    public int ShortenedCells { get; init; }

    /// <summary>Reading stopped because the rows reached <see cref="ResultBounds.MaxBytes"/>; more rows exist.</summary>
    public bool ByteLimitReached { get; init; }

    /// <summary>
    /// Reads up to <paramref name="maxRows"/> rows, dates as ISO text, within <paramref name="bounds"/>: long text cells are
    /// cut as they are read, and reading stops before the row that would pass the byte limit.
    /// </summary>
    /// <param name="columns">The columns with their app types, when the engine's type names are not DuckDB's (a live server).</param>
    /// <param name="chunkedText">
    /// Read text cells with <see cref="DbDataReader.GetChars"/>, at most one character past the bound, so a long value is
    /// never held whole (a reader opened with sequential access streams it; a live server's text can be any size).
    /// </param>
    public static QueryResult Read(DbDataReader reader, int maxRows = int.MaxValue, ResultBounds? bounds = null,
        IReadOnlyList<ResultColumn>? columns = null, bool chunkedText = false)
    {
        var b = bounds ?? ResultBounds.None;
        columns ??= ColumnsOf(reader);
        var rows = new List<object?[]>();
        long bytes = 0;
        var shortened = 0;
        var full = false;
        var buffer = chunkedText && b.MaxCellChars < int.MaxValue ? new char[b.MaxCellChars + 1] : null;
        while (rows.Count < maxRows && reader.Read())
        {
            var row = buffer is null ? Row(reader, columns) : Row(reader, columns, buffer);
            long size = 16;
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is string s)
                {
                    if (s.Length > b.MaxCellChars)
                    {
                        s = string.Concat(s.AsSpan(0, b.MaxCellChars), ResultBounds.CutMarker);
                        row[i] = s;
                        shortened++;
                    }
                    size += s.Length + 2;
                }
                else size += 8;
            }
            if (bytes + size > b.MaxBytes)
            {
                full = true;
                break;
            }
            bytes += size;
            rows.Add(row);
        }
        return new QueryResult(columns, rows) { Bytes = bytes, ShortenedCells = shortened, ByteLimitReached = full };
    }

    /// <summary>
    /// A select-list item that has the engine cut a text column to one character more than <paramref name="chars"/>, so
    /// that <see cref="Read"/> still sees and marks the cut without a long value ever being copied out of the engine.
    /// </summary>
    public static string CutText(string quotedColumn, int chars) =>
        chars == int.MaxValue ? quotedColumn : $"left({quotedColumn}, {chars + 1}) AS {quotedColumn}";

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

    /// <summary>The reader's current row, text read into <paramref name="buffer"/> at most (one character past the bound shows the cut).</summary>
    private static object?[] Row(DbDataReader reader, IReadOnlyList<ResultColumn> columns, char[] buffer)
    {
        var row = new object?[columns.Count];
        for (var i = 0; i < row.Length; i++)
        {
            if (reader.IsDBNull(i)) continue;
            if (reader.GetFieldType(i) == typeof(string))
            {
                var n = reader.GetChars(i, 0, buffer, 0, buffer.Length);
                row[i] = new string(buffer, 0, (int)n);
            }
            else row[i] = Normalize(reader.GetValue(i), columns[i].Type);
        }
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
        // A live server's array (PostgreSQL text[], integer[]…), written as PostgreSQL writes one.
        Array items => "{" + string.Join(",", items.Cast<object?>().Select(x => Convert.ToString(Normalize(x, ColumnType.Text), CultureInfo.InvariantCulture) ?? "NULL")) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
