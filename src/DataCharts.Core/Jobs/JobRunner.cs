using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Jobs;

/// <summary>A point-in-time view of a job, as the API and the progress bars show it.</summary>
public sealed record JobSnapshot(
    string Id, string Kind, string Title, JobStatus Status, double Progress, string? Message,
    string? Error, string? ErrorDetail, string? ResultJson, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    public static JobSnapshot From(JobRecord r) => new(r.Id, r.Kind, r.Title, r.Status, r.Progress, r.Message, r.Error,
        r.ErrorDetail, r.ResultJson, r.CreatedAt, r.StartedAt, r.FinishedAt);
}

/// <summary>
/// Runs jobs in the background with a concurrency limit. State is persisted in the app database on every
/// transition (progress at most a few times a second); live snapshots are kept in memory for SSE subscribers.
/// </summary>
public sealed class JobRunner : IAsyncDisposable
{
    private readonly IDbContextFactory<AppDbContext> db;
    private readonly Dictionary<string, IJobHandler> handlers;
    private readonly ILogger<JobRunner> logger;
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, LiveJob> live = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> workers = [];
    private readonly int concurrency;
    private int disposed;

    public JobRunner(IDbContextFactory<AppDbContext> db, IEnumerable<IJobHandler> handlers, IOptions<DataChartsOptions> options, ILogger<JobRunner> logger)
    {
        this.db = db;
        this.handlers = handlers.ToDictionary(h => h.Kind);
        this.logger = logger;
        concurrency = Math.Max(1, options.Value.JobConcurrency);
    }

