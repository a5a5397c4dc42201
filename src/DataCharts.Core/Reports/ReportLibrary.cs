using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DataCharts.Core.Reports;

/// <summary>A report file: its slug (the URL part), path, title and when it last changed.</summary>
public sealed record ReportFile(string Slug, string Path, string Title, DateTime Modified);

/// <summary>
/// The report folder (<c>DataCharts:PagesDir</c>): every <c>*.md</c> file is a page at <c>/reports/{slug}</c>. The folder is
/// read on each listing and files are parsed again whenever their time stamp or size changes, so new, changed and
/// deleted files show without a restart; a watcher tells open pages (<see cref="Changed"/>) so they can refresh.
/// </summary>
public sealed class ReportLibrary : IDisposable
{
    private readonly ConcurrentDictionary<string, (DateTime Modified, long Length, ReportDocument Doc)> parsed = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher? watcher;
    private readonly ILogger<ReportLibrary> logger;

    public ReportLibrary(string folder, ILogger<ReportLibrary> logger)
    {
        Folder = folder;
        this.logger = logger;
        try
        {
            Directory.CreateDirectory(folder);
            watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Created += (_, e) => Raise(e.FullPath);
            watcher.Changed += (_, e) => Raise(e.FullPath);
            watcher.Deleted += (_, e) => Raise(e.FullPath);
            watcher.Renamed += (_, e) => { Raise(e.OldFullPath); Raise(e.FullPath); };
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // Pages still appear on the next request; only the live refresh of open pages is lost.
            logger.LogWarning(ex, "Cannot watch the report folder {Folder}", folder);
        }
    }

    public string Folder { get; }

    /// <summary>Raised with a slug when a report file is created, changed, renamed or deleted.</summary>
    public event Action<string>? Changed;

    public IReadOnlyList<ReportFile> List()
    {
        if (!Directory.Exists(Folder)) return [];
        var files = new List<ReportFile>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.md"))
        {
            var slug = Slug(System.IO.Path.GetFileNameWithoutExtension(path));
            if (slug.Length == 0 || files.Any(f => f.Slug == slug)) continue;
            var doc = Document(path);
            if (doc is not null) files.Add(new ReportFile(slug, path, doc.Value.Doc.Title, doc.Value.Modified));
        }
        return files.OrderBy(f => f.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The parsed report at a slug, or null when no file has it.</summary>
    public (ReportFile File, ReportDocument Doc)? Find(string slug)
    {
        var file = List().FirstOrDefault(f => string.Equals(f.Slug, slug, StringComparison.OrdinalIgnoreCase));
        if (file is null) return null;
        var doc = Document(file.Path);
        return doc is null ? null : (file, doc.Value.Doc);
    }

    /// <summary>File name → URL part: lower case, letters and digits kept, anything else a single dash.</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c == '_') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().Trim('-');
    }

    private (DateTime Modified, ReportDocument Doc)? Document(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if (parsed.TryGetValue(path, out var hit) && hit.Modified == info.LastWriteTimeUtc && hit.Length == info.Length) return (hit.Modified, hit.Doc);
            var text = File.ReadAllText(path);
            var doc = ReportParser.Parse(text, TitleFromName(System.IO.Path.GetFileNameWithoutExtension(path)));
            parsed[path] = (info.LastWriteTimeUtc, info.Length, doc);
            return (info.LastWriteTimeUtc, doc);
        }
        catch (IOException ex)
        {
            // A file being written or just deleted: skip it this time; the watcher announces the next state.
            logger.LogDebug(ex, "Report file {Path} could not be read", path);
            return null;
        }
    }

    private static string TitleFromName(string name)
    {
        var words = name.Replace('-', ' ').Replace('_', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private void Raise(string path)
    {
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return;
        parsed.TryRemove(path, out _);
        Changed?.Invoke(Slug(System.IO.Path.GetFileNameWithoutExtension(path)));
    }

    public void Dispose() => watcher?.Dispose();
}
