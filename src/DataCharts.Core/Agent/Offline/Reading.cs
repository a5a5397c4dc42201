namespace DataCharts.Core.Agent.Offline;

/// <summary>A cue word or phrase of the question: an aggregate, a grouping, a comparison, a chart request…</summary>
internal sealed record Cue(int Start, int End, string Kind, string Value);

/// <summary>The working text of a question (normalised, Chinese rewritten), what it names and the cue words around them.</summary>
internal sealed class Reading
{
    public string Text = "";
    public List<Mention> Mentions = [];
    public List<Cue> Cues = [];
    public HashSet<Mention> Used = [];
    /// <summary>Phrases read as a condition in words ("not shipped yet", "late", "last month"); the plan uses them.</summary>
    public List<(int Start, int End)> Spans = [];
    /// <summary>Placeholder tokens standing for Chinese names and values found before translation, and the words they stand for.</summary>
    public Dictionary<string, string> Originals = [];
    /// <summary>Readings the planner chose between two it could not tell apart, said to the reader (the answer is then unsure).</summary>
    public List<string> Doubts = [];
    public bool Has(string kind) => Cues.Any(c => c.Kind == kind);
    public Cue? First(string kind) => Cues.FirstOrDefault(c => c.Kind == kind);
}
