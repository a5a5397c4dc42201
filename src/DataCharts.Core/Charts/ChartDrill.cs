namespace DataCharts.Core.Charts;

/// <summary>
/// Drilling into a bar or slice in Chat: the follow-up question it asks. The wording is one the offline planner reads
/// as a refinement of the previous answer ("only …" starts a follow-up; the value is matched to its column), and an
/// LLM reads it the same way.
/// </summary>
public static class ChartDrill
{
    /// <summary>The most characters of a value a drill question carries (bars' labels can be long).</summary>
    public const int MaxValueChars = 200;

    public static string FollowUp(string column, string value) =>
        $"only where {ChartText.Words(column)} is {ChartText.Bounded(value.Trim(), MaxValueChars)}";
}
