using System.Text.RegularExpressions;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>A column of the dataset as the planner sees it.</summary>
public sealed record ColumnRef(string Table, string Column, string Label, ColumnType Type, string? Description)
{
    public string Key => $"{Table}.{Column}";
    public bool IsNumeric => Type.IsNumeric();
    public bool IsTemporal => Type.IsTemporal();
    public bool IsText => Type is ColumnType.Text or ColumnType.Boolean;
    /// <summary>A key or a reference to one (respondent_id, ArtistId): counted or joined on, never added up or averaged.</summary>
    public bool IsIdentifier => IsReference || Words == "id" || Words.EndsWith(" id", StringComparison.Ordinal) || Words.EndsWith(" key", StringComparison.Ordinal);

    /// <summary>A reference to another row (a foreign key such as ReportsTo or ship_via), whatever its name.</summary>
    public bool IsReference { get; init; }
    /// <summary>Words of the name ("flipper_length_mm" → "flipper length mm").</summary>
    public string Words => SchemaIndex.Words(Column);
}

/// <summary>Where in the question an entity was found.</summary>
public enum MentionKind { Column, Table, Value, Measure }

/// <summary>A span of the question that names a column, a table or a value in the data.</summary>
public sealed record Mention(MentionKind Kind, int Start, int End, double Score, ColumnRef? Column, string? Table, string? Value, string Text)
{
    /// <summary>Other columns the same words name equally well (e.g. Country in several tables); the parser picks by table.</summary>
    public List<Mention> Alternatives { get; init; } = [];

    /// <summary>The semantic model's measure a <see cref="MentionKind.Measure"/> names ("revenue", "average order value").</summary>
    public DataCharts.Core.Semantics.Measure? ModelMeasure { get; init; }

    /// <summary>The self-reference role a table mention names ("manager" of employees), when it names a role.</summary>
    public DataCharts.Core.Semantics.Relationship? Role { get; init; }

    /// <summary>The self-reference whose other side a table mention names ("direct reports", "sub-departments").</summary>
    public DataCharts.Core.Semantics.Relationship? Children { get; init; }
}

