using DataCharts.Core.Charts;
using DataCharts.Core.Query;

namespace DataCharts.Core.Agent;

/// <summary>Puts the result's real column names into the planner's shape hint (or reads the shape off the result).</summary>
public static class AskShapes
{
    public static ResultShape Resolve(AgentPlan plan, QueryResult result)
    {
        var hint = plan.Shape;
        if (hint is null) return AgentPlan.ShapeOf(result);
        var names = result.Columns.Select(c => c.Name).ToList();
        return hint.Kind switch
        {
            "aggregate" => hint with
            {
                Dimensions = names.Take(hint.Dimensions.Count).ToList(),
                Measures = names.Skip(hint.Dimensions.Count).Take(hint.Measures.Count).ToList(),
                TimeFirst = hint.TimeFirst || (hint.Dimensions.Count > 0 && ChartAdvisor.IsTimeColumn(result.Columns[0])),
            },
            "scatter" => hint with { Measures = names.Take(2).ToList(), Dimensions = hint.Dimensions.Count > 0 ? [names[2]] : [] },
            "box" => hint with { Dimensions = [names[0]] },
            _ => hint,
        };
    }
}
