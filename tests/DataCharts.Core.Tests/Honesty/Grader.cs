using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Honesty;

/// <summary>
/// One question of a suite. With <see cref="Truth"/> (hand-written DuckDB SQL over the same dataset) it must be answered;
/// without, it must come back unsure (<c>Confident == false</c> with unused terms) or refused (<c>Sql == null</c>).
/// </summary>
/// <param name="Id">Short id, unique in the suite; a follow-up names its predecessor in <see cref="After"/>.</param>
/// <param name="Style">The failure style of issue 11 it probes (0 = plain questions that must stay right).</param>
/// <param name="Exact">Winner and top-N questions: the result may hold no more rows than the truth.</param>
/// <param name="Term">For unsure questions: the word the planner cannot use (informational; any unused term counts).</param>
public sealed record Q(string Id, int Style, string Question, string? Truth = null, string? After = null, bool Exact = false, string? Term = null)
{
    public bool MustAnswer => Truth is not null;
}

public enum Outcome
{
    /// <summary>Right, and said with confidence.</summary>
    CorrectConfident,
    /// <summary>Right, but marked unsure: a cost (the issue wants ≤ 10%).</summary>
    UnsureRight,
    /// <summary>Wrong, said with confidence (or an unanswerable question answered as if sure): the worst outcome.</summary>
    ConfidentWrong,
    /// <summary>Wrong, but marked unsure.</summary>
    WrongUnsure,
    /// <summary>No SQL: the planner said it cannot answer.</summary>
    Refused,
    /// <summary>Unanswerable question, flagged unsure with the unused words named: the right outcome for it.</summary>
    Flagged,
    /// <summary>The planner's SQL failed to run, or the planner threw.</summary>
    Error,
}

/// <param name="InQuestionLanguage">For Chinese questions the planner answered: whether its interpretation (or caveat, or
/// explanation) is in Chinese too; null for other questions.</param>
public sealed record Graded(Q Q, Outcome Outcome, string? Sql, string? Detail, IReadOnlyList<string> Unused, bool? InQuestionLanguage = null);

public sealed record Figures(int Answerable, int Correct, int UnsureRight, int ConfidentWrong, int Refused, int Unanswerable, int Honest,
    int Chinese = 0, int ChineseInChinese = 0)
{
    /// <summary>Share of the must-answer questions answered right (sure or unsure), in percent.</summary>
    public double CorrectPct => Answerable == 0 ? 0 : Math.Round(100.0 * Correct / Answerable, 1);

    /// <summary>Share of the right answers that were marked unsure, in percent.</summary>
    public double UnsureRightPct => Correct == 0 ? 0 : Math.Round(100.0 * UnsureRight / Correct, 1);

    /// <summary>Share of the unanswerable questions refused or flagged unsure with the unused words, in percent.</summary>
    public double HonestPct => Unanswerable == 0 ? 100 : Math.Round(100.0 * Honest / Unanswerable, 1);

    public override string ToString() =>
        $"correct {Correct}/{Answerable} = {CorrectPct}% | confident-wrong {ConfidentWrong} | unsure-right {UnsureRight} = {UnsureRightPct}% of correct | " +
        $"refused {Refused} | unanswerable handled honestly {Honest}/{Unanswerable} = {HonestPct}% | " +
        $"Chinese questions read back in Chinese {ChineseInChinese}/{Chinese}";

    public static Figures Of(IReadOnlyList<Graded> graded)
    {
        var answer = graded.Where(g => g.Q.MustAnswer).ToList();
        var unanswerable = graded.Where(g => !g.Q.MustAnswer).ToList();
        return new Figures(
            answer.Count,
            answer.Count(g => g.Outcome is Outcome.CorrectConfident or Outcome.UnsureRight),
            answer.Count(g => g.Outcome == Outcome.UnsureRight),
            graded.Count(g => g.Outcome == Outcome.ConfidentWrong),
            graded.Count(g => g.Outcome == Outcome.Refused),
            unanswerable.Count,
            unanswerable.Count(g => g.Outcome is Outcome.Refused or Outcome.Flagged),
            graded.Count(g => g.InQuestionLanguage is not null),
            graded.Count(g => g.InQuestionLanguage == true));
    }
}

