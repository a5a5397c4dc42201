using DataCharts.Core.Storage;
using Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// Opt-in Razor report pages: <c>*.cshtml</c> files in the report folder compile at run time and answer at
/// <c>/Reports/Razor/{name}</c>. Off unless <c>DataCharts:AllowRazorReports</c> is true, because it runs code from that folder.
/// </summary>
public static class RazorReports
{
    public const string VirtualFolder = "/Pages/Reports/Razor";

    public static void AddRazorReports(this IMvcBuilder mvc, IConfiguration configuration, IWebHostEnvironment env)
    {
        var options = configuration.GetSection(DataChartsOptions.Section).Get<DataChartsOptions>() ?? new DataChartsOptions();
        if (!options.AllowRazorReports) return;
        var folder = HostPaths.FindPagesDir(options.PagesDir, env.ContentRootPath);
        Directory.CreateDirectory(folder);
#pragma warning disable ASPDEPR003 // Runtime compilation is obsolete in .NET 10; it is used only for user-authored report pages, opt-in, as the issue asks.
        mvc.AddRazorRuntimeCompilation(o => o.FileProviders.Add(new MountedFileProvider(VirtualFolder, new PhysicalFileProvider(folder))));
#pragma warning restore ASPDEPR003
    }

    /// <summary>The names of the Razor report files in a folder (for the navigation).</summary>
    public static IReadOnlyList<string> List(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.cshtml").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => !n.StartsWith('_')).Order(StringComparer.OrdinalIgnoreCase).ToList()
        : [];
}

/// <summary>Shows the files of an inner provider under a virtual folder (so report files appear inside /Pages).</summary>
public sealed class MountedFileProvider(string mount, IFileProvider inner) : IFileProvider
{
    private readonly string mount = mount.TrimEnd('/');

    public IFileInfo GetFileInfo(string subpath) =>
        Inner(subpath) is { } rest ? inner.GetFileInfo(rest) : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath)
    {
        if (Inner(subpath) is { } rest) return inner.GetDirectoryContents(rest);
        // Parents of the mount point list one folder: the next step towards it.
        var path = "/" + subpath.Trim('/');
        if (path == "/") path = "";
        if (!mount.StartsWith(path + "/", StringComparison.OrdinalIgnoreCase)) return NotFoundDirectoryContents.Singleton;
        var next = mount[(path.Length + 1)..].Split('/')[0];
        return new VirtualFolder(next);
    }

    public IChangeToken Watch(string filter) =>
        Inner(filter) is { } rest ? inner.Watch(rest) : filter.Contains("**") ? inner.Watch("**/*.cshtml") : NullChangeToken.Singleton;

    private string? Inner(string subpath)
    {
        var p = "/" + subpath.TrimStart('/');
        if (p.Equals(mount, StringComparison.OrdinalIgnoreCase)) return "/";
        return p.StartsWith(mount + "/", StringComparison.OrdinalIgnoreCase) ? p[mount.Length..] : null;
    }

    private sealed class VirtualFolder(string name) : IDirectoryContents
    {
        public bool Exists => true;
        public IEnumerator<IFileInfo> GetEnumerator() => new List<IFileInfo> { new FolderInfo(name) }.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class FolderInfo(string name) : IFileInfo
    {
        public bool Exists => true;
        public long Length => -1;
        public string? PhysicalPath => null;
        public string Name => name;
        public DateTimeOffset LastModified => DateTimeOffset.MinValue;
        public bool IsDirectory => true;
        public Stream CreateReadStream() => throw new InvalidOperationException("A folder has no content.");
    }
}
