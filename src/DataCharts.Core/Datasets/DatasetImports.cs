using System.Text.Json;
using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Jobs;
using DataCharts.Core.Storage;

namespace DataCharts.Core.Datasets;

/// <summary>Input of an import job.</summary>
public sealed record ImportJobInput(string StagedPath, string FileName, string? DatasetName, ImportFormat Format, char? Delimiter, bool? Header);

/// <summary>Result of an import job.</summary>
public sealed record ImportJobResult(string DataId);

/// <summary>The "import" job: engine load, then publish in the catalog.</summary>
public sealed class ImportJobHandler(DatasetImporter importer, DatasetCatalog catalog) : IJobHandler
{
    public const string JobKind = "import";
    public string Kind => JobKind;

    public async Task<string?> RunAsync(JobContext context)
    {
        var input = JsonSerializer.Deserialize<ImportJobInput>(context.InputJson)!;
        var source = new ImportSource(input.StagedPath, input.FileName, input.DatasetName, input.Format, new ImportOptions(input.Delimiter, input.Header));
        var imported = await importer.ImportAsync(source, context.Report, context.CancellationToken);
        try
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var record = await catalog.PublishAsync(imported, context.CancellationToken);
            return JsonSerializer.Serialize(new ImportJobResult(record.Id));
        }
        catch
        {
            importer.Discard(imported.Id);
            throw;
        }
    }

    public Task CleanupAsync(string inputJson)
    {
        var input = JsonSerializer.Deserialize<ImportJobInput>(inputJson);
        if (input is not null && File.Exists(input.StagedPath)) File.Delete(input.StagedPath);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Entry point for getting data in, shared by the API and the Data page: stages the upload on disk (streamed, size-checked),
/// queues an import job, and optionally waits for it.
/// </summary>
public sealed class DatasetImports(DataPaths paths, JobRunner jobs, DatasetCatalog catalog, Microsoft.Extensions.Options.IOptions<DataChartsOptions> options)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Copies the upload to the staging area without holding it in memory; refuses it past the size limit.</summary>
    public async Task<StagedUpload> StageAsync(Stream content, string? fileName, CancellationToken ct)
    {
        var safeName = ImportFormats.SafeFileName(fileName);
        var path = Path.Combine(paths.Uploads, $"{Guid.NewGuid():N}{Path.GetExtension(safeName).ToLowerInvariant()}");
        long total = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += n;
                    if (total > MaxUploadBytes)
                        throw new UserFacingException($"The file is larger than the upload limit of {Format(MaxUploadBytes)}.", 413, "Upload too large");
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            if (total == 0) throw new UserFacingException("The file is empty.");
            var head = new byte[64];
            await using (var f = File.OpenRead(path)) _ = await f.ReadAtLeastAsync(head, head.Length, false, ct);
            var format = ImportFormats.Detect(safeName, head);
            return new StagedUpload(path, safeName, total, format);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Writes pasted content to the staging area as a file of the given format.</summary>
    public async Task<StagedUpload> StageTextAsync(string content, string format, string? name, CancellationToken ct)
    {
        var f = ImportFormats.FromManualFormat(format)
                ?? throw new UserFacingException($"Unknown format '{format}'. Use csv, tsv, json or jsonl.") { Field = "format" };
        if (string.IsNullOrWhiteSpace(content)) throw new UserFacingException("The content is empty.") { Field = "content" };
        var fileName = ImportFormats.SafeFileName(string.IsNullOrWhiteSpace(name) ? "pasted" : name);
        if (!string.Equals(Path.GetExtension(fileName), ImportFormats.Extension(f), StringComparison.OrdinalIgnoreCase)) fileName += ImportFormats.Extension(f);
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        if (bytes.LongLength > MaxUploadBytes) throw new UserFacingException($"The content is larger than the upload limit of {Format(MaxUploadBytes)}.", 413, "Upload too large");
        var path = Path.Combine(paths.Uploads, $"{Guid.NewGuid():N}{ImportFormats.Extension(f)}");
        await File.WriteAllBytesAsync(path, bytes, ct);
        return new StagedUpload(path, fileName, bytes.LongLength, f);
    }

    public Task<string> EnqueueAsync(StagedUpload staged, string? datasetName, ImportOptions? hints = null, CancellationToken ct = default) =>
        jobs.EnqueueAsync(ImportJobHandler.JobKind, $"Import {staged.FileName}",
            new ImportJobInput(staged.Path, staged.FileName, datasetName, staged.Format, hints?.Delimiter, hints?.Header), ct);

    /// <summary>Runs the import job to its end; throws the job's own error if it failed.</summary>
    public async Task<DatasetRecord> ImportAsync(StagedUpload staged, string? datasetName, ImportOptions? hints, CancellationToken ct)
    {
        var jobId = await EnqueueAsync(staged, datasetName, hints, ct);
        JobSnapshot done;
        try
        {
            done = await jobs.WaitAsync(jobId, ct);
        }
        catch (OperationCanceledException)
        {
            await jobs.CancelAsync(jobId);
            throw;
        }
        return await ResultAsync(done, ct);
    }

    /// <summary>The dataset a finished import job produced, or its failure as a <see cref="UserFacingException"/>.</summary>
    public async Task<DatasetRecord> ResultAsync(JobSnapshot done, CancellationToken ct)
    {
        switch (done.Status)
        {
            case JobStatus.Completed:
                var result = JsonSerializer.Deserialize<ImportJobResult>(done.ResultJson!)!;
                return await catalog.GetAsync(result.DataId, ct);
            case JobStatus.Cancelled:
                throw new UserFacingException("The import was cancelled; nothing was kept.", 409, "Import cancelled");
            default:
                var detail = done.ErrorDetail is null ? null : JsonSerializer.Deserialize<JobErrorDetail>(done.ErrorDetail);
                throw new UserFacingException(done.Error ?? "The import failed.", detail?.status ?? 422, detail?.title)
                {
                    Line = detail?.line, Column = detail?.column, Field = detail?.field,
                };
        }
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };

    /// <summary>Removes staged files no job can still need (all jobs are settled at start-up).</summary>
    public void CleanStaging()
    {
        foreach (var dir in new[] { paths.Uploads, paths.Staging })
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            try { File.Delete(f); }
            catch (IOException) { /* in use; next start */ }
        }
    }

    private sealed record JobErrorDetail(int? status, string? title, long? line, long? column, string? field);
}

/// <summary>An upload saved to the staging area, with its detected format.</summary>
public sealed record StagedUpload(string Path, string FileName, long Bytes, ImportFormat Format);
