using DataCharts.Core.Datasets;
using DataCharts.Core.Query;

namespace DataCharts.Core.Tests.Charts;

/// <summary>Small results for chart tests, written inline: column names, their types and the rows.</summary>
internal static class ChartData
{
    public static QueryResult Result(string[] names, ColumnType[] types, params object?[][] rows) =>
        new(names.Select((n, i) => new ResultColumn(n, types[i], types[i].ToDuckDb())).ToList(), rows.ToList());
}
