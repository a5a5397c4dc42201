namespace DataCharts.Core.Semantics;

/// <summary>
/// A small general lexicon of business words: Chinese nouns for common entities and English/Chinese synonyms for
/// common measures and dimensions. General on purpose (any shop, HR, school, clinic or media schema), not one data set's.
/// </summary>
public static class Lexicon
{
    /// <summary>English singular noun (phrase) → Chinese nouns.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ChineseNouns = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = ["客户", "顾客"],
        ["client"] = ["客户"],
        ["order"] = ["订单"],
        ["order detail"] = ["订单明细"],
        ["order line"] = ["订单明细", "订单行"],
        ["order item"] = ["订单明细", "订单项"],
        ["product"] = ["产品", "商品"],
        ["item"] = ["商品", "项目"],
        ["employee"] = ["员工", "雇员"],
        ["staff"] = ["员工"],
        ["supplier"] = ["供应商"],
        ["vendor"] = ["供应商"],
        ["category"] = ["类别", "分类"],
        ["shipper"] = ["承运商", "货运公司"],
        ["invoice"] = ["发票"],
        ["invoice line"] = ["发票明细"],
        ["invoice item"] = ["发票明细"],
        ["track"] = ["曲目", "歌曲"],
        ["song"] = ["歌曲"],
        ["album"] = ["专辑"],
        ["artist"] = ["艺术家", "歌手"],
        ["genre"] = ["流派"],
        ["playlist"] = ["播放列表"],
        ["media type"] = ["媒体类型"],
        ["region"] = ["地区", "区域"],
        ["territory"] = ["辖区", "销售区域"],
        ["country"] = ["国家"],
        ["city"] = ["城市"],
        ["state"] = ["州", "省"],
        ["province"] = ["省份"],
        ["department"] = ["部门"],
        ["team"] = ["团队"],
        ["student"] = ["学生"],
        ["course"] = ["课程"],
        ["teacher"] = ["教师", "老师"],
        ["instructor"] = ["讲师"],
        ["school"] = ["学校"],
        ["class"] = ["班级"],
        ["enrollment"] = ["选课", "注册"],
        ["grade"] = ["成绩"],
        ["patient"] = ["患者", "病人"],
        ["doctor"] = ["医生"],
        ["visit"] = ["就诊", "访问"],
        ["hospital"] = ["医院"],
        ["store"] = ["门店", "商店"],
        ["shop"] = ["商店"],
        ["sale"] = ["销售"],
        ["payment"] = ["付款", "支付"],
        ["transaction"] = ["交易"],
        ["account"] = ["账户"],
        ["user"] = ["用户"],
        ["member"] = ["会员"],
        ["project"] = ["项目"],
        ["task"] = ["任务"],
        ["ticket"] = ["工单", "票"],
        ["flight"] = ["航班"],
        ["passenger"] = ["乘客"],
        ["airport"] = ["机场"],
        ["airline"] = ["航空公司"],
        ["movie"] = ["电影"],
        ["film"] = ["电影"],
        ["book"] = ["图书", "书"],
        ["author"] = ["作者"],
        ["publisher"] = ["出版社"],
        ["rental"] = ["租赁"],
        ["warehouse"] = ["仓库"],
        ["shipment"] = ["发货", "货运"],
        ["delivery"] = ["配送"],
        ["branch"] = ["分店", "分支"],
        ["company"] = ["公司"],
        ["person"] = ["人员"],
        ["manager"] = ["经理"],
        ["review"] = ["评论"],
        ["survey"] = ["调查"],
        ["response"] = ["回答", "答卷"],
        ["respondent"] = ["受访者"],
        ["event"] = ["事件", "活动"],
        ["location"] = ["地点"],
        ["address"] = ["地址"],
        ["loan"] = ["贷款"],
        ["job"] = ["职位"],
        ["position"] = ["职位"],
        ["salary"] = ["工资"],
        ["contract"] = ["合同"],
        ["campaign"] = ["活动"],
        ["channel"] = ["渠道"],
    };

    /// <summary>A word or phrase of a column name → synonyms in English and Chinese (measures and dimensions alike).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Synonyms = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["revenue"] = ["sales", "income", "turnover", "收入", "销售额", "营收"],
        ["sales"] = ["revenue", "销售额", "销量"],
        ["income"] = ["revenue", "收入"],
        ["price"] = ["cost", "价格", "单价"],
        ["unit price"] = ["price", "单价", "价格"],
        ["quantity"] = ["qty", "units", "数量", "销量"],
        ["qty"] = ["quantity", "数量"],
        ["units"] = ["quantity", "数量", "销量"],
        ["freight"] = ["shipping cost", "shipping", "运费"],
        ["shipping"] = ["freight", "运费"],
        ["salary"] = ["pay", "wage", "工资", "薪水", "薪资"],
        ["wage"] = ["pay", "salary", "工资"],
        ["cost"] = ["expense", "成本", "费用"],
        ["amount"] = ["金额"],
        ["total"] = ["总额", "总计"],
        ["discount"] = ["折扣"],
        ["milliseconds"] = ["duration", "length", "时长"],
        ["duration"] = ["length", "时长"],
        ["bytes"] = ["size", "大小"],
        ["size"] = ["大小"],
        ["age"] = ["年龄"],
        ["score"] = ["分数", "得分"],
        ["rating"] = ["评分"],
        ["weight"] = ["重量"],
        ["height"] = ["身高", "高度"],
        ["tip"] = ["gratuity", "小费"],
        ["fare"] = ["票价"],
        ["profit"] = ["margin", "利润"],
        ["tax"] = ["税", "税额"],
        ["budget"] = ["预算"],
        ["population"] = ["人口"],
        ["temperature"] = ["温度"],
        ["distance"] = ["距离"],
        ["balance"] = ["余额"],
        ["stock"] = ["inventory", "库存"],
        ["country"] = ["nation", "国家"],
        ["city"] = ["town", "城市"],
        ["region"] = ["area", "地区", "区域"],
        ["state"] = ["州", "省"],
        ["name"] = ["名称", "名字"],
        ["title"] = ["标题", "名称"],
        ["gender"] = ["sex", "性别"],
        ["sex"] = ["gender", "性别"],
        ["date"] = ["day", "日期"],
        ["year"] = ["年份", "年"],
        ["month"] = ["月份"],
        ["category"] = ["type", "类别", "分类"],
        ["status"] = ["state", "状态"],
        ["type"] = ["kind", "类型"],
        ["channel"] = ["渠道"],
        ["genre"] = ["流派"],
        ["department"] = ["部门"],
        ["email"] = ["e-mail", "邮箱"],
        ["phone"] = ["telephone", "电话"],
        ["address"] = ["地址"],
        ["company"] = ["公司"],
        ["hire date"] = ["start date", "入职日期"],
        ["birth date"] = ["date of birth", "出生日期"],
        ["order date"] = ["下单日期", "订单日期"],
        ["ship date"] = ["shipped date", "发货日期"],
        ["shipped date"] = ["ship date", "发货日期"],
        ["required date"] = ["due date", "要求日期"],
        ["invoice date"] = ["发票日期"],
        ["postal code"] = ["zip", "zip code", "邮编"],
        ["day"] = ["日"],
        ["level"] = ["级别"],
        ["grade"] = ["成绩", "年级"],
        ["species"] = ["物种"],
        ["island"] = ["岛屿"],
        ["smoker"] = ["吸烟者"],
        ["time"] = ["时间"],
        ["composer"] = ["作曲家"],
        ["satisfaction"] = ["满意度"],
        ["comment"] = ["remark", "评论", "备注"],
        ["count"] = ["number", "数量"],
        ["percent"] = ["percentage", "百分比"],
    };

    /// <summary>Synonyms of a column or measure from its words: the whole phrase first, then each word's.</summary>
    public static IEnumerable<string> SynonymsOf(string phrase)
    {
        if (Synonyms.TryGetValue(phrase, out var whole)) foreach (var s in whole) yield return s;
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) yield break;
        if (Synonyms.TryGetValue(words[^1], out var last))
            foreach (var s in last)
                yield return Words.IsCjk(s[0]) ? s : string.Join(' ', words[..^1].Append(s));
        foreach (var w in words[..^1])
            if (Synonyms.TryGetValue(w, out var each))
                foreach (var s in each.Where(s => Words.IsCjk(s[0]))) yield return s;
    }

    /// <summary>
    /// Chinese nouns for an entity named by an English singular phrase: the phrase's own ("order detail" → 订单明细); else,
    /// when every word has one, the words' first nouns together ("playlist track" → 播放列表曲目, not 曲目, which is the
    /// track's); else the last word's ("tbl customer" → 客户).
    /// </summary>
    public static IEnumerable<string> ChineseNounsOf(string singularPhrase)
    {
        if (ChineseNouns.TryGetValue(singularPhrase, out var whole)) return whole;
        var words = singularPhrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        if (words.Length > 1 && words.All(ChineseNouns.ContainsKey)) return [string.Concat(words.Select(w => ChineseNouns[w][0]))];
        return ChineseNouns.TryGetValue(words[^1], out var nouns) ? nouns : [];
    }
}
