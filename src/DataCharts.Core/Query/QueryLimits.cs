namespace DataCharts.Core.Query;

/// <summary>Row cap and timeout saved from the Settings page; they override the configured defaults when set.</summary>
public sealed class QueryLimits
{
    public int? RowCap { get; set; }
    public int? TimeoutSeconds { get; set; }
}
