using System.Globalization;
using System.IO.Compression;

namespace DataCharts.Core.Datasets.Import;

/// <summary>
/// How far a compressed upload may unpack. The ratio rule is Apache POI's <c>ZipSecureFile</c>: an entry may inflate to at
/// most <see cref="MaxRatio"/> times the compressed bytes it was read from, checked only once it has inflated past
/// <see cref="GraceEntryBytes"/> (small entries compress extremely well without being bombs).
/// </summary>
public sealed record InflateLimits(long MaxInflatedBytes = InflateLimits.DefaultMaxInflatedBytes, double MaxRatio = InflateLimits.DefaultMaxRatio,
    long GraceEntryBytes = InflateLimits.DefaultGraceEntryBytes)
{
    /// <summary>4 GiB: four times the default upload limit, far past any workbook Excel itself writes.</summary>
    public const long DefaultMaxInflatedBytes = 4L << 30;

    /// <summary>POI's <c>MIN_INFLATE_RATIO</c> of 0.01, as inflated over compressed.</summary>
    public const double DefaultMaxRatio = 100;

    /// <summary>POI's <c>GRACE_ENTRY_SIZE</c>.</summary>
    public const long DefaultGraceEntryBytes = 100 * 1024;

    public static InflateLimits Default { get; } = new();
}

/// <summary>
/// Counts the bytes a compressed input really inflates to while reading it (never the sizes its headers declare) and stops
/// at the first byte past the limits, with a message for the person who sent it.
/// </summary>
public static class InflateGuard
{
    private const string Title = "Upload unpacks too large";

    /// <summary>
    /// Inflates every entry of a zip package (an XLSX) through a counter and throws a 413 <see cref="UserFacingException"/>
    /// when one entry inflates past the ratio or all of them past the total. Streamed: memory stays at one buffer.
    /// </summary>
    /// <param name="what">The kind of file, for messages ("XLSX workbook").</param>
    public static void CheckZip(string path, string what, InflateLimits limits, CancellationToken ct)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var raw = new CountingReadStream(file);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(raw, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new UserFacingException($"This file could not be opened as an {what}: {ex.Message}");
        }
        using (zip)
        {
            var total = 0L;
            var buffer = new byte[1 << 16];
            foreach (var entry in zip.Entries)
            {
                ct.ThrowIfCancellationRequested();
                var rawStart = raw.BytesRead;
                var before = total;
                try
                {
                    using var inflated = new CountingReadStream(entry.Open(), n =>
                    {
                        if (before + n > limits.MaxInflatedBytes) throw TooLarge(what, limits);
                        var compressed = Math.Max(1, raw.BytesRead - rawStart);
                        if (n > limits.GraceEntryBytes && n > limits.MaxRatio * compressed) throw Bomb(what, entry.FullName, n, compressed, limits);
                    });
                    while (inflated.Read(buffer) > 0) ct.ThrowIfCancellationRequested();
                    total += inflated.BytesRead;
                }
                catch (InvalidDataException ex)
                {
                    throw new UserFacingException($"This file could not be opened as an {what}: part '{entry.FullName}' is damaged ({ex.Message})");
                }
            }
        }
    }

    /// <summary>The refusal for a total past the cap (also used for formats whose decompression happens inside the engine).</summary>
    public static UserFacingException TooLarge(string what, InflateLimits limits) =>
        new($"This {what} unpacks to more than {DatasetImports.Format(limits.MaxInflatedBytes)}, the most an upload may unpack to " +
            "(DataCharts:MaxInflatedBytes); nothing was imported.", 413, Title);

    private static UserFacingException Bomb(string what, string entry, long inflated, long compressed, InflateLimits limits) =>
        new($"Part '{entry}' of this {what} unpacks to more than {limits.MaxRatio.ToString("0.##", CultureInfo.InvariantCulture)} times its " +
            $"compressed size ({DatasetImports.Format(inflated)} from {DatasetImports.Format(compressed)} so far), which is how a zip bomb looks " +
            "(DataCharts:MaxInflateRatio); nothing was imported.", 413, Title);
}

/// <summary>A read-only pass-through that counts the bytes read and reports the running count after every read.</summary>
internal sealed class CountingReadStream(Stream inner, Action<long>? afterRead = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek; // ZipArchive copies a stream it cannot seek into memory: keep it seekable
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Count(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Count(int n)
    {
        if (n <= 0) return;
        BytesRead += n;
        afterRead?.Invoke(BytesRead);
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
