using System.Text;
using DataCharts.Core.Query;

namespace DataCharts.Core.Agent.Offline;

/// <summary>The queries that are not one aggregate: rows, a histogram, a scatter and a box plot.</summary>
public sealed partial class SqlBuilder
{
    private string Rows(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var shown = spec.Table == "" ? "*" : $"{Quote(spec.Table)}.*";
        if (spec.LookupVia is not null && index.Model.Relationships.FirstOrDefault(r => r.IsSelf && r.FromTable == spec.Table && r.FromColumn == spec.LookupVia) is { } rel
            && index.Model.EntityOf(spec.Table) is { Display: { } display } e)
        {
            // The rows named, each with the name of the row it points at ("Sofia Rossi", "manager": "Omar Haddad").
            var role = Quote(RoleAlias(rel));
            string Name(string alias) => e.DisplaySecond is { } second ? syntax.Concat($"{alias}.{Quote(display)}", "' '", $"{alias}.{Quote(second)}") : $"{alias}.{Quote(display)}";
            shown = $"{Name(Quote(spec.Table))} AS {Quote(SchemaIndex.Words(spec.Table).Replace(' ', '_'))}, {Name(role)} AS {role}";
        }
        var sb = new StringBuilder("SELECT ").Append(shown).Append("\nFROM ").Append(from).Append(Where(where));
        if (spec.OrderByMeasure && spec.Columns.Count > 0) sb.Append("\nORDER BY ").Append(syntax.Order(c(spec.Columns[0]), spec.Descending, true));
        sb.Append("\nLIMIT ").Append(spec.Limit ?? 100);
        return sb.ToString();
    }

    private string Histogram(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var name = spec.Columns[0].Column;
        var filters = where.Append($"{x} IS NOT NULL").ToList();
        var bin = syntax.Cast("floor((v.x - s.lo) / ((s.hi - s.lo) / 20))", SqlType.Integer);
        return $"""
            WITH v AS (SELECT {syntax.Cast(x, SqlType.Double)} AS x FROM {from}{Where(filters)}),
                 s AS (SELECT min(x) AS lo, max(x) AS hi, count(*) AS n FROM v),
                 b AS (SELECT CASE WHEN s.hi = s.lo THEN 0 ELSE least({bin}, 19) END AS bin FROM v, s)
            SELECT {syntax.Round("s.lo + (s.hi - s.lo) / 20 * bin", 4)} AS {Quote(name + "_from")}, {syntax.Round("s.lo + (s.hi - s.lo) / 20 * (bin + 1)", 4)} AS {Quote(name + "_to")}, count(*) AS {Quote("count")}
            FROM b, s
            GROUP BY bin, s.lo, s.hi
            ORDER BY bin
            """;
    }

    private string Scatter(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var y = c(spec.Columns[1]);
        var series = spec.Groups.Count > 0 ? ", " + c(spec.Groups[0].Column) + " AS " + Quote(spec.Groups[0].Column.Column) : "";
        var filters = where.Append($"{x} IS NOT NULL").Append($"{y} IS NOT NULL").ToList();
        return $"SELECT {x} AS {Quote(spec.Columns[0].Column)}, {y} AS {Quote(spec.Columns[1].Column)}{series}, {syntax.Round(syntax.CorrelationOverAll(x, y), 3)} AS {Quote("correlation")}\nFROM {from}{Where(filters)}\nLIMIT 5000";
    }

    private string Box(QuerySpec spec, Func<Col, string> c, string from, List<string> where)
    {
        var x = c(spec.Columns[0]);
        var g = c(spec.Groups[0].Column);
        var gName = spec.Groups[0].Column.Column;
        var filters = where.Append($"{x} IS NOT NULL").ToList();
        return $"SELECT {g} AS {Quote(gName)}, min({x}) AS {Quote("min")}, {syntax.Round(syntax.Quantile(x, 0.25)!, 2)} AS {Quote("q1")}, {syntax.Round(syntax.Median(x)!, 2)} AS {Quote("median")}, " +
               $"{syntax.Round(syntax.Quantile(x, 0.75)!, 2)} AS {Quote("q3")}, max({x}) AS {Quote("max")}, count(*) AS {Quote("count")}\nFROM {from}{Where(filters)}\nGROUP BY {g}\nORDER BY {Quote("median")} DESC";
    }
}
