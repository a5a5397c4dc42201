using System.Globalization;
using System.Text.RegularExpressions;

namespace DataCharts.Core.Agent.Offline;

/// <summary>What the coverage check found: the words the plan does not use, and whether one of them is central.</summary>
public sealed record CoverageResult(IReadOnlyList<string> Unused, string? Central)
{
    /// <summary>The central words name something in the data (a column, table or value) that the plan could not place.</summary>
    public bool CentralIsKnown { get; init; }

    public bool Complete => Unused.Count == 0;
}

/// <summary>
/// The check stage: every content word of the question must be used by the plan or be a known filler. Words the plan
/// leaves over are reported (the answer is then unsure); a left-over word where the measure or the grouping should
/// be is central, and the question is refused instead of answered with the wrong shape.
/// </summary>
internal static partial class Coverage
{
    public static CoverageResult Check(Reading r, QuerySpec spec, SchemaIndex index)
    {
        var text = r.Text;
        var covered = new bool[text.Length];
        var named = new bool[text.Length]; // inside a column or value the plan does not use: never a filler
        void Mark(int start, int end)
        {
            for (var i = Math.Max(0, start); i < Math.Min(end, text.Length); i++) covered[i] = true;
        }

        var columns = ReferencedColumns(spec);
        // Every table the SQL reads, those joined only to connect others included.
        var tables = new SqlBuilder(index).JoinedTables(spec);
        var filterValues = spec.Filters.Concat(spec.Measures.Select(m => m.Condition).OfType<FilterSpec>()).SelectMany(f => f.Values).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // First words of the columns used, for verbs made from them ("embarked" for embark_town, "survive" for survived).
        var stems = columns.Select(c => index.Find(c[..c.IndexOf('.', StringComparison.Ordinal)], c[(c.IndexOf('.', StringComparison.Ordinal) + 1)..]))
            .OfType<ColumnRef>().SelectMany(c => new[] { SchemaIndex.Stem(c.Words.Split(' ')[0]), SchemaIndex.Stem(c.Words.Split(' ')[^1]) }).Where(w => w.Length >= 3).ToHashSet();
        // Nouns of the tables the plan reads ("orders" in "orders shipped late", where the noun only qualified a column).
        var tableWords = index.Tables.Where(t => tables.Contains(t.Name))
            .SelectMany(t => SchemaIndex.Forms(SchemaIndex.Words(t.Name)).Concat(SchemaIndex.Forms(SchemaIndex.Words(t.Label))).Concat(index.Model.EntityOf(t.Name)?.Nouns ?? []))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A one-table dataset's name words ("survey" of survey_responses) say which data, nothing more.
        if (index.Tables.Count == 1) stems.UnionWith(SchemaIndex.Words(index.Tables[0].Name).Split(' ').Concat(SchemaIndex.Words(index.Tables[0].Label).Split(' ')).Select(SchemaIndex.Stem));
        foreach (var m in r.Mentions)
        {
            var used = m.Kind switch
            {
                MentionKind.Column => columns.Contains(m.Column!.Key) || NamesTable(index, m.Text, tables) || m.Column!.IsIdentifier && tables.Contains(m.Column.Table),
                MentionKind.Table when m.Role is not null => spec.Groups.Any(g => g.Via == m.Role.FromColumn) || spec.Filters.Any(f => f.Via == m.Role.FromColumn) || spec.LookupVia == m.Role.FromColumn,
                MentionKind.Table when m.Children is not null => spec.Filters.Any(f => f.Via == m.Children.FromColumn) || tables.Contains(m.Table!),
                MentionKind.Table => tables.Contains(m.Table!) || index.Tables.Count == 1,
                MentionKind.Measure => spec.Measures.Any(x => x.ModelMeasure == m.ModelMeasure!.Name),
                MentionKind.Value => ValueUsed(spec, m),
                _ => false,
            };
            if (used) Mark(m.Start, m.End);
            else if (m.Kind != MentionKind.Table)
                for (var i = m.Start; i < m.End; i++) named[i] = true;
        }
        foreach (var c in r.Cues.Where(c => CueUsed(c, spec, index)))
            Mark(c.Start, c.End);
        MarkPatterns(text, spec, index, Mark);
        // "spent", "sales", "spends the most": money words are used when the plan adds up money.
        if (spec.Measures.Any(m => IsMoney(index, m)))
            foreach (Match m in QuestionParser.MoneyWords().Matches(text)) Mark(m.Index, m.Index + m.Length);
        foreach (var (start, end) in r.Spans) Mark(start, end);

        // Tokens: covered when most of their characters are, or when they are filler words.
        var tokens = Tokens(text);
        var unusedSpans = new List<List<(int Start, int End, string Word)>>();
        List<(int, int, string)>? run = null;
        foreach (var (start, end, word) in tokens)
        {
            var coveredChars = Enumerable.Range(start, end - start).Count(i => covered[i]);
            var isNamed = Enumerable.Range(start, end - start).Any(i => named[i] && !covered[i]);
            var isUsed = coveredChars * 2 >= end - start || filterValues.Contains(word) || tableWords.Contains(word) || tableWords.Contains(r.Originals.GetValueOrDefault(word, word)) || tableWords.Any(t => SharesStem(word, t))
                         || stems.Contains(SchemaIndex.Stem(word)) // "embarked" when embark_town is used
                         || !isNamed && (IsFiller(word, index.Tables.Count == 1) || LightVerbs.Contains(word));
            if (isUsed)
            {
                run = null;
                continue;
            }
            if (run is null)
            {
                run = [];
                unusedSpans.Add(run);
            }
            run.Add((start, end, word));
        }
        // Placeholders of Chinese names read before translation are reported as the words the person wrote.
        string Said(string w) => r.Originals.TryGetValue(w, out var original) ? original : w;
        var unused = unusedSpans.Select(s => string.Join(' ', s.Select(w => Said(w.Item3)))).Distinct().ToList();
        string? central = null;
        var known = false;
        foreach (var span in unusedSpans)
        {
            // The word the left-over words hang on: a measure or grouping word right before them makes them central.
            var prev = tokens.LastOrDefault(t => t.End <= span[0].Item1 && (CentralCue().IsMatch(t.Word) || !IsFiller(t.Word, false))).Word;
            if (prev is not null && CentralCue().IsMatch(prev))
            {
                central = string.Join(' ', span.Select(w => Said(w.Item3)));
                known = r.Mentions.Any(m => m.Start < span[^1].Item2 && span[0].Item1 < m.End);
                break;
            }
        }
        return new CoverageResult(unused, central) { CentralIsKnown = known };
    }

