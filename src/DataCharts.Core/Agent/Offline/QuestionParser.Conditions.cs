using System.Globalization;
using System.Text.RegularExpressions;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// Conditions said in words rather than values: a missing value ("not shipped yet", "has no manager", "current
/// staff"), a comparison of two columns of the same row ("shipped late" = shipped after required), and periods
/// relative to today ("last month", "in the past 30 days").
/// </summary>
public sealed partial class QuestionParser
{
    private static readonly string[] PromisedWords = ["required", "due", "expected", "promised", "planned", "scheduled", "deadline", "estimated", "target"];
    private static readonly string[] ActualWords = ["shipped", "delivered", "actual", "completed", "arrived", "returned", "closed", "paid", "resolved", "finished", "received", "done", "ship", "delivery"];
    private static readonly string[] EndWords = ["termination", "terminated", "end", "ended", "left", "leave", "exit", "closed", "cancelled", "canceled", "churn", "churned", "departure", "resigned", "resignation", "discharge", "discharged", "graduated", "graduation", "finished", "completed", "completion", "retired", "retirement", "withdrawn", "withdrawal", "expired", "expiry"];

    private void ReadConditions(Reading r, QuerySpec spec)
    {
        ReadMissing(r, spec);
        ReadDone(r, spec);
        ReadLateness(r, spec);
        ReadCurrentOrFormer(r, spec);
        ReadRelativePeriod(r, spec);
        ReadDateBounds(r, spec);
    }

    /// <summary>"not (yet) shipped", "hasn't been delivered", "has no manager", "without a region", "missing email".</summary>
    private void ReadMissing(Reading r, QuerySpec spec)
    {
        // "students who never took a course", "customers with no orders", "with at least one order": rows of another
        // table that point at these ones exist or not.
        var related = new List<Match>();
        foreach (Match m in RelatedRows().Matches(r.Text))
        {
            if (RelatedTable(m.Groups["w"].Value, r) is not { } rel) continue;
            related.Add(m);
            var subjectKey = index.Model.EntityOf(rel.ToTable)?.Key ?? rel.ToColumn;
            AddCondition(r, spec, new FilterSpec(new Col(rel.ToTable, subjectKey), m.Groups["some"].Success ? "exists" : "not_exists", [rel.FromTable, rel.FromColumn, rel.ToColumn]), m.Index, m.Index + m.Length);
        }
        foreach (Match m in MissingPattern().Matches(r.Text))
        {
            if (related.Any(x => x.Index <= m.Index + m.Length && m.Index < x.Index + x.Length)) continue;
            var word = m.Groups["w"].Value;
            var col = ColumnForWord(word, r, preferTemporal: m.Groups["verb"].Success);
            if (col is null) continue;
            AddCondition(r, spec, new FilterSpec(new Col(col.Table, col.Column), "is_null", []), m.Index, m.Index + m.Length);
        }
        foreach (Match m in PresentPattern().Matches(r.Text))
        {
            var col = ColumnForWord(m.Groups["w"].Value, r, preferTemporal: false);
            if (col is null) continue;
            AddCondition(r, spec, new FilterSpec(new Col(col.Table, col.Column), "not_null", []), m.Index, m.Index + m.Length);
        }
    }

    /// <summary>
    /// "how many students have graduated", "orders that were shipped": a past participle that names a date column
    /// which is empty until it happens means the rows where it is filled in.
    /// </summary>
    private void ReadDone(Reading r, QuerySpec spec)
    {
        foreach (Match m in DonePattern().Matches(r.Text))
        {
            if (MissingPattern().Matches(r.Text).Any(x => x.Index <= m.Index && m.Index < x.Index + x.Length)) continue;
            var col = ColumnForWord(m.Groups["w"].Value, r, preferTemporal: true);
            if (col is null || !col.IsTemporal || spec.Filters.Any(f => f.Column.Table == col.Table && f.Column.Column == col.Column)) continue;
            AddCondition(r, spec, new FilterSpec(new Col(col.Table, col.Column), "not_null", []), m.Index, m.Index + m.Length);
        }
    }

