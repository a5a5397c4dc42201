using DataCharts.Core.Jobs;
using DataCharts.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Tests.Jobs;

/// <summary>The job runner against a real SQLite app database.</summary>
public sealed class JobRunnerTests : IAsyncDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "dc-jobs-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Factory db;

    public JobRunnerTests()
    {
        Directory.CreateDirectory(dir);
        db = new Factory(Path.Combine(dir, "app.db"));
        using var ctx = db.CreateDbContext();
        ctx.Database.Migrate();
    }

    private sealed class Factory(string path) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options);
    }

    /// <summary>Waits on a gate, reports progress, then does what its input says.</summary>
    private sealed class TestHandler : IJobHandler
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Cleanups;
        public string Kind => "test";

        public async Task<string?> RunAsync(JobContext context)
        {
            context.Report(0.5, "Half way");
            await Gate.Task.WaitAsync(context.CancellationToken);
            return context.InputJson switch
            {
                "\"bad\"" => throw new UserFacingException("Line 3: wrong") { Line = 3 },
                "\"crash\"" => throw new InvalidOperationException("boom"),
                _ => "{\"ok\":true}",
            };
        }

        public Task CleanupAsync(string inputJson)
        {
            Interlocked.Increment(ref Cleanups);
            return Task.CompletedTask;
        }
    }

    private async Task<JobRunner> StartAsync(TestHandler handler)
    {
        var runner = new JobRunner(db, [handler], Options.Create(new DataChartsOptions { JobConcurrency = 1 }), NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        return runner;
    }

    [Fact]
    public async Task A_job_runs_reports_progress_and_completes_with_its_result()
    {
        var h = new TestHandler();
        await using var runner = await StartAsync(h);
        var id = await runner.EnqueueAsync("test", "Test", "ok");
        var seen = new List<JobSnapshot>();
        var watch = Task.Run(async () => { await foreach (var s in runner.WatchAsync(id, CancellationToken.None)) seen.Add(s); });
        while ((await runner.GetAsync(id))!.Progress < 0.5) await Task.Delay(10);
        h.Gate.SetResult();
        await watch;
        var done = seen[^1];
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(1, done.Progress);
        Assert.Equal("{\"ok\":true}", done.ResultJson);
        Assert.Contains(seen, s => s.Status == JobStatus.Running && s.Message == "Half way");
        Assert.Equal(1, h.Cleanups);
        await using var ctx = db.CreateDbContext();
        Assert.Equal(JobStatus.Completed, (await ctx.Jobs.SingleAsync(j => j.Id == id)).Status);
    }

    [Fact]
    public async Task Bad_input_fails_the_job_with_the_message_and_where()
    {
        var h = new TestHandler();
        await using var runner = await StartAsync(h);
        var id = await runner.EnqueueAsync("test", "Test", "bad");
        h.Gate.SetResult();
        var done = await runner.WaitAsync(id);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal("Line 3: wrong", done.Error);
        Assert.Contains("\"line\":3", done.ErrorDetail);
    }

    [Fact]
    public async Task An_unexpected_error_fails_the_job_without_stopping_the_runner()
    {
        var h = new TestHandler();
        await using var runner = await StartAsync(h);
        h.Gate.SetResult();
        var crashed = await runner.WaitAsync(await runner.EnqueueAsync("test", "Test", "crash"));
        Assert.Equal(JobStatus.Failed, crashed.Status);
        Assert.Contains("boom", crashed.Error);
        Assert.Equal(JobStatus.Completed, (await runner.WaitAsync(await runner.EnqueueAsync("test", "Test", "ok"))).Status);
    }

    [Fact]
    public async Task Cancelling_a_running_job_and_a_queued_one()
    {
        var h = new TestHandler();
        await using var runner = await StartAsync(h);
        var running = await runner.EnqueueAsync("test", "Running", "ok");
        var queued = await runner.EnqueueAsync("test", "Queued", "ok");
        while ((await runner.GetAsync(running))!.Status != JobStatus.Running) await Task.Delay(10);
        Assert.True(await runner.CancelAsync(queued));
        Assert.True(await runner.CancelAsync(running));
        Assert.Equal(JobStatus.Cancelled, (await runner.WaitAsync(running)).Status);
        Assert.Equal(JobStatus.Cancelled, (await runner.WaitAsync(queued)).Status);
        Assert.False(await runner.CancelAsync(running));
    }

    [Fact]
    public async Task After_a_restart_a_job_that_was_running_is_marked_failed_and_cleaned_up()
    {
        await using (var ctx = db.CreateDbContext())
        {
            ctx.Jobs.Add(new JobRecord { Id = "job_stale", Kind = "test", Title = "Stale", Status = JobStatus.Running, CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow });
            await ctx.SaveChangesAsync();
        }
        var h = new TestHandler();
        await using var runner = await StartAsync(h);
        var stale = await runner.GetAsync("job_stale");
        Assert.Equal(JobStatus.Failed, stale!.Status);
        Assert.Contains("Interrupted", stale.Error);
        Assert.Equal(1, h.Cleanups);
        Assert.Null(await runner.GetAsync("job_missing"));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); }
        catch (IOException) { /* best effort */ }
    }
}
