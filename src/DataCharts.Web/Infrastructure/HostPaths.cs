namespace DataCharts.Web.Infrastructure;

/// <summary>
/// Finds the top-level <c>wwwroot/</c> and <c>pages/</c> folders: beside the binaries when published (the build copies
/// wwwroot there), otherwise by walking up from the working directory to the repository root.
/// </summary>
public static class HostPaths
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        WebRootPath = FindWebRoot(),
    };

    public static string FindWebRoot() =>
        FindUp("wwwroot", Directory.GetCurrentDirectory()) ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>The report pages folder: configured, else the repository's top-level pages/, else pages/ beside the binaries.</summary>
    public static string FindPagesDir(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        return FindUp("pages", contentRoot) ?? FindUp("pages", AppContext.BaseDirectory) ?? Path.Combine(contentRoot, "pages");
    }

    /// <summary>Walks up from <paramref name="start"/> to a folder that holds the solution file and <paramref name="folder"/>.</summary>
    private static string? FindUp(string folder, string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (Directory.Exists(candidate) && (File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.sln")) || File.Exists(Path.Combine(dir.FullName, "DataCharts.Web.dll"))))
                return candidate;
        }
        return null;
    }
}
