using System.Globalization;
using DataCharts.Core.Presentation;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// The reader's culture, from the browser's Accept-Language, for numbers and dates shown on pages and in answers. It is
/// passed where values are formatted, never set as the thread's culture: parsing of inputs, SQL and exports stays
/// invariant whatever the browser says.
/// </summary>
public static class ReaderCulture
{
    private static readonly object Key = new();

    public static CultureInfo Of(HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var known) && known is CultureInfo c) return c;
        c = Cultures.FromAcceptLanguage(http.Request.Headers.AcceptLanguage.ToString());
        http.Items[Key] = c;
        return c;
    }
}
