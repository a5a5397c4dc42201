using DataCharts.Core.Datasets;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Expressions;

/// <summary>An expression as DuckDB SQL: identifiers quoted, every literal a named parameter ($e0, $e1, …).</summary>
public sealed record SqlTranslation(string Sql, IReadOnlyDictionary<string, object?> Parameters, ExprType Type, bool IsAggregate, IReadOnlyList<string> Columns);

/// <summary>
/// Turns a parsed expression into SQL over one table's columns. Nothing of the expression text reaches the SQL except
/// through <see cref="Identifiers.Quote"/> (resolved column names) or a parameter (literals): a literal that looks
/// like SQL stays a value. Division and modulo by zero give NULL.
/// </summary>
public sealed class SqlTranslator
{
    private readonly ParsedExpression expression;
    private readonly IReadOnlyList<DatasetColumnRecord> columns;
    private readonly Dictionary<string, object?> parameters = [];
    private readonly List<string> used = [];

    private SqlTranslator(ParsedExpression expression, IReadOnlyList<DatasetColumnRecord> columns)
    {
        this.expression = expression;
        this.columns = columns;
    }

    public static SqlTranslation Translate(ParsedExpression expression, IReadOnlyList<DatasetColumnRecord> columns)
    {
        var t = new SqlTranslator(expression, columns);
        var root = t.Visit(expression.Root);
        return new SqlTranslation(root.Sql, t.parameters, root.Type, expression.IsAggregate, t.used.Distinct().ToList());
    }

    /// <summary>The column a name refers to: its SQL name first, then its label (the name the file had), case-insensitively.</summary>
    public static DatasetColumnRecord? Resolve(IReadOnlyList<DatasetColumnRecord> columns, string name) =>
        columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? columns.FirstOrDefault(c => string.Equals(c.Label, name, StringComparison.OrdinalIgnoreCase));

    private ExpressionException Fail(ExprNode at, string message) => Tokenizer.Fail(expression.Text, at.Position, message);

    private string Bind(object value)
    {
        var name = $"e{parameters.Count}";
        parameters[name] = value;
        return "$" + name;
    }

