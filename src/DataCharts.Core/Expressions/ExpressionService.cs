using DataCharts.Core.Datasets;
using DataCharts.Core.Query;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Expressions;

/// <summary>What checking an expression found: valid or the error with its position, and what it uses.</summary>
public sealed record ExpressionCheck(bool IsValid, ExpressionError? Error, IReadOnlyList<string> Variables, IReadOnlyList<string> Functions, string? Kind, string? Target);

/// <summary>A derived dataset made from an expression: a copy with one column added or replaced, or a one-row aggregate.</summary>
public sealed record AppliedExpression(DatasetRecord Result, DatasetRecord Source, string Kind, string Column, SqlTranslation Translation);

/// <summary>Checks expressions and applies them to datasets, making derived datasets (see <see cref="DerivedDatasets"/>).</summary>
public sealed class ExpressionService(DatasetCatalog catalog, DerivedDatasets derived)
{
    public const string ColumnKind = "column";
    public const string AggregateKind = "aggregate";

    /// <summary>
    /// Parses <paramref name="text"/>; with a <paramref name="table"/>, also resolves its columns and types, so an unknown
    /// column or text used as a number is reported like a syntax error, with its position.
    /// </summary>
    public static ExpressionCheck Check(string? text, DatasetTableRecord? table = null)
    {
        var (parsed, error) = ExpressionParser.TryParse(text);
        if (parsed is null) return new(false, error, [], [], null, null);
        if (table is not null)
        {
            try { SqlTranslator.Translate(parsed, table.Columns); }
            catch (ExpressionException ex) { return new(false, ex.Error, parsed.Variables, parsed.Functions, null, parsed.Target); }
        }
        return new(true, null, parsed.Variables, parsed.Functions, parsed.IsAggregate ? AggregateKind : ColumnKind, parsed.Target);
    }

    /// <summary>
    /// Applies <paramref name="expression"/> to a table of dataset <paramref name="dataId"/>: <c>z = x * 2 + 1</c> makes a
    /// copy with column z added (or replaced when it exists); <c>mean(x)</c> makes a one-row dataset.
    /// </summary>
    public async Task<AppliedExpression> ApplyAsync(string dataId, string? expression, string? table = null, string? name = null, CancellationToken ct = default)
    {
        var source = (await catalog.GetAsync(dataId, ct)).RequireImported("Calculated columns");
        var t = DatasetReader.Table(source, table);
        var parsed = ExpressionParser.Parse(expression);
        var translation = SqlTranslator.Translate(parsed, t.Columns);
        var from = $"{Quote(source.Id)}.{Quote(t.Name)}";
        var datasetName = string.IsNullOrWhiteSpace(name) ? Shorten($"{source.Name}: {parsed.Text.Trim()}") : name.Trim();
        var labels = t.Columns.ToDictionary(c => c.Name, c => c.Label, StringComparer.OrdinalIgnoreCase);

        if (translation.IsAggregate)
        {
            var column = parsed.Target is { } target ? Sanitize(target, "value") : DefaultAggregateName(parsed);
            if (parsed.Target is not null) labels = new() { [column] = parsed.Target };
            else labels = [];
            var result = await derived.CreateFromQueryAsync(datasetName, source.Id, "result", $"SELECT {translation.Sql} AS {Quote(column)} FROM {from}", translation.Parameters, labels, ct: ct);
            return new(result, source, AggregateKind, column, translation);
        }
        else
        {
            var existing = parsed.Target is { } target ? SqlTranslator.Resolve(t.Columns, target) ?? SqlTranslator.Resolve(t.Columns, Sanitize(target, "expr")) : null;
            string column;
            string select;
            if (existing is not null)
            {
                column = existing.Name;
                select = $"SELECT * REPLACE ({translation.Sql} AS {Quote(column)}) FROM {from}";
            }
            else
            {
                column = parsed.Target is { } named ? Sanitize(named, "expr") : Enumerable.Range(1, 1000).Select(i => $"expr_{i}").First(n => SqlTranslator.Resolve(t.Columns, n) is null);
                if (parsed.Target is not null) labels[column] = parsed.Target;
                select = $"SELECT *, {translation.Sql} AS {Quote(column)} FROM {from}";
            }
            var result = await derived.CreateFromQueryAsync(datasetName, source.Id, t.Name, select, translation.Parameters, labels, ct: ct);
            return new(result, source, ColumnKind, column, translation);
        }
    }

    /// <summary>mean(x) → mean_x, count() → count; anything else → value.</summary>
    private static string DefaultAggregateName(ParsedExpression parsed) => parsed.Root switch
    {
        CallNode { Arguments.Count: 0 } c => c.Name,
        CallNode { Arguments: [ColumnNode col] } c => Sanitize($"{c.Name}_{col.Name}", "value"),
        _ => "value",
    };

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..119] + "…";
}