    /// <summary>"shipped late", "overdue", "delivered on time", "early": the actual date against the promised one, in one table.</summary>
    private void ReadLateness(Reading r, QuerySpec spec)
    {
        var m = LatePattern().Match(r.Text);
        if (!m.Success) return;
        var pair = DatePair(r);
        if (pair is null) return;
        var (actual, promised) = pair.Value;
        var op = m.Groups["late"].Success ? "col_gt" : m.Groups["early"].Success ? "col_lt" : "col_lte";
        AddCondition(r, spec, new FilterSpec(new Col(actual.Table, actual.Column), op, [promised.Column]), m.Index, m.Index + m.Length);
    }

    /// <summary>"current staff" (no end date), "former employees", "who left" (an end date).</summary>
    private void ReadCurrentOrFormer(Reading r, QuerySpec spec)
    {
        var m = CurrentPattern().Match(r.Text);
        if (!m.Success) return;
        var end = index.Columns.Where(c => c.IsTemporal && c.Words.Split(' ').Any(w => EndWords.Contains(w)))
            .OrderByDescending(c => preferredTables.Contains(c.Table) ? 1 : 0).FirstOrDefault();
        if (end is null) return;
        AddCondition(r, spec, new FilterSpec(new Col(end.Table, end.Column), m.Groups["current"].Success ? "is_null" : "not_null", []), m.Index, m.Index + m.Length);
    }

