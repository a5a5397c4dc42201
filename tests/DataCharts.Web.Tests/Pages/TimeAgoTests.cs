using DataCharts.Web.Pages.Shared;

namespace DataCharts.Web.Tests.Pages;

/// <summary>The "time ago" words of the Home page's and the Chat sidebar's lists.</summary>
public sealed class TimeAgoTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "just now")]
    [InlineData(-30, "just now")] // a clock a moment ahead
    [InlineData(60, "1 min ago")]
    [InlineData(59 * 60 + 59, "59 min ago")]
    [InlineData(3600, "1 h ago")]
    [InlineData(23 * 3600 + 59 * 60, "23 h ago")]
    [InlineData(24 * 3600, "yesterday")]
    [InlineData(2 * 24 * 3600, "2 days ago")]
    [InlineData(6 * 24 * 3600 + 23 * 3600, "6 days ago")]
    [InlineData(7 * 24 * 3600, "30 Nov 2026")]
    public void Says_how_long_ago_in_words_then_the_date_after_a_week(int secondsAgo, string expected) =>
        Assert.Equal(expected, TimeAgo.Of(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void The_machine_readable_time_is_utc_iso_8601() =>
        Assert.Equal("2026-12-07T11:00:00Z", TimeAgo.Iso(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(1))));
}