/// <summary>
/// Everything nameable in a dataset, with the phrases people use for it: column names split into words, labels,
/// singular and plural forms, common synonyms; table names; and the distinct values of low-cardinality columns.
/// </summary>
public sealed partial class SchemaIndex
{
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["revenue"] = ["sales", "income", "turnover", "order value", "sales value"], ["sales"] = ["revenue"], ["amount"] = ["value"], ["total"] = ["amount", "revenue", "sales"],
        ["price"] = ["cost", "expensive", "cheap"], ["quantity"] = ["units", "qty", "volume"], ["units"] = ["quantity", "qty"],
        ["sex"] = ["gender"], ["gender"] = ["sex"], ["age"] = ["old", "young"], ["fare"] = ["ticket price", "price"],
        ["passengers"] = ["travellers", "travelers", "riders"], ["survived"] = ["survival", "survive", "survivors", "alive"],
        ["country"] = ["nation"], ["city"] = ["town"], ["date"] = ["day", "time"], ["milliseconds"] = ["duration", "length", "long"],
        ["body mass"] = ["weight", "mass", "heavy", "heavier"], ["size"] = ["party size", "people"], ["pclass"] = ["class", "passenger class", "ticket class"],
        ["embark town"] = ["port", "embarkation"], ["bill"] = ["check"], ["total bill"] = ["bill", "check", "bill amount"], ["tip"] = ["tips", "gratuity"],
        ["mpg"] = ["fuel economy", "miles per gallon", "fuel efficiency"], ["model year"] = ["year"], ["horsepower"] = ["power", "hp"],
        ["weight"] = ["heavy", "heavier", "mass"], ["carat"] = ["carats", "weight", "size"], ["clarity"] = ["purity"], ["cut"] = ["cut quality"],
        ["artist"] = ["performer", "singer", "band", "musician"], ["performer"] = ["artist", "singer", "band", "musician"], ["track"] = ["song", "tune"], ["song"] = ["track", "tune"], ["staff"] = ["employee", "employees", "staff member", "worker", "workers", "personnel", "headcount"],
        ["employee"] = ["staff", "worker", "personnel"], ["unit price"] = ["price"], ["composer"] = ["writer", "songwriter"], ["name"] = ["title"], ["title"] = ["name"],
    };

    private static readonly HashSet<string> GenericHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "total", "unit", "order", "customer", "invoice", "billing", "media", "first", "last", "model", "support", "employee", "track", "album",
        "artist", "genre", "playlist", "embark", "adult", "body", "sepal", "petal", "postal", "reports", "hire", "birth",
    };

    /// <summary>Short first words that say nothing about the column ("is_active", "num_items").</summary>
    private static readonly HashSet<string> ShortHeads = new(StringComparer.OrdinalIgnoreCase) { "is", "has", "num", "no", "the", "per", "avg", "max", "min", "sum", "pct", "qty", "cnt", "all", "new", "old", "top", "sub", "ref", "src", "dst", "raw" };

    /// <summary>Last words that name a kind of column, not one column ("date", "name", "id").</summary>
    private static readonly HashSet<string> GenericTails = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "time", "name", "title", "type", "code", "status", "number", "count", "value", "amount", "total", "level", "rate", "year", "month", "day",
        "price", "cost", "flag", "text", "description", "label", "category", "group", "class", "size", "length", "width", "height", "first", "last",
    };

    private static readonly HashSet<string> UnitSuffixes = new(StringComparer.OrdinalIgnoreCase) { "mm", "cm", "m", "km", "g", "kg", "lb", "lbs", "usd", "eur", "pct", "ms", "s", "sec" };

    private readonly List<(string Phrase, double Score, ColumnRef Column)> columnPhrases = [];
    private readonly List<(string Phrase, double Score, string Table)> tablePhrases = [];
    private readonly List<(string Phrase, ColumnRef Column, string Value, double Score)> valuePhrases = [];

    public SchemaIndex(SchemaContext schema)
    {
        Schema = schema;
        foreach (var t in schema.Dataset.Tables)
        {
            foreach (var c in t.Columns)
            {
                var col = new ColumnRef(t.Name, c.Name, c.Label, c.Type, c.Description)
                {
                    IsReference = schema.Model.Relationships.Any(r => r.FromTable == t.Name && r.FromColumn == c.Name),
                };
                Columns.Add(col);
                foreach (var (phrase, score) in ColumnPhrases(c.Name, c.Label)) columnPhrases.Add((phrase, score, col));
                foreach (var v in schema.ValuesOf(t.Name, c.Name))
                {
                    var norm = Normalize(v);
                    // A sex or gender column coded F/M: "women", "female", "men", "male" name its letters.
                    if (norm is "f" or "m" && Words(c.Name).Split(' ').Any(w => w is "gender" or "sex"))
                        foreach (var word in norm == "f" ? new[] { "female", "females", "women", "woman", "girls", "ladies", "女性", "女" } : ["male", "males", "men", "man", "boys", "gentlemen", "男性", "男"])
                            valuePhrases.Add((word, col, v, 1.15));
                    if (norm.Length == 0 || (norm.Length < 2 && !Glossary.HasCjk(norm))) continue;
                    if (double.TryParse(norm, System.Globalization.CultureInfo.InvariantCulture, out _)) continue; // numbers are read as numbers
                    foreach (var (form, score) in ValueForms(norm)) valuePhrases.Add((form, col, v, score));
                }
            }
            foreach (var phrase in Forms(Words(t.Name)).Concat(Forms(Words(t.Label))).Distinct()) tablePhrases.Add((phrase, 0.9, t.Name));
            // "employees" for a Staff table, "songs" for tracks: the everyday words for what a table holds.
            foreach (var name in new[] { Words(t.Name), Words(t.Label) }.Distinct())
                foreach (var single in Forms(name).Where(f => Synonyms.ContainsKey(f)).Take(1))
                    foreach (var syn in Synonyms[single])
                        foreach (var phrase in Forms(syn)) tablePhrases.Add((phrase, 0.85, t.Name));
        }
        // "flippers" for flipper_length_mm: the first word of a longer name, when no other column starts with it.
        foreach (var group in Columns.Where(c => c.Words.Contains(' ')).GroupBy(c => c.Words.Split(' ')[0]))
        {
            var word = group.Key;
            if (group.Count() != 1 || word.Length < 3 || ShortHeads.Contains(word) || Columns.Any(c => c.Words == word) || GenericHeads.Contains(word)) continue;
            foreach (var f in Forms(word)) columnPhrases.Add((f, 0.6, group.First()));
        }
        // "support rep" for SupportRepId: a reference named by its words without the trailing id.
        foreach (var c in Columns.Where(c => c.IsIdentifier && c.Words.Split(' ').Length >= 3))
        {
            var name = string.Join(' ', c.Words.Split(' ')[..^1]);
            if (!Columns.Any(o => o != c && (o.Words == name || o.Words.StartsWith(name + " ", StringComparison.Ordinal))))
                foreach (var f in Forms(name)) columnPhrases.Add((f, 0.8, c));
        }
        // "spend" for monthly_spend_usd, "listened" for seconds_listened: a distinctive later word of one column's name.
        var tableWords = Tables.SelectMany(t => Words(t.Name).Split(' ').Concat(Words(t.Label).Split(' '))).SelectMany(Forms).ToHashSet();
        foreach (var group in Columns.Where(c => c.Words.Contains(' ')).SelectMany(c => c.Words.Split(' ').Skip(1).Select(w => (Word: w, Column: c))).GroupBy(x => x.Word))
        {
            var word = group.Key;
            if (group.Select(x => x.Column).Distinct().Count() != 1 || word.Length < 4 || UnitSuffixes.Contains(word) || GenericTails.Contains(word) || GenericHeads.Contains(word)
                || tableWords.Contains(word) || Columns.Any(c => c.Words == word || c.Words.StartsWith(word + " ", StringComparison.Ordinal))) continue;
            foreach (var f in Forms(word)) columnPhrases.Add((f, 0.6, group.First().Column));
        }
        AddValueParts();
        AddDaySets();
        AddModelPhrases(schema.Model);
        columnPhrases.Sort((a, b) => b.Phrase.Length.CompareTo(a.Phrase.Length));
        // Stable order (List.Sort is not), so equal readings always resolve the same way.
        var ordered = valuePhrases.OrderByDescending(p => p.Phrase.Length).ToList();
        valuePhrases.Clear();
        valuePhrases.AddRange(ordered);
    }

    public SchemaContext Schema { get; }

    private const string PartMarker = "\u001fpart:";

    /// <summary>A value mention that stands for every value containing a word ("fall" of "2024-Fall").</summary>
    public static bool IsPartOfValues(string value) => value.StartsWith(PartMarker, StringComparison.Ordinal);

    public static string PartWord(string value) => value[PartMarker.Length..];

    private const string SetMarker = "\u001fset:";

    /// <summary>A value mention that stands for several values at once ("weekend" = Sat and Sun).</summary>
    public static IReadOnlyList<string>? ValueSet(string value) => value.StartsWith(SetMarker, StringComparison.Ordinal) ? value[SetMarker.Length..].Split('\u001f') : null;

    /// <summary>"weekend(s)" and "weekday(s)" for a column of day names or abbreviations.</summary>
    private void AddDaySets()
    {
        string[] weekend = ["sat", "sun", "saturday", "sunday"], weekdays = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "monday", "tuesday", "wednesday", "thursday", "friday"];
        foreach (var col in Columns.Where(c => c.Type == ColumnType.Text))
        {
            var values = ValuesOf(col);
            var ends = values.Where(v => weekend.Contains(v.ToLowerInvariant())).ToList();
            var works = values.Where(v => weekdays.Contains(v.ToLowerInvariant())).ToList();
            if (ends.Count == 0 || ends.Count + works.Count != values.Count) continue;
            foreach (var w in new[] { "weekend", "weekends", "the weekend" }) valuePhrases.Add((w, col, SetMarker + string.Join('\u001f', ends), 1.15));
            if (works.Count > 0)
                foreach (var w in new[] { "weekday", "weekdays", "working days", "workdays" }) valuePhrases.Add((w, col, SetMarker + string.Join('\u001f', works), 1.15));
        }
    }

    /// <summary>Words that recur inside several values of one column ("Fall" in "2024-Fall" and "2025-Fall") name those values together.</summary>
    private void AddValueParts()
    {
        var taken = valuePhrases.Select(p => p.Phrase).Concat(columnPhrases.Select(p => p.Phrase)).Concat(tablePhrases.Select(p => p.Phrase)).ToHashSet();
        foreach (var col in Columns.Where(c => c.Type == ColumnType.Text))
        {
            var values = ValuesOf(col);
            if (values.Count is < 3 or > 200) continue;
            var parts = values.SelectMany(v => System.Text.RegularExpressions.Regex.Matches(v.ToLowerInvariant(), @"\p{L}{3,}").Select(m => (Word: m.Value, Value: v)))
                .Where(x => !x.Value.Equals(x.Word, StringComparison.OrdinalIgnoreCase)).GroupBy(x => x.Word);
            foreach (var part in parts)
            {
                if (part.Select(x => x.Value).Distinct().Count() < 2 || part.Select(x => x.Value).Distinct().Count() == values.Count || taken.Contains(part.Key)) continue;
                foreach (var f in Forms(part.Key)) valuePhrases.Add((f, col, PartMarker + part.Key, 1.05));
            }
        }
    }

    /// <summary>The dataset's semantic model (entities, relationships, measures, dimensions).</summary>
    public DataCharts.Core.Semantics.SemanticModel Model => Schema.Model;

    private readonly List<(string Phrase, double Score, DataCharts.Core.Semantics.Measure Measure)> measurePhrases = [];
    private readonly List<(string Phrase, double Score, DataCharts.Core.Semantics.Relationship Role)> rolePhrases = [];
    private readonly List<(string Phrase, double Score, DataCharts.Core.Semantics.Relationship Role)> childPhrases = [];

    /// <summary>
    /// The words of the semantic model: entity nouns (English and Chinese), column and measure synonyms, value aliases
    /// ("German" → Germany), derived measures by name ("revenue", "average order value") and self-reference roles
    /// ("manager", "direct reports").
    /// </summary>
    private void AddModelPhrases(DataCharts.Core.Semantics.SemanticModel model)
    {
        IEnumerable<string> Usable(IEnumerable<string> words) =>
            words.Select(Normalize).Where(w => w.Length >= 2 || Glossary.HasCjk(w)).Where(w => !Glossary.IsCueTerm(w));
        foreach (var e in model.Entities)
            foreach (var noun in Usable(e.Nouns))
                foreach (var f in Forms(noun)) tablePhrases.Add((f, 0.9, e.Table));
        foreach (var d in model.Dimensions)
        {
            if (Find(d.Table, d.Column) is not { } col) continue;
            // Keys and references to other tables are named by their tables' nouns ("customers"), not as columns.
            if (d.Kind is not (DataCharts.Core.Semantics.DimensionKind.Key or DataCharts.Core.Semantics.DimensionKind.ForeignKey))
                foreach (var syn in Usable(d.Synonyms))
                    foreach (var f in Forms(syn)) columnPhrases.Add((f, 0.8, col));
            // Keyed by the alias ("German"), naming the values of the data it stands for ("Germany").
            foreach (var (alias, values) in d.ValueAliases)
                foreach (var phrase in Usable([alias]))
                    foreach (var value in values.Take(1))
                        valuePhrases.Add((phrase, col, value, 1.15));
        }
        foreach (var m in model.Measures)
        {
            if (m.Column is not null && Find(m.Table, m.Column) is { } col)
            {
                foreach (var syn in Usable(m.Synonyms))
                    foreach (var f in Forms(syn)) columnPhrases.Add((f, 0.8, col));
                continue;
            }
            if (!m.Derived && m.Ratio is null) continue; // row counts are read from "how many"
            foreach (var phrase in Usable(m.Synonyms.Append(m.Name).Append(m.Label)).Distinct())
                foreach (var f in Forms(phrase)) measurePhrases.Add((f, 0.95, m));
        }
        foreach (var r in model.Relationships.Where(r => r.IsSelf && r.Role is not null))
        {
            var words = r.Role == "manager"
                ? new[] { "manager", "managers", "boss", "bosses", "supervisor", "supervisors", "reports to", "report to", "line manager", "经理", "上级", "主管" }
                : new[] { r.Role!, r.Role + "s", "parent", "parents", "上级" };
            // The reference column's own words name the role too ("mentor" of mentor_id).
            var own = Words(r.FromColumn).Split(' ').Where(w => w is not ("id" or "key" or "to" or "no")).ToList();
            if (own.Count > 0) words = [.. words, .. Forms(string.Join(' ', own))];
            foreach (var w in words.Select(Normalize).Distinct()) rolePhrases.Add((w, 0.95, r));
            // What the role's other side is called: "direct reports" of a manager, "sub-departments" of a parent.
            var rows = r.Role == "manager" ? new[] { "direct reports", "reports", "subordinates", "team members", "下属" } : ["children", "sub " + Words(r.FromTable), "sub-" + Words(r.FromTable), "sub" + Words(r.FromTable), "child " + Words(r.FromTable)];
            foreach (var w in rows.SelectMany(x => Forms(Normalize(x))).Distinct()) childPhrases.Add((w, 0.96, r));
        }
    }

    /// <summary>True for unit words that end column names ("mm" in flipper_length_mm).</summary>
    public static bool IsUnitSuffix(string word) => UnitSuffixes.Contains(word);
    public List<ColumnRef> Columns { get; } = [];
    public IReadOnlyList<DatasetTableRecord> Tables => Schema.Dataset.Tables;

    public ColumnRef? Find(string table, string column) =>
        Columns.FirstOrDefault(c => c.Table.Equals(table, StringComparison.OrdinalIgnoreCase) && c.Column.Equals(column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Distinct values of a column, as loaded for matching.</summary>
    public IReadOnlyList<string> ValuesOf(ColumnRef c) => Schema.ValuesOf(c.Table, c.Column);

    /// <summary>Lower case, punctuation to spaces, single spaces.</summary>
    public static string Normalize(string s)
    {
        s = ThousandsSeparator().Replace(s, ""); // "$10,000" is ten thousand
        var chars = s.ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '%' or '-' or '\'' || Glossary.IsCjk(ch) ? ch : ' ').ToArray();
        return Spaces().Replace(new string(chars), " ").Trim();
    }

    /// <summary>"flipper_length_mm" → "flipper length mm"; "InvoiceDate" → "invoice date".</summary>
    public static string Words(string name)
    {
        var spaced = CamelBoundary().Replace(name, "$1 $2");
        spaced = spaced.Replace('_', ' ').Replace('-', ' ');
        return Spaces().Replace(spaced, " ").Trim().ToLowerInvariant();
    }

    private static IEnumerable<(string, double)> ColumnPhrases(string name, string label)
    {
        var words = Words(name);
        foreach (var f in Forms(words)) yield return (f, 1.0);
        var parts = words.Split(' ');
        if (parts.Length > 1 && UnitSuffixes.Contains(parts[^1]))
            foreach (var f in Forms(string.Join(' ', parts[..^1]))) yield return (f, 0.98);
        // "returned" is asked about as "return", "survived" as "survive".
        if (parts.Length == 1 && words.EndsWith("ed", StringComparison.Ordinal) && words.Length > 5)
        {
            foreach (var f in Forms(words[..^2])) yield return (f, 0.75);
            foreach (var f in Forms(words[..^1])) yield return (f, 0.75);
        }
        var labelNorm = Normalize(label);
        if (labelNorm.Length > 0 && labelNorm != words)
            foreach (var f in Forms(labelNorm)) yield return (f, 1.0);
        if (Synonyms.TryGetValue(words, out var syns))
            foreach (var s in syns)
                foreach (var f in Forms(s)) yield return (f, 0.8);
        // A trailing "id"/"name" is often left out ("by artist" for ArtistId is wrong, but "artist name" → Name is handled by tables).
        if (parts.Length == 2 && parts[1] is "name" or "title" && parts[0] is not ("first" or "last" or "middle" or "full" or "user" or "file"))
            foreach (var f in Forms(parts[0])) yield return (f, 0.7);
    }

    private static readonly Dictionary<string, string[]> ValueSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["female"] = ["women", "woman", "girls", "ladies"], ["male"] = ["men", "man", "boys", "gentlemen"],
        ["woman"] = ["female", "females"], ["man"] = ["male", "males"], ["child"] = ["kids"],
    };

    /// <summary>Irregular plurals: the same word, so they read more exactly than a synonym.</summary>
    private static readonly Dictionary<string, string[]> Irregular = new(StringComparer.OrdinalIgnoreCase)
    {
        ["woman"] = ["women"], ["man"] = ["men"], ["child"] = ["children"], ["person"] = ["people"], ["mouse"] = ["mice"],
    };

    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = "monday", ["tue"] = "tuesday", ["tues"] = "tuesday", ["wed"] = "wednesday", ["thu"] = "thursday", ["thur"] = "thursday", ["thurs"] = "thursday",
        ["fri"] = "friday", ["sat"] = "saturday", ["sun"] = "sunday", ["jan"] = "january", ["feb"] = "february", ["mar"] = "march", ["apr"] = "april",
        ["jun"] = "june", ["jul"] = "july", ["aug"] = "august", ["sep"] = "september", ["sept"] = "september", ["oct"] = "october", ["nov"] = "november", ["dec"] = "december",
    };

    /// <summary>A value as people write it: plural and singular forms for words, a few irregular ones.</summary>
    private static IEnumerable<(string Form, double Score)> ValueForms(string norm)
    {
        if (norm is "yes" or "no" or "true" or "false" or "y" or "n") yield break; // flags are matched through their column
        foreach (var f in Forms(norm)) yield return (f, 1.2);
        if (Irregular.TryGetValue(norm, out var plurals))
            foreach (var p in plurals) yield return (p, 1.18);
        if (Abbreviations.TryGetValue(norm, out var full))
            foreach (var f in Forms(full)) yield return (f, 1.15);
        if (ValueSynonyms.TryGetValue(norm, out var syns))
            foreach (var s in syns) yield return (s, 1.1);
    }

    /// <summary>The phrase with simple English plural and singular forms.</summary>
    public static IEnumerable<string> Forms(string phrase)
    {
        phrase = phrase.Trim();
        if (phrase.Length == 0) yield break;
        yield return phrase;
        if (Glossary.HasCjk(phrase)) yield break;
        if (phrase.EndsWith("ies", StringComparison.Ordinal) && phrase.Length > 4) yield return phrase[..^3] + "y";
        else if (phrase.EndsWith("ses", StringComparison.Ordinal) || phrase.EndsWith("xes", StringComparison.Ordinal) || phrase.EndsWith("ches", StringComparison.Ordinal)) yield return phrase[..^2];
        else if (phrase.EndsWith('s') && !phrase.EndsWith("ss", StringComparison.Ordinal) && phrase.Length > 3) yield return phrase[..^1];
        if (phrase.EndsWith('y') && phrase.Length > 3 && !"aeiou".Contains(phrase[^2])) yield return phrase[..^1] + "ies";
        else if (phrase.EndsWith('s') || phrase.EndsWith('x') || phrase.EndsWith("ch", StringComparison.Ordinal)) yield return phrase + "es";
        else yield return phrase + "s";
    }

    /// <summary>
    /// Finds columns, tables and values in a normalised question; longer and better matches win, spans never overlap.
    /// Values are searched on <paramref name="original"/> too (Chinese values are not translated).
    /// </summary>
    public List<Mention> FindMentions(string text)
    {
        var found = new List<Mention>();
        foreach (var (phrase, column, value, score) in valuePhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Value, s, e, score + phrase.Length / 100.0, column, column.Table, value, phrase));
        foreach (var (phrase, score, column) in columnPhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Column, s, e, score + phrase.Length / 100.0, column, column.Table, null, phrase));
        foreach (var (phrase, score, table) in tablePhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Table, s, e, score + phrase.Length / 100.0, null, table, null, phrase));
        foreach (var (phrase, score, measure) in measurePhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Measure, s, e, score + phrase.Length / 100.0, null, measure.Table, null, phrase) { ModelMeasure = measure });
        foreach (var (phrase, score, role) in rolePhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Table, s, e, score + phrase.Length / 100.0, null, role.ToTable, null, phrase) { Role = role });
        foreach (var (phrase, score, role) in childPhrases)
            foreach (var (s, e) in Occurrences(text, phrase))
                found.Add(new Mention(MentionKind.Table, s, e, score + phrase.Length / 100.0, null, role.FromTable, null, phrase) { Children = role });

        // Stemmed: "satisfied" for satisfaction, "recommending" for would_recommend — a long word sharing most of its start
        // with one column's word, where nothing else names it.
        foreach (System.Text.RegularExpressions.Match token in System.Text.RegularExpressions.Regex.Matches(text, @"[a-z]{6,}"))
        {
            if (found.Any(m => m.Start <= token.Index && token.Index + token.Length <= m.End)) continue;
            var matches = Columns.Where(c => !c.IsIdentifier && c.Words.Split(' ').Any(w => w.Length >= 6 && SharedStart(w, token.Value) is var n && n >= 6 && n * 3 >= Math.Min(w.Length, token.Length) * 2)).ToList();
            // A verb ("released") names a number column only after a measure word ("the most satisfied").
            if (matches.Count == 1 && (!matches[0].IsNumeric || System.Text.RegularExpressions.Regex.IsMatch(text[..token.Index], @"\b(most|least|average|mean|total|highest|lowest|more|less)\s+$")))
                found.Add(new Mention(MentionKind.Column, token.Index, token.Index + token.Length, 0.65, matches[0], matches[0].Table, null, token.Value));
        }
        // Longest first, then score; a value that is also a column name ("species") counts as the column.
        var chosen = new List<Mention>();
        foreach (var m in found.OrderByDescending(m => m.End - m.Start).ThenByDescending(Rank).ThenByDescending(m => m.Score))
        {
            if (chosen.Any(c => c.Start < m.End && m.Start < c.End))
            {
                // Same span, another column equally well named: remember it, one reading per span.
                var same = chosen.FirstOrDefault(c => c.Start == m.Start && c.End == m.End);
                if (same is not null && same.Kind == m.Kind && m.Kind is MentionKind.Column or MentionKind.Value && Math.Abs(same.Score - m.Score) < 0.001
                    && same.Column!.Key != m.Column!.Key && same.Alternatives.All(a => a.Column!.Key != m.Column.Key))
                    same.Alternatives.Add(m);
                continue;
            }
            chosen.Add(m);
        }
        return chosen.OrderBy(m => m.Start).ThenByDescending(m => m.Score).ToList();
    }

    /// <summary>How many letters two words share at their start ("supplies", "supplier": 6).</summary>
    public static int SharedStart(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>A word without a common English ending ("embarked" → "embark", "termination" → "termin"), for matching verbs to column names.</summary>
    public static string Stem(string w)
    {
        foreach (var suffix in new[] { "ation", "ment", "ing", "ed", "er", "al", "es", "e", "s" })
            if (w.Length > suffix.Length + 3 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = w[..^suffix.Length];
                // "shipped" → "ship", "planned" → "plan": a doubled last consonant is the ending's.
                return suffix is "ing" or "ed" or "er" && stem.Length > 3 && stem[^1] == stem[^2] && !"aeiouls".Contains(stem[^1]) ? stem[..^1] : stem;
            }
        return w;
    }

    /// <summary>
    /// Which reading of one span wins: a column named by its own words, then a value, then a table, then a column
    /// guessed from part of its name ("product" for product_name) — so "products per category" counts products.
    /// </summary>
    private static int Rank(Mention m) => m.Kind switch
    {
        MentionKind.Column when m.Score - m.Text.Length / 100.0 >= 0.75 => 3,
        MentionKind.Table when m.Role is not null => 4, // "reports to" is the role, more than the ReportsTo column
        MentionKind.Value or MentionKind.Measure => 2,
        MentionKind.Table => 1,
        _ => 0,
    };

    private static IEnumerable<(int Start, int End)> Occurrences(string text, string phrase)
    {
        if (phrase.Length == 0) yield break;
        var cjk = Glossary.HasCjk(phrase);
        var i = 0;
        while ((i = text.IndexOf(phrase, i, StringComparison.Ordinal)) >= 0)
        {
            var end = i + phrase.Length;
            var okStart = cjk || i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var okEnd = cjk || end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (okStart && okEnd) yield return (i, end);
            i = end;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}(?!\d))")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();
}
