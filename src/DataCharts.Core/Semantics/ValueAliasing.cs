namespace DataCharts.Core.Semantics;

/// <summary>
/// Other names for values found in the data: nationality adjectives, abbreviations and Chinese names of countries
/// ("German" → "Germany", "UK" → "United Kingdom", "美国" → "USA"), US state names and codes, weekday and month
/// abbreviations. Only values present in the column get aliases, each alias pointing at the data's own spelling.
/// </summary>
public static class ValueAliasing
{
    /// <summary>One country a line: its names, demonyms, abbreviations and Chinese name, separated by |.</summary>
    private static readonly string[] Countries =
    [
        "United States|USA|US|U.S.|U.S.A.|America|American|Americans|United States of America|美国",
        "United Kingdom|UK|U.K.|Britain|Great Britain|British|England|English|GB|英国",
        "Germany|German|Germans|Deutschland|DE|德国", "France|French|FR|法国", "Brazil|Brazilian|Brasil|BR|巴西",
        "Canada|Canadian|Canadians|CA|加拿大", "Mexico|Mexican|Mexicans|MX|墨西哥", "Spain|Spanish|España|ES|西班牙",
        "Italy|Italian|Italians|IT|意大利", "Japan|Japanese|JP|日本", "China|Chinese|PRC|CN|中国",
        "India|Indian|Indians|IN|印度", "Russia|Russian|Russians|Russian Federation|RU|俄罗斯",
        "Australia|Australian|Australians|AU|澳大利亚", "Argentina|Argentinian|Argentine|AR|阿根廷",
        "Austria|Austrian|AT|奥地利", "Belgium|Belgian|BE|比利时", "Chile|Chilean|CL|智利", "Colombia|Colombian|CO|哥伦比亚",
        "Czech Republic|Czechia|Czech|CZ|捷克", "Denmark|Danish|Dane|DK|丹麦", "Finland|Finnish|Finn|FI|芬兰",
        "Greece|Greek|GR|希腊", "Hungary|Hungarian|HU|匈牙利", "Ireland|Irish|IE|爱尔兰", "Netherlands|Dutch|Holland|The Netherlands|NL|荷兰",
        "Norway|Norwegian|NO|挪威", "Poland|Polish|Pole|PL|波兰", "Portugal|Portuguese|PT|葡萄牙", "Sweden|Swedish|Swede|SE|瑞典",
        "Switzerland|Swiss|CH|瑞士", "Turkey|Turkish|Türkiye|TR|土耳其", "Venezuela|Venezuelan|VE|委内瑞拉",
        "South Korea|Korea|Korean|Republic of Korea|KR|韩国", "Singapore|Singaporean|SG|新加坡", "Malaysia|Malaysian|MY|马来西亚",
        "Indonesia|Indonesian|ID|印度尼西亚|印尼", "Thailand|Thai|TH|泰国", "Vietnam|Viet Nam|Vietnamese|VN|越南",
        "Philippines|Filipino|Philippine|PH|菲律宾", "New Zealand|New Zealander|Kiwi|NZ|新西兰", "South Africa|South African|ZA|南非",
        "Egypt|Egyptian|EG|埃及", "Nigeria|Nigerian|NG|尼日利亚", "Kenya|Kenyan|KE|肯尼亚", "Israel|Israeli|IL|以色列",
        "Saudi Arabia|Saudi|SA|沙特阿拉伯|沙特", "United Arab Emirates|UAE|Emirati|AE|阿联酋", "Peru|Peruvian|PE|秘鲁",
        "Ukraine|Ukrainian|UA|乌克兰", "Romania|Romanian|RO|罗马尼亚", "Pakistan|Pakistani|PK|巴基斯坦", "Iran|Iranian|IR|伊朗",
        "Taiwan|Taiwanese|TW|台湾", "Hong Kong|HK|香港", "Luxembourg|Luxembourgish|LU|卢森堡", "Iceland|Icelandic|IS|冰岛",
    ];

