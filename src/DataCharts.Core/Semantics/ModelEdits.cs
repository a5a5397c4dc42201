using System.Text.Json;
using System.Text.Json.Serialization;
using DataCharts.Core.Datasets;
using DataCharts.Core.Expressions;

namespace DataCharts.Core.Semantics;

/// <summary>
/// A user's edits to a semantic model as one readable JSON file (snake_case, indented): entity display columns and
/// nouns, column labels, synonyms, units and value aliases, measures as expressions in the app's syntax, and
/// relationships added or removed. The export of a whole model has the same shape, so export → import round-trips.
/// </summary>
public sealed partial record ModelEdits
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public List<EntityEdit> Entities { get; init; } = [];
    public List<ColumnEdit> Columns { get; init; } = [];
    public List<MeasureEdit> Measures { get; init; } = [];
    public List<RelationshipEdit> Relationships { get; init; } = [];

    public static readonly ModelEdits None = new();

    public bool IsEmpty => Entities.Count + Columns.Count + Measures.Count + Relationships.Count == 0;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads an edit file; a malformed file throws <see cref="ModelEditsException"/> naming where it broke.</summary>
    public static ModelEdits Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelEdits>(json, Json) ?? throw new ModelEditsException([new EditError("file", "The file is empty (null).")]);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : "file";
            var at = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            throw new ModelEditsException([new EditError(where.Length == 0 ? "file" : where, $"Not a valid model file{at}: {FirstSentence(ex.Message)}")]);
        }
    }

    /// <summary>
    /// Errors that make the file unusable, each naming its entry ("measures[2] 'aov'"): missing names, "table.column"
    /// references without a dot, and expressions that do not parse or (with <paramref name="dataset"/>) name unknown
    /// columns, with their position. Entries naming tables or columns the data does not have are no error: they are kept
    /// and reported as not applied (<see cref="SemanticModel.NotApplied"/>), so edits survive a re-import that lacks them.
    /// </summary>
    public IReadOnlyList<EditError> Validate(DatasetRecord? dataset = null)
    {
        var errors = new List<EditError>();
        if (Version is < 1 or > CurrentVersion) errors.Add(new("version", $"Version {Version} is not supported (this app reads version {CurrentVersion})."));
        for (var i = 0; i < Entities.Count; i++)
            if (string.IsNullOrWhiteSpace(Entities[i].Table)) errors.Add(new($"entities[{i}]", "'table' is required."));
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            if (string.IsNullOrWhiteSpace(c.Table) || string.IsNullOrWhiteSpace(c.Column)) errors.Add(new($"columns[{i}]", "'table' and 'column' are required."));
            else if (c.Label is { } label && string.IsNullOrWhiteSpace(label)) errors.Add(new($"columns[{i}] '{c.Table}.{c.Column}'", "'label' cannot be blank."));
        }
        for (var i = 0; i < Measures.Count; i++)
        {
            var m = Measures[i];
            var entry = $"measures[{i}]" + (string.IsNullOrWhiteSpace(m.Name) ? "" : $" '{m.Name}'");
            if (string.IsNullOrWhiteSpace(m.Name) || string.IsNullOrWhiteSpace(m.Table)) { errors.Add(new(entry, "'name' and 'table' are required.")); continue; }
            if (m.Removed) continue;
            if (m.Ratio is { } r)
            {
                if (string.IsNullOrWhiteSpace(r.Numerator) || string.IsNullOrWhiteSpace(r.Denominator)) errors.Add(new(entry, "'ratio' needs a numerator and a denominator measure."));
                continue;
            }
            if (m.Agg == MeasureAgg.Count && (string.IsNullOrWhiteSpace(m.Expression) || m.Expression.Trim() == "*")) continue;
            if (string.IsNullOrWhiteSpace(m.Expression)) { errors.Add(new(entry, "'expression' is required (for example \"unit_price * quantity\").")); continue; }
            var table = dataset?.Tables.FirstOrDefault(t => t.Name.Equals(m.Table, StringComparison.OrdinalIgnoreCase));
            try
            {
                if (table is not null) MeasureExpressions.Compile(m.Expression, table);
                else ExpressionParser.Parse(m.Expression);
            }
            catch (ExpressionException ex)
            {
                errors.Add(new(entry, $"{ex.Error.Message} (expression '{m.Expression}', line {ex.Error.Line}, column {ex.Error.Column})", ex.Error.Position));
            }
        }
        for (var i = 0; i < Relationships.Count; i++)
        {
            var r = Relationships[i];
            if (Split(r.From) is null || Split(r.To) is null)
                errors.Add(new($"relationships[{i}]", $"'from' and 'to' are \"table.column\" (got '{r.From}' → '{r.To}')."));
        }
        return errors;
    }

    /// <summary>"orders.customer_id" → (orders, customer_id); null without a dot.</summary>
    public static (string Table, string Column)? Split(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        var dot = reference.LastIndexOf('.');
        return dot <= 0 || dot == reference.Length - 1 ? null : (reference[..dot].Trim(), reference[(dot + 1)..].Trim());
    }

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.') + ".";
}

/// <summary>An entity's display column(s), extra nouns and description.</summary>
public sealed record EntityEdit
{
    public string Table { get; init; } = "";
    public string? Display { get; init; }
    public string? DisplaySecond { get; init; }
    public List<string> Nouns { get; init; } = [];
    public string? Description { get; init; }
}

/// <summary>A column's label, extra synonyms, unit and value aliases (alias → values in the data).</summary>
public sealed record ColumnEdit
{
    public string Table { get; init; } = "";
    public string Column { get; init; } = "";
    public string? Label { get; init; }
    public List<string> Synonyms { get; init; } = [];
    public Unit? Unit { get; init; }
    public Dictionary<string, List<string>> ValueAliases { get; init; } = [];
}

/// <summary>A measure: an expression in the app's syntax at the grain of <see cref="Table"/>, how it adds up, its unit; or a ratio of two measures; or <see cref="Removed"/>.</summary>
public sealed record MeasureEdit
{
    public string Name { get; init; } = "";
    public string? Label { get; init; }
    public string Table { get; init; } = "";
    public string? Expression { get; init; }
    public MeasureAgg Agg { get; init; } = MeasureAgg.Sum;
    public Unit Unit { get; init; } = Unit.None;
    public List<string> Synonyms { get; init; } = [];
    public RatioEdit? Ratio { get; init; }
    public bool Removed { get; init; }
}

/// <summary>The two measures a ratio divides.</summary>
public sealed record RatioEdit(string Numerator, string Denominator);

/// <summary>A many-to-one relationship "table.column" → "table.column", with an optional role; <see cref="Removed"/> drops an inferred one.</summary>
public sealed record RelationshipEdit
{
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string? Role { get; init; }
    public bool Removed { get; init; }
}

/// <summary>One problem in an edit file: the entry it is in, what is wrong and, for expressions, where.</summary>
public sealed record EditError(string Entry, string Message, int? Position = null)
{
    public override string ToString() => $"{Entry}: {Message}";
}

/// <summary>An edit file that cannot be used, with every error found.</summary>
public sealed class ModelEditsException(IReadOnlyList<EditError> errors)
    : UserFacingException(string.Join(" ", errors.Select(e => e.ToString())), 400, "The model file could not be used")
{
    public IReadOnlyList<EditError> Errors { get; } = errors;
}
