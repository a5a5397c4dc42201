using System.Text;

namespace DataCharts.Core.Agent.Offline;

/// <summary>
/// A Chinese → English glossary of analytic words and common column concepts. Chinese questions are rewritten into
/// English cue words (values in the data are matched before this, on the original text), so one parser serves both.
/// </summary>
public static class Glossary
{
    // Longest terms first at use time. Kept general: question words, aggregates, comparisons, time, charts and
    // the everyday nouns columns are named after.
    private static readonly (string Zh, string En)[] Terms =
    [
        // question shapes and aggregates
        ("有多少个", " how many "), ("有多少", " how many "), ("多少个", " how many "), ("多少", " how many "), ("几个", " how many "), ("数量", " count "), ("个数", " count "), ("次数", " count "),
        ("总共", " total "), ("一共", " total "), ("总和", " total "), ("总计", " total "), ("合计", " total "), ("总额", " total "), ("总", " total "),
        ("平均值", " average "), ("平均数", " average "), ("平均", " average "), ("均值", " average "), ("中位数", " median "), ("中值", " median "),
        ("最大值", " maximum "), ("最小值", " minimum "), ("最高", " highest "), ("最低", " lowest "), ("最多", " most "), ("最少", " least "),
        ("最大", " largest "), ("最小", " smallest "), ("最贵", " most expensive "), ("最便宜", " cheapest "), ("最长", " longest "), ("最短", " shortest "),
        ("最重", " heaviest "), ("最轻", " lightest "), ("最老", " oldest "), ("最年轻", " youngest "),
        ("不同的", " distinct "), ("不重复", " distinct "), ("唯一", " distinct "), ("多少种", " how many distinct "), ("几种", " how many distinct "),
        ("百分比", " percentage "), ("比例", " proportion "), ("占比", " share "), ("比率", " rate "), ("概率", " rate "), ("率", " rate "),
        ("分布", " distribution "), ("直方图", " histogram "), ("关系", " relationship "), ("相关性", " correlation "), ("相关", " correlation "),
        ("趋势", " trend "), ("变化", " over time "), ("随时间", " over time "),
        // grouping
        ("每一个", " each "), ("每个", " each "), ("每种", " each "), ("每位", " each "), ("每家", " each "), ("各个", " each "), ("各", " each "), ("不同", " each "),
        ("按照", " by "), ("按", " by "), ("分别", " each "), ("每年", " by year "), ("每月", " by month "), ("每天", " by day "), ("每周", " by week "), ("每季度", " by quarter "),
        ("按年", " by year "), ("按月", " by month "), ("按天", " by day "), ("按季度", " by quarter "), ("年度", " yearly "), ("月度", " monthly "),
        ("去年", " last year "), ("今年", " this year "), ("上个月", " last month "), ("上月", " last month "), ("本月", " this month "), ("这个月", " this month "),
        ("上个季度", " last quarter "), ("上季度", " last quarter "), ("本季度", " this quarter "), ("这个季度", " this quarter "),
        // comparisons and filters
        ("大于等于", " at least "), ("小于等于", " at most "), ("不少于", " at least "), ("不超过", " at most "), ("大于", " greater than "), ("多于", " more than "),
        ("超过", " more than "), ("高于", " above "), ("小于", " less than "), ("少于", " fewer than "), ("低于", " below "), ("等于", " equal to "), ("之间", " between "),
        ("以上", " or more "), ("以下", " or less "), ("除了", " except "), ("不是", " not "), ("不包括", " excluding "), ("排除", " excluding "), ("只看", " only "), ("只有", " only "), ("只要", " only "), ("仅", " only "),
        ("之前", " before "), ("以前", " before "), ("之后", " after "), ("以后", " after "), ("前", " top "), ("后", " bottom "), ("和", " and "), ("与", " and "), ("及", " and "), ("或", " or "), ("在", " in "), ("的", " "), ("是", " is "), ("为", " is "),
        ("年", " year "), ("月份", " month "), ("月", " month "), ("季度", " quarter "), ("日期", " date "), ("时间", " time "), ("星期", " day "), ("周", " week "),
        // charts
        ("饼图", " pie chart "), ("饼状图", " pie chart "), ("柱状图", " bar chart "), ("条形图", " horizontal bar chart "), ("折线图", " line chart "), ("线图", " line chart "),
        ("散点图", " scatter plot "), ("面积图", " area chart "), ("箱线图", " box plot "), ("箱形图", " box plot "), ("热力图", " heatmap "), ("堆叠", " stacked "), ("图表", " chart "), ("画", " plot "),
        // everyday nouns columns and tables are named after
        ("销售总额", " total sales "), ("销售额", " sales "), ("销售", " sales "), ("各国", " each country "), ("花费", " spent "), ("消费", " spent "), ("销量", " quantity "), ("收入", " revenue "), ("营收", " revenue "), ("利润", " profit "), ("金额", " amount "), ("价格", " price "), ("单价", " unit price "),
        ("票价", " fare "), ("费用", " cost "), ("成本", " cost "), ("小费", " tip "), ("账单", " bill "), ("折扣", " discount "), ("数目", " number "),
        ("客户", " customer "), ("顾客", " customer "), ("用户", " user "), ("员工", " employee "), ("雇员", " employee "), ("产品", " product "), ("商品", " product "),
        ("类别", " category "), ("类型", " type "), ("种类", " kind "), ("地区", " region "), ("区域", " region "), ("国家", " country "), ("城市", " city "), ("州", " state "),
        ("渠道", " channel "), ("线上", " online "), ("网上", " online "), ("客单价", " order value "), ("订单", " order "), ("发票", " invoice "), ("专辑", " album "), ("艺术家", " artist "), ("歌手", " artist "), ("曲目", " track "), ("歌曲", " track "),
        ("流派", " genre "), ("媒体类型", " media type "), ("播放列表", " playlist "), ("作曲家", " composer "), ("作曲", " composer "), ("时长", " milliseconds "), ("字节", " bytes "),
        ("性别", " sex "), ("男性", " male "), ("女性", " female "), ("雌性", " female "), ("雄性", " male "), ("母的", " female "), ("公的", " male "), ("男", " male "), ("女", " female "), ("年龄", " age "), ("岁", " age "), ("乘客", " passengers "),
        ("生还", " survived "), ("幸存", " survived "), ("存活", " survived "), ("舱位", " class "), ("等级", " class "), ("船舱", " deck "), ("登船", " embark "), ("港口", " town "),
        ("吸烟", " smoker "), ("吸烟者", " smoker "), ("人数", " count "), ("晚餐", " dinner "), ("午餐", " lunch "),
        ("物种", " species "), ("岛屿", " island "), ("岛", " island "), ("企鹅", " penguins "), ("喙长", " bill length "), ("喙深", " bill depth "),
        ("嘴长", " bill length "), ("鳍长", " flipper length "), ("鳍状肢", " flipper "), ("脚蹼", " flipper "), ("体重", " body mass "), ("质量", " mass "), ("重量", " weight "),
        ("钻石", " diamonds "), ("克拉", " carat "), ("切工", " cut "), ("颜色", " color "), ("净度", " clarity "), ("深度", " depth "), ("宽度", " width "), ("长度", " length "), ("高度", " height "),
        ("花萼", " sepal "), ("花瓣", " petal "), ("鸢尾花", " iris "), ("油耗", " mpg "), ("气缸", " cylinders "), ("排量", " displacement "), ("马力", " horsepower "),
        ("加速", " acceleration "), ("车型年份", " model year "), ("产地", " origin "), ("原产地", " origin "), ("汽车", " cars "), ("车", " cars "), ("名称", " name "), ("名字", " name "),
        ("航班", " flights "), ("旅客", " passengers "), ("分数", " score "), ("评分", " rating "), ("温度", " temperature "), ("退货", " returned "), ("单位", " units "),
        // everyday nouns of other fields: education, health, logistics, finance, the web
        ("学生", " students "), ("课程", " courses "), ("讲师", " instructors "), ("教师", " teachers "), ("老师", " teachers "), ("院系", " department "), ("学院", " college "),
        ("学期", " term "), ("成绩", " grade "), ("绩点", " grade points "), ("学分", " credits "), ("学费", " fees "), ("毕业", " graduated "), ("国籍", " nationality "),
        ("入学", " enrolled "), ("选课", " enrolments "), ("导师", " mentor "), ("病人", " patients "), ("患者", " patients "), ("医生", " doctors "), ("诊断", " diagnosis "),
        ("住院", " admissions "), ("仓库", " warehouses "), ("库存", " stock "), ("供应商", " suppliers "), ("运费", " freight "), ("承运商", " shippers "), ("账户", " accounts "),
        ("交易", " transactions "), ("余额", " balance "), ("贷款", " loans "), ("访问", " visits "), ("点击", " clicks "), ("页面", " pages "), ("会员", " members "),
        ("门店", " stores "), ("商店", " stores "), ("品牌", " brand "), ("评价", " reviews "), ("评论", " reviews "), ("订阅", " subscriptions "), ("套餐", " plan "),
        ("满意度", " satisfaction "), ("推荐", " recommend "), ("工资总额", " total salary "), ("奖金", " bonus "), ("职位", " title "), ("入职日期", " hire date "),
        ("总数", " how many "), ("还没有", " not yet "), ("尚未", " not yet "), ("没有", " no "), ("未", " not "),
        ("分钟", " minutes "), ("小时", " hours "), ("秒钟", " seconds "), ("公斤", " kg "), ("千克", " kg "), ("毫秒", " milliseconds "),
        ("离职", " left "), ("已离职", " left "), ("入职", " hired "), ("在职", " current "), ("延迟发货", " shipped late "), ("延迟", " late "), ("逾期", " overdue "), ("发货", " shipped "),
        ("多少人", " how many people "), ("听众", " listeners "), ("受访者", " respondents "), ("歌", " song "), ("播放次数", " number of plays "), ("播放", " plays "),
        ("下载次数", " number of downloads "), ("下载", " downloads "), ("谁", " who "), ("部门", " department "), ("工资", " salary "), ("薪水", " salary "), ("经理", " manager "),
        ("显示", " show "), ("颗", " "), ("只", " "), ("辆", " "), ("件", " "), ("首", " "), ("张", " "), ("本", " "), ("条", " "), ("名", " "), ("位", " "), ("个", " "), ("列出", " list "), ("哪个", " which "), ("哪些", " which "), ("哪", " which "), ("什么", " what "), ("如何", " how "), ("怎样", " how "), ("吗", " "), ("呢", " "), ("？", " "), ("，", " "), ("。", " "),
    ];

