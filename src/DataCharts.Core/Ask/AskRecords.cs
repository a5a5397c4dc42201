namespace DataCharts.Core.Ask;

/// <summary>A conversation about one dataset; follow-ups read its earlier messages.</summary>
public sealed class ConversationRecord
{
    public string Id { get; set; } = "";
    public string DataId { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<MessageRecord> Messages { get; set; } = [];
}

/// <summary>One question and its answer: the plan, the SQL, the chart, token use and cost.</summary>
public sealed class MessageRecord
{
    public string Id { get; set; } = "";
    public string ConversationId { get; set; } = "";
    public int Ordinal { get; set; }
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";
    public string? Sql { get; set; }
    public string? PlanJson { get; set; }
    public string? SuggestionsJson { get; set; }
    /// <summary>The plan in plain words, in the question's language.</summary>
    public string? Interpretation { get; set; }
    /// <summary>False when part of the question was not used; the answer says what (<see cref="UnusedTermsJson"/>).</summary>
    public bool Confident { get; set; } = true;
    public string? UnusedTermsJson { get; set; }
    public string? Caveat { get; set; }
    public string Engine { get; set; } = "offline";
    public string? ChartId { get; set; }
    public int DatasetVersion { get; set; }
    public long RowCount { get; set; }
    public bool Truncated { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public decimal EstimatedCost { get; set; }
    public double ElapsedMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A saved chart: the query that feeds it and the spec that draws it.</summary>
public sealed class ChartRecord
{
    public string Id { get; set; } = "";
    public string DataId { get; set; } = "";
    public string Sql { get; set; } = "";
    public string SpecJson { get; set; } = "";
    public string? MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
