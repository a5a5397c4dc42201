using System.Text.Json;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// The built-in planner: deterministic, no model, no key. It works in stages, each in its own files here:
/// <list type="number">
/// <item>normalise: lower case, numbers, Chinese rewritten into English cue words (<see cref="Glossary"/>, QuestionParser.Reading);</item>
/// <item>link: phrases to columns, tables and values, with synonyms and plural forms (<see cref="SchemaIndex"/>);</item>
/// <item>a logical query: measures, groups, filters, conditions in words, time, order and limit, follow-ups (<see cref="QuestionParser"/> and its parts, <see cref="QuerySpec"/>);</item>
/// <item>SQL compiled with joins along keys (<see cref="SqlBuilder"/>);</item>
/// <item>checks: every content word used or a known filler (<see cref="Coverage"/>), the reading restated in plain words (<see cref="Interpretation"/>).</item>
/// </list>
/// When it cannot understand, or a central word is left over, it says so and suggests questions this dataset can
/// answer; when a lesser word is left over it answers, unsure, naming the words it did not use.
/// </summary>
public sealed class OfflinePlanner : IAnswerAgent
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public Task<AgentPlan> PlanAsync(AgentRequest request, Action<AgentStep> step, CancellationToken ct)
    {
        var chinese = Interpretation.IsChinese(request.Question);
        var previous = request.History.LastOrDefault(h => h.PlanJson is not null)?.PlanJson is { } pj ? Deserialize(pj) : null;
        // Terms the question defines ("… where revenue is price times quantity") join the model, for it and its follow-ups.
        var index = new SchemaIndex(request.Schema);
        var (defined, question) = InlineDefinitions.Read(request.Question, index);
        var definitions = (previous?.Definitions ?? []).Where(d => defined.All(n => n.Name != d.Name)).Concat(defined).ToList();
        if (definitions.Count > 0) index = new SchemaIndex(InlineDefinitions.With(request.Schema, definitions));
        var parsed = new QuestionParser(index).Parse(question, previous);
        if (parsed.Spec is null)
        {
            var why = parsed.Refused ? parsed.Problem! : $"{parsed.Problem} Try one of these:";
            return Task.FromResult(AgentPlan.NotUnderstood(why, Suggestions(index)));
        }
        var spec = parsed.Spec;
        spec.Definitions = definitions;
        var coverage = Coverage.Check(parsed.Reading!, spec, index);
        if (coverage.Central is { } central)
        {
            var why = (chinese, coverage.CentralIsKnown) switch
            {
                (true, true) => $"我不知道如何按问题的要求使用“{central}”，所以无法计算。可以试试：",
                (true, false) => $"我在这个数据集中找不到“{central}”，无法按问题的要求计算。可以试试：",
                (false, true) => $"I could not work out how to use “{central}” the way the question asks, so I cannot compute it. Try one of these:",
                _ => $"I could not find “{central}” in this dataset, so I cannot compute what you asked. Try one of these:",
            };
            return Task.FromResult(AgentPlan.NotUnderstood(why, Suggestions(index)) with { UnusedTerms = coverage.Unused, Confident = false });
        }
        var builder = new SqlBuilder(index);
        var (sql, problem) = builder.Build(spec);
        if (sql is null && builder.LineLevel(spec) is { } lineLevel && builder.Build(lineLevel) is ({ } lineSql, _))
        {
            // Money kept once per header, asked by something of its lines: the lines' own money measure adds up right.
            (spec, sql, problem) = (lineLevel, lineSql, null);
        }
        if (sql is null) return Task.FromResult(AgentPlan.NotUnderstood(problem! + " Try one of these:", Suggestions(index)));
        var interpretation = new Interpretation(index, chinese).Describe(spec);
        step(new AgentStep("plan", chinese ? "理解为：" + interpretation : "Read as: " + interpretation));
        step(new AgentStep("sql", "Wrote the SQL", sql));
        return Task.FromResult(new AgentPlan(sql, null, null, [], JsonSerializer.Serialize(spec, Json), Shape: ShapeHint(spec), RequestedChart: spec.RequestedChart)
        {
            Interpretation = interpretation,
            Confident = coverage.Complete && parsed.Reading!.Doubts.Count == 0,
            UnusedTerms = coverage.Unused,
            Caveat = !coverage.Complete ? Caveat(coverage.Unused, chinese)
                : parsed.Reading!.Doubts.Count > 0 ? (chinese ? "注意：" : "Note: ") + string.Join("; ", parsed.Reading.Doubts) + "." : null,
        });
    }

    /// <summary>What the answer leaves out, said before the numbers.</summary>
    public static string Caveat(IReadOnlyList<string> unused, bool chinese)
    {
        var quoted = string.Join(chinese ? "、" : ", ", unused.Select(u => $"“{u}”"));
        return chinese ? $"注意：我没有用上问题中的{quoted}，下面的结果没有考虑这些条件。" : $"Note: I did not take {quoted} into account; the result below ignores {(unused.Count == 1 ? "it" : "them")}.";
    }

    private static QuerySpec? Deserialize(string json)
    {
        try { return JsonSerializer.Deserialize<QuerySpec>(json, Json); }
        catch (JsonException) { return null; }
    }

    /// <summary>How the result will look, so the chart and the narrative know the roles of its columns (names filled in from the result).</summary>
    private static ResultShape ShapeHint(QuerySpec spec) => spec.Kind switch
    {
        QueryKind.Histogram => new ResultShape([], [], false, false, "histogram"),
        QueryKind.Scatter => new ResultShape(spec.Groups.Select(g => g.Column.Column).ToList(), spec.Columns.Select(c => c.Column).ToList(), false, false, "scatter"),
        QueryKind.Box => new ResultShape([spec.Groups[0].Column.Column], [], false, false, "box"),
        QueryKind.Rows => new ResultShape([], [], false, false, "rows"),
        _ => new ResultShape(Enumerable.Repeat("", spec.Groups.Count).ToList(), Enumerable.Repeat("", spec.Measures.Count).ToList(),
            spec.Groups.FirstOrDefault() is { } g && (g.Grain is not null || g.Column.Column.Contains("year", StringComparison.OrdinalIgnoreCase) || g.Column.Column.Equals("month", StringComparison.OrdinalIgnoreCase)),
            spec.Measures.FirstOrDefault()?.Agg == Agg.Share, "aggregate"),
    };

    /// <summary>Questions this dataset can answer, made from its own columns.</summary>
    public static IReadOnlyList<string> Suggestions(SchemaIndex index)
    {
        var list = new List<string>();
        var table = index.Tables[0];
        var numeric = index.Columns.FirstOrDefault(c => c.IsNumeric && !c.Column.EndsWith("id", StringComparison.OrdinalIgnoreCase));
        var category = index.Columns.FirstOrDefault(c => c.Type == ColumnType.Text && index.ValuesOf(c).Count is > 1 and <= 30);
        var time = index.Columns.FirstOrDefault(c => c.IsTemporal);
        list.Add($"How many {SchemaIndex.Words(table.Label)} are there?");
        if (numeric is not null && category is not null) list.Add($"What is the average {numeric.Words} by {category.Words}?");
        if (numeric is not null && time is not null) list.Add($"How did the total {numeric.Words} change by month?");
        if (numeric is not null) list.Add($"Show the distribution of {numeric.Words}");
        if (category is not null && numeric is not null) list.Add($"Top 5 {category.Words} by {numeric.Words}");
        return list;
    }
}
