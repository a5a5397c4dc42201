using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DataCharts.Core.Tests.Support;

/// <summary>
/// Minimal valid XLSX packages written part by part with <see cref="ZipArchive"/>, so a test controls exactly what each part
/// inflates to: a workbook of identical rows with a long run of one letter compresses several hundred to 1 (a zip bomb),
/// one of varied rows about 10 to 1.
/// Linked into the Web tests too.
/// </summary>
public static class Workbooks
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>The city of every row of a <c>repeated</c> workbook: ~1 KB per row, of which deflate keeps a few bytes.</summary>
    public static readonly string RepeatedCity = new('x', 1000);

    /// <summary>
    /// One sheet with a header (city, sales) and <paramref name="rows"/> rows: identical rows of <see cref="RepeatedCity"/>
    /// (about 1 KB each) when <paramref name="repeated"/>, else varied ones (about 100 bytes each).
    /// </summary>
    public static byte[] Cities(long rows, bool repeated)
    {
        var repeatedRow = $"<row><c t=\"inlineStr\"><is><t>{RepeatedCity}</t></is></c><c><v>3</v></c></row>";
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "</Types>"));
            Part(zip, "_rels/.rels", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"{PackageRel}\">" +
                $"<Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part(zip, "xl/workbook.xml", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\">" +
                "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"{PackageRel}\">" +
                $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
            Part(zip, "xl/worksheets/sheet1.xml", w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"{Main}\"><sheetData>");
                w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>city</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>sales</t></is></c></row>");
                for (var i = 0L; i < rows; i++)
                {
                    var n = (i + 2).ToString(CultureInfo.InvariantCulture);
                    if (repeated) w.Write(repeatedRow);
                    else w.Write($"<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>city {(i * 7919) % 100_003}</t></is></c><c r=\"B{n}\"><v>{(i * 37 % 1009) * 0.25}</v></c></row>");
                }
                w.Write("</sheetData></worksheet>");
            });
        }
        return ms.ToArray();
    }

    private static void Part(ZipArchive zip, string name, Action<TextWriter> write)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
        write(w);
    }
}
