namespace DataCharts.Core.Query;

/// <summary>
/// Query results kept for reuse, bounded by the bytes they hold in all (<see cref="QueryResult.Bytes"/>), least recently
/// used first out. A result larger than a quarter of the budget is not kept, so one huge answer cannot empty the cache.
/// </summary>
public sealed class ResultCache(Func<long> budget)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Dataset, string Key), LinkedListNode<Entry>> index = [];
    private readonly LinkedList<Entry> order = new();

    private sealed record Entry(string Dataset, string Key, QueryOutcome Outcome, long Bytes);

    /// <summary>Bytes held now.</summary>
    public long Bytes { get; private set; }

    public int Count
    {
        get { lock (gate) return index.Count; }
    }

    public bool TryGet(string dataset, string key, out QueryOutcome outcome)
    {
        lock (gate)
        {
            if (index.TryGetValue((dataset, key), out var node))
            {
                order.Remove(node);
                order.AddLast(node);
                outcome = node.Value.Outcome;
                return true;
            }
        }
        outcome = null!;
        return false;
    }

    public void Add(string dataset, string key, QueryOutcome outcome)
    {
        var max = budget();
        var bytes = outcome.Result.Bytes + key.Length * 2 + 256;
        if (bytes > max / 4) return;
        lock (gate)
        {
            if (index.Remove((dataset, key), out var old)) Drop(old);
            index[(dataset, key)] = order.AddLast(new Entry(dataset, key, outcome, bytes));
            Bytes += bytes;
            while (Bytes > max && order.First is { } oldest)
            {
                index.Remove((oldest.Value.Dataset, oldest.Value.Key));
                Drop(oldest);
            }
        }
    }

    /// <summary>Forgets every result of one dataset.</summary>
    public void Forget(string dataset)
    {
        lock (gate)
        {
            foreach (var node in index.Where(x => x.Key.Dataset == dataset).Select(x => x.Value).ToList())
            {
                index.Remove((dataset, node.Value.Key));
                Drop(node);
            }
        }
    }

    private void Drop(LinkedListNode<Entry> node)
    {
        order.Remove(node);
        Bytes -= node.Value.Bytes;
    }
}
