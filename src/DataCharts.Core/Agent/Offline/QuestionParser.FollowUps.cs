using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Follow-ups: a refinement changes the previous reading; anything else starts a new one.</summary>
public sealed partial class QuestionParser
{

    [GeneratedRegex(@"^\s*(and|but|also|only|just|now|then|what about|how about|and what about|instead|same|show only|filter|exclude|except|without|restrict|limit to|make it|change|switch|as a|as an|in a|break (it )?down|split|per|by|for|(top|bottom|first|last) \d+)\b|^\s*(那|只|换成|改成|再|按|用|以|那么|如果)", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUpStart();

    private bool IsFollowUp(Reading r, string question)
    {
        if (FollowUpStart().IsMatch(question.Trim())) return true;
        // Short questions with no measure of their own refine the previous one ("females only", "as a pie chart").
        var hasOwnTarget = r.Mentions.Any(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric) || r.Has("agg") || r.Has("distribution") || r.Has("relationship");
        return !hasOwnTarget && r.Text.Split(' ').Length <= 6;
    }

    /// <summary>
    /// A question that starts like a refinement but asks for its own measure about other tables ("and how many
    /// playlists are there?" after a question about invoices) is a new question: it inherits nothing.
    /// </summary>
    private bool NewTopic(Reading r, QuerySpec previous, bool startsLikeRefinement)
    {
        var countsATable = r.Cues.Any(c => c.Kind == "agg" && c.Value == "count") && r.Mentions.Any(m => m.Kind == MentionKind.Table && m.Role is null);
        var measures = r.Mentions.Any(m => m.Kind == MentionKind.Measure || m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier);
        // A short question that names rows of its own ("which instructors were hired before 2010?") is a new one too,
        // unless it starts like a refinement ("and only instructors …").
        var namesRows = !startsLikeRefinement && r.Mentions.Any(m => m.Kind == MentionKind.Table && m.Role is null && m.Children is null);
        if (!countsATable && !(measures && r.Has("agg")) && !namesRows) return false;
        var before = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { previous.Table };
        foreach (var m in previous.Measures)
        {
            if (m.Column is not null) before.Add(m.Column.Table);
            if (m.MeasureTable is not null) before.Add(m.MeasureTable);
            if (m.CountedTable is { Length: > 0 } t && t != "default") before.Add(t);
        }
        foreach (var g in previous.Groups) before.Add(g.Column.Table);
        foreach (var f in previous.Filters) before.Add(f.Column.Table);
        return !r.Mentions.Where(m => m.Table is not null && m.Kind != MentionKind.Value).Any(m => before.Contains(m.Table!));
    }

    private ParseResult ApplyFollowUp(Reading r, QuerySpec spec)
    {
        var changed = false;
        var chart = ChartRequest(r);
        if (chart is not null) { spec.RequestedChart = chart; changed = true; }

        var fresh = new QuerySpec();
        ReadFilters(r, fresh);
        ReadTimeFilters(r, fresh);
        ReadConditions(r, fresh);
        foreach (var f in fresh.Filters)
        {
            // A new value for a filtered column replaces it ("what about Dream?"); otherwise it is added.
            spec.Filters.RemoveAll(x => x.Column == f.Column && (x.Op == f.Op || (x.Op is "eq" or "ne" && f.Op is "eq" or "ne")));
            if (r.Has("only") is false && r.Text.Contains(" and ", StringComparison.Ordinal) is false && spec.Groups.Any(g => g.Column == f.Column) && f.Op == "eq")
            {
                // Filtering on the grouped column keeps the grouping meaningful only if asked; keep both.
            }
            spec.Filters.Add(f);
            changed = true;
        }

        // Grouping changes: "by sex instead", "also by year".
        var also = Regex.IsMatch(r.Text, @"\b(also|and)\s+(by|per|for each)\b|\btoo\b|\bas well\b") && !Regex.IsMatch(r.Text, @"\binstead\b");
        foreach (var cue in r.Cues.Where(c => c.Kind == "group"))
        {
            var target = NextEntity(r, cue.End, 2);
            if (target is null || target.Kind == MentionKind.Value) continue;
            var g = GroupFor(target);
            if (g is null) continue;
            if (!also) spec.Groups.RemoveAll(x => index.Find(x.Column.Table, x.Column.Column)?.IsTemporal != true || Regex.IsMatch(r.Text, @"\binstead\b"));
            if (spec.Groups.All(x => x.Column != g.Column)) spec.Groups.Add(g);
            spec.Kind = spec.Kind is QueryKind.Histogram ? QueryKind.Box : spec.Kind;
            changed = true;
        }
        var grainCue = r.Cues.FirstOrDefault(c => c.Kind == "grain");
        if (grainCue is not null && spec.Groups.FirstOrDefault(g => g.Grain is not null) is { } timeGroup && timeGroup.Grain != "year_month")
        {
            spec.Groups[spec.Groups.IndexOf(timeGroup)] = timeGroup with { Grain = grainCue.Value };
            changed = true;
        }

        // Measure changes: "the median instead", "what about the total?", "and the average tip?"
        var aggCue = r.Cues.LastOrDefault(c => c.Kind == "agg" && c.Value is "avg" or "sum" or "median" or "min" or "max" or "count");
        var numeric = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier && !r.Used.Contains(m));
        if (numeric is not null && spec.Kind == QueryKind.Aggregate)
        {
            var agg = AggOf(aggCue?.Value ?? "") ?? spec.Measures.FirstOrDefault(m => m.Column is not null)?.Agg ?? Agg.Avg;
            spec.Measures = [new MeasureSpec(agg == Agg.Count ? Agg.Sum : agg, Key(numeric))];
            changed = true;
        }
        else if (aggCue is not null && spec.Kind == QueryKind.Aggregate && spec.Measures.Count > 0)
        {
            var agg = AggOf(aggCue.Value)!.Value;
            var top = TopN().Match(r.Text);
            if (!top.Success && (spec.Groups.Count == 0 || aggCue.Value is not ("max" or "min") || Regex.IsMatch(r.Text, @"\b(maximum|minimum|max|min)\b")))
            {
                spec.Measures = spec.Measures.Select(m => m.Column is null && agg != Agg.Count ? m : m with { Agg = agg }).ToList();
                changed = true;
            }
        }

        var topN = TopN().Match(r.Text);
        if (topN.Success)
        {
            var dir = (topN.Groups["dir"].Success ? topN.Groups["dir"].Value : topN.Groups["dir2"].Value).ToLowerInvariant();
            spec.Limit = int.Parse(topN.Groups["n"].Success ? topN.Groups["n"].Value : topN.Groups["n2"].Value, CultureInfo.InvariantCulture);
            spec.Descending = dir is not ("bottom" or "last" or "lowest" or "smallest" or "least" or "fewest" or "worst" or "cheapest");
            spec.OrderByMeasure = true;
            changed = true;
        }
        if (Regex.IsMatch(r.Text, @"\b(ascending|lowest first|smallest first)\b")) { spec.Descending = false; spec.OrderByMeasure = true; changed = true; }
        if (Regex.IsMatch(r.Text, @"\b(descending|highest first|largest first)\b")) { spec.Descending = true; spec.OrderByMeasure = true; changed = true; }

        return changed ? Finish(spec) : Build(r, new QuerySpec());
    }
}