    private static readonly string[] States =
    [
        "AL|Alabama", "AK|Alaska", "AZ|Arizona", "AR|Arkansas", "CA|California", "CO|Colorado", "CT|Connecticut", "DE|Delaware",
        "FL|Florida", "GA|Georgia", "HI|Hawaii", "ID|Idaho", "IL|Illinois", "IN|Indiana", "IA|Iowa", "KS|Kansas", "KY|Kentucky",
        "LA|Louisiana", "ME|Maine", "MD|Maryland", "MA|Massachusetts", "MI|Michigan", "MN|Minnesota", "MS|Mississippi",
        "MO|Missouri", "MT|Montana", "NE|Nebraska", "NV|Nevada", "NH|New Hampshire", "NJ|New Jersey", "NM|New Mexico",
        "NY|New York", "NC|North Carolina", "ND|North Dakota", "OH|Ohio", "OK|Oklahoma", "OR|Oregon", "PA|Pennsylvania",
        "RI|Rhode Island", "SC|South Carolina", "SD|South Dakota", "TN|Tennessee", "TX|Texas", "UT|Utah", "VT|Vermont",
        "VA|Virginia", "WA|Washington", "WV|West Virginia", "WI|Wisconsin", "WY|Wyoming", "DC|District of Columbia",
    ];

    private static readonly string[] Calendar =
    [
        "Monday|Mon|星期一|周一", "Tuesday|Tue|Tues|星期二|周二", "Wednesday|Wed|星期三|周三", "Thursday|Thu|Thur|Thurs|星期四|周四",
        "Friday|Fri|星期五|周五", "Saturday|Sat|星期六|周六", "Sunday|Sun|星期日|周日|星期天",
        "January|Jan|一月", "February|Feb|二月", "March|Mar|三月", "April|Apr|四月", "May|五月", "June|Jun|六月", "July|Jul|七月",
        "August|Aug|八月", "September|Sep|Sept|九月", "October|Oct|十月", "November|Nov|十一月", "December|Dec|十二月",
    ];

    private static readonly Dictionary<string, string[]> CountryIndex = Index(Countries);
    private static readonly Dictionary<string, string[]> CalendarIndex = Index(Calendar);
    private static readonly Dictionary<string, string[]> StateIndex = Index(States);

    private static Dictionary<string, string[]> Index(string[] groups)
    {
        var index = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in groups)
        {
            var names = g.Split('|');
            foreach (var n in names) index.TryAdd(n, names);
        }
        return index;
    }

    /// <summary>Aliases for the distinct <paramref name="values"/> of one column: alias → the data's values it means.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> For(IReadOnlyList<string> values)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (values.Count == 0) return new Dictionary<string, IReadOnlyList<string>>();
        var present = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
        var names = values.Where(v => v.Length > 2).ToList();
        // Two-letter codes mean countries only in a column that also names countries in full, and states only in a
        // column that is mostly state codes or names: "DE" alone is as likely Delaware as Germany.
        var countryColumn = names.Count(v => CountryIndex.ContainsKey(v)) * 2 >= Math.Max(1, names.Count) || names.Count(v => CountryIndex.ContainsKey(v)) >= 3;
        var stateColumn = values.Count(v => StateIndex.ContainsKey(v)) * 10 >= values.Count * 8;
        if (countryColumn) AddGroups(values, CountryIndex, present, aliases);
        if (stateColumn) AddGroups(values, StateIndex, present, aliases);
        AddGroups(values, CalendarIndex, present, aliases);
        return aliases.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static void AddGroups(IReadOnlyList<string> values, Dictionary<string, string[]> index, HashSet<string> present, Dictionary<string, List<string>> aliases)
    {
        foreach (var v in values)
        {
            if (!index.TryGetValue(v, out var group)) continue;
            foreach (var alias in group.Where(a => !present.Contains(a)))
            {
                if (!aliases.TryGetValue(alias, out var list)) aliases[alias] = list = [];
                if (!list.Contains(v, StringComparer.OrdinalIgnoreCase)) list.Add(v);
            }
        }
    }
}
