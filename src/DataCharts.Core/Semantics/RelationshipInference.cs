using DataCharts.Core.Datasets;

namespace DataCharts.Core.Semantics;

/// <summary>
/// Declared foreign keys, plus ones inferred where none is declared: a column named after another table's key
/// (customer_id, CustomerId, customer_key, or that table's key name) whose values are almost all among that key's
/// values; and self-references (reports_to, manager_id, parent_id) within a table. Value overlap alone never makes a
/// relationship: without name evidence two id columns of 1..n would always "match".
/// </summary>
public static class RelationshipInference
{
    /// <summary>The share of a column's distinct values that must be found among the key's.</summary>
    public const double MinContainment = 0.95;

    private static readonly string[] ManagerWords = ["reports", "manager", "supervisor", "boss", "head", "lead", "leader", "mentor", "superior"];
    private static readonly string[] ParentWords = ["parent"];

    public static IReadOnlyList<Relationship> Infer(SchemaFacts facts)
    {
        var result = new List<Relationship>();
        foreach (var r in facts.Dataset.Relations)
        {
            if (facts.Table(r.FromTable) is not { } from || facts.Table(r.ToTable) is not { } to) continue;
            var toColumn = r.ToColumn.Length > 0 ? r.ToColumn : facts.Keys.GetValueOrDefault(to.Name);
            if (toColumn is null) continue;
            var self = from.Name.Equals(to.Name, StringComparison.OrdinalIgnoreCase);
            result.Add(new Relationship(from.Name, r.FromColumn, to.Name, toColumn, RelationshipSource.Declared, self ? SelfRole(r.FromColumn) ?? "parent" : null));
        }
        var declared = new HashSet<string>(result.Select(r => $"{r.FromTable}.{r.FromColumn}"), StringComparer.OrdinalIgnoreCase);

        foreach (var t in facts.Dataset.Tables)
            foreach (var c in t.Columns.Where(c => c.Type is ColumnType.Integer or ColumnType.Text))
            {
                // A key named after its own table (orders.order_id) points nowhere; a key named after another table's (a 1:1 extension) may.
                if (declared.Contains($"{t.Name}.{c.Name}") || facts.IsKey(t.Name, c.Name) && EntityInference.KeyNames(t.Name).Contains(Words.Compact(c.Name))) continue;
                if (Candidate(facts, t, c) is { } found) result.Add(found);
            }
        foreach (var r in result) facts.ForeignKeys.Add($"{r.FromTable}.{r.FromColumn}");
        return result;
    }

    /// <summary>"manager" for reports_to, manager_id, supervisor; "parent" for parent_id, parent_category_id; null when the name says neither.</summary>
    public static string? SelfRole(string column)
    {
        var words = Words.Split(column);
        if (words.Any(w => ParentWords.Contains(w))) return "parent";
        if (words.Any(w => ManagerWords.Contains(w)) && (words.Count == 1 || words[^1] is "id" or "key" or "to" or "no")) return "manager";
        return null;
    }

    private static Relationship? Candidate(SchemaFacts facts, DatasetTableRecord t, DatasetColumnRecord c)
    {
        var compact = Words.Compact(c.Name);
        // The best name match: the longest key name the column ends with ("billing_customer_id" → customers, role billing).
        (DatasetTableRecord Table, DatasetColumnRecord Key, string Name)? best = null;
        foreach (var u in facts.Dataset.Tables)
        {
            if (u.Name.Equals(t.Name, StringComparison.OrdinalIgnoreCase) || !facts.Keys.TryGetValue(u.Name, out var keyName) || KeyColumn(u, keyName) is not { } key) continue;
            foreach (var name in ReferenceNames(u.Name, key.Name))
                if (compact.EndsWith(name, StringComparison.Ordinal) && (best is null || name.Length > best.Value.Name.Length))
                    best = (u, key, name);
        }
        // A self-reference (reports_to, manager_id, parent_id) unless the name points at another table: store.manager_staff_id
        // is a staff member in the manager role, even where its values happen to be store ids too.
        if (best is null && SelfRole(c.Name) is { } role && facts.Keys.TryGetValue(t.Name, out var ownKey) && KeyColumn(t, ownKey) is { } own)
            return Contained(facts, t, c, t, own) ? new Relationship(t.Name, c.Name, t.Name, own.Name, RelationshipSource.Inferred, role) : null;
        if (best is null && ShortReference(facts, t, c) is { } loose) return loose;
        if (best is not { } b || !Contained(facts, t, c, b.Table, b.Key)) return null;
        var prefix = compact[..^b.Name.Length];
        return new Relationship(t.Name, c.Name, b.Table.Name, b.Key.Name, RelationshipSource.Inferred, RolePrefix(c.Name, prefix.Length));
    }

