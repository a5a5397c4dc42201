using ScottPlot;

namespace DataCharts.Core.Charts;

/// <summary>
/// One colour per category value across the charts of one place (a conversation, a notebook, a report page): a value
/// keeps the palette slot it first got, so "East" is the same blue in every chart. A value new to the place takes the
/// first slot no other value holds yet (and never one a value of the same chart holds), so colours stay distinct
/// within a chart while there are slots to spare.
/// </summary>
public sealed class CategoryColors
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);

    /// <summary>The number of distinct colours before they repeat.</summary>
    public static int Size => Palette.Colors.Length;

    /// <summary>The colour of palette slot <paramref name="slot"/> (what single-series charts use: slot 0).</summary>
    public static Color Slot(int slot) => Palette.GetColor(((slot % Size) + Size) % Size);

    /// <summary>A place's colours from the slots its earlier charts kept, oldest first (the first slot a value got wins).</summary>
    public static CategoryColors From(IEnumerable<IReadOnlyDictionary<string, int>?> earlier)
    {
        var colors = new CategoryColors();
        foreach (var map in earlier)
            if (map is not null)
                foreach (var (value, slot) in map)
                    colors.slots.TryAdd(value, slot);
        return colors;
    }

    /// <summary>The values this place has coloured, with their slots.</summary>
    public IReadOnlyDictionary<string, int> Slots => slots;

    /// <summary>
    /// Gives each of one chart's values (in drawing order) its slot: the one the place already gave it, or the first
    /// slot that is neither held by another value of the place nor used in this chart. Returns the chart's slots.
    /// </summary>
    public IReadOnlyDictionary<string, int> Assign(IEnumerable<string> chartValues)
    {
        var values = chartValues.Distinct(StringComparer.Ordinal).ToList();
        var chart = new Dictionary<string, int>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        foreach (var v in values)
            if (slots.TryGetValue(v, out var s) && used.Add(s % Size)) chart[v] = s;
        var held = slots.Values.Select(s => s % Size).ToHashSet();
        foreach (var v in values.Where(v => !chart.ContainsKey(v)))
        {
            var slot = Enumerable.Range(0, Size).FirstOrDefault(i => !used.Contains(i) && !held.Contains(i), -1);
            if (slot < 0) slot = Enumerable.Range(0, Size).FirstOrDefault(i => !used.Contains(i), -1);
            if (slot < 0) slot = chart.Count; // more values than colours: they repeat, in order
            chart[v] = slot;
            used.Add(slot % Size);
            held.Add(slot % Size);
            slots.TryAdd(v, slot);
        }
        return chart;
    }

    /// <summary>The colour of a value, assigning it a slot when this place has not seen it.</summary>
    public Color Of(string value) => Slot(slots.TryGetValue(value, out var s) ? s : Assign([value])[value]);
}
