using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using DataCharts.Core.Storage;
using DataCharts.Core.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace DataCharts.Core.Tests.Datasets;

/// <summary>Compressed uploads are held to the bytes they really inflate to: a ratio per part (POI's rule) and a total.</summary>
public sealed class InflateGuardTests : IDisposable
{
    private readonly TempEngine t = new();

    public void Dispose() => t.Dispose();

    private DatasetImporter Importer(long maxInflated) =>
        new(t.Engine, t.Paths, Options.Create(new DataChartsOptions { MaxInflatedBytes = maxInflated }));

    private void NothingLeft()
    {
        Assert.Empty(t.DatasetFiles());
        Assert.Empty(Directory.EnumerateFiles(t.Paths.Staging));
    }

    [Fact]
    public async Task A_workbook_built_part_by_part_imports_when_small()
    {
        // The same builder makes the bombs below: proof they are valid workbooks that would import without the guard.
        var d = await t.ImportAsync(t.File("small.xlsx", Workbooks.Cities(3, repeated: true)));
        Assert.Equal(["city", "sales"], d.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal(3, d.Tables[0].RowCount);
        Assert.Equal<IEnumerable<string?>>([Workbooks.RepeatedCity, "3"], t.Rows(d.Id, d.Tables[0].Name)[2]);
    }

    [Fact]
    public async Task A_zip_bomb_workbook_is_refused_naming_the_part_and_leaves_nothing()
    {
        // ~64 MB of identical rows in well under 1 MB: refused after a few MB are inflated, before MiniExcel reads a row.
        var bomb = Workbooks.Cities(60_000, repeated: true);
        Assert.True(bomb.Length < 64_000_000 / 300, $"{bomb.Length} bytes");
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("bomb.xlsx", bomb)));
        Assert.Equal(413, ex.Status);
        Assert.Contains("xl/worksheets/sheet1.xml", ex.Message);
        Assert.Contains("100 times its compressed size", ex.Message);
        Assert.Contains("zip bomb", ex.Message);
        NothingLeft();
    }

    [Fact]
    public void Varied_rows_pass_the_ratio_rule_and_small_parts_are_never_held_to_it()
    {
        InflateGuard.CheckZip(t.File("varied.xlsx", Workbooks.Cities(20_000, repeated: false)), "XLSX workbook", InflateLimits.Default, CancellationToken.None);
        // Under POI's grace size (100 KiB) a part may compress as well as it likes: 50 identical rows are ~53 KB.
        InflateGuard.CheckZip(t.File("tiny.xlsx", Workbooks.Cities(50, repeated: true)), "XLSX workbook", InflateLimits.Default, CancellationToken.None);
    }

    [Fact]
    public void The_ratio_is_configurable()
    {
        var path = t.File("bomb.xlsx", Workbooks.Cities(20_000, repeated: true));
        InflateGuard.CheckZip(path, "XLSX workbook", new InflateLimits(MaxRatio: 5_000), CancellationToken.None);
        Assert.Throws<UserFacingException>(() => InflateGuard.CheckZip(path, "XLSX workbook", new InflateLimits(MaxRatio: 50), CancellationToken.None));
    }

    [Fact]
    public async Task The_total_cap_counts_every_part_as_it_inflates()
    {
        // ~1.5 MB of varied rows: a fair ratio, but more than the 512 KiB this importer allows.
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => Import(Importer(512 * 1024), "big.xlsx", Workbooks.Cities(20_000, repeated: false)));
        Assert.Equal(413, ex.Status);
        Assert.Contains("unpacks to more than 512 KiB", ex.Message);
        Assert.Contains("DataCharts:MaxInflatedBytes", ex.Message);
        NothingLeft();
    }

    [Fact]
    public async Task A_damaged_package_is_a_plain_400()
    {
        var bytes = Workbooks.Cities(100, repeated: false);
        Array.Fill(bytes, (byte)0x55, 200, 400); // inside the first part's compressed data
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => t.ImportAsync(t.File("damaged.xlsx", bytes)));
        Assert.Equal(400, ex.Status);
        NothingLeft();
    }

    [Fact]
    public async Task Parquet_is_held_to_the_total_its_footer_declares()
    {
        var path = Path.Combine(t.Root, "p.parquet");
        using (var c = new DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            DuckDbEngine.Execute(c, $"COPY (SELECT range AS n, 'row ' || range AS label FROM range(200000)) TO '{path}' (FORMAT parquet)");
        }
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => Import(Importer(64 * 1024), "p.parquet", File.ReadAllBytes(path)));
        Assert.Equal(413, ex.Status);
        Assert.Contains("Parquet file unpacks to more than 64 KiB", ex.Message);
        NothingLeft();
        var d = await Import(Importer(InflateLimits.DefaultMaxInflatedBytes), "p.parquet", File.ReadAllBytes(path));
        Assert.Equal(200_000, d.Tables[0].RowCount);
    }

    private Task<ImportedDataset> Import(DatasetImporter importer, string name, byte[] content)
    {
        var staged = t.Stage(t.File(name, content));
        var format = ImportFormats.Detect(name, content.AsSpan(0, 64));
        return importer.ImportAsync(new ImportSource(staged, name, null, format, new ImportOptions()), (_, _) => { }, CancellationToken.None);
    }
}
