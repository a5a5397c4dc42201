namespace DataCharts.Core.Tests.Honesty;

/// <summary>
/// Runs each honesty suite through the offline planner and the guarded runner, prints every outcome and the figures,
/// and holds a ratchet: the figures may not get worse than those recorded below. See Honesty/README.md.
/// </summary>
[Collection(HonestyCollection.Name)]
public sealed class HonestySuiteTests(HonestyFixture f, ITestOutputHelper output)
{
    /// <summary>The floor and ceilings one suite must keep.</summary>
    /// <param name="MinCorrectPct">Correct answers among the must-answer questions, in percent, at least.</param>
    /// <param name="MaxConfidentWrong">Wrong answers given with confidence (unanswerable ones included), at most.</param>
    /// <param name="MaxUnsureRightPct">Right answers marked unsure, in percent of the right ones, at most.</param>
    /// <param name="MinHonestPct">Unanswerable questions refused or flagged with their unused words, in percent, at least.</param>
    public sealed record Ratchet(double MinCorrectPct, int MaxConfidentWrong, double MaxUnsureRightPct, double MinHonestPct);

    // RATCHET: the figures the offline planner reached when these suites were written (issue 11; raised as the planner
    // improved). Raise the floors and lower the ceilings as the planner improves — copy the figures
    // the suite prints — and never loosen them to make a change pass. Where a suite had no right answer marked unsure,
    // the ceiling is the target of 10% rather than 0%.
    public static readonly Dictionary<string, Ratchet> Ratchets = new()
    {
        ["shop"] = new(MinCorrectPct: 90.7, MaxConfidentWrong: 0, MaxUnsureRightPct: 10, MinHonestPct: 100),
        ["hr"] = new(MinCorrectPct: 89.2, MaxConfidentWrong: 0, MaxUnsureRightPct: 10, MinHonestPct: 100),
        ["music"] = new(MinCorrectPct: 88.2, MaxConfidentWrong: 0, MaxUnsureRightPct: 10, MinHonestPct: 100),
        ["survey"] = new(MinCorrectPct: 85.7, MaxConfidentWrong: 0, MaxUnsureRightPct: 10, MinHonestPct: 100),
        // The fifth suite, written without reading the planner (a schema it was not tuned on): the figures of its first
        // run, far from the targets — a measure of generalisation, to be raised as the planner improves.
        ["campus"] = new(MinCorrectPct: 85.1, MaxConfidentWrong: 0, MaxUnsureRightPct: 10, MinHonestPct: 100),
    };

    public static IReadOnlyList<Q> Suite(string name) => name switch
    {
        "shop" => ShopSuite.Questions,
        "hr" => HrSuite.Questions,
        "music" => MusicSuite.Questions,
        "survey" => SurveySuite.Questions,
        "campus" => CampusSuite.Questions,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("shop")]
    [InlineData("hr")]
    [InlineData("music")]
    [InlineData("survey")]
    [InlineData("campus")]
    public async Task Suite_keeps_its_ratchet(string suite)
    {
        var graded = await Grader.RunAsync(f.H, suite, Suite(suite));
        output.WriteLine(Grader.Report(suite, graded, everything: false));
        var figures = Figures.Of(graded);
        var r = Ratchets[suite];
        Assert.True(figures.CorrectPct >= r.MinCorrectPct, $"{suite}: correct {figures.CorrectPct}% fell below the ratchet {r.MinCorrectPct}%");
        Assert.True(figures.ConfidentWrong <= r.MaxConfidentWrong, $"{suite}: {figures.ConfidentWrong} confident wrong answers, the ratchet allows {r.MaxConfidentWrong}");
        Assert.True(figures.UnsureRightPct <= r.MaxUnsureRightPct, $"{suite}: {figures.UnsureRightPct}% of right answers marked unsure, the ratchet allows {r.MaxUnsureRightPct}%");
        Assert.True(figures.HonestPct >= r.MinHonestPct, $"{suite}: {figures.HonestPct}% of unanswerable questions handled honestly, below the ratchet {r.MinHonestPct}%");
    }

    /// <summary>For tuning: every question with its SQL and result, and the figures of all suites together.</summary>
    [Fact(Explicit = true)]
    public async Task Print_everything()
    {
        var all = new List<Graded>();
        foreach (var suite in new[] { "shop", "hr", "music", "survey", "campus" })
        {
            var graded = await Grader.RunAsync(f.H, suite, Suite(suite));
            all.AddRange(graded);
            output.WriteLine(Grader.Report(suite, graded, everything: true));
        }
        output.WriteLine($"=== all suites: {Figures.Of(all)}");
    }
}
