using DataCharts.Core.Charts;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Aggregations the planner understands.</summary>
public enum Agg { Count, CountDistinct, Sum, Avg, Median, Min, Max, Rate, Share }

/// <summary>What the question asks for, shape-wise.</summary>
public enum QueryKind { Aggregate, Rows, Histogram, Scatter, Box }

/// <summary>A column reference that survives serialisation (plans are stored for follow-ups).</summary>
public sealed record Col(string Table, string Column);

/// <summary>A filter: equality/inequality on values, numeric comparisons, or a year/month of a time column.</summary>
public sealed record FilterSpec(Col Column, string Op, List<string> Values)
{
    /// <summary>Ops: eq, ne, gt, gte, lt, lte, between, year, month, year_between.</summary>
    public bool IsNumeric => Op is "gt" or "gte" or "lt" or "lte" or "between";

    /// <summary>Through a self-reference: the condition holds for the row this one points at ("sub-departments of Sciences").</summary>
    public string? Via { get; init; }
}

/// <summary>One thing to compute: an aggregation over a column (or rows), with a condition for rates.</summary>
public sealed record MeasureSpec(Agg Agg, Col? Column, FilterSpec? Condition = null, string? CountedTable = null)
{
    /// <summary>Column units per unit asked for ("in minutes" of milliseconds: 60000); null when shown as stored.</summary>
    public double? Scale { get; init; }

    /// <summary>The unit asked for, named in the result ("minutes").</summary>
    public string? InUnit { get; init; }

    /// <summary>A measure of the semantic model by name ("revenue", "average order value"), computed from its expression.</summary>
    public string? ModelMeasure { get; init; }

    /// <summary>The table a model measure is computed over (its grain).</summary>
    public string? MeasureTable { get; init; }
}

/// <summary>A grouping: a column, or a time column cut to a grain (year, quarter, month, week, day).</summary>
public sealed record GroupSpec(Col Column, string? Grain = null, Col? MonthColumn = null, Col? Surname = null)
{
    /// <summary>Through a self-reference: the column of the row this row points at (the manager's name, not the employee's).</summary>
    public string? Via { get; init; }

    /// <summary>The key of the rows a name column names: grouped by too, so two rows of the same name (two tracks called "Intro") stay apart.</summary>
    public Col? Key { get; init; }
}

/// <summary>The planner's reading of a question; turned into SQL by <see cref="SqlBuilder"/> and kept for follow-ups.</summary>
public sealed class QuerySpec
{
    public QueryKind Kind { get; set; } = QueryKind.Aggregate;
    public string Table { get; set; } = "";
    public List<MeasureSpec> Measures { get; set; } = [];
    public List<GroupSpec> Groups { get; set; } = [];
    public List<FilterSpec> Filters { get; set; } = [];
    /// <summary>Columns shown as they are (rows, scatter x/y, histogram and box value).</summary>
    public List<Col> Columns { get; set; } = [];
    public bool Descending { get; set; } = true;
    public bool OrderByMeasure { get; set; }
    /// <summary>"Which year had the most …": rank even a time axis by the measure.</summary>
    public bool Ranked { get; set; }
    public int? Limit { get; set; }
    public ChartType? RequestedChart { get; set; }
    /// <summary>Measures the conversation defined in words ("where revenue is price times quantity"), kept for follow-ups.</summary>
    public List<InlineDefinition> Definitions { get; set; } = [];
    /// <summary>For rows: show the row each one points at through this self-reference column ("the manager of …").</summary>
    public string? LookupVia { get; set; }
    /// <summary>A condition on the first measure of each group ("artists with more than 10 albums"): op (gt, gte, lt, lte) and number.</summary>
    public FilterSpec? Having { get; set; }

    public QuerySpec Clone() => new()
    {
        Kind = Kind, Table = Table, Measures = [.. Measures], Groups = [.. Groups], Filters = [.. Filters.Select(f => f with { Values = [.. f.Values] })],
        Columns = [.. Columns], Descending = Descending, OrderByMeasure = OrderByMeasure, Ranked = Ranked, Limit = Limit, RequestedChart = RequestedChart, Definitions = [.. Definitions], LookupVia = LookupVia, Having = Having,
    };
}
