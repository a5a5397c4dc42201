using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>Finds each table's key, the column that names its rows and the nouns people use for it.</summary>
public static class EntityInference
{
    private static readonly string[] FirstNames = ["firstname", "givenname", "forename", "fname"];
    private static readonly string[] LastNames = ["lastname", "familyname", "surname", "lname"];

    /// <summary>Fills <see cref="SchemaFacts.Keys"/>: a column a declared relationship points at, else a unique, non-null column named like a key.</summary>
    public static void FindKeys(SchemaFacts facts)
    {
        foreach (var r in facts.Dataset.Relations)
            if (r.ToColumn.Length > 0 && facts.Table(r.ToTable) is { } to && to.Columns.Any(c => c.Name.Equals(r.ToColumn, StringComparison.OrdinalIgnoreCase)))
                facts.Keys.TryAdd(to.Name, to.Columns.First(c => c.Name.Equals(r.ToColumn, StringComparison.OrdinalIgnoreCase)).Name);
        foreach (var t in facts.Dataset.Tables)
        {
            if (facts.Keys.ContainsKey(t.Name)) continue;
            // In a link table (EmployeeTerritories) a column named after another table's key (TerritoryID) is a reference, not this table's key.
            var others = facts.Dataset.Tables.Where(u => u != t).SelectMany(u => new[] { Words.Compact(Words.SingularPhrase(u.Name)) + "id", Words.Compact(u.Name) + "id" }).ToHashSet();
            foreach (var name in KeyNames(t.Name).Where(n => !others.Contains(n) || n == Words.Compact(Words.SingularPhrase(t.Name)) + "id"))
            {
                var c = t.Columns.FirstOrDefault(x => Words.Compact(x.Name) == name && x.Type is ColumnType.Integer or ColumnType.Text);
                if (c is null || !facts.Unique(t, c.Name)) continue;
                facts.Keys[t.Name] = c.Name;
                break;
            }
            // A first column named like an id of something ("respondent_id" in a survey) that is unique is the key too.
            if (!facts.Keys.ContainsKey(t.Name) && t.Columns.OrderBy(c => c.Ordinal).FirstOrDefault() is { } first &&
                first.Type is ColumnType.Integer or ColumnType.Text && Words.Split(first.Name) is [.., "id" or "key"] && !others.Contains(Words.Compact(first.Name)) &&
                facts.CanProbe && facts.Unique(t, first.Name))
                facts.Keys[t.Name] = first.Name;
        }
    }

    /// <summary>Compact names a key of <paramref name="table"/> may have, best first: id, order_id, orders_id, OrderKey, order_code.</summary>
    public static IEnumerable<string> KeyNames(string table)
    {
        var singular = Words.Compact(Words.SingularPhrase(table));
        var last = Words.Singular(Words.Split(table).LastOrDefault() ?? table);
        return new[] { "id", singular + "id", Words.Compact(table) + "id", last + "id", singular + "key", Words.Compact(table) + "key", singular + "code", singular + "no" }.Distinct();
    }

    public static Entity Infer(SchemaFacts facts, DatasetTableRecord t)
    {
        var key = facts.Keys.GetValueOrDefault(t.Name);
        var (display, second) = Display(facts, t, key);
        return new Entity(t.Name, key, display, Nouns(t.Name)) { DisplaySecond = second };
    }

    /// <summary>English singular and plural of the table's name, then Chinese nouns from the lexicon: "order_details" → order detail, order details, 订单明细.</summary>
    public static IReadOnlyList<string> Nouns(string table)
    {
        if (table.Any(Words.IsCjk)) return [table];
        var singular = Words.SingularPhrase(table);
        return new[] { singular, Words.PluralPhrase(table) }.Concat(Lexicon.ChineseNounsOf(singular)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static (string? Display, string? Second) Display(SchemaFacts facts, DatasetTableRecord t, string? key)
    {
        var texts = t.Columns.Where(c => c.Type == ColumnType.Text && !c.Name.Equals(key, StringComparison.OrdinalIgnoreCase) && !facts.IsForeignKey(t.Name, c.Name)).ToList();
        DatasetColumnRecord? Named(params string[] names) => names.Select(n => texts.FirstOrDefault(c => Words.Compact(c.Name) == n)).FirstOrDefault(c => c is not null);
        var singular = Words.Compact(Words.SingularPhrase(t.Name));
        var last = Words.Singular(Words.Split(t.Name).LastOrDefault() ?? "");

        if (Named("name", "fullname", "displayname", singular + "name", last + "name", "companyname", "productname") is { } strong) return (strong.Name, null);
        if (Named(FirstNames) is { } first && Named(LastNames) is { } family) return (first.Name, family.Name);
        bool Unique(DatasetColumnRecord c) => facts.UniqueIsh(t, c.Name);
        if (Named("title", "label", singular + "title") is { } title && Unique(title)) return (title.Name, null);
        var named = texts.FirstOrDefault(c =>
        {
            var compact = Words.Compact(c.Name);
            return compact.EndsWith("name", StringComparison.Ordinal) && !FirstNames.Contains(compact) && !LastNames.Contains(compact) && Unique(c);
        });
        if (named is not null) return (named.Name, null);
        if (Named("description", "desc") is { } description && Unique(description)) return (description.Name, null);
        if (!facts.CanProbe) return (null, null);
        // Contact details are unique but do not name a row.
        string[] contact = ["email", "mail", "phone", "fax", "url", "website", "address", "postal", "zip", "code", "password", "hash"];
        return (texts.FirstOrDefault(c => facts.Rows(t) > 0 && Unique(c) && !Words.Split(c.Name).Any(w => contact.Contains(w)))?.Name, null);
    }
}
