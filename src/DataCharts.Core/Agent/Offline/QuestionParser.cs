using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>The outcome of reading a question: a spec, or why it was not understood.</summary>
public sealed record ParseResult(QuerySpec? Spec, string? Problem, bool Refused = false)
{
    /// <summary>How the question was read (for the coverage check); null for refusals made before reading.</summary>
    internal Reading? Reading { get; init; }
}

/// <summary>
/// Reads an English (or glossary-translated Chinese) question against a <see cref="SchemaIndex"/>: finds the columns,
/// tables and data values it names, the cue words around them (aggregates, grouping, comparisons, time, top/bottom N,
/// rates, distributions, relationships, chart requests), and builds a <see cref="QuerySpec"/>. A follow-up modifies
/// the previous spec instead of starting over. It never guesses silently: no recognisable target means no plan.
/// </summary>
public sealed partial class QuestionParser(SchemaIndex index)
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>The reading being parsed (for stages that run at the end).</summary>
    private Reading? currentReading;

    /// <summary>The question as the person wrote it (capitals kept).</summary>
    private string? currentQuestion;

    public ParseResult Parse(string question, QuerySpec? previous)
    {
        if (Refusal(question) is { } refusal) return new ParseResult(null, refusal, true);
        currentQuestion = question;
        var r = Read(question);
        currentReading = r;
        var followUp = previous is not null && IsFollowUp(r, question) && !NewTopic(r, previous, FollowUpStart().IsMatch(question.Trim()));
        var spec = followUp ? previous!.Clone() : new QuerySpec();
        var parsed = followUp ? ApplyFollowUp(r, spec) : Build(r, spec);
        return parsed with { Reading = r };
    }


    [GeneratedRegex(@"\b(delete|drop|truncate|insert|update|alter|create|attach|detach|copy|export|install|load|pragma|grant|revoke|vacuum|checkpoint|overwrite|replace\s+table|remove\s+(all|the|every|rows?|data|table))\b|删除|清空|修改|插入|更新数据|导出到|写入", RegexOptions.IgnoreCase)]
    private static partial Regex Destructive();

    [GeneratedRegex(@"(/etc/|/proc/|/root|/home/|[a-z]:\\|\.\./|file://|https?://|\b(passwd|shadow|read_csv|read_text|read_parquet|glob\s*\(|system prompt|ignore (all |the )?previous))", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideData();

    private static string? Refusal(string question)
    {
        if (OutsideData().IsMatch(question))
            return "I only answer questions about this dataset's tables; I cannot read files, URLs or anything outside the data, and I do not follow instructions embedded in questions.";
        if (Destructive().IsMatch(question))
            return "I only read data: I cannot delete, change, copy or export it. Ask me a question about the data instead.";
        return null;
    }


    private ParseResult Build(Reading r, QuerySpec spec)
    {
        var columns = r.Mentions.Where(m => m.Kind == MentionKind.Column).ToList();
        var tables = r.Mentions.Where(m => m.Kind == MentionKind.Table).ToList();
        var values = r.Mentions.Where(m => m.Kind == MentionKind.Value).ToList();

        spec.RequestedChart = ChartRequest(r);
        preferredTables = r.Mentions.Where(m => m.Kind == MentionKind.Table || (m.Kind == MentionKind.Column && m.Column!.IsNumeric)).Select(m => m.Table!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var money in MoneyColumns(r)) preferredTables.Add(money.Table);
        ReadFilters(r, spec);
        ReadTimeFilters(r, spec);
        ReadConditions(r, spec);

        var kindCue = r.Has("distribution") ? QueryKind.Histogram : r.Has("relationship") ? QueryKind.Scatter : QueryKind.Aggregate;
        if (spec.RequestedChart == ChartType.Histogram) kindCue = QueryKind.Histogram;
        if (spec.RequestedChart == ChartType.Scatter) kindCue = QueryKind.Scatter;
        if (spec.RequestedChart == ChartType.Box) kindCue = QueryKind.Box;

        // Groups: a column or table right after a grouping cue, "which X", or a time grain.
        // "how many tracks", "number of invoices": the table counted.
        var countCue0 = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Value == "count");
        string? countedByCue = null;
        if (countCue0 is not null && NextEntity(r, countCue0.End, 2) is { Kind: MentionKind.Table } counted)
        {
            countedByCue = counted.Table;
            r.Used.Add(counted);
        }
        // "by track count": a table followed by a count word is what is counted.
        foreach (var t in r.Mentions.Where(m => m.Kind == MentionKind.Table && countedByCue is null))
            if (r.Cues.Any(c => c.Kind == "agg" && c.Value == "count" && c.Start >= t.End && c.Start - t.End <= 1))
            {
                countedByCue = t.Table;
                r.Used.Add(t);
            }
        var topMatch = TopN().Match(r.Text);
        var groupCues = r.Cues.Where(c => c.Kind is "group" or "which").ToList();
        if (topMatch.Success) groupCues.Add(new Cue(topMatch.Index, topMatch.Index + topMatch.Length, "which", "top"));
        foreach (var cue in groupCues.OrderBy(c => c.Start))
        {
            var target = NextEntity(r, cue.End, maxGap: cue.Kind == "which" ? 1 : 2);
            if (target is null) continue;
            // "top 5 courses by enrolments": ranked by how many rows of that table each has.
            if (target.Kind == MentionKind.Table && target.Role is null && cue.Value == "by" && (topMatch.Success || r.Cues.Any(c => c.Kind == "agg" && c.Value is "max" or "min"))
                && index.Model.EntityOf(target.Table!) is { Display: null } && countedByCue is null)
            {
                countedByCue = target.Table;
                r.Used.Add(target);
                continue;
            }
            // "by number of tracks", "by total sales": the ordering measure, not a group.
            if (r.Cues.Any(c => c.Kind is "agg" && c.Start >= cue.End && c.End <= target.Start) && (target.Kind != MentionKind.Column || GroupFor(target) is null)) continue;
            if (target.Kind == MentionKind.Table && target.Role is null && (target.Table == countedByCue || index.Tables.Count == 1)) continue;
            // "average freight per order" when freight is an order's: the grain of the measure, not a grouping.
            if (target.Kind == MentionKind.Table && cue.Kind == "group" && columns.Any(c => c.Column!.IsNumeric && !c.Column.IsIdentifier && c.Column.Table.Equals(target.Table, StringComparison.OrdinalIgnoreCase) && c.End <= cue.Start))
            {
                r.Used.Add(target);
                continue;
            }
            if (target.Kind == MentionKind.Value)
            {
                // "each sales support agent": one group per row of the table the value describes (by its name), the value a filter.
                if (target.Table != countedByCue && index.Model.EntityOf(target.Table!) is { } described && DisplayGroup(described) is { } byName
                    && spec.Groups.All(x => x.Column != byName.Column))
                    spec.Groups.Add(byName);
                continue;
            }
            var g = GroupFor(target);
            if (g is null) continue;
            // "by year/month" on a time column is a grain, handled below.
            if (spec.Groups.All(x => x.Column != g.Column)) spec.Groups.Add(g);
            r.Used.Add(target);
        }
        ReadTimeGrouping(r, spec);

        // Rows counted: "how many penguins", "number of tracks".
        var countCue = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Value == "count");
        var rateCue = r.First("rate");

        // Numeric measures: an aggregate cue right before a numeric column, or a numeric column left over.
        ReadModelMeasures(r, spec, rateCue);
        foreach (var m in columns.Where(m => !r.Used.Contains(m) && m.Column!.IsNumeric))
        {
            if (m.Column!.IsIdentifier)
            {
                // "how many respondents" (respondent_id): the rows are counted; a key is never a measure.
                if (countCue is not null && m.Start >= countCue.End && m.Start - countCue.End <= 12)
                {
                    spec.Measures.Add(new MeasureSpec(Agg.Count, null, null, m.Column.Table));
                    r.Used.Add(m);
                }
                continue;
            }
            var agg = AggBefore(r, m);
            if (kindCue == QueryKind.Scatter && IsFlag(m.Column!))
            {
                // "fare of survivors vs non-survivors": a yes/no column compared is a group, not an axis.
                if (spec.Groups.All(g => g.Column != Key(m))) spec.Groups.Add(new GroupSpec(Key(m)));
                r.Used.Add(m);
                continue;
            }
            if (kindCue is QueryKind.Histogram or QueryKind.Scatter or QueryKind.Box)
            {
                if (!spec.Columns.Contains(Key(m))) spec.Columns.Add(Key(m));
                r.Used.Add(m);
                continue;
            }
            spec.Measures.Add(new MeasureSpec(agg ?? Agg.Avg, Key(m)) with { CountedTable = agg is null ? "default" : null });
            // "min, max and average fare": every aggregate of a list right before the column.
            foreach (var extra in AggList(r, m).Where(a => a != agg)) spec.Measures.Add(new MeasureSpec(extra, Key(m)));
            r.Used.Add(m);
        }

        // "spent the most", "revenue", "sales": money words name the dataset's money column when no column is named.
        if (spec.Measures.Count == 0 && MoneyColumns(r).FirstOrDefault() is { } moneyCol && kindCue == QueryKind.Aggregate)
            spec.Measures.Add(new MeasureSpec(AggOf(r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Value is "avg" or "median" or "min" or "max" && !(c.Value is "max" or "min" && r.Has("which")))?.Value ?? "") ?? Agg.Sum, new Col(moneyCol.Table, moneyCol.Column)));

        // "the busiest month" where rows are not events (a row per month): busy means the most of the people or things the
        // table counts ("passengers"), summed, or averaged when asked "on average".
        if (spec.Measures.Count == 0 && kindCue == QueryKind.Aggregate && countedByCue is null && r.Cues.FirstOrDefault(c => c.Kind == "agg" && r.Text[c.Start..c.End] is "busiest" or "peak" or "quietest" or "slowest") is not null
            && index.Columns.FirstOrDefault(c => c.IsNumeric && !c.IsIdentifier && TrafficWords().IsMatch(c.Words)) is { } traffic)
            spec.Measures.Add(new MeasureSpec(r.Cues.Any(c => c.Kind == "agg" && c.Value == "avg") ? Agg.Avg : Agg.Sum, new Col(traffic.Table, traffic.Column)));

        // "the most expensive", "the heaviest": a superlative adjective names the measure when no column is named.
        if (spec.Measures.Count == 0 && kindCue == QueryKind.Aggregate && SuperlativeColumn(r) is { } adjCol)
            spec.Measures.Add(new MeasureSpec(Agg.Avg, new Col(adjCol.Table, adjCol.Column)) { CountedTable = "default" });

        // Text columns not used as groups: "number of distinct X", distributions of categories, box groups, or groups after all.
        foreach (var m in columns.Where(m => !r.Used.Contains(m) && !m.Column!.IsNumeric))
        {
            var before = CueBefore(r, m.Start, 3);
            if ((before.Any(c => c.Kind == "distinct") && (countCue is not null || !Regex.IsMatch(r.Text, @"^\s*(list|show|display|what are|which are)\b"))) || (countCue is not null && countCue.End <= m.Start && m.Start - countCue.End <= 12 && IsCountOf(r, countCue, m)))
            {
                spec.Measures.Add(new MeasureSpec(Agg.CountDistinct, Key(m)));
                r.Used.Add(m);
                continue;
            }
            if (m.Column!.IsTemporal && spec.Groups.Any(g => g.Column == Key(m))) { r.Used.Add(m); continue; }
            if (rateCue is not null && IsFlag(m.Column!))
            {
                spec.Measures.Add(new MeasureSpec(Agg.Rate, null, TrueCondition(m.Column!)));
                r.Used.Add(m);
                continue;
            }
            if (spec.Filters.Any(f => f.Column == Key(m) && (f.Op == "eq" && f.Values.Count == 1 || f.Op == "contains"))) { r.Used.Add(m); continue; }
            if (kindCue is QueryKind.Histogram or QueryKind.Box || (kindCue == QueryKind.Scatter && spec.Columns.Count > 0))
            {
                if (kindCue == QueryKind.Histogram && spec.Columns.Count == 0) { spec.Groups.Add(new GroupSpec(Key(m))); spec.Measures.Add(new MeasureSpec(Agg.Count, null)); kindCue = QueryKind.Aggregate; }
                else spec.Groups.Add(new GroupSpec(Key(m)));
                r.Used.Add(m);
                continue;
            }
            if (m.Column!.IsTemporal && (r.Has("time") || r.Has("grain")))
            {
                continue;
            }
            // A category named without a cue: "tips of smokers and non smokers", "compare species" → group;
            // but not in a plain "how many …" question, where it is part of the description.
            if (countCue is not null && r.Text.TrimStart().StartsWith("how many", StringComparison.Ordinal) && !r.Has("group") && !r.Has("which")) continue;
            if (spec.Groups.Count < 2 && spec.Groups.All(g => g.Column != Key(m)) && !m.Column.IsTemporal)
            {
                spec.Groups.Add(new GroupSpec(Key(m)));
                r.Used.Add(m);
            }
        }

        // Rates: "what percentage of penguins are female" → the value is the condition, not a filter.
        if (rateCue is not null && spec.Measures.FirstOrDefault(x => x.Agg == Agg.Share && x.ModelMeasure is not null) is { } share && spec.Groups.Count == 0
            && spec.Filters.LastOrDefault(f => f.Op is "eq" or "ne") is { } part)
        {
            // "what share of revenue comes from beverages": the measure where the condition holds, over all of it.
            spec.Filters.Remove(part);
            spec.Measures[spec.Measures.IndexOf(share)] = share with { Agg = Agg.Rate, Condition = part };
        }
        // "what share of fees comes from Chinese students": an amount named right after the rate word is what is shared.
        if (rateCue is not null && spec.Groups.Count == 0 && spec.Filters.LastOrDefault(f => f.Op is "eq" or "ne") is { } amountPart
            && columns.FirstOrDefault(m => m.Column!.IsNumeric && !m.Column.IsIdentifier && !IsFlag(m.Column) && m.Start >= rateCue.End
                && Regex.IsMatch(r.Text[rateCue.End..m.Start], @"^\s*(of\s+)?(the\s+|all\s+|total\s+)?$")
                && !index.Tables.Any(t => SchemaIndex.Words(t.Name) == m.Text)) is { } amount // "percentage of tips" in the tips data counts rows
            && spec.Measures.FirstOrDefault(x => x.Column == Key(amount)) is { } shared)
        {
            spec.Filters.Remove(amountPart);
            spec.Measures[spec.Measures.IndexOf(shared)] = new MeasureSpec(Agg.Rate, Key(amount), amountPart);
        }
        if (rateCue is not null && spec.Measures.All(x => x.Agg != Agg.Rate))
        {
            var condition = RateCondition(r, spec, rateCue);
            if (condition is not null)
            {
                spec.Filters.Remove(condition);
                // "percentage of tips given at dinner": a column named only as the thing counted is not a measure.
                spec.Measures.RemoveAll(x => x.CountedTable == "default");
                // "what share of plays come from premium listeners": the rows counted are the ones named after the rate word.
                var of = NextEntity(r, rateCue.End, 2) is { Kind: MentionKind.Table, Role: null } named ? named.Table : null;
                spec.Measures.Insert(0, new MeasureSpec(Agg.Rate, null, condition, of));
            }
            else if (spec.Measures.FirstOrDefault(x => x.Column is not null && x.CountedTable == "default") is { } numeric)
            {
                // "share of revenue by region"
                spec.Measures[spec.Measures.IndexOf(numeric)] = new MeasureSpec(Agg.Share, numeric.Column);
            }
            else if (spec.Groups.Count > 0 && spec.Measures.Count == 0)
            {
                spec.Measures.Add(new MeasureSpec(Agg.Share, null));
            }
        }

        // "Which courses have no instructor?": a which-question with conditions and nothing to compute lists the rows.
        if (spec.Measures.Count == 0 && kindCue == QueryKind.Aggregate && countCue is null && rateCue is null && r.Has("which") && !r.Cues.Any(c => c.Kind == "agg")
            && spec.Filters.Count > 0 && spec.Groups.Count == 1 && spec.Groups[0].Grain is null && index.Model.EntityOf(spec.Groups[0].Column.Table) is { } listed)
        {
            spec.Kind = QueryKind.Rows;
            spec.Table = listed.Table;
            spec.Groups.Clear();
            spec.Limit = 100;
            return Finish(spec);
        }

        // Which table is counted or read.
        var countedTable = countedByCue ?? tables.FirstOrDefault(t => !r.Used.Contains(t))?.Table;
        if (spec.Measures.Count == 0 && kindCue == QueryKind.Aggregate)
        {
            if (countCue is not null || spec.Groups.Count > 0 || r.Has("rate"))
                spec.Measures.Add(new MeasureSpec(Agg.Count, null, null, countedTable));
        }
        else if (countedByCue is not null && spec.Measures.All(x => x.Agg != Agg.Count) && Regex.IsMatch(r.Text, @"\band\s+(the\s+)?(number of|count of|how many)\b|\b(number of|count of)\s+[\p{L} ]+?\s+and\b"))
        {
            // "total song duration and number of plays by genre": a count listed with other measures.
            spec.Measures.Add(new MeasureSpec(Agg.Count, null, null, countedByCue));
        }

        // Default aggregations for bare numeric measures.
        var allBare = spec.Measures.Count > 0 && spec.Measures.All(x => x.CountedTable == "default");
        for (var i = 0; i < spec.Measures.Count; i++)
        {
            var m = spec.Measures[i];
            if (m.CountedTable != "default") continue;
            // Amounts add up ("revenue last year" is a total); levels average ("the fare"); "on average" is said anywhere.
            var agg = r.Cues.Any(c => c.Kind == "agg" && c.Value == "avg") ? Agg.Avg : DefaultAgg(m.Column!);
            spec.Measures[i] = m with { Agg = agg, CountedTable = null };
        }

        spec.Measures = spec.Measures.DistinctBy(m => (m.Agg, m.Column, m.Condition?.Column, m.CountedTable)).ToList();
        // "average fee per student" where fees are paid per enrolment: the average of each student's payments, or all fees
        // divided by the students? Both are common; the answer takes the first and says so.
        if (spec.Groups.Count == 1 && spec.Measures is [{ Agg: Agg.Avg, Column: { } avgOf }]
            && Regex.Match(r.Text, @"\bper\s+(?:each\s+)?(?<noun>[\p{L}]+)") is { Success: true } per
            && r.Mentions.Any(x => x.Kind == MentionKind.Table && x.Table == spec.Groups[0].Column.Table && x.Start == per.Groups["noun"].Index)
            && index.Model.EntityOf(avgOf.Table) is { Display: null } && spec.Groups[0].Column.Table != avgOf.Table
            && index.Model.Relationships.Any(x => x.FromTable == avgOf.Table && x.ToTable == spec.Groups[0].Column.Table))
            r.Doubts.Add($"“average {SchemaIndex.Words(avgOf.Column)} per {SchemaIndex.Words(spec.Groups[0].Column.Table)}” is read as the average of each one's rows, not the total divided by their number");
        spec.Groups = spec.Groups.DistinctBy(g => (g.Column, g.Grain)).ToList();

        // "freight 2024 vs 2025": several years compared are a grouping by year.
        if (spec.Groups.Count == 0 && spec.Measures.Count > 0 && spec.Filters.FirstOrDefault(f => f.Op == "year" && f.Values.Count > 1) is { } years)
            spec.Groups.Add(new GroupSpec(years.Column, "year"));
        // "tips at lunch and dinner", "smokers vs non-smokers": several values of one column are compared, so group by it.
        if (spec.Groups.Count == 0 && spec.Measures.Count > 0)
            foreach (var f in spec.Filters.Where(f => f.Op is "eq" or "in_num" && f.Values.Count > 1).Take(1))
                spec.Groups.Add(new GroupSpec(f.Column));
        // Grouping by a column pinned to one value says nothing.
        spec.Groups.RemoveAll(g => spec.Groups.Count > 1 && spec.Filters.Any(f => f.Column == g.Column && f.Op == "eq" && f.Values.Count == 1));

        // Superlatives order the answer: "which island has the most penguins", "top 5 products by revenue".
        var top = TopN().Match(r.Text);
        // Superlatives order ("most", "lowest"); "maximum"/"min" name an aggregate instead.
        var superlative = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Value is "max" or "min" && r.Text[c.Start..c.End] is not ("maximum" or "max" or "minimum" or "min"));
        if (top.Success)
        {
            var dir = (top.Groups["dir"].Success ? top.Groups["dir"].Value : top.Groups["dir2"].Value).ToLowerInvariant();
            spec.Limit = int.Parse(top.Groups["n"].Success ? top.Groups["n"].Value : top.Groups["n2"].Value, CultureInfo.InvariantCulture);
            spec.Descending = dir is not ("bottom" or "last" or "lowest" or "smallest" or "least" or "fewest" or "worst" or "cheapest" or "lightest" or "shortest" or "youngest");
            spec.OrderByMeasure = true;
        }
        else if (superlative is not null && spec.Groups.Count > 0)
        {
            spec.Descending = superlative.Value == "max";
            spec.OrderByMeasure = true;
            spec.Ranked = r.Has("which");
            // "Which genre has the most tracks?": the winner and its value, not the whole ranking ("which genres" keeps a list).
            if (spec.Ranked && spec.Groups.Count == 1 && r.First("which") is { } which && SingularAfter(r.Text, which.End)) spec.Limit = 1;
            // "the busiest month", "peak day of the week": a period that wins.
            if (r.Text[superlative.Start..superlative.End] is "busiest" or "peak" or "quietest" or "slowest" && spec.Groups.Count == 1 && SingularAfter(r.Text, superlative.End))
            {
                spec.Ranked = true;
                spec.Limit ??= 1;
            }
            // "which X has the most Y" with no aggregate word for Y: most/least are about the amount, so sum or count.
        }

        // "list all islands", "what are the different species": the distinct values of a category.
        if (spec.Measures.Count == 0 && spec.Groups.Count == 1 && countCue is null && !r.Has("rate") && (r.Has("list") || r.Has("distinct"))
            && Regex.IsMatch(r.Text, @"^\s*(list|show|display|give me|what are|which are)\b"))
        {
            spec.Measures.Add(new MeasureSpec(Agg.Count, null));
            spec.OrderByMeasure = false;
        }

        // "Which cars have the highest mpg?" with nothing to group by: the rows with the highest values.
        // "Which car has the best mpg?", "the heaviest penguin": one row when the noun is singular.
        if (spec.Groups.Count == 0 && superlative is not null && r.Has("which") && spec.Limit is null && allBare && spec.Measures.Count == 1)
            spec.Limit = r.First("which") is { } w && SingularAfter(r.Text, w.End) && SingularNounAfter(r.Text, superlative.End) ? 1 : 10;

        // "top 10 best-selling tracks", "the best selling product by units": ranked by the quantity sold on the lines.
        if (BestSelling(r, spec, topMatch) is { } best) return best;

        // "Which artists have more than 10 albums?", "customers with at least 5 orders": groups whose count passes a bound.
        if (HavingCount(r, spec) is { } having) return having;

        // "Who is the manager of Sofia Rossi?", "the parent department of Mobile", "who does staff member 150 report to":
        // the row the named rows point at through a self-reference.
        if (ChildrenLookup(r, spec) is { } children) return children;
        if (RoleLookup(r, spec) is { } pointedAt) return pointedAt;

        // Rows: "show the 10 most expensive diamonds", "list customers from Brazil".
        if (spec.Groups.Count == 0 && kindCue == QueryKind.Aggregate && !r.Has("time") && (spec.Limit is not null || (r.Has("list") && countCue is null && !r.Has("rate") && (allBare || spec.Measures.Count == 0))))
        {
            if (spec.Measures.Count == 0 && spec.Filters.Count == 0 && spec.Limit is null && tables.Count == 0 && !Regex.IsMatch(r.Text, @"\b(rows?|records?|data|everything|entries|all|table|dataset)\b"))
                return NotUnderstood();
            spec.Kind = QueryKind.Rows;
            spec.Columns = spec.Measures.Where(x => x.Column is not null).Select(x => x.Column!).ToList();
            spec.OrderByMeasure = spec.Columns.Count > 0 && (spec.Limit is not null || superlative is not null);
            spec.Limit ??= superlative is not null && spec.Columns.Count > 0 ? 10 : null;
            if (superlative is not null && !top.Success) spec.Descending = superlative.Value == "max";
            spec.Measures.Clear();
            spec.Limit ??= 100;
            spec.Table = countedTable ?? spec.Columns.FirstOrDefault()?.Table ?? spec.Filters.FirstOrDefault()?.Column.Table ?? index.Tables[0].Name;
            return Finish(spec);
        }

        if (kindCue == QueryKind.Scatter)
        {
            if (spec.Columns.Count >= 2)
            {
                spec.Kind = QueryKind.Scatter;
                spec.Columns = spec.Columns.Take(2).ToList();
                spec.Groups = spec.Groups.Take(1).ToList();
                spec.Measures.Clear();
                return Finish(spec);
            }
            if (spec.Columns.Count <= 1 && spec.Groups.Count == 0 && spec.Filters.FirstOrDefault(f => f.Values.Count > 1 && f.Op is "year" or "eq" or "in_num") is { } compared)
            {
                // "freight 2024 vs 2025", "average salary of men vs women": the values compared are the groups.
                spec.Filters.Remove(compared);
                spec.Groups.Add(compared.Op == "year" ? new GroupSpec(compared.Column, "year") : new GroupSpec(compared.Column));
                spec.Filters.Add(compared);
                var asked = r.Cues.Where(c => c.Kind == "agg").Select(c => AggOf(c.Value)).FirstOrDefault(a => a is Agg.Avg or Agg.Sum or Agg.Median);
                if (spec.Columns.Count == 1) spec.Measures = [new MeasureSpec(asked ?? DefaultAgg(spec.Columns[0]), spec.Columns[0])];
                else if (spec.Measures.Count == 0) spec.Measures = [new MeasureSpec(Agg.Count, null, null, countedByCue ?? tables.FirstOrDefault()?.Table)];
                spec.Columns.Clear();
                kindCue = QueryKind.Aggregate;
            }
            if (spec.Columns.Count == 1 && spec.Groups.Count > 0)
            {
                // A measure against a category: compare averages (unless a rate is already what is compared).
                if (spec.Measures.All(x => x.Agg != Agg.Rate)) spec.Measures = [new MeasureSpec(Agg.Avg, spec.Columns[0])];
                spec.Columns.Clear();
                kindCue = QueryKind.Aggregate;
            }
        }
        if (kindCue is QueryKind.Histogram or QueryKind.Box && spec.Columns.Count >= 1)
        {
            spec.Kind = spec.Groups.Count > 0 || kindCue == QueryKind.Box ? QueryKind.Box : QueryKind.Histogram;
            spec.Columns = spec.Columns.Take(1).ToList();
            spec.Measures.Clear();
            if (spec.Kind == QueryKind.Box && spec.Groups.Count == 0) spec.Kind = QueryKind.Histogram;
            return Finish(spec);
        }

        if (spec.Measures.Count == 0)
        {
            // "average" alone, or nothing recognisable.
            return NotUnderstood();
        }
        if (spec.Limit is null && spec.Groups.Count > 0 && !spec.OrderByMeasure && spec.Groups.All(g => g.Grain is null && !IsMonthName(g)))
        {
            var lookup = index.Find(spec.Groups[0].Column.Table, spec.Groups[0].Column.Column);
            if (lookup is { IsNumeric: false, IsTemporal: false }) spec.OrderByMeasure = true;
        }
        return Finish(spec);
    }

    /// <summary>True when the noun after "which"/"what" is singular ("which genre", not "which genres").</summary>
    [GeneratedRegex(@"\b(passengers|visitors|visits|riders|trips|rides|guests|customers|orders|bookings|plays|views|clicks|downloads|calls|tickets|units sold|sessions)\b")]
    private static partial Regex TrafficWords();

    [GeneratedRegex(@"^(monthly|yearly|annual|annually|weekly|daily|quarterly)$")]
    private static partial Regex PeriodAdjective();

    [GeneratedRegex(@"^(people|persons|staff|employees|customers|users|members|individuals|records|rows|items|entries|things|ones)$")]
    private static partial Regex GenericNouns();

    [GeneratedRegex(@"\b(people|persons|respondents|customers|passengers|employees|staff|students|patients|users|members|participants|children|adults|men|women|players|visitors|guests|clients)\s+(aged\s+)?$")]
    private static partial Regex PersonBefore();

    private ParseResult? BestSelling(Reading r, QuerySpec spec, Match topMatch)
    {
        var phrase = Regex.Match(r.Text, @"\b(?:best|top)[- ]?sell(?:ing|er|ers)\b|\bmost (?:sold|purchased|ordered)\b|\bsold the most\b|\bsells? the most\b");
        if (!phrase.Success || spec.Groups.Count > 1) return null;
        var quantity = index.Model.Measures.FirstOrDefault(m => m.Column is not null && m.Agg == DataCharts.Core.Semantics.MeasureAgg.Sum
            && SchemaIndex.Words(m.Column).Split(' ').Any(w => w is "quantity" or "qty" or "units"));
        var entity = r.Mentions.Where(m => m.Kind == MentionKind.Table && m.Role is null && m.Table != quantity?.Table)
            .Select(m => index.Model.EntityOf(m.Table!)).FirstOrDefault(e => e?.Display is not null);
        if (quantity is null || entity is null || DisplayGroup(entity) is not { } byName) return null;
        spec.Kind = QueryKind.Aggregate;
        spec.Groups = [byName];
        spec.Measures = [new MeasureSpec(Agg.Sum, new Col(quantity.Table, quantity.Column!))];
        spec.OrderByMeasure = true;
        spec.Descending = true;
        spec.Ranked = true;
        spec.Limit = topMatch.Success && int.TryParse(topMatch.Groups["n"].Success ? topMatch.Groups["n"].Value : topMatch.Groups["n2"].Value, CultureInfo.InvariantCulture, out var n) ? n
            : SingularNounAfter(r.Text, phrase.Index + phrase.Length) ? 1 : 10;
        spec.Table = quantity.Table;
        r.Spans.Add((phrase.Index, phrase.Index + phrase.Length));
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Table && m.Table == entity.Table)) r.Used.Add(m);
        return Finish(spec);
    }

    private ParseResult? HavingCount(Reading r, QuerySpec spec) => HavingTotal(r, spec) ?? HavingRows(r, spec);

    /// <summary>"Which customers spent more than 45 dollars?": each one's money added up, kept where it passes the bound.</summary>
    private ParseResult? HavingTotal(Reading r, QuerySpec spec)
    {
        var m = Regex.Match(r.Text, @"\b(?:spent|spend|spends|paid|pay|pays|bought|purchased|ordered)\s+(?:a total of\s+|in total\s+)?(?<op>more than|over|at least|less than|under|at most)\s+\$?(?<n>\d{1,9}(?:\.\d+)?)\b");
        if (!m.Success) return null;
        var subject = r.Mentions.LastOrDefault(x => x.Kind == MentionKind.Table && x.Role is null && x.End <= m.Index);
        // What was spent: an amount kept per purchase (an invoice's total), else the lines' revenue the model derives.
        var money = MoneyColumns(r).FirstOrDefault(c => c.Words is "total" or "amount" or "revenue" or "sales" or "sale amount");
        var revenue = money is null ? index.Model.Measures.FirstOrDefault(x => x.Derived && x.Ratio is null && x.Unit == DataCharts.Core.Semantics.Unit.Currency) : null;
        if (subject is null || money is null && revenue is null || index.Model.EntityOf(subject.Table!) is not { } entity || DisplayGroup(entity) is not { } byName) return null;
        var op = m.Groups["op"].Value switch { "more than" or "over" => "gt", "at least" => "gte", "less than" or "under" => "lt", _ => "lte" };
        spec.Kind = QueryKind.Aggregate;
        spec.Groups = [byName];
        spec.Measures = [money is not null ? new MeasureSpec(Agg.Sum, new Col(money.Table, money.Column)) : new MeasureSpec(Agg.Sum, null) { ModelMeasure = revenue!.Name, MeasureTable = revenue.Table }];
        spec.Having = new FilterSpec(new Col(money?.Table ?? revenue!.Table, money?.Column ?? "*"), op, [m.Groups["n"].Value]);
        spec.OrderByMeasure = true;
        spec.Descending = true;
        spec.Table = money?.Table ?? revenue!.Table;
        r.Used.Add(subject);
        var end = m.Index + m.Length;
        var unit = Regex.Match(r.Text[end..], @"^\s+(dollars?|usd|euros?|eur|pounds?|gbp|yuan|rmb)\b");
        r.Spans.Add((m.Index, unit.Success ? end + unit.Length : end));
        return Finish(spec);
    }

    private ParseResult? HavingRows(Reading r, QuerySpec spec)
    {
        var m = Regex.Match(r.Text, @"\b(?:have|has|had|with|having)\s+(?<op>more than|over|at least|fewer than|less than|under|at most|exactly)\s+(?<n>\d{1,7})\s+(?<rest>.+)$");
        if (!m.Success) return null;
        var rest = m.Groups["rest"];
        var countedMention = r.Mentions.FirstOrDefault(x => x.Kind == MentionKind.Table && x.Role is null && x.Start >= rest.Index && x.Start <= rest.Index + 2);
        // "days with more than 50 tips" where tips is the table and tip one of its columns: the plural names the rows counted.
        var counted = countedMention?.Table ?? RowsNamedBy(Regex.Match(rest.Value, @"^[\p{L}]+").Value);
        var subject = r.Mentions.LastOrDefault(x => x.Kind == MentionKind.Table && x.Role is null && x.End <= m.Index && x.Table != counted);
        var byName = subject is not null && index.Model.EntityOf(subject.Table!) is { } entity ? DisplayGroup(entity) : null;
        // A category column of the counted rows as the subject ("days", "regions"): one group per value.
        var category = byName is null && counted is not null
            ? r.Mentions.LastOrDefault(x => x.Kind == MentionKind.Column && x.End <= m.Index && x.Column!.Table.Equals(counted, StringComparison.OrdinalIgnoreCase) && x.Column.Type == ColumnType.Text)
            : null;
        if (counted is null || (byName ?? (category is null ? null : GroupFor(category))) is not { } group) return null;
        var op = m.Groups["op"].Value switch { "more than" or "over" => "gt", "at least" => "gte", "fewer than" or "less than" or "under" => "lt", "at most" => "lte", _ => "eq_num" };
        spec.Kind = QueryKind.Aggregate;
        spec.Groups = [group];
        spec.Measures = [new MeasureSpec(Agg.Count, null, null, counted)];
        spec.Having = new FilterSpec(new Col(counted, "*"), op, [m.Groups["n"].Value]);
        // The bound counts rows; a condition read from the same words on a column of the same name is not the question's.
        spec.Filters.RemoveAll(f => f.Values.Count == 1 && f.Values[0] == m.Groups["n"].Value && f.Op is "gt" or "gte" or "lt" or "lte" or "eq_num");
        spec.OrderByMeasure = true;
        spec.Descending = true;
        spec.Table = counted;
        if (countedMention is not null) r.Used.Add(countedMention);
        r.Used.Add(subject is not null && byName is not null ? subject : category!);
        r.Spans.Add((m.Index, m.Groups["rest"].Index));
        return Finish(spec);
    }

    /// <summary>The table whose rows a plural noun names ("tips" for a table tips), or null.</summary>
    private string? RowsNamedBy(string word) =>
        word.Length < 3 || !word.EndsWith('s') ? null
        : index.Tables.FirstOrDefault(t => SchemaIndex.Words(DataCharts.Core.Semantics.Words.PluralPhrase(t.Name)).Equals(word, StringComparison.OrdinalIgnoreCase))?.Name;

    /// <summary>"the sub-departments of Sciences", "Omar's direct reports": the rows that point at the rows named.</summary>
    private ParseResult? ChildrenLookup(Reading r, QuerySpec spec)
    {
        var side = r.Mentions.FirstOrDefault(m => m.Children is not null)
                   // "who reports to Andrew Adams": the role's verb, followed by the row pointed at.
                   ?? r.Mentions.FirstOrDefault(m => m.Role is not null && Regex.IsMatch(m.Text, @"\breports? to\b") && Regex.IsMatch(r.Text[..m.Start], @"\b(who|which|whom|employees?|staff|people)\s+(\w+\s+)?$"));
        var rel = side?.Children ?? side?.Role;
        if (side is null || rel is null || spec.Groups.Any(g => g.Via is null) || r.Cues.Any(c => c.Kind == "agg")) return null;
        var named = spec.Filters.Where(f => f.Column.Table.Equals(rel.ToTable, StringComparison.OrdinalIgnoreCase) && f.Via is null && f.Op is "eq" or "eq_num").ToList();
        if (named.Count == 0 || !(side.Role is not null || Regex.IsMatch(r.Text[side.End..], @"^\s+(of|under|below|in)\b") || Regex.IsMatch(r.Text[..side.Start], @"'s\s+$"))) return null;
        spec.Groups.Clear();
        foreach (var f in named) spec.Filters[spec.Filters.IndexOf(f)] = f with { Via = rel.FromColumn };
        r.Used.Add(side);
        spec.Kind = QueryKind.Rows;
        spec.Table = rel.FromTable;
        spec.Measures.Clear();
        spec.Limit = 100;
        return Finish(spec);
    }

    private ParseResult? RoleLookup(Reading r, QuerySpec spec)
    {
        var role = r.Mentions.FirstOrDefault(m => m.Role is not null);
        if (role is null || spec.Groups.Any(g => g.Via is null) || r.Cues.Any(c => c.Kind == "agg" && c.Value == "count")) return null;
        if (!Regex.IsMatch(r.Text[role.End..], @"^\s+(of|for)\b") && !Regex.IsMatch(r.Text[..role.Start], @"'s\s+$") && !Regex.IsMatch(r.Text, @"\breports?\s+to\s*$|\breport\s+to\b")) return null;
        var table = role.Role!.FromTable;
        // "staff member 150", "employee #7": a number after the table's noun or "member/number/id" is its key.
        if (index.Model.EntityOf(table)?.Key is { } key && Regex.Match(r.Text, @"\b(?:member|number|id|no|#)\s*(\d{1,9})\b|\b[a-z]+\s+(\d{1,9})\s*(?:report|$)") is { Success: true } id)
            spec.Filters.Add(new FilterSpec(new Col(table, key), "eq_num", [id.Groups[1].Success ? id.Groups[1].Value : id.Groups[2].Value]));
        if (spec.Filters.All(f => !f.Column.Table.Equals(table, StringComparison.OrdinalIgnoreCase))) return null;
        r.Used.Add(role);
        r.Spans.Add((role.Start, role.End));
        foreach (Match m in Regex.Matches(r.Text, @"\b(?:member|number|id|no)\s*\d{1,9}\b|\breports?\s+to\b")) r.Spans.Add((m.Index, m.Index + m.Length));
        spec.Kind = QueryKind.Rows;
        spec.Table = table;
        spec.LookupVia = role.Role.FromColumn;
        spec.Measures.Clear();
        spec.Groups.Clear();
        spec.Limit = 100;
        return Finish(spec);
    }

    /// <summary>The noun after a superlative ("heaviest penguin", "best mpg") is singular, or there is none.</summary>
    private static bool SingularNounAfter(string text, int position)
    {
        var next = Regex.Match(text[position..], @"^\s+([\p{L}]+)");
        return !next.Success || !(next.Groups[1].Value.EndsWith('s') && !next.Groups[1].Value.EndsWith("ss", StringComparison.Ordinal));
    }

    private static bool SingularAfter(string text, int position)
    {
        var next = Regex.Match(text[position..], @"^\s+(?:(?:is|was|the|a|an|has|had|does|did)\s+)*([\p{L}]+)");
        return next.Success && !(next.Groups[1].Value.EndsWith('s') && !next.Groups[1].Value.EndsWith("ss", StringComparison.Ordinal)) && next.Groups[1].Value is not ("are" or "were" or "ones" or "top");
    }

    private bool IsCountOf(Reading r, Cue countCue, Mention m)
    {
        // "number of species" (count of a category) → distinct count; "how many passengers embarked …" is not.
        var gap = r.Text[countCue.End..m.Start].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Count(w => w is not ("the" or "of" or "different" or "distinct" or "unique" or "are" or "there"));
        return gap == 0 && m.Column!.Type == ColumnType.Text && !IsRowNoun(m) && !IsFlag(m.Column);
    }

    private bool IsRowNoun(Mention m) =>
        index.Tables.Any(t => SchemaIndex.Forms(SchemaIndex.Words(t.Label)).Contains(m.Text) || SchemaIndex.Forms(SchemaIndex.Words(t.Name)).Contains(m.Text));

    /// <summary>"average track length in minutes": measures of a column stored in another unit of the same quantity are converted.</summary>
    private void ReadAskedUnit(Reading r, QuerySpec spec)
    {
        foreach (Match m in Units.AskedIn().Matches(r.Text))
        {
            if (Units.OfWord(m.Groups["unit"].Value) is not { } asked) continue;
            for (var i = 0; i < spec.Measures.Count; i++)
            {
                var measure = spec.Measures[i];
                if (measure.Column is null || measure.Agg is Agg.Count or Agg.CountDistinct or Agg.Rate or Agg.Share || index.Find(measure.Column.Table, measure.Column.Column) is not { } col) continue;
                if (Units.OfColumn(col) is not { } stored || Units.Scale(asked, stored) is not { } scale) continue;
                spec.Measures[i] = measure with { Scale = scale, InUnit = asked.Name };
                r.Spans.Add((m.Index, m.Index + m.Length));
            }
        }
    }

    private ParseResult Finish(QuerySpec spec)
    {
        if (currentReading is { } reading) ReadAskedUnit(reading, spec);
        if (string.IsNullOrEmpty(spec.Table))
        {
            spec.Table = spec.Measures.Select(m => m.Column?.Table ?? m.MeasureTable ?? (m.CountedTable is { Length: > 0 } ct && ct != "default" ? ct : null) ?? m.Condition?.Column.Table).FirstOrDefault(t => t is not null)
                         ?? spec.Columns.FirstOrDefault()?.Table
                         ?? spec.Groups.FirstOrDefault()?.Column.Table
                         ?? spec.Filters.FirstOrDefault()?.Column.Table
                         ?? index.Tables[0].Name;
        }
        if (RowsCountedByTheirKey(spec) is { } table)
        {
            var one = SchemaIndex.Words(DataCharts.Core.Semantics.Words.SingularPhrase(table));
            var many = SchemaIndex.Words(DataCharts.Core.Semantics.Words.PluralPhrase(table));
            var number = index.Tables.First(t => t.Name == table).Columns.FirstOrDefault(c => c.Type is ColumnType.Decimal || c.Type == ColumnType.Integer && !c.Name.Equals(spec.Groups[0].Column.Column, StringComparison.OrdinalIgnoreCase) && !DataCharts.Core.Semantics.Words.Compact(c.Name).EndsWith("id", StringComparison.Ordinal));
            var example = number is null ? "" : $" For example: \"the 10 largest {many} by {SchemaIndex.Words(number.Name)}\".";
            return new ParseResult(null, $"Each {one} is one row, so counting {many} per {one} gives 1 for every one. Say what to rank or compare them by.{example}");
        }
        return new ParseResult(spec, null);
    }

    /// <summary>
    /// A table's rows counted per its own key ("the 10 largest invoices" read as invoices per invoice): every count is 1, an
    /// answer that looks like one but says nothing. The table, or null when the question is anything else.
    /// </summary>
    private string? RowsCountedByTheirKey(QuerySpec spec)
    {
        if (spec.Kind != QueryKind.Aggregate || spec.Groups.Count != 1 || spec.Measures.Count == 0) return null;
        var g = spec.Groups[0].Column;
        if (spec.Groups[0].Grain is not null || index.Model.EntityOf(g.Table) is not { Key: { } key } || !key.Equals(g.Column, StringComparison.OrdinalIgnoreCase)) return null;
        return spec.Measures.All(m => m.Agg == Agg.Count && m.Column is null && m.Condition is null
                                      && (m.CountedTable is null or "" or "default" || m.CountedTable.Equals(g.Table, StringComparison.OrdinalIgnoreCase)))
            ? g.Table : null;
    }

    private ParseResult NotUnderstood() =>
        new(null, "I could not tell which columns or values of this dataset the question is about.");
}
