using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Jobs;
using DataCharts.Core.Storage;
using DataCharts.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCharts.Web.Tests.Hosting;

/// <summary>Cross-cutting behaviour: antiforgery, the API's cross-site guard, logs, restart recovery.</summary>
public sealed class HostingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Page_posts_without_an_antiforgery_token_are_refused_and_with_one_they_work()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("af.csv", Files.Utf8("a\n1\n"))).GetProperty("data_id").GetString();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id!, ["name"] = "Renamed" });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/Data?handler=Rename", form)).StatusCode);

        var page = await client.GetStringAsync("/Data");
        var token = Regex.Match(page, "\"requestToken\":\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/Data?handler=Rename") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id!, ["name"] = "Renamed" }) };
        req.Headers.Add("RequestVerificationToken", token);
        req.Headers.Add("HX-Request", "true");
        var ok = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("Renamed", await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_refuses_cross_site_posts_from_browsers()
    {
        using var client = app.CreateClient();
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/data/manual") { Content = new StringContent("{\"content\":\"a\\n1\",\"format\":\"csv\"}", Encoding.UTF8, "application/json") };
        req.Headers.Add("Origin", "https://evil.example");
        await (await client.SendAsync(req)).AssertProblemAsync(403, "Cross-site");
        using var req2 = new HttpRequestMessage(HttpMethod.Post, "/api/data/manual") { Content = new StringContent("{\"content\":\"a\\n1\",\"format\":\"csv\"}", Encoding.UTF8, "application/json") };
        req2.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(req2)).StatusCode);
    }

    [Fact]
    public async Task Logs_roll_into_the_data_directory()
    {
        using var client = app.CreateClient();
        await client.GetAsync("/health");
        // Request logging writes once the response has completed, which may be just after the client has it.
        var text = "";
        for (var i = 0; i < 50 && !text.Contains("HTTP GET /health responded 200"); i++)
        {
            await Task.Delay(100);
            text = string.Concat(Directory.EnumerateFiles(Path.Combine(app.DataDir, "logs"), "datacharts-*.log").Select(f =>
            {
                using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(fs).ReadToEnd();
            }));
        }
        Assert.True(text.Contains("HTTP GET /health responded 200"), text);
    }
}

/// <summary>What a crash (kill -9) leaves is cleaned on the next start: running jobs fail, half-made data disappears.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task A_restart_fails_interrupted_jobs_and_deletes_orphan_engine_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dc-recover-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var first = new AppFactory(dir) { KeepDataDir = true })
        {
            using var client = first.CreateClient();
            await client.ImportAsync("kept.csv", Files.Utf8("a\n1\n"));
            // Simulate a crash mid-import: a job left "running", a staged upload, a half-written dataset file in staging
            // and a finished one the catalog never got to know.
            var db = first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            await using (var ctx = await db.CreateDbContextAsync())
            {
                ctx.Jobs.Add(new JobRecord { Id = "job_crashed", Kind = "import", Title = "Import big.csv", Status = JobStatus.Running,
                    InputJson = "{\"StagedPath\":\"/nonexistent\",\"FileName\":\"big.csv\",\"Format\":0}", CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow });
                await ctx.SaveChangesAsync();
            }
            var engine = first.Services.GetRequiredService<DataCharts.Core.Query.DuckDbEngine>();
            using (var w = engine.Create("ds_deadbeef0000"))
            {
                DataCharts.Core.Query.DuckDbEngine.Execute(w.Connection, "CREATE TABLE half AS SELECT range AS x FROM range(10)");
                w.Commit();
            }
            await File.WriteAllTextAsync(Path.Combine(dir, "staging", "ds_deadbeef0001.duckdb"), "half");
            await File.WriteAllTextAsync(Path.Combine(dir, "staging", "ds_deadbeef0001.duckdb.wal"), "half");
            Assert.True(File.Exists(Path.Combine(dir, "datasets", "ds_deadbeef0000.duckdb")));
            await File.WriteAllTextAsync(Path.Combine(dir, "uploads", "leftover.csv"), "a\n1\n");
        }
        await using (var second = new AppFactory(dir))
        {
            using var client = second.CreateClient();
            var r = await client.GetAsync("/api/tasks/job_crashed");
            var task = await r.JsonAsync();
            Assert.True(r.IsSuccessStatusCode, task.ToString());
            Assert.Equal("failed", task.GetProperty("status").GetString());
            Assert.Contains("Interrupted", task.GetProperty("error").GetString());
            var list = await (await client.GetAsync("/api/data")).JsonAsync();
            Assert.Equal(["kept"], list.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
            var kept = list.EnumerateArray().Single().GetProperty("data_id").GetString();
            Assert.Equal([kept + ".duckdb"], Directory.EnumerateFiles(Path.Combine(dir, "datasets")).Select(Path.GetFileName));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "staging")));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "uploads")));
        }
    }
}
