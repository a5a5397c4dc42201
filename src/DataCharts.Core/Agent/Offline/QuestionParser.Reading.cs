using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Stages one and two: the question normalised (Chinese rewritten, values protected), linked to columns, tables and values, and its cue words found.</summary>
public sealed partial class QuestionParser
{

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
                r.Originals[token] = m.Text;
                norm = norm[..m.Start] + " " + token + " " + norm[m.End..];
                placeholders.Add(m with { Text = token });
            }
        }
        r.Text = SchemaIndex.Normalize(Glossary.ToEnglish(norm));
        r.Mentions = index.FindMentions(r.Text);
        foreach (var p in placeholders)
        {
            var at = r.Text.IndexOf(p.Text, StringComparison.Ordinal);
            if (at >= 0) r.Mentions.Add(p with { Start = at, End = at + p.Text.Length, Alternatives = p.Alternatives.Select(a => a with { Start = at, End = at + p.Text.Length, Text = p.Text }).ToList() });
        }
        r.Mentions = ResolveAlternatives(r.Mentions.OrderBy(m => m.Start).ToList(), question);
        // A column named like a question word ("who" of the titanic data) is that column only right after a grouping
        // word ("by who"); "passengers who travelled alone" is a relative clause.
        r.Mentions.RemoveAll(m => m.Kind == MentionKind.Column && m.Text is "who" or "what" or "when" or "where" or "which" or "how"
            && !Regex.IsMatch(r.Text[..m.Start], @"\b(by|per|each|for each|across|the)\s+$"));
        // Short aliases ("US", "IN", "NO") count only in capitals: "recommend us", "in 2025" and "no label" are words.
        r.Mentions.RemoveAll(m => m.Kind == MentionKind.Value && m.Text.Replace(".", "").Length <= 3 && !string.Equals(SchemaIndex.Normalize(m.Value!), m.Text, StringComparison.Ordinal)
            && !Regex.IsMatch(question, $@"(?<![\p{{L}}]){Regex.Escape(m.Text.ToUpperInvariant())}(?![\p{{L}}])"));
        // "product category", "customer's country": a table right before a table it points at only says whose one it is.
        r.Mentions.RemoveAll(t => t.Kind == MentionKind.Table && t.Role is null && r.Mentions.Any(n => n.Kind == MentionKind.Table && n != t && n.Start >= t.End
            && Regex.IsMatch(r.Text[t.End..n.Start], @"^('s)?\s*$") && index.Model.Relationships.Any(rel => !rel.IsSelf && rel.FromTable == t.Table && rel.ToTable == n.Table)));
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
        foreach (var cue in r.Cues.Where(c => c.Kind == "grain" && PeriodAdjective().IsMatch(r.Text[c.Start..c.End]) && !r.Has("time")).ToList())
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
    private List<Mention> ResolveAlternatives(List<Mention> mentions, string question)
    {
        var anchors = mentions.Where(m => m.Alternatives.Count == 0 && m.Table is not null).Select(m => m.Table!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new List<Mention>();
        foreach (var m in mentions)
        {
            if (m.Alternatives.Count == 0) { result.Add(m); continue; }
            var all = new[] { m }.Concat(m.Alternatives).ToList();
            // Money words anchor the table that holds the money ("which country spends the most" → the customers' country).
            if (anchors.Count == 0 && MoneyWords().IsMatch(question) && index.Columns.FirstOrDefault(c => c.IsNumeric && c.Words is "total" or "amount" or "revenue" or "sales") is { } money) anchors.Add(money.Table);
            var best = all.FirstOrDefault(x => anchors.Contains(x.Table!))
                       ?? all.Where(_ => anchors.Count > 0).OrderBy(x => anchors.Min(a => Hops(a, x.Table!))).FirstOrDefault(x => anchors.Min(a => Hops(a, x.Table!)) < 99)
                       ?? all.OrderByDescending(x => index.Tables.FirstOrDefault(t => t.Name == x.Table)?.RowCount ?? 0).ThenBy(x => -Relations(x.Table!)).First();
            result.Add(best with { Alternatives = [] });
        }
        return result;
    }

    /// <summary>How many joins apart two tables are along the model's relationships (99 when not connected).</summary>
    private int Hops(string from, string to)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [from] = 0 };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (t.Equals(to, StringComparison.OrdinalIgnoreCase)) return seen[t];
            foreach (var r in index.Model.Relationships.Where(r => !r.IsSelf))
            {
                var other = r.FromTable.Equals(t, StringComparison.OrdinalIgnoreCase) ? r.ToTable : r.ToTable.Equals(t, StringComparison.OrdinalIgnoreCase) ? r.FromTable : null;
                if (other is not null && seen.TryAdd(other, seen[t] + 1)) queue.Enqueue(other);
            }
        }
        return 99;
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
            ("agg", "max", @"\b(maximum|max|highest|largest|biggest|greatest|most expensive|most common|most popular|most frequent|most|top|longest|heaviest|oldest|best|busiest|peak)\b"),
            ("agg", "min", @"\b(minimum|min|lowest|smallest|least expensive|least busy|least common|least popular|rarest|least|fewest|shortest|lightest|youngest|cheapest|worst|quietest|slowest)\b"),
            ("rate", "rate", @"\b(percentage|percent|proportion|share|fraction|ratio|rate|likelihood|chance)\b|%"),
            ("group", "by", @"\b(by|per|for each|for every|in each|across|grouped by|broken down by|split by|for all)\b|\beach\b|\bevery\b"),
            ("which", "which", @"\b(which|what)\b"),
            ("time", "trend", @"\b(over time|trend|trends|over the years|time series|evolution|evolve|changed?|growth)\b"),
            ("grain", "year", @"\b(yearly|annual|annually|per year|by year|each year|every year|years?)\b"),
            ("grain", "quarter", @"\b(quarterly|quarters?)\b"),
            ("grain", "month", @"\b(monthly|months?)\b"),
            ("grain", "week", @"\b(weekly|weeks?)\b"),
            ("grain", "weekday", @"\b(days? of (the )?week|weekdays?|day-of-week)\b"),
            ("grain", "day", @"\b(daily|days?|dates?)\b"),
            ("distribution", "distribution", @"\b(distribution|distributed|histogram|spread|range of values)\b"),
            ("relationship", "relationship", @"\b(relationship|relation|correlat\w*|vs\.?|versus|against|relate[sd]?|depend\w*|associated|association|affects?|affected|impacts?|influences?|effect of|related to)\b"),
            ("negation", "not", @"\b(not|except|excluding|exclude|without|other than|non)\b"),
            ("only", "only", @"\b(only|just)\b"),
            ("list", "list", @"\b(show|list|display|give me|find|what are|who are|which are)\b"),
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


    [GeneratedRegex(@"(?<op>greater than or equal to|at least|no less than|>=|more than|greater than|higher than|larger than|bigger than|over|above|exceeding|exceeds?|heavier than|longer than|older than|>|less than or equal to|at most|no more than|<=|less than|lower than|smaller than|fewer than|under|below|shorter than|lighter than|younger than|cheaper than|<|equal to|equals|=)\s*(?<num>-?\d+(?:\.\d+)?)(?<k>k\b)?(?:\s*(?<suffix>or more|or less|or above|or below|and above|and below))?", RegexOptions.IgnoreCase)]
    internal static partial Regex Comparison();

    [GeneratedRegex(@"(?<num>-?\d+(?:\.\d+)?)\s*(?<suffix>or more|or less|or above|or below|and above|and below|\+)", RegexOptions.IgnoreCase)]
    internal static partial Regex SuffixComparison();

    [GeneratedRegex(@"\bbetween\s+(?<a>-?\d+(?:\.\d+)?)\s+(and|to)\s+(?<b>-?\d+(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    internal static partial Regex Between();

    [GeneratedRegex(@"(?<!\bat )\b(?<dir>top|first|highest|largest|biggest|most|best|greatest|bottom|last|lowest|smallest|least|fewest|worst)\s+(?<n>\d{1,4})\b|\b(?<n2>\d{1,4})\s+(?<dir2>most|highest|largest|biggest|best|top|greatest|lowest|smallest|least|fewest|worst|cheapest|most expensive|heaviest|lightest|longest|shortest|oldest|youngest|priciest)\b", RegexOptions.IgnoreCase)]
    internal static partial Regex TopN();

    [GeneratedRegex(@"\b(?<a>(19|20)\d{2})\b(?!-\d)")]
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
}
