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

    public ParseResult Parse(string question, QuerySpec? previous)
    {
        if (Refusal(question) is { } refusal) return new ParseResult(null, refusal, true);
        var r = Read(question);
        currentReading = r;
        var followUp = previous is not null && IsFollowUp(r, question);
        var spec = followUp ? previous!.Clone() : new QuerySpec();
        var parsed = followUp ? ApplyFollowUp(r, spec) : Build(r, spec);
        return parsed with { Reading = r };
    }

    // ---------------- safety ----------------

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

    // ---------------- reading ----------------

    private Reading Read(string question)
    {
        var r = new Reading();
        var norm = SchemaIndex.Normalize(question);
        // Values in Chinese (or other scripts the glossary would rewrite) are found first and protected by placeholders.
        var placeholders = new List<Mention>();
        if (Glossary.HasCjk(norm))
        {
            // Chinese column names and values are matched before translation and protected by placeholders.
            foreach (var m in index.FindMentions(norm).Where(m => Glossary.HasCjk(m.Text)).OrderByDescending(m => m.Start))
            {
                var token = $"qv{placeholders.Count}q";
                norm = norm[..m.Start] + " " + token + " " + norm[m.End..];
                placeholders.Add(m with { Text = token });
            }
        }
        r.Text = SchemaIndex.Normalize(Glossary.ToEnglish(norm));
        r.Mentions = index.FindMentions(r.Text);
        foreach (var p in placeholders)
        {
            var at = r.Text.IndexOf(p.Text, StringComparison.Ordinal);
            if (at >= 0) r.Mentions.Add(p with { Start = at, End = at + p.Text.Length });
        }
        r.Mentions = ResolveAlternatives(r.Mentions.OrderBy(m => m.Start).ToList());
        // "customer country", "the employee's title": a table right before one of its own columns only says whose column it is.
        r.Mentions.RemoveAll(t => t.Kind == MentionKind.Table && r.Mentions.Any(c => c.Kind == MentionKind.Column && c.Column!.Table.Equals(t.Table, StringComparison.OrdinalIgnoreCase)
            && c.Start >= t.End && Regex.IsMatch(r.Text[t.End..c.Start], @"^('s)?\s*$")));
        r.Cues = FindCues(r.Text);
        // "产品类别" (product category): in Chinese two category names side by side mean the second. (English lists them
        // with commas, which normalising removes, so the rule is kept to Chinese.)
        if (Glossary.HasCjk(question))
            r.Mentions.RemoveAll(m => m.Kind == MentionKind.Column && m.Column!.Type == ColumnType.Text
            && r.Mentions.Any(n => n != m && n.Kind == MentionKind.Column && n.Column!.Type == ColumnType.Text && n.Start > m.End && r.Text[m.End..n.Start].Trim().Length == 0));
        // "total quantity": a column named like an aggregate ("Total") right before another measure is the aggregate.
        r.Mentions.RemoveAll(m => m.Kind == MentionKind.Column && m.Text is "total" or "sum" or "count" or "average" or "max" or "min"
            && r.Mentions.Any(n => n != m && n.Kind == MentionKind.Column && n.Column!.IsNumeric && n.Start > m.End && n.Start - m.End <= 12));
        // "monthly spend", "annual salary": a period adjective before a measure says how often it is paid, not a grouping.
        // It is used when the column is kept per that period (monthly_spend); otherwise it is left over (unsure).
        foreach (var cue in r.Cues.Where(c => c.Kind == "grain" && PeriodAdjective().IsMatch(r.Text[c.Start..c.End])).ToList())
        {
            var next = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && m.Start >= cue.End && m.Start - cue.End <= 2);
            if (next is null) continue;
            r.Cues.Remove(cue);
            if (next.Column!.Words.Split(' ').Contains(r.Text[cue.Start..cue.End])) r.Spans.Add((cue.Start, cue.End));
        }
        // Cue words inside a column name ("total bill", "max heart rate") belong to the column.
        r.Cues.RemoveAll(c => r.Mentions.Any(m => m.Kind != MentionKind.Value && m.Start <= c.Start && c.End <= m.End
            && (c.Kind is "agg" or "superlative" || c.Kind is "grain" or "time" && m.Column is { IsTemporal: false } col && col.Words is not ("year" or "month") && !col.Words.EndsWith(" year", StringComparison.Ordinal))));
        return r;
    }

    /// <summary>For words that name columns in several tables, prefer the table the rest of the question is about.</summary>
    private List<Mention> ResolveAlternatives(List<Mention> mentions)
    {
        var anchors = mentions.Where(m => m.Alternatives.Count == 0 && m.Table is not null).Select(m => m.Table!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new List<Mention>();
        foreach (var m in mentions)
        {
            if (m.Alternatives.Count == 0) { result.Add(m); continue; }
            var all = new[] { m }.Concat(m.Alternatives).ToList();
            var best = all.FirstOrDefault(x => anchors.Contains(x.Table!))
                       ?? all.FirstOrDefault(x => index.Schema.Dataset.Relations.Any(rel => anchors.Contains(rel.FromTable) && rel.ToTable == x.Table || anchors.Contains(rel.ToTable) && rel.FromTable == x.Table))
                       ?? all.OrderBy(x => index.Tables.ToList().FindIndex(t => t.Name == x.Table) is var i && i < 0 ? 99 : -Relations(x.Table!)).First();
            result.Add(best with { Alternatives = [] });
        }
        return result;
    }

    private int Relations(string table) => index.Schema.Dataset.Relations.Count(r => r.FromTable == table || r.ToTable == table);

    private static readonly (string Kind, string Value, Regex Pattern)[] CuePatterns = BuildCuePatterns();

    private static (string, string, Regex)[] BuildCuePatterns()
    {
        (string, string, string)[] raw =
        [
            ("agg", "count", @"\bhow many\b|\bnumber of\b|\bcount(s|ing)?\b|\bhow often\b|\bfrequency\b"),
            ("distinct", "distinct", @"\b(distinct|unique|different)\b"),
            ("agg", "sum", @"\b(total|sum|overall|combined|altogether|in total)\b"),
            ("agg", "avg", @"\b(average|mean|avg|typical)\b"),
            ("agg", "median", @"\bmedian\b"),
            ("agg", "max", @"\b(maximum|max|highest|largest|biggest|greatest|most expensive|most|top|longest|heaviest|oldest|best)\b"),
            ("agg", "min", @"\b(minimum|min|lowest|smallest|least expensive|least|fewest|shortest|lightest|youngest|cheapest|worst)\b"),
            ("rate", "rate", @"\b(percentage|percent|proportion|share|fraction|ratio|rate|likelihood|chance)\b|%"),
            ("group", "by", @"\b(by|per|for each|for every|in each|across|grouped by|broken down by|split by|for all)\b|\beach\b|\bevery\b"),
            ("which", "which", @"\b(which|what)\b"),
            ("time", "trend", @"\b(over time|trend|trends|over the years|time series|evolution|evolve|changed?|growth)\b"),
            ("grain", "year", @"\b(yearly|annual|annually|per year|by year|each year|every year|years?)\b"),
            ("grain", "quarter", @"\b(quarterly|quarters?)\b"),
            ("grain", "month", @"\b(monthly|months?)\b"),
            ("grain", "week", @"\b(weekly|weeks?)\b"),
            ("grain", "day", @"\b(daily|days?|dates?)\b"),
            ("distribution", "distribution", @"\b(distribution|distributed|histogram|spread|range of values)\b"),
            ("relationship", "relationship", @"\b(relationship|relation|correlat\w*|vs\.?|versus|against|relate[sd]?|depend\w*|associated|association|affects?|affected|impacts?|influences?|effect of|related to)\b"),
            ("negation", "not", @"\b(not|except|excluding|exclude|without|other than|non)\b"),
            ("only", "only", @"\b(only|just)\b"),
            ("list", "list", @"\b(show|list|display|give me|find|what are)\b"),
            ("chart", "pie", @"\bpie\b|\bdonut\b"),
            ("chart", "horizontal", @"\bhorizontal\b"),
            ("chart", "stacked", @"\bstacked\b"),
            ("chart", "bar", @"\bbar( chart| graph| plot)?s?\b|\bcolumn chart\b"),
            ("chart", "line", @"\bline( chart| graph| plot)?\b"),
            ("chart", "area", @"\barea( chart| graph| plot)?\b"),
            ("chart", "scatter", @"\bscatter( plot| chart)?\b"),
            ("chart", "histogram", @"\bhistogram\b"),
            ("chart", "box", @"\bbox( plot|plot| chart)?\b|\bboxplot\b|\bwhisker\b"),
            ("chart", "heatmap", @"\bheat ?map\b"),
            ("chart", "table", @"\b(as a table|in a table|table only)\b"),
        ];
        return raw.Select(x => (x.Item1, x.Item2, new Regex(x.Item3, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))).ToArray();
    }

    private static List<Cue> FindCues(string text)
    {
        var cues = new List<Cue>();
        foreach (var (kind, value, pattern) in CuePatterns)
            foreach (Match m in pattern.Matches(text))
                cues.Add(new Cue(m.Index, m.Index + m.Length, kind, value));
        return cues.OrderBy(c => c.Start).ToList();
    }

    // ---------------- numbers, comparisons, top N ----------------

    [GeneratedRegex(@"(?<op>greater than or equal to|at least|no less than|>=|more than|greater than|higher than|larger than|bigger than|over|above|exceeding|exceeds?|heavier than|longer than|older than|>|less than or equal to|at most|no more than|<=|less than|lower than|smaller than|fewer than|under|below|shorter than|lighter than|younger than|cheaper than|<|equal to|equals|=)\s*(?<num>-?\d+(?:\.\d+)?)(?<k>k\b)?(?:\s*(?<suffix>or more|or less|or above|or below|and above|and below))?", RegexOptions.IgnoreCase)]
    internal static partial Regex Comparison();

    [GeneratedRegex(@"(?<num>-?\d+(?:\.\d+)?)\s*(?<suffix>or more|or less|or above|or below|and above|and below|\+)", RegexOptions.IgnoreCase)]
    internal static partial Regex SuffixComparison();

    [GeneratedRegex(@"\bbetween\s+(?<a>-?\d+(?:\.\d+)?)\s+(and|to)\s+(?<b>-?\d+(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    internal static partial Regex Between();

    [GeneratedRegex(@"(?<!\bat )\b(?<dir>top|first|highest|largest|biggest|most|best|greatest|bottom|last|lowest|smallest|least|fewest|worst)\s+(?<n>\d{1,4})\b|\b(?<n2>\d{1,4})\s+(?<dir2>most|highest|largest|biggest|best|top|greatest|lowest|smallest|least|fewest|worst|cheapest|most expensive|heaviest|lightest|longest|shortest|oldest|youngest|priciest)\b", RegexOptions.IgnoreCase)]
    internal static partial Regex TopN();

    [GeneratedRegex(@"\b(?<a>(19|20)\d{2})\b")]
    internal static partial Regex Year();

    private static Agg? AggOf(string value) => value switch
    {
        "count" => Agg.Count,
        "sum" => Agg.Sum,
        "avg" => Agg.Avg,
        "median" => Agg.Median,
        "max" => Agg.Max,
        "min" => Agg.Min,
        _ => null,
    };

    // ---------------- building a new spec ----------------

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
            // "by number of tracks", "by total sales": the ordering measure, not a group.
            if (r.Cues.Any(c => c.Kind is "agg" && c.Start >= cue.End && c.End <= target.Start) && (target.Kind != MentionKind.Column || GroupFor(target) is null)) continue;
            if (target.Kind == MentionKind.Table && (target.Table == countedByCue || index.Tables.Count == 1)) continue;
            // "average freight per order" when freight is an order's: the grain of the measure, not a grouping.
            if (target.Kind == MentionKind.Table && cue.Kind == "group" && columns.Any(c => c.Column!.IsNumeric && !c.Column.IsIdentifier && c.Column.Table.Equals(target.Table, StringComparison.OrdinalIgnoreCase) && c.End <= cue.Start))
            {
                r.Used.Add(target);
                continue;
            }
            if (target.Kind == MentionKind.Value) continue;
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
            if (spec.Filters.Any(f => f.Column == Key(m) && f.Op == "eq" && f.Values.Count == 1)) { r.Used.Add(m); continue; }
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
        if (rateCue is not null && spec.Measures.All(x => x.Agg != Agg.Rate))
        {
            var condition = RateCondition(r, spec, rateCue);
            if (condition is not null)
            {
                spec.Filters.Remove(condition);
                // "percentage of tips given at dinner": a column named only as the thing counted is not a measure.
                spec.Measures.RemoveAll(x => x.CountedTable == "default");
                spec.Measures.Insert(0, new MeasureSpec(Agg.Rate, null, condition));
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

        // Which table is counted or read.
        var countedTable = countedByCue ?? tables.FirstOrDefault(t => !r.Used.Contains(t))?.Table;
        if (spec.Measures.Count == 0 && kindCue == QueryKind.Aggregate)
        {
            if (countCue is not null || spec.Groups.Count > 0 || r.Has("rate"))
                spec.Measures.Add(new MeasureSpec(Agg.Count, null, null, countedTable));
        }

        // Default aggregations for bare numeric measures.
        var allBare = spec.Measures.Count > 0 && spec.Measures.All(x => x.CountedTable == "default");
        for (var i = 0; i < spec.Measures.Count; i++)
        {
            var m = spec.Measures[i];
            if (m.CountedTable != "default") continue;
            // Amounts add up ("revenue last year" is a total); levels average ("the fare").
            var agg = DefaultAgg(m.Column!);
            spec.Measures[i] = m with { Agg = agg, CountedTable = null };
        }

        spec.Measures = spec.Measures.DistinctBy(m => (m.Agg, m.Column, m.Condition?.Column, m.CountedTable)).ToList();
        spec.Groups = spec.Groups.DistinctBy(g => (g.Column, g.Grain)).ToList();

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
        if (spec.Groups.Count == 0 && superlative is not null && r.Has("which") && spec.Limit is null && allBare && spec.Measures.Count == 1)
            spec.Limit = 10;

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
    [GeneratedRegex(@"^(monthly|yearly|annual|annually|weekly|daily|quarterly)$")]
    private static partial Regex PeriodAdjective();

    [GeneratedRegex(@"^(people|persons|staff|employees|customers|users|members|individuals|records|rows|items|entries|things|ones)$")]
    private static partial Regex GenericNouns();

    [GeneratedRegex(@"\b(people|persons|respondents|customers|passengers|employees|staff|students|patients|users|members|participants|children|adults|men|women|players|visitors|guests|clients)\s+(aged\s+)?$")]
    private static partial Regex PersonBefore();

    private static bool SingularAfter(string text, int position)
    {
        var next = Regex.Match(text[position..], @"^\s+([\p{L}]+)");
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
            spec.Table = spec.Measures.Select(m => m.Column?.Table ?? (m.CountedTable is { Length: > 0 } ct && ct != "default" ? ct : null)).FirstOrDefault(t => t is not null)
                         ?? spec.Columns.FirstOrDefault()?.Table
                         ?? spec.Groups.FirstOrDefault()?.Column.Table
                         ?? spec.Filters.FirstOrDefault()?.Column.Table
                         ?? index.Tables[0].Name;
        }
        return new ParseResult(spec, null);
    }

    private ParseResult NotUnderstood() =>
        new(null, "I could not tell which columns or values of this dataset the question is about.");

    // ---------------- pieces ----------------

    [GeneratedRegex(@"\b(spent|spend|spends|spending|paid|pay|pays|purchases?|bought|buy|revenue|sales|sold|earned|earn|earnings|income|turnover)\b")]
    internal static partial Regex MoneyWords();

    private IEnumerable<ColumnRef> MoneyColumns(Reading r)
    {
        if (!MoneyWords().IsMatch(r.Text) || r.Mentions.Any(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric)) return [];
        string[] names = ["total", "amount", "revenue", "sales", "sale amount", "price", "unit price", "cost", "fare"];
        return index.Columns.Where(c => c.IsNumeric && names.Contains(c.Words)).OrderBy(c => Array.IndexOf(names, c.Words)).ThenByDescending(c => Relations(c.Table));
    }

    private static Col Key(Mention m) => new(m.Column!.Table, m.Column.Column);

    private Mention? NextEntity(Reading r, int position, int maxGap)
    {
        var next = r.Mentions.FirstOrDefault(m => m.Start >= position);
        if (next is null) return null;
        var gap = r.Text[position..next.Start].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var filler = gap.Count(w => w is not ("the" or "a" or "an" or "of" or "their" or "its" or "each" or "every" or "different" or "distinct" or "unique"));
        return filler <= maxGap - 1 || gap.Length == 0 ? next : null;
    }

    private static List<Cue> CueBefore(Reading r, int position, int words)
    {
        var startWindow = position;
        var count = 0;
        while (startWindow > 0 && count < words)
        {
            startWindow--;
            if (r.Text[startWindow] == ' ') count++;
        }
        return r.Cues.Where(c => c.End <= position && c.Start >= startWindow).ToList();
    }

    private Agg? AggBefore(Reading r, Mention m)
    {
        var cue = CueBefore(r, m.Start, 4).LastOrDefault(c => c.Kind == "agg");
        if (cue is null)
        {
            // "price: what's the average?" → an aggregate right after the column.
            cue = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Start >= m.End && c.Start - m.End <= 12 && c.Value is "avg" or "sum" or "median");
        }
        if (cue is null) return null;
        if (cue.Value == "count") return DefaultAgg(Key(m)) == Agg.Sum ? Agg.Sum : null; // "how many passengers" where passengers is a number: its sum
        // "which month has the most passengers": most/least order the groups; the amount is a sum (or the stated average).
        var word = r.Text[cue.Start..cue.End];
        if (cue.Value is "max" or "min" && (r.Has("which") || r.Has("group") || TopN().IsMatch(r.Text)) && word is not ("maximum" or "max" or "minimum" or "min"))
        {
            var after = r.Cues.FirstOrDefault(c => c.Kind == "agg" && c.Start >= m.End && c.Start - m.End <= 12 && c.Value is "avg" or "median" or "sum");
            return after is null ? null : AggOf(after.Value);
        }
        return AggOf(cue.Value);
    }

    /// <summary>Aggregates listed together before a column ("minimum, maximum and mean price").</summary>
    private List<Agg> AggList(Reading r, Mention m)
    {
        var before = r.Text[..m.Start];
        var list = Regex.Match(before, @"((?:\b(?:min(?:imum)?|max(?:imum)?|average|mean|median|total|sum)\b(?:\s*(?:,|and|&)\s*|\s+))+)(?:the\s+|of\s+)*$");
        if (!list.Success) return [];
        return r.Cues.Where(c => c.Kind == "agg" && c.Start >= list.Index && c.End <= m.Start && c.Value is not "count")
            .Select(c => r.Text[c.Start..c.End] is "most" or "top" or "best" or "least" ? null : AggOf(c.Value)).OfType<Agg>().Distinct().ToList();
    }

    private GroupSpec? GroupFor(Mention target)
    {
        if (target.Kind == MentionKind.Column)
        {
            // "by revenue" orders by a measure; "by cylinders" (a small set of whole numbers) groups.
            var c = target.Column!;
            if (c.Type == ColumnType.Decimal || (c.Type == ColumnType.Integer && (index.ValuesOf(c).Count is 0 or > 60 || DefaultAgg(new Col(c.Table, c.Column)) == Agg.Sum))) return null;
            return new GroupSpec(Key(target));
        }
        if (target.Kind != MentionKind.Table) return null;
        // A table as a group: its name-like column (Name, Title), else its first text column.
        var t = index.Tables.First(x => x.Name == target.Table);
        var first = t.Columns.FirstOrDefault(c => c.Name.Equals("FirstName", StringComparison.OrdinalIgnoreCase) || c.Name.Equals("first_name", StringComparison.OrdinalIgnoreCase));
        var last = t.Columns.FirstOrDefault(c => c.Name.Equals("LastName", StringComparison.OrdinalIgnoreCase) || c.Name.Equals("last_name", StringComparison.OrdinalIgnoreCase));
        if (first is not null && last is not null) return new GroupSpec(new Col(t.Name, first.Name), Surname: new Col(t.Name, last.Name));
        var label = t.Columns.FirstOrDefault(c => c.Name.Equals("Name", StringComparison.OrdinalIgnoreCase) || c.Name.Equals("Title", StringComparison.OrdinalIgnoreCase))
                    ?? t.Columns.FirstOrDefault(c => c.Name.EndsWith("Name", StringComparison.OrdinalIgnoreCase))
                    ?? t.Columns.FirstOrDefault(c => c.Type == ColumnType.Text);
        return label is null ? null : new GroupSpec(new Col(t.Name, label.Name));
    }

    private static Agg DefaultAgg(Col column)
    {
        // Chinese names ("销售额") are read through the glossary, so amounts in either language add up.
        var w = SchemaIndex.Normalize(SchemaIndex.Words(column.Column) + " " + Glossary.ToEnglish(SchemaIndex.Words(column.Column)));
        string[] additive = ["amount", "revenue", "sales", "total", "quantity", "units", "count", "passengers", "profit", "cost", "spend", "volume", "number", "bytes", "milliseconds", "population", "visits", "orders"];
        return additive.Any(a => w.Split(' ').Contains(a) || w.EndsWith(a, StringComparison.Ordinal)) && !w.Contains("price", StringComparison.Ordinal) && !w.Contains("rate", StringComparison.Ordinal) ? Agg.Sum : Agg.Avg;
    }

    private ChartType? ChartRequest(Reading r)
    {
        var kinds = r.Cues.Where(c => c.Kind == "chart").Select(c => c.Value).ToHashSet();
        if (kinds.Count == 0) return null;
        if (kinds.Contains("pie")) return ChartType.Pie;
        if (kinds.Contains("histogram")) return ChartType.Histogram;
        if (kinds.Contains("scatter")) return ChartType.Scatter;
        if (kinds.Contains("box")) return ChartType.Box;
        if (kinds.Contains("heatmap")) return ChartType.Heatmap;
        if (kinds.Contains("area")) return ChartType.Area;
        if (kinds.Contains("line")) return ChartType.Line;
        if (kinds.Contains("stacked")) return ChartType.StackedBar;
        if (kinds.Contains("horizontal")) return ChartType.HorizontalBar;
        if (kinds.Contains("bar")) return ChartType.Bar;
        return null;
    }

    /// <summary>Values become equality filters (IN for several of one column, NOT after a negation); numbers in comparisons become ranges.</summary>
    private void ReadFilters(Reading r, QuerySpec spec)
    {
        // "how many people …": a generic noun right after a count is what is counted, even where it is also a value (a "People" department).
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Value && GenericNouns().IsMatch(m.Text) && Regex.IsMatch(r.Text[..m.Start], @"\b(how many|number of|count of|count the)\s+(the\s+)?$")).ToList())
            r.Mentions.Remove(m);
        foreach (var group in r.Mentions.Where(m => m.Kind == MentionKind.Value && !r.Used.Contains(m)).GroupBy(m => m.Column!.Key))
        {
            var first = group.First();
            var negated = group.Any(m => CueBefore(r, m.Start, 3).Any(c => c.Kind == "negation"));
            var vals = group.Select(m => m.Value!).Distinct().ToList();
            spec.Filters.Add(new FilterSpec(Key(first), negated ? "ne" : "eq", vals));
            foreach (var m in group) r.Used.Add(m);
        }

        // "smokers", "survived", "returned": a yes/no column named as a noun or verb filters on yes (no after a negation),
        // unless the question compares both sides, asks for a rate, or groups by it.
        if (!r.Has("rate"))
            foreach (var group in r.Mentions.Where(m => m.Kind == MentionKind.Column && !r.Used.Contains(m) && IsFlag(m.Column!)).GroupBy(m => m.Column!.Key))
            {
                var m = group.First();
                if (group.Count() > 1 || CueBefore(r, m.Start, 2).Any(c => c.Kind is "group" or "which" or "distribution")) continue;
                if (Regex.IsMatch(r.Text, $@"\b(and|or|vs|versus)\s+non\s*{Regex.Escape(m.Text)}")) continue;
                var negated = CueBefore(r, m.Start, 2).Any(c => c.Kind == "negation");
                spec.Filters.Add(FlagFilter(m.Column!, !negated));
                r.Used.Add(m);
            }

        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && m.Column!.Type == ColumnType.Text && !r.Used.Contains(m)).ToList())
        {
            // "color D", "embarked S": a value named right after its column, however short.
            var next = Regex.Match(r.Text[m.End..], @"^\s+([\p{L}\p{N}]{1,12})\b");
            if (!next.Success || spec.Filters.Any(f => f.Column == Key(m))) continue;
            var value = index.ValuesOf(m.Column!).FirstOrDefault(v => v.Equals(next.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            if (value is null) continue;
            spec.Filters.Add(new FilterSpec(Key(m), "eq", [value]));
            r.Used.Add(m);
        }

        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && m.Column!.Type == ColumnType.Integer && !r.Used.Contains(m)).ToList())
        {
            var after = Regex.Match(r.Text[m.End..], @"^\s+(\d{1,6})\b(?!\s*(or more|or less|\+))");
            var before = Regex.Match(r.Text[..m.Start], @"(?<![<>=]\s*|than\s+|least\s+|most\s+|top\s+|bottom\s+)\b(\d{1,6})[\s-]+$");
            var value = after.Success ? after.Groups[1].Value : before.Success ? before.Groups[1].Value : null;
            if (value is null || !index.ValuesOf(m.Column!).Contains(value)) continue;
            spec.Filters.Add(new FilterSpec(Key(m), "eq_num", [value]));
            r.Used.Add(m);
        }

        foreach (Match b in Between().Matches(r.Text))
        {
            // "between 2022 and 2024" is a span of years when the data has dates; the year logic reads it.
            if (Year().IsMatch(b.Groups["a"].Value) && Year().IsMatch(b.Groups["b"].Value) && (TimeColumn() is not null || YearColumn() is not null)) continue;
            var col = NumericColumnNear(r, b.Index, b.Index + b.Length);
            if (col is null) continue;
            spec.Filters.Add(new FilterSpec(Key(col), "between", [b.Groups["a"].Value, b.Groups["b"].Value]));
            r.Used.Add(col);
        }
        foreach (Match c in Comparison().Matches(r.Text))
        {
            if (Between().Matches(r.Text).Any(b => b.Index <= c.Index && c.Index < b.Index + b.Length)) continue;
            var col = NumericColumnNear(r, c.Index, c.Index + c.Length) ?? AdjectiveColumn(c.Groups["op"].Value) ?? ImpliedColumn(r, c);
            if (col is null) continue;
            var op = c.Groups["op"].Value.ToLowerInvariant();
            var num = decimal.Parse(c.Groups["num"].Value, CultureInfo.InvariantCulture) * (c.Groups["k"].Success ? 1000 : 1);
            var suffix = c.Groups["suffix"].Value.ToLowerInvariant();
            var kind = op switch
            {
                "at least" or "no less than" or ">=" or "greater than or equal to" => "gte",
                "at most" or "no more than" or "<=" or "less than or equal to" => "lte",
                "equal to" or "equals" or "=" => "eq_num",
                _ when op.StartsWith("less", StringComparison.Ordinal) || op.StartsWith("lower", StringComparison.Ordinal) || op.StartsWith("smaller", StringComparison.Ordinal)
                       || op.StartsWith("fewer", StringComparison.Ordinal) || op is "under" or "below" or "<" || op.StartsWith("shorter", StringComparison.Ordinal)
                       || op.StartsWith("lighter", StringComparison.Ordinal) || op.StartsWith("younger", StringComparison.Ordinal) || op.StartsWith("cheaper", StringComparison.Ordinal) => "lt",
                _ => "gt",
            };
            if (suffix.Contains("more") || suffix.Contains("above")) kind = "gte";
            if (suffix.Contains("less") || suffix.Contains("below")) kind = "lte";
            // "longer than 5 minutes" on a column in milliseconds: the number in the column's unit.
            var end = c.Index + c.Length;
            var unitWord = Regex.Match(r.Text[end..], @"^\s*([a-z]+)\b");
            if (unitWord.Success && Units.OfWord(unitWord.Groups[1].Value) is { } asked && Units.OfColumn(col.Column!) is { } stored && Units.Scale(asked, stored) is { } scale)
            {
                num = Math.Round(num * (decimal)scale, 6);
                r.Spans.Add((c.Index, end + unitWord.Length));
            }
            spec.Filters.Add(new FilterSpec(Key(col), kind, [num.ToString(CultureInfo.InvariantCulture)]));
            r.Used.Add(col);
        }
        foreach (Match s in SuffixComparison().Matches(r.Text))
        {
            if (Comparison().Matches(r.Text).Any(c => c.Index <= s.Index && s.Index < c.Index + c.Length)) continue;
            var col = NumericColumnNear(r, s.Index, s.Index + s.Length);
            if (col is null) continue;
            var suffix = s.Groups["suffix"].Value.ToLowerInvariant();
            spec.Filters.Add(new FilterSpec(Key(col), suffix.Contains("less") || suffix.Contains("below") ? "lte" : "gte", [s.Groups["num"].Value]));
            r.Used.Add(col);
        }
    }

    private Mention? NumericColumnNear(Reading r, int start, int end)
    {
        // "respondents under 30", "passengers over 60": a comparison right after people is about their age.
        if (PersonBefore().IsMatch(r.Text[..start]) && index.Columns.FirstOrDefault(c => c.IsNumeric && c.Words is "age" or "age years") is { } age)
            return new Mention(MentionKind.Column, 0, 0, 1, age, age.Table, null, age.Column);
        var before = r.Mentions.LastOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier && m.End <= start && start - m.End <= 24 && !r.Used.Contains(m));
        var after = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier && m.Start >= end && m.Start - end <= 12 && !r.Used.Contains(m));
        if (after is not null && (before is null || after.Start - end < start - before.End)) return after;
        return before;
    }

    /// <summary>A column a comparison means without naming it: by a unit after the number ("5000 g" → body_mass_g) or a verb ("weigh").</summary>
    private Mention? ImpliedColumn(Reading r, Match comparison)
    {
        var rest = r.Text[(comparison.Index + comparison.Length)..].TrimStart();
        var unit = rest.Split(' ', 2)[0];
        if (unit.Length is > 0 and <= 4)
        {
            var byUnit = index.Columns.FirstOrDefault(c => c.IsNumeric && c.Column.EndsWith("_" + unit, StringComparison.OrdinalIgnoreCase));
            if (byUnit is not null) return new Mention(MentionKind.Column, 0, 0, 1, byUnit, byUnit.Table, null, byUnit.Column);
        }
        var before = r.Text[..comparison.Index];
        string[]? words = Regex.IsMatch(before, @"\bweigh(s|ed|ing)?\b") ? ["mass", "weight", "carat"]
            : Regex.IsMatch(before, @"\b(cost|costs|priced|pay|paid)\b") ? ["price", "cost", "fare", "total"]
            : Regex.IsMatch(before, @"\b(aged|age)\b") ? ["age"]
            : Regex.IsMatch(before, @"\b(last|lasts|lasting)\b") ? ["milliseconds", "duration", "length"]
            : null;
        if (words is null) return null;
        var col = index.Columns.FirstOrDefault(c => c.IsNumeric && words.Any(w => c.Words.Contains(w, StringComparison.Ordinal)));
        return col is null ? null : new Mention(MentionKind.Column, 0, 0, 1, col, col.Table, null, col.Column);
    }

    private ColumnRef? SuperlativeColumn(Reading r)
    {
        (string Pattern, string[] Words)[] map =
        [
            (@"\b(most expensive|priciest|cheapest|least expensive|costliest)\b", ["price", "cost", "fare", "amount", "total"]),
            (@"\b(heaviest|lightest)\b", ["mass", "weight", "carat"]),
            (@"\b(longest|shortest)\b", ["length", "duration", "milliseconds"]),
            (@"\b(oldest|youngest)\b", ["age"]),
        ];
        foreach (var (pattern, words) in map)
        {
            if (!Regex.IsMatch(r.Text, pattern)) continue;
            var col = index.Columns.Where(c => c.IsNumeric).FirstOrDefault(c => words.Any(w => c.Words.Split(' ').Contains(w)));
            if (col is not null) return col;
        }
        return null;
    }

    private Mention? AdjectiveColumn(string op)
    {
        string[]? words = op.ToLowerInvariant() switch
        {
            var o when o.StartsWith("heavier") || o.StartsWith("lighter") => ["mass", "weight", "carat"],
            var o when o.StartsWith("longer") || o.StartsWith("shorter") => ["length", "duration", "milliseconds"],
            var o when o.StartsWith("older") || o.StartsWith("younger") => ["age"],
            var o when o.StartsWith("cheaper") => ["price", "cost", "fare"],
            _ => null,
        };
        if (words is null) return null;
        var col = index.Columns.FirstOrDefault(c => c.IsNumeric && words.Any(w => c.Words.Contains(w, StringComparison.Ordinal)));
        return col is null ? null : new Mention(MentionKind.Column, 0, 0, 1, col, col.Table, null, col.Column);
    }

    /// <summary>Year and month mentions filter the time column: "in 2023", "from 2021 to 2023", "in March", "last year".</summary>
    private void ReadTimeFilters(Reading r, QuerySpec spec)
    {
        var relative = Regex.Match(r.Text, @"\b(last|previous|this|current)\s+year\b");
        if (relative.Success && TimeColumn() is { } timeCol && !Year().IsMatch(r.Text))
        {
            var year = DateTime.UtcNow.Year - (relative.Groups[1].Value is "last" or "previous" ? 1 : 0);
            spec.Filters.Add(new FilterSpec(new Col(timeCol.Table, timeCol.Column), "year", [year.ToString(CultureInfo.InvariantCulture)]));
        }
        var years = Year().Matches(r.Text).Where(m => !spec.Filters.Any(f => f.Values.Contains(m.Value))).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        if (years.Count > 0)
        {
            var time = TimeColumn();
            var yearCol = YearColumn();
            if (time is not null || yearCol is not null)
            {
                var col = yearCol is not null ? new Col(yearCol.Table, yearCol.Column) : new Col(time!.Table, time.Column);
                var op = yearCol is not null ? "in_num" : "year";
                var range = Regex.Match(r.Text, @"\b(from|between)\s+(19|20)\d{2}\s+(to|and|until|through|-)\s+(19|20)\d{2}\b");
                var since = Regex.Match(r.Text, @"\b(since|after|from)\s+((19|20)\d{2})\b");
                var before = Regex.Match(r.Text, @"\b(before|until|prior to)\s+((19|20)\d{2})\b");
                if (range.Success && years.Count >= 2) spec.Filters.Add(new FilterSpec(col, yearCol is not null ? "between" : "year_between", [years.Min().ToString(CultureInfo.InvariantCulture), years.Max().ToString(CultureInfo.InvariantCulture)]));
                else if (since.Success) spec.Filters.Add(new FilterSpec(col, yearCol is not null ? (since.Groups[1].Value == "after" ? "gt" : "gte") : (since.Groups[1].Value == "after" ? "year_gt" : "year_gte"), [since.Groups[2].Value]));
                else if (before.Success) spec.Filters.Add(new FilterSpec(col, yearCol is not null ? "lt" : "year_lt", [before.Groups[2].Value]));
                else spec.Filters.Add(new FilterSpec(col, op, years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList()));
                foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && (m.Column!.Key == $"{col.Table}.{col.Column}") && !r.Has("group"))) r.Used.Add(m);
            }
        }
        // Month names filter a month column or the date's month, unless they are values of a column already.
        var monthHits = MonthNames.Select((name, i) => (name, i)).Where(x => Regex.IsMatch(r.Text, $@"\b(in|during|of|for)\s+{x.name}\b")).ToList();
        if (monthHits.Count > 0 && !spec.Filters.Any(f => f.Values.Any(v => MonthNames.Contains(v.ToLowerInvariant()))))
        {
            var monthCol = MonthColumn();
            var time = TimeColumn();
            if (monthCol is null && time is not null)
                spec.Filters.Add(new FilterSpec(new Col(time.Table, time.Column), "month", monthHits.Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture)).ToList()));
        }
    }

    private void ReadTimeGrouping(Reading r, QuerySpec spec)
    {
        var grainCue = r.Cues.Where(c => c.Kind == "grain").Select(c => c.Value).FirstOrDefault(g => spec.Filters.All(f => !(f.Op.StartsWith("year", StringComparison.Ordinal) && g == "year" && !Regex.IsMatch(r.Text, @"\b(by|per|each|every) year|yearly|annual"))));
        var wantsTime = r.Has("time") || grainCue is not null;
        if (!wantsTime) return;
        // A grain word right after a grouping cue, or a trend: group by time.
        var grouped = r.Has("time") || grainCue is not null && (Regex.IsMatch(r.Text, $@"\b(by|per|each|every|for each|over|across|in each{(r.Has("group") ? "|and" : "")})\s+(the\s+)?{grainCue}s?\b") || Regex.IsMatch(r.Text, @"\b(yearly|annual|annually|quarterly|monthly|weekly|daily)\b") || r.Has("time"));
        if (!grouped) return;
        var time = TimeColumn();
        var yearCol = YearColumn();
        var monthCol = MonthColumn();
        var grain = grainCue ?? (time is not null || monthCol is not null ? "month" : "year");
        spec.Groups.RemoveAll(g => index.Find(g.Column.Table, g.Column.Column)?.IsTemporal == true || (yearCol is not null && g.Column == new Col(yearCol.Table, yearCol.Column)) || (monthCol is not null && g.Column == new Col(monthCol.Table, monthCol.Column)));
        if (time is not null) spec.Groups.Insert(0, new GroupSpec(new Col(time.Table, time.Column), grain));
        else if (yearCol is not null && grain == "month" && monthCol is not null && r.Has("time")) spec.Groups.Insert(0, new GroupSpec(new Col(yearCol.Table, yearCol.Column), "year_month", new Col(monthCol.Table, monthCol.Column)));
        else if (grain == "month" && monthCol is not null) spec.Groups.Insert(0, new GroupSpec(new Col(monthCol.Table, monthCol.Column)));
        else if (yearCol is not null) spec.Groups.Insert(0, new GroupSpec(new Col(yearCol.Table, yearCol.Column)));
        else return;
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && (m.Column!.IsTemporal || m.Column == yearCol || m.Column == monthCol))) r.Used.Add(m);
    }

    /// <summary>The dataset's main date or timestamp column (the first, preferring names with date/time).</summary>
    private ColumnRef? TimeColumn() =>
        index.Columns.Where(c => c.IsTemporal)
            .OrderByDescending(c => NamedByVerb(c) ? 1 : 0)
            .ThenByDescending(c => preferredTables.Contains(c.Table) ? 2 : 0)
            .ThenByDescending(c => Relations(c.Table))
            .ThenByDescending(c => c.Words.Contains("date") || c.Words.Contains("time") ? 1 : 0)
            .ThenBy(c => c.Words.Contains("birth") || c.Words.Contains("hire") ? 1 : 0)
            .FirstOrDefault();

    /// <summary>"hired in 2020" → HireDate, "left in 2025" → TerminationDate, "signed up last year" → signup_date: the question's verb names the date.</summary>
    private bool NamedByVerb(ColumnRef c)
    {
        if (currentReading is not { } r) return false;
        var first = StemOf(c.Words.Split(' ')[0]);
        var words = Regex.Matches(r.Text, @"[a-z]{3,}").Select(m => m.Value).ToList();
        if (first.Length >= 4 && words.Any(w => CommonPrefix(StemOf(w), first) >= Math.Min(5, Math.Min(first.Length, StemOf(w).Length)) && StemOf(w).Length >= 3)) return true;
        return c.Words.Split(' ').Any(w => EndWords.Contains(w)) && CurrentPattern().Match(r.Text) is { Success: true } m && m.Groups["former"].Success;
    }

    /// <summary>Tables the question is about (measure columns, counted tables), for choosing among several date columns.</summary>
    private HashSet<string> preferredTables = new(StringComparer.OrdinalIgnoreCase);

    private ColumnRef? YearColumn() =>
        index.Columns.FirstOrDefault(c => c.Type == ColumnType.Integer && (c.Words == "year" || c.Words.EndsWith(" year", StringComparison.Ordinal)));

    private ColumnRef? MonthColumn() =>
        index.Columns.FirstOrDefault(c => c.Words == "month" && (c.Type == ColumnType.Integer || index.ValuesOf(c).Any(v => MonthNames.Contains(v.ToLowerInvariant()) || MonthNames.Any(n => n.StartsWith(v.ToLowerInvariant(), StringComparison.Ordinal) && v.Length == 3))));

    private bool IsMonthName(GroupSpec g)
    {
        var c = index.Find(g.Column.Table, g.Column.Column);
        return c is not null && c == MonthColumn();
    }

    private FilterSpec FlagFilter(ColumnRef c, bool value)
    {
        if (value) return TrueCondition(c);
        if (c.Type == ColumnType.Boolean) return new FilterSpec(new Col(c.Table, c.Column), "is_false", []);
        if (c.Type == ColumnType.Integer) return new FilterSpec(new Col(c.Table, c.Column), "eq_num", ["0"]);
        var no = index.ValuesOf(c).FirstOrDefault(v => v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("n", StringComparison.OrdinalIgnoreCase));
        return new FilterSpec(new Col(c.Table, c.Column), "eq", [no ?? "no"]);
    }

    private FilterSpec TrueCondition(ColumnRef c)
    {
        if (c.Type == ColumnType.Boolean) return new FilterSpec(new Col(c.Table, c.Column), "is_true", []);
        if (c.Type == ColumnType.Integer) return new FilterSpec(new Col(c.Table, c.Column), "eq_num", ["1"]);
        var yes = index.ValuesOf(c).FirstOrDefault(v => v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("y", StringComparison.OrdinalIgnoreCase));
        return new FilterSpec(new Col(c.Table, c.Column), "eq", [yes ?? "yes"]);
    }

    /// <summary>The condition of a rate: the value (or yes/no column) the question is about.</summary>
    private FilterSpec? RateCondition(Reading r, QuerySpec spec, Cue rateCue)
    {
        // "survival rate", "what percentage survived": a 0/1 or yes/no column.
        var flag = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && IsFlag(m.Column!));
        var valueFilters = spec.Filters.Where(f => f.Op is "eq" or "ne").ToList();
        if (valueFilters.Count > 0 && flag is null)
        {
            // The last value named is what is counted ("percentage of first class passengers who are female" → female).
            var lastValue = r.Mentions.Last(m => m.Kind == MentionKind.Value);
            return valueFilters.FirstOrDefault(f => f.Column == Key(lastValue));
        }
        if (flag is not null)
        {
            r.Used.Add(flag);
            var cond = TrueCondition(flag.Column!);
            spec.Measures.RemoveAll(m => m.Column == Key(flag));
            return cond;
        }
        return null;
    }

    private bool IsFlag(ColumnRef c)
    {
        if (c.Type == ColumnType.Boolean) return true;
        if (c.Type == ColumnType.Integer && index.Columns.Contains(c))
        {
            var words = c.Words;
            if (!c.IsIdentifier && index.ValuesOf(c) is { Count: 2 } bits && bits.All(v => v is "0" or "1")) return true;
            return words is "survived" or "alive" or "churned" or "converted" or "returned" || words.StartsWith("is ", StringComparison.Ordinal) || words.StartsWith("has ", StringComparison.Ordinal);
        }
        var vals = index.ValuesOf(c);
        return vals.Count is > 0 and <= 2 && vals.All(v => v.ToLowerInvariant() is "yes" or "no" or "y" or "n" or "true" or "false");
    }

    // ---------------- follow-ups ----------------

    [GeneratedRegex(@"^\s*(and|but|also|only|just|now|then|what about|how about|and what about|instead|same|show only|filter|exclude|except|without|restrict|limit to|make it|change|switch|as a|as an|in a|break (it )?down|split|per|by|for|(top|bottom|first|last) \d+)\b|^\s*(那|只|换成|改成|再|按|用|以|那么|如果)", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUpStart();

    private bool IsFollowUp(Reading r, string question)
    {
        if (FollowUpStart().IsMatch(question.Trim())) return true;
        // Short questions with no measure of their own refine the previous one ("females only", "as a pie chart").
        var hasOwnTarget = r.Mentions.Any(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric) || r.Has("agg") || r.Has("distribution") || r.Has("relationship");
        return !hasOwnTarget && r.Text.Split(' ').Length <= 6;
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
        var also = Regex.IsMatch(r.Text, @"\b(also|and)\s+(by|per|for each)\b|\btoo\b|\bas well\b");
        foreach (var cue in r.Cues.Where(c => c.Kind == "group"))
        {
            var target = NextEntity(r, cue.End, 2);
            if (target is null || target.Kind == MentionKind.Value) continue;
            var g = GroupFor(target);
            if (g is null) continue;
            if (!also) spec.Groups.RemoveAll(x => index.Find(x.Column.Table, x.Column.Column)?.IsTemporal != true || r.Has("instead"));
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