    private static readonly (string Zh, string En)[] Ordered = Terms.OrderByDescending(t => t.Zh.Length).ToArray();

    private static readonly Dictionary<char, int> Numerals = new()
    {
        ['零'] = 0, ['一'] = 1, ['二'] = 2, ['两'] = 2, ['三'] = 3, ['四'] = 4, ['五'] = 5, ['六'] = 6, ['七'] = 7, ['八'] = 8, ['九'] = 9, ['十'] = 10,
    };

    public static bool HasCjk(string s) => s.Any(IsCjk);

    private static readonly HashSet<string> CueWords = ["how many", "count", "total", "average", "median", "maximum", "minimum", "highest", "lowest", "most", "least", "number", "distinct", "percentage", "proportion", "share", "rate", "each", "by"];

    /// <summary>A Chinese word the glossary reads as a question word ("数量" = count), so it is not also a column's synonym.</summary>
    public static bool IsCueTerm(string word) =>
        HasCjk(word) && Terms.Any(t => t.Zh == word && CueWords.Contains(t.En.Trim()));

    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uff00' and <= '\uffef' or >= '\u3000' and <= '\u303f';

    /// <summary>Rewrites Chinese words into English cue words; other text passes through.</summary>
    public static string ToEnglish(string text)
    {
        if (!HasCjk(text)) return text;
        var sb = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsCjk(text[i]))
            {
                sb.Append(text[i++]);
                continue;
            }
            // Chinese numerals such as 五 or 十二 become digits.
            if (Numerals.ContainsKey(text[i]) && ParseNumeral(text, i, out var value, out var used) && used > 0)
            {
                sb.Append(' ').Append(value).Append(' ');
                i += used;
                continue;
            }
            var matched = false;
            foreach (var (zh, en) in Ordered)
            {
                if (string.CompareOrdinal(text, i, zh, 0, zh.Length) != 0) continue;
                sb.Append(en);
                i += zh.Length;
                matched = true;
                break;
            }
            if (!matched) sb.Append(text[i++]);
        }
        return sb.ToString();
    }

    private static bool ParseNumeral(string text, int start, out int value, out int used)
    {
        value = 0;
        used = 0;
        var current = 0;
        var i = start;
        while (i < text.Length && Numerals.TryGetValue(text[i], out var d))
        {
            if (d == 10) { current = (current == 0 ? 1 : current) * 10; value += current; current = 0; }
            else current = d;
            i++;
        }
        value += current;
        used = i - start;
        // A lone 一 inside words (一共, 一些) is not a number worth reading; those words are in the glossary anyway.
        return used > 0 && !(used == 1 && text[start] == '一' && i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '个' and not '种' and not '位' and not '名');
    }
}