    /// <summary>Marks jobs left running or queued by a previous process as failed, then starts the workers.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await using (var ctx = await db.CreateDbContextAsync(ct))
        {
            var orphans = await ctx.Jobs.Where(j => j.Status == JobStatus.Running || j.Status == JobStatus.Queued).ToListAsync(ct);
            foreach (var job in orphans)
            {
                job.Status = JobStatus.Failed;
                job.Error = "Interrupted: the server stopped while this job was " + (job.StartedAt is null ? "waiting" : "running") + ". Nothing it did was kept; start it again.";
                job.FinishedAt = DateTimeOffset.UtcNow;
                if (handlers.TryGetValue(job.Kind, out var h)) await h.CleanupAsync(job.InputJson);
            }
            await ctx.SaveChangesAsync(ct);
            if (orphans.Count > 0) logger.LogWarning("Marked {Count} interrupted jobs as failed", orphans.Count);
        }
        for (var i = 0; i < concurrency; i++) workers.Add(Task.Run(WorkAsync));
    }

    /// <summary>Queues a job and returns its id at once.</summary>
    public async Task<string> EnqueueAsync(string kind, string title, object input, CancellationToken ct = default)
    {
        if (!handlers.ContainsKey(kind)) throw new InvalidOperationException($"No handler for job kind '{kind}'.");
        var record = new JobRecord
        {
            Id = "job_" + Guid.NewGuid().ToString("N")[..16],
            Kind = kind,
            Title = title,
            Status = JobStatus.Queued,
            InputJson = JsonSerializer.Serialize(input),
            CreatedAt = DateTimeOffset.UtcNow,
            Message = "Waiting to start",
        };
        await using (var ctx = await db.CreateDbContextAsync(ct))
        {
            ctx.Jobs.Add(record);
            await ctx.SaveChangesAsync(ct);
        }
        live[record.Id] = new LiveJob(record);
        await queue.Writer.WriteAsync(record.Id, ct);
        return record.Id;
    }

    /// <summary>Jobs queued or running now (from memory: cheap enough for every page's Jobs badge).</summary>
    public int ActiveCount => live.Values.Count(l => !l.Snapshot.IsFinished);

    public async Task<JobSnapshot?> GetAsync(string id, CancellationToken ct = default)
    {
        if (live.TryGetValue(id, out var l)) return l.Snapshot;
        await using var ctx = await db.CreateDbContextAsync(ct);
        var r = await ctx.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        return r is null ? null : JobSnapshot.From(r);
    }

    public async Task<IReadOnlyList<JobSnapshot>> ListAsync(int limit = 50, CancellationToken ct = default)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        // SQLite cannot order by DateTimeOffset in SQL; the table stays small, so order in memory.
        var rows = await ctx.Jobs.AsNoTracking().ToListAsync(ct);
        return rows.OrderByDescending(r => r.CreatedAt).Take(limit)
            .Select(r => live.TryGetValue(r.Id, out var l) ? l.Snapshot : JobSnapshot.From(r)).ToList();
    }

    /// <summary>Requests cancellation. Returns false when the job is unknown or already finished.</summary>
    public async Task<bool> CancelAsync(string id)
    {
        if (live.TryGetValue(id, out var l) && !l.Snapshot.IsFinished)
        {
            l.Cancel();
            // A job no worker has claimed yet ends here; a running one ends when its handler sees the cancellation.
            if (l.TryClaim())
            {
                if (handlers.TryGetValue(l.Snapshot.Kind, out var h)) await h.CleanupAsync(l.InputJson);
                await FinishAsync(l, JobStatus.Cancelled, null, "Cancelled before it started", null);
            }
            return true;
        }
        return false;
    }

    /// <summary>Yields the job's snapshot now and after every change until it finishes.</summary>
    public async IAsyncEnumerable<JobSnapshot> WatchAsync(string id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!live.TryGetValue(id, out var l))
        {
            var s = await GetAsync(id, ct);
            if (s is not null) yield return s;
            yield break;
        }
        while (true)
        {
            var changed = l.Changed;
            var snap = l.Snapshot;
            yield return snap;
            if (snap.IsFinished) yield break;
            await changed.WaitAsync(TimeSpan.FromSeconds(15), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits until the job finishes and returns its final snapshot.</summary>
    public async Task<JobSnapshot> WaitAsync(string id, CancellationToken ct = default)
    {
        JobSnapshot? last = null;
        await foreach (var s in WatchAsync(id, ct)) last = s;
        return last ?? throw new NotFoundException($"No job with id '{id}'.");
    }

    private async Task WorkAsync()
    {
        await foreach (var id in queue.Reader.ReadAllAsync(stopping.Token).WithCancellation(stopping.Token).ConfigureAwait(false))
        {
            // Claimed once: either a worker runs it or a cancel ends it while queued, never both.
            if (!live.TryGetValue(id, out var job) || !job.TryClaim()) continue;
            await RunOneAsync(job).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(LiveJob job)
    {
        var handler = handlers[job.Snapshot.Kind];
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Token, stopping.Token);
        await UpdateAsync(job, r => { r.Status = JobStatus.Running; r.StartedAt = DateTimeOffset.UtcNow; r.Message = "Starting"; }, persist: true);
        var lastPersist = DateTime.UtcNow;
        var context = new JobContext(job.Snapshot.Id, job.InputJson, (p, m) =>
        {
            var persist = (DateTime.UtcNow - lastPersist).TotalMilliseconds > 500;
            if (persist) lastPersist = DateTime.UtcNow;
            _ = UpdateAsync(job, r => { r.Progress = p; if (m is not null) r.Message = m; }, persist);
        }, linked.Token);
        // Clean up before announcing the end, so whoever waits for the job sees its leftovers gone.
        Func<Task> finish;
        try
        {
            var result = await handler.RunAsync(context).ConfigureAwait(false);
            finish = () => FinishAsync(job, JobStatus.Completed, result, "Done", null);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var message = stopping.IsCancellationRequested ? "Stopped with the server" : "Cancelled";
            finish = () => FinishAsync(job, JobStatus.Cancelled, null, message, null);
        }
        catch (UserFacingException ex)
        {
            var detail = JsonSerializer.Serialize(new { status = ex.Status, title = ex.Title, line = ex.Line, column = ex.Column, field = ex.Field });
            finish = () => FinishAsync(job, JobStatus.Failed, null, ex.Message, ex.Message, detail);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {JobId} ({Kind}) failed", job.Snapshot.Id, job.Snapshot.Kind);
            finish = () => FinishAsync(job, JobStatus.Failed, null, "Failed", "An unexpected error stopped this job: " + ex.Message);
        }
        try { await handler.CleanupAsync(job.InputJson); }
        catch (Exception ex) { logger.LogWarning(ex, "Cleanup of job {JobId} failed", job.Snapshot.Id); }
        await finish();
    }

    private Task FinishAsync(LiveJob job, JobStatus status, string? result, string? message, string? error, string? errorDetail = null)
    {
        Monitoring.AppMetrics.JobsFinished.Add(1, new KeyValuePair<string, object?>("kind", job.Snapshot.Kind),
            new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));
        return UpdateAsync(job, r =>
        {
            r.Status = status;
            r.ResultJson = result;
            r.Message = message;
            r.Error = error;
            r.ErrorDetail = errorDetail;
            r.FinishedAt = DateTimeOffset.UtcNow;
            if (status == JobStatus.Completed) r.Progress = 1;
        }, persist: true);
    }

    private async Task UpdateAsync(LiveJob job, Action<JobRecord> change, bool persist)
    {
        job.Apply(change);
        if (!persist) return;
        await job.PersistLock.WaitAsync();
        var record = job.Current();
        try
        {
            // Always the latest state, so a late progress write can never overwrite a final status.
            await using var ctx = await db.CreateDbContextAsync();
            ctx.Jobs.Update(record);
            await ctx.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not persist job {JobId}", record.Id);
        }
        finally
        {
            job.PersistLock.Release();
        }
        if (record.IsFinished)
            _ = Task.Delay(TimeSpan.FromMinutes(10)).ContinueWith(_ => live.TryRemove(record.Id, out var _), TaskScheduler.Default);
    }

    /// <summary>Stops the workers (running jobs end as cancelled); safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        try { await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* workers end by cancellation */ }
        stopping.Dispose();
    }

    /// <summary>In-memory state of a job this process knows about; snapshots are immutable so readers need no lock.</summary>
    private sealed class LiveJob(JobRecord record)
    {
        private readonly object gate = new();
        private readonly CancellationTokenSource cts = new();
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private JobRecord current = record;

        public JobSnapshot Snapshot { get; private set; } = JobSnapshot.From(record);
        public string InputJson => current.InputJson;
        public CancellationToken Token => cts.Token;
        public SemaphoreSlim PersistLock { get; } = new(1, 1);
        public Task Changed { get { lock (gate) return changed.Task; } }

        public void Cancel() => cts.Cancel();

        private int claimed;

        /// <summary>True for the first caller only: the worker that will run the job, or the cancel that ends it queued.</summary>
        public bool TryClaim() => Interlocked.Exchange(ref claimed, 1) == 0;

        public JobRecord Current() { lock (gate) return Clone(current); }

        public void Apply(Action<JobRecord> change)
        {
            TaskCompletionSource toSignal;
            JobRecord copy;
            lock (gate)
            {
                copy = Clone(current);
                change(copy);
                current = copy;
                Snapshot = JobSnapshot.From(copy);
                toSignal = changed;
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            toSignal.TrySetResult();
        }

        private static JobRecord Clone(JobRecord r) => new()
        {
            Id = r.Id, Kind = r.Kind, Title = r.Title, Status = r.Status, Progress = r.Progress, Message = r.Message,
            Error = r.Error, ErrorDetail = r.ErrorDetail, InputJson = r.InputJson, ResultJson = r.ResultJson,
            CreatedAt = r.CreatedAt, StartedAt = r.StartedAt, FinishedAt = r.FinishedAt,
        };
    }
}
