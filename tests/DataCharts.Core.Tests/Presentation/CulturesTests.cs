using DataCharts.Core.Presentation;

namespace DataCharts.Core.Tests.Presentation;

public sealed class CulturesTests
{
    [Theory]
    [InlineData(null, "en-US")]
    [InlineData("", "en-US")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-Hant-TW", "zh-TW")]
    [InlineData("de", "de-DE")]
    [InlineData("de-AT", "de-DE")]
    [InlineData("en-GB,en;q=0.9", "en-GB")]
    [InlineData("fi-FI, de;q=0.5", "de-DE")]
    [InlineData("en;q=0.3, zh;q=0.9", "zh-CN")]
    [InlineData("xx-YY", "en-US")]
    [InlineData("*", "en-US")]
    [InlineData("de;q=0", "en-US")]
    public void The_browsers_languages_pick_a_supported_culture(string? header, string expected) =>
        Assert.Equal(expected, Cultures.FromAcceptLanguage(header).Name);

    [Fact]
    public void A_long_header_is_read_only_so_far()
    {
        var header = string.Join(",", Enumerable.Repeat("xx", 10_000)) + ",zh";
        Assert.Equal("en-US", Cultures.FromAcceptLanguage(header).Name);
    }

    [Fact]
    public void A_chinese_question_gets_chinese_formats_whatever_the_browser()
    {
        Assert.Equal("zh-CN", Cultures.ForAnswer("总收入是多少？", Cultures.Default).Name);
        Assert.Equal("zh-TW", Cultures.ForAnswer("总收入是多少？", Cultures.FromAcceptLanguage("zh-TW")).Name);
        Assert.Equal("de-DE", Cultures.ForAnswer("total revenue", Cultures.FromAcceptLanguage("de")).Name);
    }
}
