namespace DataCharts.Core.Charts;

/// <summary>
/// PNGs drawn while laying out an overlay, kept briefly so the image request that follows (the browser asks for the
/// picture the fragment names) is served without drawing it again. Bounded by bytes, least recently used out.
/// </summary>
public sealed class ChartImageCache(long maxBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Bytes)>> index = [];
    private readonly LinkedList<(string Key, byte[] Bytes)> order = new();
    private long bytes;

    public bool TryGet(string key, out byte[] png)
    {
        lock (gate)
        {
            if (index.TryGetValue(key, out var node))
            {
                order.Remove(node);
                order.AddLast(node);
                png = node.Value.Bytes;
                return true;
            }
        }
        png = [];
        return false;
    }

    public void Add(string key, byte[] png)
    {
        if (png.Length > maxBytes / 4) return;
        lock (gate)
        {
            if (index.Remove(key, out var old)) Drop(old);
            index[key] = order.AddLast((key, png));
            bytes += png.Length;
            while (bytes > maxBytes && order.First is { } oldest)
            {
                index.Remove(oldest.Value.Key);
                Drop(oldest);
            }
        }
    }

    private void Drop(LinkedListNode<(string Key, byte[] Bytes)> node)
    {
        order.Remove(node);
        bytes -= node.Value.Bytes.Length;
    }
}