    /// <summary>"last month", "this quarter", "in the past 30 days", "year to date": a date range ending today.</summary>
    private void ReadRelativePeriod(Reading r, QuerySpec spec)
    {
        var m = RelativePeriod().Match(r.Text);
        if (!m.Success || TimeColumn() is not { } time) return;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (DateOnly From, DateOnly To)? range = null;
        var unit = m.Groups["unit"].Value.TrimEnd('s');
        if (m.Groups["n"].Success && int.TryParse(m.Groups["n"].Value, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 10_000)
        {
            var from = unit switch { "day" => today.AddDays(-n), "week" => today.AddDays(-7 * n), "month" => today.AddMonths(-n), "quarter" => today.AddMonths(-3 * n), _ => today.AddYears(-n) };
            range = (from.AddDays(1), today.AddDays(1));
        }
        else
        {
            var which = m.Groups["which"].Value;
            var start = unit switch
            {
                "day" => today,
                "week" => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
                "month" => new DateOnly(today.Year, today.Month, 1),
                "quarter" => new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1),
                _ => new DateOnly(today.Year, 1, 1),
            };
            DateOnly Step(DateOnly d, int k) => unit switch { "day" => d.AddDays(k), "week" => d.AddDays(7 * k), "month" => d.AddMonths(k), "quarter" => d.AddMonths(3 * k), _ => d.AddYears(k) };
            if (m.Groups["todate"].Success) range = (start, today.AddDays(1));
            else if (which is "last" or "previous" or "past") range = (Step(start, -1), start);
            else range = (start, Step(start, 1));
        }
        if (unit == "year" && !m.Groups["n"].Success && !m.Groups["todate"].Success) return; // "last year" is read as a calendar year with the years
        AddCondition(r, spec, new FilterSpec(new Col(time.Table, time.Column), "date_range",
            [range.Value.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), range.Value.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]), m.Index, m.Index + m.Length);
    }

    /// <summary>"enrolled after 2024-06-30", "orders before 2023-01-15": a date bound on the date the question names.</summary>
    private void ReadDateBounds(Reading r, QuerySpec spec)
    {
        // "between 2024-03-01 and 2024-06-30", "from … to …": both days included.
        var ranges = new List<(int Start, int End)>();
        foreach (Match m in DateSpan().Matches(r.Text))
        {
            if (!DateOnly.TryParseExact(m.Groups["a"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !DateOnly.TryParseExact(m.Groups["b"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                || to < from || TimeColumn() is not { } time) continue;
            AddCondition(r, spec, new FilterSpec(new Col(time.Table, time.Column), "date_range",
                [from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]), m.Index, m.Index + m.Length);
            ranges.Add((m.Index, m.Index + m.Length));
        }
        foreach (Match m in DateBound().Matches(r.Text))
        {
            if (ranges.Any(x => m.Index >= x.Start && m.Index < x.End)) continue;
            if (!DateOnly.TryParseExact(m.Groups["d"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || TimeColumn() is not { } time) continue;
            var op = m.Groups["op"].Value switch { "after" => "date_after", "since" or "from" or "on or after" => "date_from", "before" => "date_before", _ => "date_to" };
            AddCondition(r, spec, new FilterSpec(new Col(time.Table, time.Column), op, [date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]), m.Index, m.Index + m.Length);
        }
    }

    [GeneratedRegex(@"\b(?<op>on or after|after|since|from|before|until|up to|on or before)\s+(?<d>(?:19|20)\d{2}-\d{2}-\d{2})\b")]
    private static partial Regex DateBound();

    [GeneratedRegex(@"\b(?:between|from)\s+(?<a>(?:19|20)\d{2}-\d{2}-\d{2})\s+(?:and|to|until|through|-)\s+(?<b>(?:19|20)\d{2}-\d{2}-\d{2})\b")]
    private static partial Regex DateSpan();

    private void AddCondition(Reading r, QuerySpec spec, FilterSpec filter, int start, int end)
    {
        if (spec.Filters.Any(f => f.Column == filter.Column && f.Op == filter.Op)) return;
        spec.Filters.Add(filter);
        r.Spans.Add((start, end));
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && m.Column!.Table == filter.Column.Table && m.Column.Column == filter.Column.Column && m.Start >= start && m.End <= end))
            r.Used.Add(m);
    }

    /// <summary>A table the word names that points at a table the question is about (enrolments → students).</summary>
    private DataCharts.Core.Semantics.Relationship? RelatedTable(string word, Reading r)
    {
        var at = r.Text.IndexOf(word, StringComparison.Ordinal);
        if (r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Table && m.Role is null && m.Start <= at && at < m.End) is not { } named) return null;
        var subjects = r.Mentions.Where(m => m.Kind == MentionKind.Table && m.Table != named.Table && m.End <= at).Select(m => m.Table!).ToList();
        return index.Model.Relationships.Where(x => !x.IsSelf && x.FromTable.Equals(named.Table, StringComparison.OrdinalIgnoreCase) && (subjects.Contains(x.ToTable) || subjects.Count == 0 && preferredTables.Contains(x.ToTable)))
            .OrderByDescending(x => subjects.Contains(x.ToTable) ? 1 : 0).FirstOrDefault()
            // "students who never took a course": courses point at students only through enrolments; the link table then.
            ?? index.Model.Relationships.Where(x => !x.IsSelf && subjects.Contains(x.ToTable) && index.Model.Relationships.Any(y => y.FromTable == x.FromTable && y.ToTable == named.Table)).FirstOrDefault();
    }

    /// <summary>The column a word names: a mention there, else a column whose first word shares its stem ("shipped" → ShippedDate).</summary>
    private ColumnRef? ColumnForWord(string word, Reading r, bool preferTemporal)
    {
        var at = r.Text.IndexOf(word, StringComparison.Ordinal);
        var mention = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && m.Start <= at && at < m.End);
        if (mention is not null) return mention.Column;
        // "courses with no instructor": a table's noun is the reference to that table from the table asked about.
        if (r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Table && m.Role is null && m.Start <= at && at < m.End) is { } named
            && index.Model.Relationships.Where(x => !x.IsSelf && x.ToTable.Equals(named.Table, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(x => preferredTables.Contains(x.FromTable) ? 1 : 0).FirstOrDefault() is { } reference)
            return index.Find(reference.FromTable, reference.FromColumn);
        // "no manager", "has no parent": the column of the self-reference the role names.
        if (r.Mentions.FirstOrDefault(m => m.Role is not null && m.Start <= at && at < m.End) is { Role: { } role }) return index.Find(role.FromTable, role.FromColumn);
        var stem = SchemaIndex.Stem(word);
        if (stem.Length < 4) return null;
        return index.Columns
            .Where(c => !c.IsIdentifier || c.Words.StartsWith(word, StringComparison.Ordinal))
            .Where(c => c.Words.Split(' ').Any(w => SchemaIndex.SharedStart(SchemaIndex.Stem(w), stem) >= Math.Min(5, Math.Min(stem.Length, SchemaIndex.Stem(w).Length))))
            .OrderByDescending(c => preferTemporal && c.IsTemporal ? 2 : 0)
            .ThenByDescending(c => preferredTables.Contains(c.Table) ? 1 : 0)
            .FirstOrDefault();
    }

    /// <summary>An actual date and the date it was promised for, in the same table (shipped/required, delivered/due).</summary>
    private (ColumnRef Actual, ColumnRef Promised)? DatePair(Reading r)
    {
        var temporal = index.Columns.Where(c => c.IsTemporal).ToList();
        foreach (var promised in temporal.Where(c => c.Words.Split(' ').Any(w => PromisedWords.Contains(w))).OrderByDescending(c => preferredTables.Contains(c.Table) ? 1 : 0))
        {
            var actual = temporal.Where(c => c.Table == promised.Table && c != promised && c.Words.Split(' ').Any(w => ActualWords.Contains(w)))
                .OrderByDescending(c => r.Text.Contains(c.Words.Split(' ')[0], StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
            if (actual is not null) return (actual, promised);
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:(?<verb>(?:not|never|n't|has not|have not|hasn't|haven't|isn't|aren't|wasn't|weren't)\s+(?:yet\s+)?(?:been\s+)?)(?<w>[a-z]{4,}ed)\b(?:\s+yet)?|(?:has no|have no|with no|without(?: an?| any)?|missing(?: an?)?|no)\s+(?<w>[a-z]{3,})\b|\bun(?<w>[a-z]{4,}ed)\b)")]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@"\b(?:(?:never|not|n't|no longer)\s+(?:\w+\s+)?(?:a|an|any|one)\s+|(?:with|having|have|has|had)\s+(?:no|zero)\s+|without\s+(?:any\s+|a\s+|an\s+)?|(?<some>(?:with|having|have|has|had|made|placed|took)\s+(?:at least one|one or more|some|any)\s+))(?<w>[a-z]{3,})\b")]
    private static partial Regex RelatedRows();

    [GeneratedRegex(@"\b(?:has an?|have an?|with an?|that have an?|who have an?)\s+(?<w>manager|parent|supervisor|boss|email|phone|fax)\b")]
    private static partial Regex PresentPattern();

    [GeneratedRegex(@"\b(?:(?:shipped|delivered|arrived|completed|returned|paid|sent|finished|done)\s+)?(?:(?<late>late|overdue|delayed|behind schedule|past (?:the )?due(?: date)?|after (?:the )?(?:required|due|promised) date|later than (?:promised|required|expected|planned))|(?<ontime>on time|on schedule|in time)|(?<early>early|ahead of schedule|before (?:the )?(?:required|due) date))\b")]
    private static partial Regex LatePattern();

    [GeneratedRegex(@"\b(?:have|has|had|were|was|are|is|been|that|who)\s+(?:already\s+|been\s+)*(?<w>[a-z]{4,}ed)\b(?!\s+(?:by|to|from|in|on|at|after|before|late|early|than|with|for)\b)")]
    private static partial Regex DonePattern();

    [GeneratedRegex(@"\b(?:(?<current>current|currently employed|active|still employed|still working|still here|still studying|still enrolled|still open|still active|still with us)|(?<former>former|ex|attrition|leavers|who left|that left|have left|has left|left(?= (?:in|the|last|this|during|since|before|after|our|between) )|terminated|departed|churned|no longer))\b")]
    private static partial Regex CurrentPattern();

    [GeneratedRegex(@"\b(?:(?:in |during |over |within )?(?:the )?(?:last|past|previous)\s+(?<n>\d{1,4})\s+(?<unit>days?|weeks?|months?|quarters?|years?)|(?<which>last|previous|past|this|current)\s+(?<unit>day|week|month|quarter|year)|(?<unit>year|month|quarter)(?<todate>[\s-]+to[\s-]+date))\b")]
    private static partial Regex RelativePeriod();
}
