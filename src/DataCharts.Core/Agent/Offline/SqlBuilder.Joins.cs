namespace DataCharts.Core.Agent.Offline;

/// <summary>Which tables a question needs and the join path between them, along declared or inferred relationships.</summary>
public sealed partial class SqlBuilder
{
    /// <summary>Every table the SQL of <paramref name="spec"/> reads, the ones joined only to connect others included.</summary>
    public HashSet<string> JoinedTables(QuerySpec spec)
    {
        var set = ReferencedTables(spec);
        if (JoinPlan(spec.Table, set) is { } joins) set.UnionWith(joins.Select(j => j.Table));
        return set;
    }

    private HashSet<string> ReferencedTables(QuerySpec spec)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { spec.Table };
        foreach (var m in spec.Measures)
        {
            if (m.MeasureTable is not null) set.Add(m.MeasureTable);
            if (m.CountedTable is { Length: > 0 } counted && counted != "default" && index.Tables.Any(t => t.Name == counted)) set.Add(counted);
            if (m.ModelMeasure is not null && index.Model.MeasureNamed(m.ModelMeasure) is { Ratio: { } ratio })
                foreach (var part in new[] { ratio.Numerator, ratio.Denominator })
                    if (index.Model.MeasureNamed(part) is { } pm) set.Add(pm.Table);
            if (m.Column is not null) set.Add(m.Column.Table);
            if (m.Condition is not null) set.Add(m.Condition.Column.Table);
        }
        foreach (var g in spec.Groups) set.Add(g.Column.Table);
        foreach (var f in spec.Filters) set.Add(f.Column.Table);
        foreach (var c in spec.Columns) set.Add(c.Table);
        return set;
    }

    /// <summary>One join of the plan: the table joined, its condition, the table it hangs off, and which side is the many side (when known).</summary>
    private sealed record Join(string Table, string On, string Parent, string? Many);

    /// <summary>An edge between two tables: its join condition and its many side (null when only names suggest it).</summary>
    private sealed record Edge(string A, string B, string On, string? Many);

    /// <summary>Joins from the base table to every other referenced table along the shortest key path (BFS).</summary>
    private List<Join>? JoinPlan(string root, HashSet<string> needed)
    {
        var result = new List<Join>();
        var joined = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root };
        var edges = Edges();
        foreach (var target in needed.Where(t => !joined.Contains(t)).ToList())
        {
            var path = Path(edges, joined, target);
            if (path is null) return null;
            foreach (var j in path)
                if (joined.Add(j.Table)) result.Add(j);
        }
        return result;
    }

    private static List<Join>? Path(List<Edge> edges, HashSet<string> from, string target)
    {
        var prev = new Dictionary<string, Join>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(from);
        var seen = new HashSet<string>(from, StringComparer.OrdinalIgnoreCase);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            if (string.Equals(t, target, StringComparison.OrdinalIgnoreCase)) break;
            foreach (var e in edges)
            {
                var other = string.Equals(e.A, t, StringComparison.OrdinalIgnoreCase) ? e.B : string.Equals(e.B, t, StringComparison.OrdinalIgnoreCase) ? e.A : null;
                if (other is null || !seen.Add(other)) continue;
                prev[other] = new Join(other, e.On, t, e.Many);
                queue.Enqueue(other);
            }
        }
        if (!prev.ContainsKey(target)) return null;
        var path = new List<Join>();
        for (var t = target; prev.TryGetValue(t, out var j); t = j.Parent)
        {
            path.Insert(0, j);
            if (from.Contains(j.Parent)) break;
        }
        return path;
    }

    /// <summary>
    /// The semantic model's relationships (declared and inferred, each with its many side), then columns that share an
    /// id-like name across two tables where the model has none.
    /// </summary>
    private List<Edge>? edges;

    /// <summary>The edges, worked out once per builder (every join plan of a question walks them).</summary>
    private List<Edge> Edges() => edges ??= FindEdges();

    private List<Edge> FindEdges()
    {
        var list = new List<Edge>();
        var relationships = index.Model.Relationships.Count > 0 || index.Schema.Dataset.Relations.Count == 0
            ? index.Model.Relationships.Where(r => !r.IsSelf).Select(r => (r.FromTable, r.FromColumn, r.ToTable, r.ToColumn))
            : index.Schema.Dataset.Relations.Select(r => (r.FromTable, r.FromColumn, r.ToTable, r.ToColumn));
        foreach (var (fromTable, fromColumn, toTable, toColumn) in relationships)
            list.Add(new Edge(fromTable, toTable, $"{Quote(fromTable)}.{Quote(fromColumn)} = {Quote(toTable)}.{Quote(toColumn)}", fromTable));
        var tables = index.Tables;
        foreach (var a in tables)
        foreach (var b in tables)
        {
            if (string.CompareOrdinal(a.Name, b.Name) >= 0) continue;
            foreach (var ca in a.Columns.Where(x => x.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) && x.Name.Length > 2))
            {
                var cb = b.Columns.FirstOrDefault(x => x.Name.Equals(ca.Name, StringComparison.OrdinalIgnoreCase));
                if (cb is null) continue;
                var on = $"{Quote(a.Name)}.{Quote(ca.Name)} = {Quote(b.Name)}.{Quote(cb.Name)}";
                // The table whose key the column is, is the one side.
                var many = string.Equals(index.Model.EntityOf(a.Name)?.Key, ca.Name, StringComparison.OrdinalIgnoreCase) ? b.Name
                    : string.Equals(index.Model.EntityOf(b.Name)?.Key, cb.Name, StringComparison.OrdinalIgnoreCase) ? a.Name : null;
                if (!list.Any(e => (e.A == a.Name && e.B == b.Name) || (e.A == b.Name && e.B == a.Name))) list.Add(new Edge(a.Name, b.Name, on, many));
            }
        }
        return list;
    }
}
