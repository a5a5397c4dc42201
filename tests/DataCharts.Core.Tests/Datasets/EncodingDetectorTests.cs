using System.Text;
using DataCharts.Core.Datasets.Import;

namespace DataCharts.Core.Tests.Datasets;

public sealed class EncodingDetectorTests
{
    private const string Chinese = "城市,销售额\n北京,100\n上海,200\n广州,300\n";

    [Fact]
    public void Plain_ascii_and_utf8_are_utf8()
    {
        Assert.True(EncodingDetector.Detect("a,b\n1,2\n"u8, true).IsUtf8);
        var d = EncodingDetector.Detect(Encoding.UTF8.GetBytes(Chinese), true);
        Assert.Equal("UTF-8", d.Name);
        Assert.Equal(0, d.BomLength);
    }

    [Fact]
    public void Utf8_bom_is_recognised_and_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Chinese)).ToArray();
        var d = EncodingDetector.Detect(bytes, true);
        Assert.True(d.IsUtf8);
        Assert.Equal(3, d.BomLength);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Utf16_with_or_without_bom_decodes_back_to_the_text(bool bigEndian, bool bom)
    {
        var enc = new UnicodeEncoding(bigEndian, false);
        var bytes = (bom ? enc.GetPreamble() : []).Concat(enc.GetBytes("name,city\nAnn,Paris\nBo,北京\n")).ToArray();
        var d = EncodingDetector.Detect(bytes, true);
        Assert.Equal("name,city\nAnn,Paris\nBo,北京\n", d.Encoding.GetString(bytes, d.BomLength, bytes.Length - d.BomLength));
    }

    [Fact]
    public void Gb18030_text_is_recognised()
    {
        var bytes = EncodingDetector.Gb18030.GetBytes(Chinese);
        var d = EncodingDetector.Detect(bytes, true);
        Assert.Equal("GB18030", d.Name);
        Assert.Equal(Chinese, d.Encoding.GetString(bytes));
    }

    [Fact]
    public void Utf8_cut_in_the_middle_of_a_character_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Chinese);
        Assert.True(EncodingDetector.Detect(bytes.AsSpan(0, 14), false).IsUtf8);
    }

    [Fact]
    public void Binary_content_is_rejected_with_the_offset_of_the_nul_byte()
    {
        var bytes = "abc"u8.ToArray().Concat(new byte[] { 0, 1, 2, 3, 200, 150 }).ToArray();
        var ex = Assert.Throws<UserFacingException>(() => EncodingDetector.Detect(bytes, true));
        Assert.Contains("byte 4", ex.Message);
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void Random_bytes_are_not_text()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        Assert.Throws<UserFacingException>(() => EncodingDetector.Detect(bytes, true));
    }

    [Fact]
    public void Empty_is_rejected() =>
        Assert.Contains("empty", Assert.Throws<UserFacingException>(() => EncodingDetector.Detect([], true)).Message);
}