    private TypedSql Visit(ExprNode node) => node switch
    {
        LiteralNode { Value: null } => new("NULL", ExprType.Null, node),
        LiteralNode { Value: bool b } => new(b ? "TRUE" : "FALSE", ExprType.Boolean, node),
        LiteralNode { Value: string s } => new(Bind(s), ExprType.Text, node),
        LiteralNode l => new(Bind(l.Value!), ExprType.Number, node),
        ColumnNode c => Column(c),
        UnaryNode u => Unary(u),
        BinaryNode b => Binary(b),
        CallNode c => Call(c),
        _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}"),
    };

    private TypedSql Column(ColumnNode c)
    {
        var column = Resolve(columns, c.Name)
            ?? throw Fail(c, $"Unknown column '{c.Name}' at position {c.Position}. Columns: {string.Join(", ", columns.Select(x => x.Name))}.");
        used.Add(column.Name);
        var type = column.Type switch
        {
            ColumnType.Integer or ColumnType.Decimal => ExprType.Number,
            ColumnType.Boolean => ExprType.Boolean,
            ColumnType.Date => ExprType.Date,
            ColumnType.Timestamp => ExprType.Timestamp,
            _ => ExprType.Text,
        };
        return new(Quote(column.Name), type, c);
    }

    private static string Describe(TypedSql v) => v.Node switch
    {
        ColumnNode c => $"'{c.Name}' is {Name(v.Type)}",
        LiteralNode l => $"{(l.Value is string s ? $"'{s}'" : Convert.ToString(l.Value, System.Globalization.CultureInfo.InvariantCulture))} is {Name(v.Type)}",
        _ => $"the value at position {v.Node.Position} is {Name(v.Type)}",
    };

    private static string Name(ExprType t) => t switch
    {
        ExprType.Text => "text",
        ExprType.Boolean => "true/false",
        ExprType.Date => "a date",
        ExprType.Timestamp => "a timestamp",
        ExprType.Number => "a number",
        _ => "empty",
    };

    private static bool IsNumeric(TypedSql v) => v.Type is ExprType.Number or ExprType.Any or ExprType.Null;
    private static bool IsLogical(TypedSql v) => v.Type is ExprType.Boolean or ExprType.Any or ExprType.Null;
    private static bool IsTemporal(TypedSql v) => v.Type is ExprType.Date or ExprType.Timestamp;

    private TypedSql Unary(UnaryNode u)
    {
        var operand = Visit(u.Operand);
        if (u.Operator == "not")
        {
            if (!IsLogical(operand)) throw Fail(u.Operand, $"'not' needs a true/false value, but {Describe(operand)} (at position {u.Operand.Position}).");
            return new($"(NOT {operand.Sql})", ExprType.Boolean, u);
        }
        if (!IsNumeric(operand)) throw Fail(u.Operand, $"'{u.Operator}' needs a number, but {Describe(operand)} (at position {u.Operand.Position}).");
        return new(u.Operator == "-" ? $"(- {operand.Sql})" : operand.Sql, ExprType.Number, u);
    }

    private TypedSql Binary(BinaryNode b)
    {
        var l = Visit(b.Left);
        var r = Visit(b.Right);
        switch (b.Operator)
        {
            case "and" or "or":
                foreach (var v in new[] { l, r })
                    if (!IsLogical(v)) throw Fail(v.Node, $"'{b.Operator}' needs true/false values, but {Describe(v)} (at position {v.Node.Position}).");
                return new($"({l.Sql} {b.Operator.ToUpperInvariant()} {r.Sql})", ExprType.Boolean, b);
            case "==" or "!=" when l.Type == ExprType.Null || r.Type == ExprType.Null:
                // "x == null" asks whether x is empty; SQL's "x = NULL" would never be true.
                var other = l.Type == ExprType.Null ? r : l;
                return new($"({other.Sql} IS {(b.Operator == "==" ? "" : "NOT ")}NULL)", ExprType.Boolean, b);
            case "==" or "!=" or "<" or "<=" or ">" or ">=":
                var op = b.Operator switch { "==" => "=", "!=" => "<>", _ => b.Operator };
                return new($"({l.Sql} {op} {r.Sql})", ExprType.Boolean, b);
            case "+" or "-" when IsTemporal(l) || IsTemporal(r):
                // Date arithmetic: date ± whole days, date - date in days.
                if (IsTemporal(l) && IsTemporal(r) && b.Operator == "-") return new($"date_diff('day', {r.Sql}, {l.Sql})", ExprType.Number, b);
                var (date, days) = IsTemporal(l) ? (l, r) : (r, l);
                if (!IsNumeric(days) || (b.Operator == "-" && date == r))
                    throw Fail(b, $"'{b.Operator}' at position {b.Position} can add or subtract days to a date, or subtract two dates; {Describe(days)}.");
                return new($"({date.Sql} {b.Operator} CAST({days.Sql} AS INTEGER))", date.Type, b);
            default:
                foreach (var v in new[] { l, r })
                    if (!IsNumeric(v))
                        throw Fail(v.Node, $"'{b.Operator}' needs numbers, but {Describe(v)} (at position {v.Node.Position}).{(b.Operator == "+" && v.Type == ExprType.Text ? " Use concat(a, b) to join text." : "")}");
                var sql = b.Operator switch
                {
                    "/" => $"({l.Sql} / NULLIF({r.Sql}, 0))",
                    "%" => $"({l.Sql} % NULLIF({r.Sql}, 0))",
                    "^" => $"power({l.Sql}, {r.Sql})",
                    _ => $"({l.Sql} {b.Operator} {r.Sql})",
                };
                return new(sql, ExprType.Number, b);
        }
    }

    private TypedSql Call(CallNode c)
    {
        var f = FunctionLibrary.Find(c.Name)!;
        var args = c.Arguments.Select(Visit).ToList();
        var sql = new List<string>(args.Count);
        foreach (var a in args)
        {
            switch (f.Rule)
            {
                case ArgumentRule.Numbers when !IsNumeric(a):
                    throw Fail(a.Node, $"'{f.Name}' needs a number, but {Describe(a)} (at position {a.Node.Position}).");
                case ArgumentRule.Text:
                    sql.Add(a.Type is ExprType.Text or ExprType.Null or ExprType.Any ? a.Sql : $"CAST({a.Sql} AS VARCHAR)");
                    continue;
                case ArgumentRule.Dates when a.Type is ExprType.Number or ExprType.Boolean:
                    throw Fail(a.Node, $"'{f.Name}' needs a date, but {Describe(a)} (at position {a.Node.Position}).");
                case ArgumentRule.Dates:
                    sql.Add(IsTemporal(a) || a.Type is ExprType.Null ? a.Sql : $"TRY_CAST({a.Sql} AS TIMESTAMP)");
                    continue;
            }
            sql.Add(a.Sql);
        }
        if (f.Name == "if" && !IsLogical(args[0]))
            throw Fail(args[0].Node, $"The condition of 'if' must be true/false, but {Describe(args[0])} (at position {args[0].Node.Position}).");
        return new(f.Sql(sql), f.Returns(args), c);
    }
}