/// <summary>Runs a suite through the ask harness and grades every answer against its ground truth.</summary>
public static class Grader
{
    public static async Task<List<Graded>> RunAsync(AskHarness h, string dataset, IReadOnlyList<Q> suite)
    {
        var ids = new HashSet<string>();
        foreach (var q in suite)
            Assert.True(ids.Add(q.Id), $"duplicate question id {q.Id}");
        var answers = new Dictionary<string, AskHarness.Answer>();
        var graded = new List<Graded>();
        foreach (var q in suite)
        {
            AskHarness.Answer? previous = null;
            if (q.After is not null)
                Assert.True(answers.TryGetValue(q.After, out previous), $"{q.Id}: its predecessor {q.After} comes later or was not answered");
            // The ground truth is ours: it must run, or the suite itself is broken.
            IReadOnlyList<object?[]>? truth = null;
            if (q.Truth is not null)
            {
                var t = await h.Runner.RunAsync(h[dataset], q.Truth);
                truth = t.Result.Rows;
                Assert.True(truth.Count > 0 && truth[0].Any(v => v is not null), $"{q.Id}: the ground truth is empty");
                if (q.Exact) await AssertNoTieAsync(h, dataset, q);
            }
            AskHarness.Answer a;
            try
            {
                a = await h.AskAsync(dataset, q.Question, previous);
            }
            catch (Exception ex)
            {
                graded.Add(new Graded(q, Outcome.Error, null, $"{ex.GetType().Name}: {ex.Message}", []));
                continue;
            }
            answers[q.Id] = a;
            graded.Add(Grade(q, a, truth));
        }
        return graded;
    }