    private static readonly string[] AmountWords = ["qty", "quantity", "amount", "count", "number", "total", "price", "units", "size", "age", "year", "level", "score", "rank", "days", "hours"];

    /// <summary>
    /// A whole-number column named by a shortened table noun, such as ship_via for shippers: its first word begins
    /// exactly one other table's singular noun, and its values are among that table's keys (the values must say so: the
    /// name alone is too weak). Amount-like names never.
    /// </summary>
    private static Relationship? ShortReference(SchemaFacts facts, DatasetTableRecord t, DatasetColumnRecord c)
    {
        var words = Words.Split(c.Name);
        if (c.Type != ColumnType.Integer || words.Count < 2 || words[0].Length < 4 || words.Any(w => AmountWords.Contains(w))) return null;
        var matches = facts.Dataset.Tables
            .Where(u => !u.Name.Equals(t.Name, StringComparison.OrdinalIgnoreCase) && facts.Keys.ContainsKey(u.Name))
            .Where(u => Words.Compact(Words.SingularPhrase(u.Name)) is var noun && noun.StartsWith(words[0], StringComparison.Ordinal) && noun != words[0])
            .ToList();
        if (matches.Count != 1 || KeyColumn(matches[0], facts.Keys[matches[0].Name]) is not { } key || facts.Containment(t, c, matches[0], key) is not >= MinContainment) return null;
        return new Relationship(t.Name, c.Name, matches[0].Name, key.Name, RelationshipSource.Inferred);
    }

    /// <summary>Compact names that refer to table <paramref name="table"/>'s key: customer_id, customers_id, customer_key, and the key's own name unless it is plain "id".</summary>
    private static IEnumerable<string> ReferenceNames(string table, string key)
    {
        var singular = Words.Compact(Words.SingularPhrase(table));
        var names = new List<string> { singular + "id", Words.Compact(table) + "id", singular + "key", singular + "code" };
        var k = Words.Compact(key);
        if (k != "id") names.Add(k);
        return names.Where(n => n.Length > 2).Distinct();
    }

    /// <summary>The words of <paramref name="column"/> that make up its first <paramref name="length"/> compact characters ("billing" of billing_customer_id).</summary>
    private static string? RolePrefix(string column, int length)
    {
        var taken = new List<string>();
        var used = 0;
        foreach (var w in Words.Split(column))
        {
            if (used >= length) break;
            taken.Add(w);
            used += w.Length;
        }
        return taken.Count == 0 ? null : string.Join(' ', taken);
    }

    private static DatasetColumnRecord? KeyColumn(DatasetTableRecord t, string key) => t.Columns.FirstOrDefault(c => c.Name.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the values say the column's name is right, or when nothing could tell (no probe, a live probe that failed): then the name decides.</summary>
    private static bool Contained(SchemaFacts facts, DatasetTableRecord from, DatasetColumnRecord c, DatasetTableRecord to, DatasetColumnRecord key) =>
        facts.Containment(from, c, to, key) is not { } share || share >= MinContainment;
}