    /// <summary>Words that are also the name of a table the plan reads ("tips" in the tips data, whose column is tip).</summary>
    private static bool NamesTable(SchemaIndex index, string text, HashSet<string> tables) =>
        index.Tables.Any(t => tables.Contains(t.Name) && (SchemaIndex.Words(t.Name) == text || SchemaIndex.Words(t.Label) == text));

    /// <summary>"supplies" for suppliers: a word that shares most of its letters' start with a table noun the plan reads.</summary>
    private static bool SharesStem(string word, string noun)
    {
        var n = SchemaIndex.SharedStart(word, noun);
        return n >= 5 && n * 4 >= Math.Min(word.Length, noun.Length) * 3;
    }

    private static bool IsMoney(SchemaIndex index, MeasureSpec m)
    {
        if (m.ModelMeasure is { } name) return index.Model.MeasureNamed(name)?.Unit == DataCharts.Core.Semantics.Unit.Currency;
        return m.Column is { } c && index.Model.Measures.Any(x => x.Column is not null && x.Table == c.Table && x.Column == c.Column && x.Unit == DataCharts.Core.Semantics.Unit.Currency);
    }

    private static HashSet<string> ReferencedColumns(QuerySpec spec)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(Col? c)
        {
            if (c is not null) set.Add($"{c.Table}.{c.Column}");
        }
        foreach (var m in spec.Measures)
        {
            Add(m.Column);
            Add(m.Condition?.Column);
        }
        foreach (var g in spec.Groups)
        {
            Add(g.Column);
            Add(g.MonthColumn);
            Add(g.Surname);
        }
        foreach (var f in spec.Filters) Add(f.Column);
        // Shown columns count only where the SQL uses them: axes of charts, the sort of a row list.
        var shown = spec.Kind switch
        {
            QueryKind.Scatter => spec.Columns.Take(2),
            QueryKind.Histogram or QueryKind.Box => spec.Columns.Take(1),
            QueryKind.Rows when spec.OrderByMeasure => spec.Columns.Take(1),
            _ => [],
        };
        foreach (var c in shown) Add(c);
        return set;
    }

    private static bool ValueUsed(QuerySpec spec, Mention m)
    {
        var conditions = spec.Filters.Concat(spec.Measures.Select(x => x.Condition).OfType<FilterSpec>());
        var value = SchemaIndex.IsPartOfValues(m.Value!) ? SchemaIndex.PartWord(m.Value!) : SchemaIndex.ValueSet(m.Value!)?[0] ?? m.Value;
        return conditions.Any(f => f.Column.Table == m.Column!.Table && f.Column.Column == m.Column.Column && f.Values.Any(v => v.Equals(value, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool CueUsed(Cue c, QuerySpec spec, SchemaIndex index) => c.Kind switch
    {
        "agg" => spec.Measures.Count > 0 || spec.Kind != QueryKind.Aggregate || spec.OrderByMeasure || spec.Limit is not null,
        "rate" => spec.Measures.Any(m => m.Agg is Agg.Rate or Agg.Share),
        "time" => spec.Groups.Any(g => g.Grain is not null || IsTimeColumn(index, g.Column)),
        "grain" => spec.Groups.Any(g => g.Grain is not null || IsTimeColumn(index, g.Column)) || spec.Filters.Any(f => f.Op.StartsWith("year", StringComparison.Ordinal) || f.Op == "month" || IsTimeColumn(index, f.Column)),
        "distribution" => spec.Kind is QueryKind.Histogram or QueryKind.Box || spec.Groups.Count > 0,
        "relationship" => spec.Kind is QueryKind.Scatter or QueryKind.Box || spec.Groups.Count > 0,
        "negation" => spec.Filters.Concat(spec.Measures.Select(m => m.Condition).OfType<FilterSpec>()).Any(f => f.Op is "ne" or "is_false" || f.Op == "eq_num" && f.Values is ["0"] || f.Op == "eq" && f.Values.Any(v => v.ToLowerInvariant() is "no" or "n" or "false"))
                      || spec.Groups.Any(g => index.Find(g.Column.Table, g.Column.Column) is { } col && index.ValuesOf(col).Count == 2),
        "chart" => spec.RequestedChart is not null || c.Value is "table",
        _ => true, // grouping, "which", "list", "only", "distinct": the shape words of any question
    };

    private static bool IsTimeColumn(SchemaIndex index, Col c)
    {
        var col = index.Find(c.Table, c.Column);
        return col is not null && (col.IsTemporal || col.Words is "year" or "month" || col.Words.EndsWith(" year", StringComparison.Ordinal));
    }

    /// <summary>Comparisons, ranges, years, months and top-N phrases count as used when the plan holds what they say.</summary>
    private static void MarkPatterns(string text, QuerySpec spec, SchemaIndex index, Action<int, int> mark)
    {
        var filterValues = spec.Filters.Concat(spec.Measures.Select(m => m.Condition).OfType<FilterSpec>()).SelectMany(f => f.Values).Select(Number).OfType<decimal>().ToHashSet();
        foreach (Match m in QuestionParser.Comparison().Matches(text))
            if (Number(m.Groups["num"].Value) is { } n && (filterValues.Contains(n) || m.Groups["k"].Success && filterValues.Contains(n * 1000)))
            {
                // The verb before ("weighs more than") and the unit after ("5000 g") are part of the comparison.
                var start = m.Index;
                var verb = ComparisonVerb().Match(text[..start]);
                if (verb.Success) start = verb.Index;
                var end = m.Index + m.Length;
                var unit = UnitAfter().Match(text[end..]);
                if (unit.Success && spec.Filters.Any(f => index.Find(f.Column.Table, f.Column.Column) is { } col && col.Words.EndsWith(" " + unit.Groups[1].Value, StringComparison.Ordinal)))
                    end += unit.Length;
                mark(start, end);
            }
        foreach (Match m in QuestionParser.Between().Matches(text))
            if (Number(m.Groups["a"].Value) is { } a && filterValues.Contains(a))
                mark(m.Index, m.Index + m.Length);
        foreach (Match m in QuestionParser.SuffixComparison().Matches(text))
            if (Number(m.Groups["num"].Value) is { } n && filterValues.Contains(n))
                mark(m.Index, m.Index + m.Length);
        foreach (Match m in QuestionParser.Year().Matches(text))
            if (Number(m.Value) is { } y && filterValues.Contains(y))
                mark(m.Index, m.Index + m.Length);
        foreach (Match m in QuestionParser.TopN().Matches(text))
        {
            var n = m.Groups["n"].Success ? m.Groups["n"].Value : m.Groups["n2"].Value;
            if (spec.Limit?.ToString(CultureInfo.InvariantCulture) == n) mark(m.Index, m.Index + m.Length);
        }
        if (spec.Filters.Any(f => f.Op.StartsWith("year", StringComparison.Ordinal)))
        {
            foreach (Match m in RelativeYear().Matches(text)) mark(m.Index, m.Index + m.Length);
            foreach (Match m in YearPreposition().Matches(text)) mark(m.Index, m.Index + m.Length);
        }
        if (spec.Filters.Any(f => f.Op == "month" || f.Values.Any(v => MonthNames().IsMatch(v))))
            foreach (Match m in MonthNames().Matches(text)) mark(m.Index, m.Index + m.Length);
    }

    /// <summary>Verbs that say how a measure came about without adding a condition ("tips given", "amount spent").</summary>
    private static readonly HashSet<string> LightVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "given", "give", "gave", "paid", "pay", "pays", "spent", "sold", "sell", "sells", "bought", "buy", "buys", "issued", "placed",
        "made", "earned", "earn", "received", "receive", "purchased", "recorded", "registered", "support", "supports", "supported",
        "served", "serve", "serves", "flew", "fly", "flown", "travelled", "traveled", "generated", "generate", "brought", "bring",
        "produced", "produce", "achieved", "scored", "got", "get", "gets", "taken", "took", "happened", "occurred", "came", "come",
        "went", "handled", "handle", "handles", "comes", "coming", "weigh", "weighs", "weighed", "weighing", "released", "release",
        "lasted", "lasting", "lasts", "signed", "joined", "written", "wrote", "taught", "teach", "teaches", "teaching", "offer", "offers",
        "offered", "hired", "hire", "assigned", "collected", "raised", "charged", "billed", "enrolled", "included", "include", "includes",
        "contain", "contains", "contained", "attended", "listed", "members", "member", "cost", "costs", "scores", "score", "levels",
        "level", "amounts", "amount", "figures", "people", "persons", "individuals", "work", "works", "company", "firm", "organisation",
        "organization", "business",
    };

    private static decimal? Number(string s) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static List<(int Start, int End, string Word)> Tokens(string text)
    {
        var list = new List<(int, int, string)>();
        foreach (Match m in Token().Matches(text)) list.Add((m.Index, m.Index + m.Length, m.Value));
        return list;
    }

    /// <summary>Words that carry no condition of their own: question words, auxiliaries, articles, prepositions, polite requests.</summary>
    private static readonly HashSet<string> Fillers = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "whats", "what's", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be",
        "been", "being", "do", "does", "did", "has", "have", "had", "having", "can", "could", "would", "should", "will", "shall", "may",
        "might", "must", "the", "a", "an", "this", "that", "these", "those", "all", "any", "some", "of", "in", "on", "at", "for", "from",
        "to", "with", "within", "into", "across", "among", "and", "or", "as", "than", "then", "there", "here", "it", "its", "it's",
        "they", "them", "their", "theirs", "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "his", "her", "one", "ones",
        "please", "kindly", "tell", "show", "give", "get", "find", "list", "display", "see", "know", "want", "like", "need", "let",
        "lets", "let's", "compute", "calculate", "return", "plot", "draw", "chart", "graph", "visualize", "visualise", "make", "create",
        "compare", "comparing", "comparison", "each", "every", "per", "by", "much", "many", "number", "numbers", "value", "values",
        "figure", "figures", "overall", "altogether", "also", "just", "only", "so", "far", "ever", "currently", "now", "rows", "row",
        "records", "record", "entries", "entry", "data", "dataset", "table", "results", "result", "breakdown", "break", "down", "split",
        "grouped", "group", "groups", "sorted", "sort", "order", "ordered", "ranked", "rank", "ranking", "highest", "lowest", "first",
        "descending", "ascending", "about", "up", "out", "look", "looks", "?", "'s", "s", "vs", "versus", "respectively", "both", "either",
        "other", "others", "over", "time", "kind", "kinds", "type", "types", "between", "amongst", "during", "throughout", "broken",
        "summary", "summarize", "summarise", "distribution", "counts", "count", "exist", "exists", "existing", "available", "distinct",
        "different", "unique", "separately", "individually", "category", "categories", "instead", "too", "again", "same", "well", "really",
        "actually", "exactly", "roughly", "approximately", "around",
    };

    /// <summary>Nouns that only mean "rows" when a dataset has one table ("how many people", "passengers" of a titanic table).</summary>
    private static readonly HashSet<string> RowNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "people", "persons", "person", "individuals", "individual", "observations", "observation", "cases", "case", "instances", "samples",
        "sample", "items", "item", "things", "entries", "members", "subjects", "participants", "respondents", "ones", "passengers",
        "passenger", "customers", "customer", "clients", "client", "users", "user", "patients", "patient", "students", "student", "employees",
        "employee", "staff", "diners", "diner", "guests", "guest", "visitors", "visitor", "travellers", "travelers", "riders", "cars",
        "car", "vehicles", "vehicle", "products", "product", "tables", "parties", "party", "orders", "order", "transactions", "transaction",
        "bookings", "booking", "tickets", "ticket", "reservations", "trips", "trip", "rides", "ride", "players", "player", "animals",
        "animal", "birds", "bird", "flowers", "flower", "plants", "plant", "stones", "gems", "models", "entities", "responses", "response",
        "visits", "visit",
    };

    /// <summary>Chinese particles and request words the glossary leaves as they are.</summary>
    private static readonly string[] ChineseFillers =
    [
        "请", "给我", "帮我", "看看", "看一下", "一下", "我们", "我", "你", "了", "吧", "啊", "呀", "都", "所有", "全部", "其中", "这些", "那些", "这个", "那个",
        "有", "中", "里", "上", "一", "共", "是否", "对应", "分别", "统计", "计算", "查询", "查看", "展示", "列表", "情况", "数据", "记录", "表", "多", "少", "各自", "每", "并",
    ];

    private static bool IsFiller(string word, bool singleTable)
    {
        var w = word.Trim('\'', '.', '-');
        if (w.Length == 0 || Fillers.Contains(w) || singleTable && RowNouns.Contains(w)) return true;
        if (w.EndsWith("'s", StringComparison.Ordinal) && Fillers.Contains(w[..^2])) return true;
        if (Glossary.HasCjk(w))
        {
            var rest = w;
            foreach (var f in ChineseFillers.OrderByDescending(f => f.Length)) rest = rest.Replace(f, "", StringComparison.Ordinal);
            return rest.Length == 0;
        }
        return false;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'.\-]*|%")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(average|mean|avg|total|sum|median|maximum|max|minimum|min|by|per|each|every)$")]
    private static partial Regex CentralCue();

    [GeneratedRegex(@"\b(weigh|weighs|weighed|weighing|cost|costs|costing|priced|aged|lasting|lasts|last|measuring|measures)\s+$")]
    private static partial Regex ComparisonVerb();

    [GeneratedRegex(@"^\s+([a-z]{1,4})\b")]
    private static partial Regex UnitAfter();

    [GeneratedRegex(@"\b(before|until|till|prior to|since|after|from|through|to)\s+(?=(19|20)\d{2}\b)")]
    private static partial Regex YearPreposition();

    [GeneratedRegex(@"\b(last|previous|this|current)\s+year\b")]
    private static partial Regex RelativeYear();

    [GeneratedRegex(@"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthNames();
}
