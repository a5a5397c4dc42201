namespace DataCharts.Core.Jobs;

/// <summary>Runs one kind of job. Registered in DI; the runner picks the handler by <see cref="Kind"/>.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work and returns the result as JSON. Throw <see cref="UserFacingException"/> for bad input.</summary>
    Task<string?> RunAsync(JobContext context);

    /// <summary>Releases whatever the input held (staged files) once the job ends, however it ends.</summary>
    Task CleanupAsync(string inputJson) => Task.CompletedTask;
}

/// <summary>What a running job sees: its input, a progress reporter and the cancellation token.</summary>
public sealed class JobContext(string id, string inputJson, Action<double, string?> report, CancellationToken token)
{
    public string Id { get; } = id;
    public string InputJson { get; } = inputJson;
    public CancellationToken CancellationToken { get; } = token;

    /// <summary>Reports progress in 0..1 with an optional status line.</summary>
    public void Report(double fraction, string? message = null) => report(Math.Clamp(fraction, 0, 1), message);
}
