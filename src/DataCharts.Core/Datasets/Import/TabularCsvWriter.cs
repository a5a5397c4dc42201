using System.Text;

namespace DataCharts.Core.Datasets.Import;

/// <summary>
/// Writes rows from a non-CSV source (JSON, XLSX, SQLite) as a normalised UTF-8 CSV for the engine to load,
/// inferring each column's type on the way. Columns may appear late (JSON keys): earlier rows are shorter and
/// the engine pads them with missing values. Missing is written as an empty unquoted field, text always quoted,
/// so an empty string and a missing value stay different.
/// </summary>
public sealed class TabularCsvWriter : IDisposable
{
    private readonly StreamWriter writer;
    private readonly List<string> labels = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly List<TypeAccumulator> types = [];
    private readonly List<ColumnType?> declared = [];
    private readonly StringBuilder line = new();

    public TabularCsvWriter(string path)
    {
        writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    }

    public long RowCount { get; private set; }
    public IReadOnlyList<string> Labels => labels;

    /// <summary>Declares a column up front, optionally with a type the source declares (which wins over inference for text).</summary>
    public int AddColumn(string label, ColumnType? declaredType = null)
    {
        if (index.TryGetValue(label, out var i)) return i;
        index[label] = labels.Count;
        labels.Add(label);
        types.Add(new TypeAccumulator());
        declared.Add(declaredType);
        return labels.Count - 1;
    }

    /// <summary>Writes one row; values are in column order (nulls for missing).</summary>
    public void WriteRow(IReadOnlyList<string?> values)
    {
        line.Clear();
        for (var c = 0; c < values.Count; c++)
        {
            if (c > 0) line.Append(',');
            var v = values[c];
            types[c].Add(v);
            if (v is null) continue;
            line.Append('"').Append(v.Replace("\"", "\"\"")).Append('"');
        }
        writer.WriteLine(line);
        RowCount++;
    }

    /// <summary>The column types: inference, except that a source declaring text keeps text (postal codes stay codes).</summary>
    public IReadOnlyList<ColumnType> Types => types.Select((t, i) =>
    {
        var inferred = t.Result;
        return declared[i] switch
        {
            ColumnType.Text when inferred is not (ColumnType.Date or ColumnType.Timestamp) => ColumnType.Text,
            ColumnType.Integer when inferred is ColumnType.Text => ColumnType.Text,
            ColumnType.Decimal when inferred is ColumnType.Integer => ColumnType.Decimal,
            _ => inferred,
        };
    }).ToList();

    public void Dispose() => writer.Dispose();
}