    private static readonly Regex Limit = new(@"LIMIT\s+(\d+)\s*$", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    /// <summary>A winner or top-N truth must not be one of several tied rows, or the question has no single answer.</summary>
    private static async Task AssertNoTieAsync(AskHarness h, string dataset, Q q)
    {
        var m = Limit.Match(q.Truth!.Trim());
        if (!m.Success) return;
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var rows = (await h.Runner.RunAsync(h[dataset], Limit.Replace(q.Truth!.Trim(), $"LIMIT {n + 1}"))).Result.Rows;
        if (rows.Count <= n || rows[n].Length < 2) return;
        Assert.False(Same(rows[n - 1][^1], rows[n][^1]), $"{q.Id}: rank {n} ties with rank {n + 1} ({Row(rows[n - 1])} vs {Row(rows[n])})");
    }

    private static readonly Regex Cjk = new(@"\p{IsCJKUnifiedIdeographs}", RegexOptions.Compiled);

    private static Graded Grade(Q q, AskHarness.Answer a, IReadOnlyList<object?[]>? truth)
    {
        var graded = GradeRows(q, a, truth);
        if (!Cjk.IsMatch(q.Question)) return graded;
        var said = a.Plan.Interpretation ?? a.Plan.Caveat ?? a.Plan.Explanation ?? "";
        return graded with { InQuestionLanguage = Cjk.IsMatch(said) };
    }

    private static Graded GradeRows(Q q, AskHarness.Answer a, IReadOnlyList<object?[]>? truth)
    {
        var plan = a.Plan;
        var named = plan.UnusedTerms.Count > 0;
        if (plan.Sql is null) return new Graded(q, Outcome.Refused, null, plan.Explanation, plan.UnusedTerms);
        if (truth is null)
        {
            var outcome = plan.Confident ? Outcome.ConfidentWrong : named ? Outcome.Flagged : Outcome.WrongUnsure;
            return new Graded(q, outcome, plan.Sql, outcome == Outcome.WrongUnsure ? "unsure but names no unused term" : Preview(a.Rows), plan.UnusedTerms);
        }
        var right = Contains(a.Rows, truth, q.Exact, out var why);
        var o = (right, plan.Confident) switch
        {
            (true, true) => Outcome.CorrectConfident,
            (true, false) => Outcome.UnsureRight,
            (false, true) => Outcome.ConfidentWrong,
            (false, false) => Outcome.WrongUnsure,
        };
        return new Graded(q, o, plan.Sql, right ? null : why + " | got " + Preview(a.Rows) + " | want " + Preview(truth), plan.UnusedTerms);
    }

    /// <summary>
    /// True when every truth row is held by some result row (each truth value in a distinct cell; column names and order
    /// ignored). A one-cell truth must be a cell of a one-row result. <paramref name="exact"/>: no more rows than the truth.
    /// </summary>
    public static bool Contains(IReadOnlyList<object?[]> result, IReadOnlyList<object?[]> truth, bool exact, out string why)
    {
        why = "";
        if (result.Count == 0) { why = "no rows"; return false; }
        if (truth.Count == 1 && truth[0].Length == 1)
        {
            if (result.Count != 1) { why = $"a single value was asked, got {result.Count} rows"; return false; }
            // A number must be the first or the last numeric cell (the measure, after any dimension); a text any cell.
            var numbers = result[0].Where(c => Num(c) is not null).ToList();
            var candidates = Num(truth[0][0]) is null ? result[0].ToList() : numbers.Take(1).Concat(numbers.TakeLast(1)).ToList();
            if (candidates.Any(c => Same(truth[0][0], c))) return true;
            why = "the value differs";
            return false;
        }
        if (exact && result.Count > truth.Count) { why = $"{result.Count} rows where {truth.Count} were asked"; return false; }
        foreach (var t in truth)
        {
            if (!result.Any(r => Holds(r, t))) { why = "missing row " + Row(t); return false; }
        }
        return true;
    }

    private static bool Holds(object?[] row, object?[] truth)
    {
        var used = new bool[row.Length];
        foreach (var v in truth)
        {
            var hit = false;
            for (var i = 0; i < row.Length && !hit; i++)
                if (!used[i] && Same(v, row[i])) used[i] = hit = true;
            if (!hit) return false;
        }
        return true;
    }

    private static readonly Regex DatePrefix = new(@"^\d{4}-\d{2}(-\d{2})?$", RegexOptions.Compiled);

    /// <summary>Numbers within 0.5% relative or 0.01 absolute; text case-insensitive (a whole word of a longer cell counts,
    /// so "Chen" is in "Mei Chen"); "2024-03" matches a date in that month.</summary>
    public static bool Same(object? want, object? got)
    {
        if (want is null) return got is null;
        if (got is null) return false;
        if (Num(want) is { } w)
        {
            if (Num(got) is not { } g) return false;
            return Math.Abs(w - g) <= 0.01 || Math.Abs(w - g) <= 0.005 * Math.Abs(w);
        }
        var ws = Text(want).Trim();
        var gs = Text(got).Trim();
        if (string.Equals(ws, gs, StringComparison.OrdinalIgnoreCase)) return true;
        if (DatePrefix.IsMatch(ws)) return gs.StartsWith(ws, StringComparison.Ordinal);
        if (ws.Length < 3) return false;
        return Regex.IsMatch(gs, @"(^|[\s,/(])" + Regex.Escape(ws) + @"($|[\s,/)])", RegexOptions.IgnoreCase);
    }

    private static double? Num(object? v) => v switch
    {
        long l => l,
        double d => d,
        int i => i,
        decimal m => (double)m,
        bool => null,
        _ => null,
    };

    private static string Text(object v) => v switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Row(object?[] r) => "(" + string.Join(", ", r.Select(v => v is null ? "null" : Text(v))) + ")";

    public static string Preview(IReadOnlyList<object?[]> rows)
    {
        var sb = new StringBuilder();
        foreach (var r in rows.Take(4)) sb.Append(Row(r)).Append(' ');
        if (rows.Count > 4) sb.Append($"… {rows.Count} rows");
        return sb.ToString().Trim();
    }

    /// <summary>The table printed by a suite: one line per question, with the SQL and why for everything not right.</summary>
    public static string Report(string suite, IReadOnlyList<Graded> graded, bool everything)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"=== {suite}: {graded.Count} questions ===");
        foreach (var g in graded)
        {
            var good = g.Outcome is Outcome.CorrectConfident || (!g.Q.MustAnswer && g.Outcome is Outcome.Flagged or Outcome.Refused);
            var kind = g.Q.MustAnswer ? "answer" : "unsure";
            sb.AppendLine($"{Label(g.Outcome),-16} [{g.Q.Id} s{g.Q.Style} {kind}] {g.Q.Question}");
            if (g.Unused.Count > 0) sb.AppendLine($"    unused: {string.Join(", ", g.Unused)}");
            if (g.InQuestionLanguage == false) sb.AppendLine("    read back in English, not in the question's language");
            if (!good || everything)
            {
                sb.AppendLine($"    sql: {g.Sql ?? "(none)"}");
                if (g.Detail is not null) sb.AppendLine($"    why: {g.Detail}");
            }
        }
        sb.AppendLine($"--- {suite}: {Figures.Of(graded)}");
        foreach (var style in graded.GroupBy(g => g.Q.Style).OrderBy(s => s.Key))
            sb.AppendLine($"    style {style.Key,2}: {Figures.Of(style.ToList())}");
        return sb.ToString();
    }

    private static string Label(Outcome o) => o switch
    {
        Outcome.CorrectConfident => "correct",
        Outcome.UnsureRight => "unsure-right",
        Outcome.ConfidentWrong => "CONFIDENT-WRONG",
        Outcome.WrongUnsure => "wrong-unsure",
        Outcome.Refused => "refused",
        Outcome.Flagged => "flagged",
        _ => "ERROR",
    };
}
