using System.Text.Json;
using DataCharts.Core.Query;
using DataCharts.Core.Semantics;
using DuckDB.NET.Data;

namespace DataCharts.Core.Agent;

/// <summary>
/// A sum, average, median or row count that a join multiplies: <see cref="Column"/> (or "*" for rows) of
/// <see cref="Table"/> aggregated with <see cref="Function"/> in a query that also reads <see cref="ManyTable"/>, whose
/// rows point at <see cref="Table"/>'s, so each of its rows is repeated. <see cref="Message"/> says it in plain words.
/// </summary>
public sealed record GrainProblem(string Table, string Column, string Function, string ManyTable, string Message);

/// <summary>
/// The fan-out check both agents run on their SQL: an aggregate that adds up (SUM, AVG, MEDIAN, COUNT(*), COUNT(col)) over
/// rows of a table A, in a query that joins A to a table on the many side of one of A's relationships (order_lines.order_id
/// → orders.order_id), counts A's rows once per matching row of the other table. MIN, MAX and COUNT(DISTINCT) are safe;
/// so are subqueries and CTEs (a pre-aggregation per order is one row per order), which are judged on their own. The SQL
/// is read with DuckDB's own parser (json_serialize_sql), as <see cref="SqlGuard"/> does, never with patterns.
/// </summary>
public static class GrainCheck
{
    private static readonly HashSet<string> Additive = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "avg", "mean", "median", "count", "count_star", "sum_no_overflow", "fsum", "kahan_sum", "quantile", "quantile_cont", "quantile_disc",
    };

    /// <summary>The first fan-out in <paramref name="sql"/>, or null when every aggregate is at its grain (or the SQL does not parse: the guard says why).</summary>
    /// <param name="parser">Any engine connection (only the parser runs), e.g. <c>DuckDbEngine.Open()</c>.</param>
    /// <param name="sql">The query to judge.</param>
    /// <param name="schema">The dataset's tables (to place unqualified columns) and its semantic model (relationships, nouns).</param>
    /// <param name="chinese">Say the problem in Chinese.</param>
    public static GrainProblem? Check(DuckDBConnection parser, string sql, SchemaContext schema, bool chinese = false)
    {
        if (schema.Model.Relationships.Count == 0 || string.IsNullOrWhiteSpace(sql)) return null;
        string json;
        try { json = SqlGuard.SyntaxTree(parser, sql); }
        catch (DuckDBException) { return null; }
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2048 });
            if (doc.RootElement.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.True) return null;
            var walker = new Walker(schema);
            walker.Nodes(doc.RootElement, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            return walker.Found is { } f ? f with { Message = Say(f, schema.Model, chinese) } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"freight is recorded once per order; joining order_lines repeats each order once per order line, so the sum counts it several times."</summary>
    public static string Say(GrainProblem p, SemanticModel model, bool chinese)
    {
        var one = Noun(model, p.Table, chinese);
        var many = Noun(model, p.ManyTable, chinese);
        var what = p.Column == "*" ? null : p.Column.Replace('_', ' ');
        var fn = p.Function.ToLowerInvariant();
        if (chinese)
        {
            var effect = fn switch
            {
                "avg" or "mean" => "所以平均值按每个" + one + "的" + many + "数加权了",
                var m when m.StartsWith("median", StringComparison.Ordinal) || m.StartsWith("quantile", StringComparison.Ordinal) => "所以中位数按每个" + one + "的" + many + "数加权了",
                "count" or "count_star" => "所以每个" + one + "被数了多次",
                _ => "所以求和把它算了多次",
            };
            return what is null
                ? $"连接 {p.ManyTable} 会让每个{one}按{many}重复出现，{effect}。"
                : $"{what} 每个{one}只记录一次；连接 {p.ManyTable} 会让每个{one}按{many}重复出现，{effect}。";
        }
        var tail = fn switch
        {
            "avg" or "mean" => $"so the average weighs each {one} by its number of {Plural(model, p.ManyTable)}",
            var m when m.StartsWith("median", StringComparison.Ordinal) || m.StartsWith("quantile", StringComparison.Ordinal) => $"so the median weighs each {one} by its number of {Plural(model, p.ManyTable)}",
            "count" or "count_star" => $"so the count counts each {one} several times",
            _ => "so the sum counts it several times",
        };
        return what is null
            ? $"joining {p.ManyTable} repeats each {one} once per {many}, {tail}."
            : $"{what} is recorded once per {one}; joining {p.ManyTable} repeats each {one} once per {many}, {tail}.";
    }

    private static string Noun(SemanticModel model, string table, bool chinese)
    {
        var nouns = model.EntityOf(table)?.Nouns ?? [];
        var noun = chinese ? nouns.FirstOrDefault(n => n.Any(c => c >= '\u4e00' && c <= '\u9fff')) : nouns.FirstOrDefault();
        return noun ?? table.Replace('_', ' ');
    }

    private static string Plural(SemanticModel model, string table) =>
        model.EntityOf(table)?.Nouns.Skip(1).FirstOrDefault(n => n.All(c => c < 128)) ?? table.Replace('_', ' ');

    /// <summary>One walk over a statement: each SELECT is judged on its own FROM, wherever it stands.</summary>
    private sealed class Walker(SchemaContext schema)
    {
        public GrainProblem? Found { get; private set; }

        /// <summary>Finds every SELECT node under <paramref name="e"/>; <paramref name="ctes"/> are names that are not base tables there.</summary>
        public void Nodes(JsonElement e, HashSet<string> ctes)
        {
            if (Found is not null) return;
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Nodes(x, ctes);
                return;
            }
            if (e.ValueKind != JsonValueKind.Object) return;
            var scope = ctes;
            if (e.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries) && entries.ValueKind == JsonValueKind.Array && entries.GetArrayLength() > 0)
            {
                scope = new HashSet<string>(ctes, StringComparer.OrdinalIgnoreCase);
                foreach (var entry in entries.EnumerateArray()) scope.Add(Str(entry, "key"));
            }
            if (Str(e, "type") == "SELECT_NODE") Judge(e, scope);
            foreach (var p in e.EnumerateObject())
                if (!p.NameEquals("cte_map")) Nodes(p.Value, scope);
            if (!ReferenceEquals(scope, ctes) && Found is null) Nodes(map, ctes);
        }

        private void Judge(JsonElement node, HashSet<string> ctes)
        {
            // alias → base table (null for subqueries, CTEs and table functions: their grain is judged where they are built)
            var from = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var first = (string?)null;
            if (node.TryGetProperty("from_table", out var f)) FromItems(f, from, ctes, ref first);
            var tables = from.Values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (tables.Count < 2) return;
            foreach (var name in new[] { "select_list", "having", "qualify" })
                if (node.TryGetProperty(name, out var list)) Aggregates(list, from, tables, first);
            if (node.TryGetProperty("modifiers", out var modifiers)) Aggregates(modifiers, from, tables, first);
        }

        private void FromItems(JsonElement t, Dictionary<string, string?> from, HashSet<string> ctes, ref string? first)
        {
            if (t.ValueKind != JsonValueKind.Object) return;
            switch (Str(t, "type"))
            {
                case "JOIN":
                    if (t.TryGetProperty("left", out var l)) FromItems(l, from, ctes, ref first);
                    if (t.TryGetProperty("right", out var r)) FromItems(r, from, ctes, ref first);
                    break;
                case "BASE_TABLE":
                    var table = Str(t, "table_name");
                    var known = !ctes.Contains(table) ? schema.Dataset.Tables.FirstOrDefault(x => x.Name.Equals(table, StringComparison.OrdinalIgnoreCase))?.Name : null;
                    var alias = Str(t, "alias");
                    from[alias.Length > 0 ? alias : table] = known;
                    first ??= known ?? "";
                    break;
                default:
                    var a = Str(t, "alias");
                    if (a.Length > 0) from[a] = null;
                    first ??= "";
                    break;
            }
        }

        /// <summary>Aggregates in these expressions (not inside subqueries, which are nodes of their own).</summary>
        private void Aggregates(JsonElement e, Dictionary<string, string?> from, List<string> tables, string? first)
        {
            if (Found is not null) return;
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Aggregates(x, from, tables, first);
                return;
            }
            if (e.ValueKind != JsonValueKind.Object) return;
            var cls = Str(e, "class");
            if (cls == "SUBQUERY" || Str(e, "type") is "SELECT_NODE" or "SET_OPERATION_NODE") return;
            if (cls == "FUNCTION" && Additive.Contains(Str(e, "function_name")) && !(e.TryGetProperty("distinct", out var d) && d.ValueKind == JsonValueKind.True))
            {
                Aggregate(e, from, tables, first);
                return;
            }
            foreach (var p in e.EnumerateObject()) Aggregates(p.Value, from, tables, first);
        }

        private void Aggregate(JsonElement fn, Dictionary<string, string?> from, List<string> tables, string? first)
        {
            var name = Str(fn, "function_name");
            var refs = new List<(string Table, string Column)>();
            var unknown = false;
            var argc = 0;
            if (fn.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                argc = children.GetArrayLength();
                Columns(children, from, tables, refs, ref unknown);
            }
            if (unknown) return;
            string column;
            List<string> grain;
            if (refs.Count == 0)
            {
                // Rows: COUNT(*) counts the rows of the join; read as a count of the table the FROM starts with
                // ("FROM orders JOIN order_lines" counts orders, "FROM order_lines JOIN orders" counts lines).
                if (!name.Equals("count_star", StringComparison.OrdinalIgnoreCase) && !(name.Equals("count", StringComparison.OrdinalIgnoreCase) && argc == 0)) return;
                if (string.IsNullOrEmpty(first)) return;
                (grain, column) = ([first], "*");
            }
            else
            {
                grain = refs.Select(r => r.Table).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                column = refs[0].Column;
            }
            // A table the join repeats every grain table's rows by: reachable from each of them towards the many side.
            var many = tables.FirstOrDefault(t => !grain.Contains(t, StringComparer.OrdinalIgnoreCase) && grain.All(g => Repeats(g, t, tables)));
            if (many is null) return;
            var table = grain.Count == 1 ? grain[0] : refs[0].Table;
            Found = new GrainProblem(table, column, name.Equals("count_star", StringComparison.OrdinalIgnoreCase) ? "count" : name, many, "");
        }

        /// <summary>True when <paramref name="to"/> is on the many side of <paramref name="from"/>, directly or through other tables of the query.</summary>
        private bool Repeats(string from, string to, List<string> present)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { from };
            var queue = new Queue<string>([from]);
            while (queue.Count > 0)
            {
                var cur = queue.Dequeue();
                foreach (var next in present)
                {
                    if (seen.Contains(next) || !schema.Model.FansOut(cur, next)) continue;
                    if (next.Equals(to, StringComparison.OrdinalIgnoreCase)) return true;
                    seen.Add(next);
                    queue.Enqueue(next);
                }
            }
            return false;
        }

        private void Columns(JsonElement e, Dictionary<string, string?> from, List<string> tables, List<(string, string)> refs, ref bool unknown)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Columns(x, from, tables, refs, ref unknown);
                return;
            }
            if (e.ValueKind != JsonValueKind.Object) return;
            if (Str(e, "class") == "SUBQUERY")
            {
                unknown = true;
                return;
            }
            if (Str(e, "class") == "COLUMN_REF" && e.TryGetProperty("column_names", out var names))
            {
                var parts = names.EnumerateArray().Select(x => x.GetString() ?? "").ToList();
                var table = parts.Count >= 2 ? (from.TryGetValue(parts[^2], out var t) ? t : null) : Owner(parts[^1], from);
                if (table is null) unknown = true;
                else refs.Add((table, parts[^1]));
                return;
            }
            foreach (var p in e.EnumerateObject()) Columns(p.Value, from, tables, refs, ref unknown);
        }

        /// <summary>The one table of this FROM that has the column; null when none or several do (or a subquery might).</summary>
        private string? Owner(string column, Dictionary<string, string?> from)
        {
            if (from.Values.Any(v => v is null)) return null;
            var owners = from.Values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(t => schema.Dataset.Tables.First(x => x.Name.Equals(t, StringComparison.OrdinalIgnoreCase)).Columns.Any(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            return owners.Count == 1 ? owners[0] : null;
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
