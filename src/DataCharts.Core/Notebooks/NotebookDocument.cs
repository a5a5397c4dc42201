using System.Security.Cryptography;
using System.Text;
using DataCharts.Core.Reports;

namespace DataCharts.Core.Notebooks;

/// <summary>
/// A notebook seen as a report: its cells become report blocks (so notebooks and report files share one evaluator and
/// one set of partials), and a notebook can be written as a report file and read back from one.
/// </summary>
public static class NotebookDocument
{
    /// <summary>The report blocks of the cells, and which blocks each cell owns (a question cell owns its SQL and chart).</summary>
    public static (ReportDocument Doc, IReadOnlyDictionary<string, IReadOnlyList<int>> CellBlocks) ToReport(string title, string dataId, IReadOnlyList<NotebookCell> cells)
    {
        var blocks = new List<ReportBlock>();
        var owned = new Dictionary<string, IReadOnlyList<int>>();
        foreach (var cell in cells)
        {
            var mine = new List<int>();
            foreach (var block in BlocksOf(cell))
            {
                mine.Add(blocks.Count);
                blocks.Add(block with { Index = blocks.Count });
            }
            owned[cell.Id] = mine;
        }
        return (new ReportDocument(title, dataId, 0, blocks), owned);
    }

    private static IEnumerable<ReportBlock> BlocksOf(NotebookCell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Markdown:
                if (cell.Source.Trim().Length > 0) yield return new MarkdownBlock(0, 1, cell.Source);
                break;
            case CellKind.Sql:
                yield return Fenced("sql", cell.Name, cell.Source);
                break;
            case CellKind.Chart:
                yield return Fenced("chart", null, cell.Source);
                break;
            case CellKind.Input:
                yield return Fenced("input", cell.Name, cell.Source);
                break;
            case CellKind.Question when cell.Sql is not null:
                yield return Fenced("sql", cell.Name, cell.Sql);
                if (cell.Chart is not null) yield return Fenced("chart", null, cell.Chart);
                break;
        }
    }

    /// <summary>One fenced block read as a report file would read it; body lines count from 1.</summary>
    private static ReportBlock Fenced(string kind, string? name, string body)
    {
        var fence = body.Contains("```") ? "~~~~" : "```";
        var doc = ReportParser.Parse($"{fence}{kind}{(name is null ? "" : " " + name)}\n{body}\n{fence}", "", firstLine: 0);
        var block = doc.Blocks.FirstOrDefault(b => b is not MarkdownBlock) ?? new ErrorBlock(0, 0, kind, $"The {kind} cell could not be read.");
        // Line 0 is the cell as a whole (its fence is not shown), so such messages need no line number.
        return block is ErrorBlock e && e.Message.StartsWith("Line 0: ", StringComparison.Ordinal) ? e with { Message = e.Message[8..] } : block;
    }

    /// <summary>Whether a cell's last run is out of date (or it never ran). Markdown, input and chart cells are never stale.</summary>
    public static bool IsStale(NotebookCell cell) => cell.Kind is CellKind.Sql or CellKind.Question &&
        (cell.Snapshot is null || cell.Snapshot.SourceHash != Hash(cell.RunText));

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Trim())))[..16];

    /// <summary>The notebook as a report file (PRODUCT.md §6), which <see cref="FromReport"/> reads back.</summary>
    public static string ToMarkdown(string title, string dataName, IReadOnlyList<NotebookCell> cells)
    {
        var sb = new StringBuilder();
        sb.Append("---\ntitle: ").Append(OneLine(title)).Append("\ndata: ").Append(OneLine(dataName)).Append("\n---\n\n");
        foreach (var cell in cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    sb.Append(cell.Source.TrimEnd()).Append("\n\n");
                    break;
                case CellKind.Sql:
                    AppendFence(sb, "sql", cell.Name, cell.Source);
                    break;
                case CellKind.Chart:
                    AppendFence(sb, "chart", null, cell.Source);
                    break;
                case CellKind.Input:
                    AppendFence(sb, "input", cell.Name, cell.Source);
                    break;
                case CellKind.Question:
                    sb.Append("> **Question:** ").Append(OneLine(cell.Source)).Append("\n\n");
                    if (!string.IsNullOrWhiteSpace(cell.Answer)) sb.Append(cell.Answer.Trim()).Append("\n\n");
                    if (cell.Sql is not null) AppendFence(sb, "sql", cell.Name, cell.Sql);
                    if (cell.Chart is not null) AppendFence(sb, "chart", null, cell.Chart);
                    break;
            }
        }
        return sb.ToString().TrimEnd() + "\n";
    }

    /// <summary>Cells from a report file: Markdown between blocks, and one cell per input, sql and chart block.</summary>
    public static List<NotebookCell> FromReport(ReportDocument doc)
    {
        var cells = new List<NotebookCell>();
        foreach (var block in doc.Blocks)
        {
            NotebookCell cell = block switch
            {
                MarkdownBlock md => new(NotebookCell.NewId(), CellKind.Markdown, md.Text),
                InputBlock input => new(NotebookCell.NewId(), CellKind.Input, block.Body ?? "", input.Name),
                SqlBlock sql => new(NotebookCell.NewId(), CellKind.Sql, (sql.Hidden ? "hidden: true\n" : "") + sql.Sql, sql.Name),
                ChartBlock => new(NotebookCell.NewId(), CellKind.Chart, block.Body ?? ""),
                ErrorBlock e => new(NotebookCell.NewId(), e.Kind switch { "input" => CellKind.Input, "sql" => CellKind.Sql, "chart" => CellKind.Chart, _ => CellKind.Markdown },
                    block.Body ?? e.Message, block.FenceName),
                _ => throw new InvalidOperationException("Unknown block " + block.GetType().Name),
            };
            cells.Add(cell);
        }
        return cells;
    }

    private static void AppendFence(StringBuilder sb, string kind, string? name, string body)
    {
        var fence = body.Contains("```") ? "~~~~" : "```";
        sb.Append(fence).Append(kind).Append(name is null ? "" : " " + name).Append('\n').Append(body.TrimEnd()).Append('\n').Append(fence).Append("\n\n");
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ').Trim();
}
