using System.Globalization;

namespace DataCharts.Core.Presentation;

/// <summary>
/// The cultures numbers and dates are shown in: the reader's browser languages (Accept-Language) matched to the ones
/// the app supports, en-US when none matches; a Chinese question is answered in Chinese formats whatever the browser.
/// </summary>
public static class Cultures
{
    public static readonly CultureInfo Default = CultureInfo.GetCultureInfo("en-US");
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The cultures offered; a bare language picks the first of its own ("zh" → zh-CN, "de" → de-DE).</summary>
    public static readonly IReadOnlyList<CultureInfo> Supported =
    [
        Default, CultureInfo.GetCultureInfo("en-GB"), Chinese, CultureInfo.GetCultureInfo("zh-TW"), CultureInfo.GetCultureInfo("de-DE"),
        CultureInfo.GetCultureInfo("fr-FR"), CultureInfo.GetCultureInfo("es-ES"), CultureInfo.GetCultureInfo("ja-JP"),
    ];

    /// <summary>How many languages of one header are looked at: the header is the client's, so it is bounded.</summary>
    public const int MaxLanguages = 16;

    /// <summary>
    /// The best supported culture for an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8"): the highest weighted
    /// language that matches exactly, else by language; <see cref="Default"/> when nothing matches.
    /// </summary>
    public static CultureInfo FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return Default;
        var ranked = header.Split(',', MaxLanguages + 1, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(MaxLanguages)
            .Select((part, i) => (Tag: Tag(part), Q: Weight(part), Order: i))
            .Where(x => x.Q > 0 && x.Tag.Length > 0)
            .OrderByDescending(x => x.Q).ThenBy(x => x.Order);
        foreach (var (tag, _, _) in ranked)
            if (Match(tag) is { } culture) return culture;
        return Default;
    }

    /// <summary>The culture of an answer: Chinese formats for a Chinese question, else the reader's.</summary>
    public static CultureInfo ForAnswer(string? question, CultureInfo reader) =>
        question is not null && Agent.Offline.Interpretation.IsChinese(question) && reader.TwoLetterISOLanguageName != "zh" ? Chinese : reader;

    private static CultureInfo? Match(string tag)
    {
        if (tag == "*") return null;
        var exact = Supported.FirstOrDefault(c => c.Name.Equals(tag, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var lower = tag.ToLowerInvariant();
        // Traditional script and its regions read the Taiwan formats.
        if (lower.StartsWith("zh-hant", StringComparison.Ordinal) || lower is "zh-hk" or "zh-mo") return Supported.First(c => c.Name == "zh-TW");
        var lang = lower.Split('-')[0];
        return Supported.FirstOrDefault(c => c.TwoLetterISOLanguageName == lang);
    }

    private static string Tag(string part)
    {
        var semi = part.IndexOf(';');
        var tag = (semi < 0 ? part : part[..semi]).Trim();
        return tag.Length > 35 ? "" : tag;
    }

    private static double Weight(string part)
    {
        var q = part.IndexOf("q=", StringComparison.OrdinalIgnoreCase);
        if (q < 0) return 1;
        return double.TryParse(part[(q + 2)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var w) ? Math.Clamp(w, 0, 1) : 0;
    }
}
