namespace DataCharts.Core.Tests.Honesty;

/// <summary>Questions over one survey table (satisfaction 1–5 with some blanks, would_recommend yes/no, plan basic/pro/enterprise).</summary>
public static class SurveySuite
{
    private static readonly int Y1 = HonestyFixture.Y1;

    private const string T = "\"survey_responses\"";

    public static IReadOnlyList<Q> Questions { get; } =
    [
        // 0 plain
        new("v01", 0, "How many respondents are there?", $"SELECT count(*) FROM {T}"),
        new("v02", 0, "average satisfaction", $"SELECT avg(satisfaction) FROM {T}"),
        new("v03", 0, "average satisfaction by plan", $"SELECT plan, avg(satisfaction) FROM {T} GROUP BY 1"),
        new("v04", 0, $"signups per month in {Y1}", $"SELECT strftime(signup_date, '%Y-%m'), count(*) FROM {T} WHERE year(signup_date) = {Y1} GROUP BY 1"),
        new("v05", 0, "distribution of satisfaction scores", $"SELECT satisfaction, count(*) FROM {T} WHERE satisfaction IS NOT NULL GROUP BY 1"),
        new("v06", 0, "median monthly spend by country", $"SELECT country, median(monthly_spend_usd) FROM {T} GROUP BY 1"),

        // 1 conditions
        new("v10", 1, "How many respondents would recommend us?", $"SELECT count(*) FROM {T} WHERE would_recommend = 'yes'"),
        new("v11", 1, "average monthly spend of respondents under 30", $"SELECT avg(monthly_spend_usd) FROM {T} WHERE age < 30"),
        new("v12", 1, "How many people signed up last year?", $"SELECT count(*) FROM {T} WHERE year(signup_date) = year(current_date) - 1"),
        new("v13", 1, "how many respondents left the satisfaction question blank", $"SELECT count(*) FROM {T} WHERE satisfaction IS NULL"),
        new("v14", 1, "average spend of the most satisfied respondents (score 5)", $"SELECT avg(monthly_spend_usd) FROM {T} WHERE satisfaction = 5"),

        // 3 table noun
        new("v30", 3, "How many respondents per country?", $"SELECT country, count(*) FROM {T} GROUP BY 1"),

        // 5 derived
        new("v50", 5, "What percentage would recommend us?", $"SELECT 100.0 * count(*) FILTER (WHERE would_recommend = 'yes') / count(*) FROM {T}"),
        new("v51", 5, "share of respondents recommending us by plan", $"SELECT plan, 100.0 * count(*) FILTER (WHERE would_recommend = 'yes') / count(*) FROM {T} GROUP BY 1"),
        new("v52", 5, "total monthly spend by plan", $"SELECT plan, sum(monthly_spend_usd) FROM {T} GROUP BY 1"),
        new("v53", 5, "annual spend by country", $"SELECT country, 12 * sum(monthly_spend_usd) FROM {T} GROUP BY 1"),

        // 7 superlatives, aliases, A vs B
        new("v70", 7, "Which country is the most satisfied on average?", $"SELECT country, avg(satisfaction) AS a FROM {T} GROUP BY 1 ORDER BY a DESC LIMIT 1", Exact: true),
        new("v71", 7, "How many German respondents?", $"SELECT count(*) FROM {T} WHERE country = 'Germany'"),
        new("v72", 7, "average spend US vs UK", $"SELECT country, avg(monthly_spend_usd) FROM {T} WHERE country IN ('United States', 'United Kingdom') GROUP BY 1"),
        new("v73", 7, "Which plan brings in the most money?", $"SELECT plan, sum(monthly_spend_usd) AS s FROM {T} GROUP BY 1 ORDER BY s DESC LIMIT 1", Exact: true),
        new("v74", 7, "how many women took the survey", $"SELECT count(*) FROM {T} WHERE gender = 'female'"),

        // 8 conversations
        new("v80", 8, "average satisfaction by country", $"SELECT country, avg(satisfaction) FROM {T} GROUP BY 1"),
        new("v81", 8, "just the enterprise plan", $"SELECT country, avg(satisfaction) FROM {T} WHERE plan = 'enterprise' GROUP BY 1", After: "v80"),
        new("v82", 8, "how many respondents signed up each year?", $"SELECT year(signup_date), count(*) FROM {T} GROUP BY 1", After: "v81"),
        new("v83", 8, "按性别统计受访者人数", $"SELECT gender, count(*) FROM {T} GROUP BY 1", After: "v80"),

        // 9 Chinese
        new("v90", 9, "受访者的平均年龄是多少？", $"SELECT avg(age) FROM {T}"),
        new("v91", 9, "各套餐的平均月消费", $"SELECT plan, avg(monthly_spend_usd) FROM {T} GROUP BY 1"),
        new("v92", 9, "愿意推荐的比例是多少？", $"SELECT 100.0 * count(*) FILTER (WHERE would_recommend = 'yes') / count(*) FROM {T}"),

        // 10 uncomputable
        new("v100", 10, "What is the churn rate by plan?", Term: "churn"),
        new("v101", 10, "average satisfaction by industry", Term: "industry"),
        new("v102", 10, "受访者的收入中位数", Term: "收入"),
        new("v103", 7, "average monthly spend of enterprise customers in euros", Term: "euros"),

        // Questions that name something the survey does not record: must be refused or flagged unsure
        new("v15", 1, "How many respondents answered on a phone?", Term: "phone"),
        new("v54", 5, "customer lifetime value by plan", Term: "lifetime"),
        new("v84", 8, "only respondents from the pilot program", After: "v80", Term: "pilot"),
        new("v93", 9, "按行业统计平均满意度", Term: "行业"),
    ];
}
