using System.Net;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Reports;

/// <summary>A report folder with one Razor page; the factory decides whether Razor reports are allowed.</summary>
public abstract class RazorFolderFactory : AppFactory
{
    public string PagesDir { get; } = Directory.CreateTempSubdirectory("dc-razor-pages-").FullName;
    protected abstract bool Allow { get; }

    protected RazorFolderFactory() =>
        File.WriteAllText(Path.Combine(PagesDir, "hello.cshtml"), "@page\n@{ var n = 6 * 7; }\n<h1>Hello from Razor</h1>\n<p>The answer is @n.</p>\n");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataCharts:PagesDir"] = PagesDir,
        ["DataCharts:AllowRazorReports"] = Allow ? "true" : "false",
    };
}

public sealed class RazorAllowedFactory : RazorFolderFactory { protected override bool Allow => true; }
public sealed class RazorDeniedFactory : RazorFolderFactory { protected override bool Allow => false; }

public sealed class RazorReportsAllowedTests(RazorAllowedFactory app) : IClassFixture<RazorAllowedFactory>
{
    [Fact]
    public async Task A_cshtml_file_in_the_report_folder_renders_as_a_page_when_allowed()
    {
        var r = await app.CreateClient().GetAsync("/Reports/Razor/hello");
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("The answer is 42.", html); // the code ran: 6 * 7 was computed, not echoed
        Assert.Contains("<nav", html); // inside the app's layout
    }
}

public sealed class RazorReportsDeniedTests(RazorDeniedFactory app) : IClassFixture<RazorDeniedFactory>
{
    [Fact]
    public async Task A_cshtml_file_is_not_compiled_or_served_unless_allowed()
    {
        var r = await app.CreateClient().GetAsync("/Reports/Razor/hello");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain("The answer is 42.", await r.Content.ReadAsStringAsync());
    }
}
