using DataCharts.Core.Charts;

namespace DataCharts.Core.Reports;

/// <summary>
/// A report (or a notebook seen as one): front matter plus blocks in file order. Line numbers are 1-based lines of the
/// source file, so every error can point at the line where the block stands.
/// </summary>
public sealed record ReportDocument(string Title, string? Data, int DataLine, IReadOnlyList<ReportBlock> Blocks)
{
    public IEnumerable<InputBlock> Inputs => Blocks.OfType<InputBlock>();
    public IEnumerable<SqlBlock> Queries => Blocks.OfType<SqlBlock>();

    public SqlBlock? Query(string name) => Queries.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));
    public InputBlock? Input(string name) => Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One part of a report; <see cref="Index"/> is its position, used for element ids and re-rendering.</summary>
public abstract record ReportBlock(int Index, int Line)
{
    /// <summary>The fenced block's body and the name on its fence as written, so a report can be opened as a notebook.</summary>
    public string? Body { get; init; }
    public string? FenceName { get; init; }
}

/// <summary>Ordinary Markdown between live blocks (rendered without raw HTML).</summary>
public sealed record MarkdownBlock(int Index, int Line, string Text) : ReportBlock(Index, Line);

/// <summary>A widget whose value binds to <c>$name</c> in SQL.</summary>
public sealed record InputBlock(int Index, int Line, string Name, InputSpec Spec) : ReportBlock(Index, Line);

/// <summary>A guarded query; <see cref="SqlLine"/> is the file line of the SQL's first line.</summary>
public sealed record SqlBlock(int Index, int Line, string? Name, string Sql, int SqlLine, bool Hidden) : ReportBlock(Index, Line)
{
    /// <summary>The <c>$name</c> parameters the SQL refers to.</summary>
    public IReadOnlyList<string> Parameters { get; } = SqlParameters.Find(Sql);
}

/// <summary>A server-rendered chart of a named query's rows.</summary>
public sealed record ChartBlock(int Index, int Line, string Data, ChartSpec Spec, IReadOnlyDictionary<string, int> KeyLines) : ReportBlock(Index, Line);

/// <summary>A block that could not be read; it renders as an inline error where it stands.</summary>
public sealed record ErrorBlock(int Index, int Line, string Kind, string Message) : ReportBlock(Index, Line);

/// <summary>The widget kinds an input block can be.</summary>
public enum InputKind { Select, Multiselect, Slider, DateRange, Text }

/// <summary>What an input block declares: its widget, label, options or bounds, and default.</summary>
public sealed record InputSpec(
    InputKind Type,
    string? Label = null,
    IReadOnlyList<string>? Options = null,
    double? Min = null,
    double? Max = null,
    double? Step = null,
    IReadOnlyList<string>? Default = null)
{
    /// <summary>Earliest and latest dates a date range offers (yyyy-MM-dd), when given.</summary>
    public string? DateMin { get; init; }
    public string? DateMax { get; init; }
}
