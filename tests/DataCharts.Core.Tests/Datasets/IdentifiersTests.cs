using DataCharts.Core.Datasets;
using DataCharts.Core.Datasets.Import;

namespace DataCharts.Core.Tests.Datasets;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("price", "price")]
    [InlineData("Unit Price", "Unit_Price")]
    [InlineData("  spaced  ", "spaced")]
    [InlineData("城市", "城市")]
    [InlineData("2019 sales", "_2019_sales")]
    [InlineData("a.b-c", "a_b_c")]
    [InlineData("\"quoted\"", "quoted")]
    [InlineData("", "col")]
    [InlineData("%%%", "col")]
    public void Sanitizes_to_readable_identifiers(string original, string expected) =>
        Assert.Equal(expected, Identifiers.Sanitize(original, "col"));

    [Fact]
    public void Duplicate_names_become_unique_case_insensitively() =>
        Assert.Equal(["id", "ID_2", "name", "column4", "name_2"], Identifiers.SanitizeAll(["id", "ID", "name", "", "name"], "column"));

    [Fact]
    public void Quote_doubles_embedded_quotes()
    {
        Assert.Equal("\"a\"\"b\"", Identifiers.Quote("a\"b"));
        Assert.Equal("'it''s'", Identifiers.Literal("it's"));
    }

    [Theory]
    [InlineData("../../etc/passwd.csv", "passwd.csv")]
    [InlineData("C:\\Users\\x\\data.csv", "data.csv")]
    [InlineData("..", "upload")]
    [InlineData(".hidden.csv", "hidden.csv")]
    [InlineData(null, "upload")]
    public void File_names_lose_their_paths(string? name, string expected) =>
        Assert.Equal(expected, ImportFormats.SafeFileName(name));

    [Theory]
    [InlineData("a.csv", ImportFormat.Csv)]
    [InlineData("a.TSV", ImportFormat.Tsv)]
    [InlineData("a.json", ImportFormat.Json)]
    [InlineData("a.ndjson", ImportFormat.JsonLines)]
    public void Formats_follow_the_extension(string name, ImportFormat expected) =>
        Assert.Equal(expected, ImportFormats.Detect(name, "x"u8));

    [Fact]
    public void Database_files_are_told_apart_by_their_header()
    {
        Assert.Equal(ImportFormat.Sqlite, ImportFormats.Detect("x.db", "SQLite format 3\0rest"u8));
        Assert.Equal(ImportFormat.DuckDb, ImportFormats.Detect("x.db", "\0\0\0\0\0\0\0\0DUCKrest"u8));
        Assert.Throws<UserFacingException>(() => ImportFormats.Detect("x.db", "hello world, not a db"u8));
    }

    [Theory]
    [InlineData("a.exe")]
    [InlineData("a.xls")]
    [InlineData("noextension")]
    public void Unsupported_types_are_415(string name) =>
        Assert.Equal(415, Assert.Throws<UserFacingException>(() => ImportFormats.Detect(name, "x"u8)).Status);

    [Fact]
    public void A_zip_claiming_to_be_parquet_is_rejected() =>
        Assert.Contains("Parquet", Assert.Throws<UserFacingException>(() => ImportFormats.Detect("a.parquet", "PK\x03\x04"u8)).Message);
}
