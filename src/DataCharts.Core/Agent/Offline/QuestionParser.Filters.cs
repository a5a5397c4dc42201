using System.Globalization;
using System.Text.RegularExpressions;
using DataCharts.Core.Charts;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Agent.Offline;

/// <summary>Values, yes/no columns and numeric comparisons (with the column a comparison is about) become filters.</summary>
public sealed partial class QuestionParser
{
    /// <summary>Values become equality filters (IN for several of one column, NOT after a negation); numbers in comparisons become ranges.</summary>
    private void ReadFilters(Reading r, QuerySpec spec)
    {
        // "how many people", "hired the most people": a generic noun is what is counted, even where it is also a value (a
        // "People" department); it is the value only where the question writes it as a name, with a capital.
        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Value && GenericNouns().IsMatch(m.Text) && !CapitalisedInQuestion(m.Text)).ToList())
            r.Mentions.Remove(m);
        foreach (var group in r.Mentions.Where(m => m.Kind == MentionKind.Value && !r.Used.Contains(m)).GroupBy(m => m.Column!.Key))
        {
            var first = group.First();
            var negated = group.Any(m => CueBefore(r, m.Start, 3).Any(c => c.Kind == "negation"));
            // "fall terms": a word inside several values ("2024-Fall", "2025-Fall") keeps the values that contain it.
            foreach (var part in group.Where(m => SchemaIndex.IsPartOfValues(m.Value!)))
                spec.Filters.Add(new FilterSpec(Key(part), "contains", [SchemaIndex.PartWord(part.Value!)]));
            // "weekends": one idea standing for several values, a filter rather than values to compare.
            foreach (var set in group.Where(m => SchemaIndex.ValueSet(m.Value!) is not null))
                spec.Filters.Add(new FilterSpec(Key(set), negated ? "ne" : "in_set", [.. SchemaIndex.ValueSet(set.Value!)!]));
            var vals = group.Where(m => !SchemaIndex.IsPartOfValues(m.Value!) && SchemaIndex.ValueSet(m.Value!) is null).Select(m => m.Value!).Distinct().ToList();
            if (vals.Count > 0) spec.Filters.Add(new FilterSpec(Key(first), negated ? "ne" : "eq", vals));
            foreach (var m in group) r.Used.Add(m);
        }

        // "smokers", "survived", "returned": a yes/no column named as a noun or verb filters on yes (no after a negation),
        // unless the question compares both sides, asks for a rate, or groups by it.
        if (!r.Has("rate"))
            foreach (var group in r.Mentions.Where(m => m.Kind == MentionKind.Column && !r.Used.Contains(m) && IsFlag(m.Column!)).GroupBy(m => m.Column!.Key))
            {
                var m = group.First();
                if (group.Count() > 1 || CueBefore(r, m.Start, 2).Any(c => c.Kind is "group" or "which" or "distribution")) continue;
                if (Regex.IsMatch(r.Text, $@"\b(and|or|vs|versus)\s+non\s*{Regex.Escape(m.Text)}")) continue;
                var negated = CueBefore(r, m.Start, 2).Any(c => c.Kind == "negation");
                spec.Filters.Add(FlagFilter(m.Column!, !negated));
                r.Used.Add(m);
            }

        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && m.Column!.Type == ColumnType.Text && !r.Used.Contains(m)).ToList())
        {
            // "color D", "embarked S": a value named right after its column, however short.
            var next = Regex.Match(r.Text[m.End..], @"^\s+([\p{L}\p{N}]{1,12})\b");
            if (!next.Success || spec.Filters.Any(f => f.Column == Key(m))) continue;
            var value = index.ValuesOf(m.Column!).FirstOrDefault(v => v.Equals(next.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            if (value is null) continue;
            spec.Filters.Add(new FilterSpec(Key(m), "eq", [value]));
            r.Used.Add(m);
        }

        foreach (var m in r.Mentions.Where(m => m.Kind == MentionKind.Column && m.Column!.Type == ColumnType.Integer && !r.Used.Contains(m)).ToList())
        {
            var after = Regex.Match(r.Text[m.End..], @"^\s+(\d{1,6})\b(?!\s*(or more|or less|\+))");
            var before = Regex.Match(r.Text[..m.Start], @"(?<![<>=]\s*|than\s+|least\s+|most\s+|top\s+|bottom\s+)\b(\d{1,6})[\s-]+$");
            var value = after.Success ? after.Groups[1].Value : before.Success ? before.Groups[1].Value : null;
            if (value is null || !index.ValuesOf(m.Column!).Contains(value)) continue;
            spec.Filters.Add(new FilterSpec(Key(m), "eq_num", [value]));
            r.Used.Add(m);
        }

        foreach (Match b in Between().Matches(r.Text))
        {
            // "between 2022 and 2024" is a span of years when the data has dates; the year logic reads it.
            if (Year().IsMatch(b.Groups["a"].Value) && Year().IsMatch(b.Groups["b"].Value) && (TimeColumn() is not null || YearColumn() is not null)) continue;
            var col = NumericColumnNear(r, b.Index, b.Index + b.Length);
            if (col is null) continue;
            spec.Filters.Add(new FilterSpec(Key(col), "between", [b.Groups["a"].Value, b.Groups["b"].Value]));
            r.Used.Add(col);
        }
        foreach (Match c in Comparison().Matches(r.Text))
        {
            if (Between().Matches(r.Text).Any(b => b.Index <= c.Index && c.Index < b.Index + b.Length)) continue;
            // "priced under 1000", "weighs over 5 kg": the verb right before the comparison names its column.
            var byVerb = Regex.IsMatch(r.Text[..c.Index], @"\b(priced|costs?|costing|weighs?|weighing|weighed|aged)\s+$") ? ImpliedColumn(r, c) : null;
            var near = NumericColumnNear(r, c.Index, c.Index + c.Length);
            // The verb's own column wins over another number column further back; the verb itself named as a column ("cost") is that mention.
            var col = byVerb is not null && (near is null || near.Column != byVerb.Column) ? byVerb : near ?? AdjectiveColumn(r, c.Groups["op"].Value) ?? ImpliedColumn(r, c);
            if (col is null) continue;
            var op = c.Groups["op"].Value.ToLowerInvariant();
            var num = decimal.Parse(c.Groups["num"].Value, CultureInfo.InvariantCulture) * (c.Groups["k"].Success ? 1000 : 1);
            var suffix = c.Groups["suffix"].Value.ToLowerInvariant();
            var kind = op switch
            {
                "at least" or "no less than" or ">=" or "greater than or equal to" => "gte",
                "at most" or "no more than" or "<=" or "less than or equal to" => "lte",
                "equal to" or "equals" or "=" => "eq_num",
                _ when op.StartsWith("less", StringComparison.Ordinal) || op.StartsWith("lower", StringComparison.Ordinal) || op.StartsWith("smaller", StringComparison.Ordinal)
                       || op.StartsWith("fewer", StringComparison.Ordinal) || op is "under" or "below" or "<" || op.StartsWith("shorter", StringComparison.Ordinal)
                       || op.StartsWith("lighter", StringComparison.Ordinal) || op.StartsWith("younger", StringComparison.Ordinal) || op.StartsWith("cheaper", StringComparison.Ordinal) => "lt",
                _ => "gt",
            };
            if (suffix.Contains("more") || suffix.Contains("above")) kind = "gte";
            if (suffix.Contains("less") || suffix.Contains("below")) kind = "lte";
            // "longer than 5 minutes" on a column in milliseconds: the number in the column's unit.
            var end = c.Index + c.Length;
            var unitWord = Regex.Match(r.Text[end..], @"^\s*([a-z]+)\b");
            if (unitWord.Success && Units.OfWord(unitWord.Groups[1].Value) is { } asked && Units.OfColumn(col.Column!) is { } stored && Units.Scale(asked, stored) is { } scale)
            {
                num = Math.Round(num * (decimal)scale, 6);
                r.Spans.Add((c.Index, end + unitWord.Length));
            }
            spec.Filters.Add(new FilterSpec(Key(col), kind, [num.ToString(CultureInfo.InvariantCulture)]));
            r.Used.Add(col);
        }
        foreach (Match s in SuffixComparison().Matches(r.Text))
        {
            if (Comparison().Matches(r.Text).Any(c => c.Index <= s.Index && s.Index < c.Index + c.Length)) continue;
            var col = NumericColumnNear(r, s.Index, s.Index + s.Length);
            if (col is null) continue;
            var suffix = s.Groups["suffix"].Value.ToLowerInvariant();
            spec.Filters.Add(new FilterSpec(Key(col), suffix.Contains("less") || suffix.Contains("below") ? "lte" : "gte", [s.Groups["num"].Value]));
            r.Used.Add(col);
        }
    }

    /// <summary>True when the question writes the word with a capital somewhere other than its first word.</summary>
    private bool CapitalisedInQuestion(string word) =>
        currentQuestion is { } q && Regex.Matches(q, $@"(?<![\p{{L}}]){Regex.Escape(word)}(?![\p{{L}}])", RegexOptions.IgnoreCase).Any(m => m.Index > 0 && char.IsUpper(q[m.Index]));

    private Mention? NumericColumnNear(Reading r, int start, int end)
    {
        // "respondents under 30", "passengers over 60": a comparison right after people is about their age.
        if (PersonBefore().IsMatch(r.Text[..start]) && index.Columns.FirstOrDefault(c => c.IsNumeric && c.Words is "age" or "age years") is { } age)
            return new Mention(MentionKind.Column, 0, 0, 1, age, age.Table, null, age.Column);
        var before = r.Mentions.LastOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier && m.End <= start && start - m.End <= 24 && !r.Used.Contains(m));
        var after = r.Mentions.FirstOrDefault(m => m.Kind == MentionKind.Column && m.Column!.IsNumeric && !m.Column.IsIdentifier && m.Start >= end && m.Start - end <= 12 && !r.Used.Contains(m));
        if (after is not null && (before is null || after.Start - end < start - before.End)) return after;
        return before;
    }

    /// <summary>A column a comparison means without naming it: by a unit after the number ("5000 g" → body_mass_g) or a verb ("weigh").</summary>
    private Mention? ImpliedColumn(Reading r, Match comparison)
    {
        var rest = r.Text[(comparison.Index + comparison.Length)..].TrimStart();
        var unit = rest.Split(' ', 2)[0];
        if (unit.Length is > 0 and <= 4)
        {
            var byUnit = Asked(r).FirstOrDefault(c => c.IsNumeric && c.Column.EndsWith("_" + unit, StringComparison.OrdinalIgnoreCase));
            if (byUnit is not null) return new Mention(MentionKind.Column, 0, 0, 1, byUnit, byUnit.Table, null, byUnit.Column);
        }
        var before = r.Text[..comparison.Index];
        string[]? words = Regex.IsMatch(before, @"\bweigh(s|ed|ing)?\b") ? ["mass", "weight", "carat"]
            : Regex.IsMatch(before, @"\b(cost|costs|priced|pay|paid)\b") ? ["price", "cost", "fare", "total"]
            : Regex.IsMatch(before, @"\b(aged|age)\b") ? ["age"]
            : Regex.IsMatch(before, @"\b(last|lasts|lasting)\b") ? ["milliseconds", "duration", "length"]
            : null;
        if (words is null) return null;
        var col = Asked(r).FirstOrDefault(c => c.IsNumeric && words.Any(w => c.Words.Contains(w, StringComparison.Ordinal)));
        return col is null ? null : new Mention(MentionKind.Column, 0, 0, 1, col, col.Table, null, col.Column);
    }

    /// <summary>
    /// The columns, those of the tables the question names first: "the most expensive products" means the products' price,
    /// not the price on their order lines.
    /// </summary>
    private IEnumerable<ColumnRef> Asked(Reading r)
    {
        var named = r.Mentions.Where(m => m.Table is not null).Select(m => m.Table!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return index.Columns.OrderBy(c => named.Contains(c.Table) ? 0 : 1);
    }

    private ColumnRef? SuperlativeColumn(Reading r)
    {
        (string Pattern, string[] Words)[] map =
        [
            (@"\b(most expensive|priciest|cheapest|least expensive|costliest)\b", ["price", "cost", "fare", "amount", "total"]),
            (@"\b(heaviest|lightest)\b", ["mass", "weight", "carat"]),
            (@"\b(longest|shortest)\b", ["length", "duration", "milliseconds"]),
            (@"\b(oldest|youngest)\b", ["age"]),
        ];
        foreach (var (pattern, words) in map)
        {
            if (!Regex.IsMatch(r.Text, pattern)) continue;
            var col = Asked(r).Where(c => c.IsNumeric).FirstOrDefault(c => words.Any(w => c.Words.Split(' ').Contains(w)));
            if (col is not null) return col;
        }
        return null;
    }

    private Mention? AdjectiveColumn(Reading r, string op)
    {
        string[]? words = op.ToLowerInvariant() switch
        {
            var o when o.StartsWith("heavier") || o.StartsWith("lighter") => ["mass", "weight", "carat"],
            var o when o.StartsWith("longer") || o.StartsWith("shorter") => ["length", "duration", "milliseconds"],
            var o when o.StartsWith("older") || o.StartsWith("younger") => ["age"],
            var o when o.StartsWith("cheaper") => ["price", "cost", "fare"],
            _ => null,
        };
        if (words is null) return null;
        var col = Asked(r).FirstOrDefault(c => c.IsNumeric && words.Any(w => c.Words.Contains(w, StringComparison.Ordinal)));
        return col is null ? null : new Mention(MentionKind.Column, 0, 0, 1, col, col.Table, null, col.Column);
    }
}
