namespace DataCharts.Core.Jobs;

/// <summary>Lifecycle of a background job.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A persisted background job (import, and later long queries, assessments, generation).</summary>
public sealed class JobRecord
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public JobStatus Status { get; set; }
    /// <summary>0..1</summary>
    public double Progress { get; set; }
    public string? Message { get; set; }
    public string? Error { get; set; }
    /// <summary>Error detail for the user (JSON: line, column...), when the job failed on bad input.</summary>
    public string? ErrorDetail { get; set; }
    public string InputJson { get; set; } = "{}";
    public string? ResultJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
