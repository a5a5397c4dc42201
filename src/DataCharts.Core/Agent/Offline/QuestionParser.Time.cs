using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Years, months and relative years filter the time column; grains and trends group by it; which date column the question means.</summary>
public sealed partial class QuestionParser
{
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
                // A year column of another table than the one asked about ("release_year" of records, for plays) gives way to the date.
                if (yearCol is not null && time is not null && preferredTables.Contains(time.Table) && !preferredTables.Contains(yearCol.Table)) yearCol = null;
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
        // "the busiest month", "which year had the most orders": a grain after a superlative or "which" is the grouping too.
        var grainWords = grainCue == "weekday" ? "(?:days? of (?:the )?week|weekday)" : grainCue;
        var grouped = r.Has("time") || grainCue is not null && (Regex.IsMatch(r.Text, $@"\b(which|what|busiest|peak|best|worst|quietest|slowest|most|least|highest|lowest)\s+(the\s+)?{grainWords}s?\b") || Regex.IsMatch(r.Text, $@"\b(by|per|each|every|for each|over|across|in each{(r.Has("group") ? "|and" : "")})\s+(the\s+)?{grainWords}s?\b") || Regex.IsMatch(r.Text, @"\b(yearly|annual|annually|quarterly|monthly|weekly|daily)\b") || r.Has("time"));
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
        var first = SchemaIndex.Stem(c.Words.Split(' ')[0]);
        var words = Regex.Matches(r.Text, @"[a-z]{3,}").Select(m => m.Value).ToList();
        if (first.Length >= 4 && words.Any(w => SchemaIndex.SharedStart(SchemaIndex.Stem(w), first) >= Math.Min(5, Math.Min(first.Length, SchemaIndex.Stem(w).Length)) && SchemaIndex.Stem(w).Length >= 3)) return true;
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
}
