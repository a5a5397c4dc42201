using System.Globalization;

namespace DataCharts.Web.Pages.Shared;

/// <summary>How long ago something happened, in the words people use in lists ("5 min ago", "yesterday").</summary>
public static class TimeAgo
{
    /// <summary><paramref name="then"/> relative to <paramref name="now"/>; a date once it is more than a week old.</summary>
    public static string Of(DateTimeOffset then, DateTimeOffset now)
    {
        var ago = now - then;
        if (ago < TimeSpan.FromMinutes(1)) return "just now"; // a clock a moment ahead is "just now" too, never "in 2 s"
        if (ago < TimeSpan.FromHours(1)) return $"{(int)ago.TotalMinutes} min ago";
        if (ago < TimeSpan.FromDays(1)) return $"{(int)ago.TotalHours} h ago";
        if (ago < TimeSpan.FromDays(2)) return "yesterday";
        if (ago < TimeSpan.FromDays(7)) return $"{(int)ago.TotalDays} days ago";
        return then.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>The machine-readable form for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
