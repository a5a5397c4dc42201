using System.Text;

namespace DataCharts.Bench;

/// <summary>
/// Writes a deterministic (seeded) sales-like CSV of roughly 100 bytes per row: 10M rows ≈ 0.93 GiB.
/// Columns exercise what the importer has to get right: integers, ISO dates and timestamps, quoted text with
/// commas and doubled quotes, a zip code with leading zeros (must stay text), missing values, decimals and booleans.
/// Bytes are formatted straight into a buffer: no strings or LINQ per row.
/// </summary>
public static class CsvGenerator
{
    public const string Header = "id,date,created_at,category,customer,sku,zip,qty,price,active";

    /// <summary>Column the importer must keep as text although it looks numeric.</summary>
    public const string CodeColumn = "zip";

    private static readonly byte[][] Categories = Utf8(
    [
        "Electronics", "Books", "\"Books, Music\"", "Garden", "\"Garden \"\"Outdoor\"\"\"", "Toys", "Grocery", "\"Home, Kitchen\"",
        "Sports", "Beauty", "\"12\"\" Vinyl\"", "Automotive", "Office", "Pet Supplies", "Clothing", "\"Health, Personal Care\"",
    ]);

    private static readonly byte[][] FirstNames = Utf8(["Ava", "Noah", "Mia", "Liam", "Zoë", "Lucas", "Emma", "Jonas", "Ines", "Mateo", "Hana", "Yuki", "Omar", "Lea", "Sofia", "Arjun"]);
    private static readonly byte[][] LastNames = Utf8(["Smith", "Müller", "Garcia", "Rossi", "Dubois", "Kowalski", "Nguyen", "Silva", "Jensen", "Tanaka", "Okafor", "Novak", "Costa", "Berg", "Ivanova", "Patel"]);

    /// <returns>The number of bytes written.</returns>
    public static long Write(string path, long rows, ulong seed)
    {
        var dates = new byte[3653][];
        var day0 = new DateOnly(2015, 1, 1);
        for (var i = 0; i < dates.Length; i++) dates[i] = Encoding.ASCII.GetBytes(day0.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        var rng = new Rng(seed);
        const int flushAt = (1 << 20) - 512;
        var buf = new byte[1 << 20];
        var pos = 0;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);

        pos += Encoding.ASCII.GetBytes(Header + "\n", buf.AsSpan(pos));
        for (long id = 1; id <= rows; id++)
        {
            var s = buf.AsSpan();
            pos = Int(s, pos, id);
            s[pos++] = (byte)',';
            var day = (int)rng.Below(dates.Length);
            dates[day].CopyTo(s[pos..]); pos += 10;
            s[pos++] = (byte)',';
            // created_at: a moment on the order day or the day before
            dates[Math.Max(0, day - (int)rng.Below(2))].CopyTo(s[pos..]); pos += 10;
            s[pos++] = (byte)' ';
            var secs = (int)rng.Below(86_400);
            pos = Two(s, pos, secs / 3600); s[pos++] = (byte)':';
            pos = Two(s, pos, secs / 60 % 60); s[pos++] = (byte)':';
            pos = Two(s, pos, secs % 60);
            s[pos++] = (byte)',';
            var cat = Categories[rng.Below(Categories.Length)];
            cat.CopyTo(s[pos..]); pos += cat.Length;
            s[pos++] = (byte)',';
            var first = FirstNames[rng.Below(FirstNames.Length)];
            first.CopyTo(s[pos..]); pos += first.Length;
            s[pos++] = (byte)' ';
            var last = LastNames[rng.Below(LastNames.Length)];
            last.CopyTo(s[pos..]); pos += last.Length;
            s[pos++] = (byte)',';
            s[pos++] = (byte)'S'; s[pos++] = (byte)'K'; s[pos++] = (byte)'U'; s[pos++] = (byte)'-';
            pos = Padded(s, pos, (int)rng.Below(1_000_000), 6);
            s[pos++] = (byte)',';
            pos = Padded(s, pos, (int)rng.Below(100_000), 5); // zip: "00123", ~10 % start with 0
            s[pos++] = (byte)',';
            if (rng.Below(50) != 0) pos = Int(s, pos, 1 + (long)rng.Below(500)); // ~2 % missing
            s[pos++] = (byte)',';
            var cents = 1 + (long)rng.Below(99_999);
            pos = Int(s, pos, cents / 100);
            s[pos++] = (byte)'.';
            pos = Two(s, pos, (int)(cents % 100));
            s[pos++] = (byte)',';
            if (rng.Below(2) == 0) { "true"u8.CopyTo(s[pos..]); pos += 4; }
            else { "false"u8.CopyTo(s[pos..]); pos += 5; }
            s[pos++] = (byte)'\n';
            if (pos >= flushAt)
            {
                fs.Write(buf, 0, pos);
                pos = 0;
            }
        }
        fs.Write(buf, 0, pos);
        return fs.Length;
    }

    private static int Int(Span<byte> s, int pos, long v)
    {
        v.TryFormat(s[pos..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        return pos + n;
    }

    private static int Two(Span<byte> s, int pos, int v)
    {
        s[pos] = (byte)('0' + v / 10);
        s[pos + 1] = (byte)('0' + v % 10);
        return pos + 2;
    }

    private static int Padded(Span<byte> s, int pos, int v, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            s[pos + i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return pos + width;
    }

    private static byte[][] Utf8(string[] values) => values.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>xorshift64*: fast, and the same sequence on every platform and runtime.</summary>
    private struct Rng(ulong seed)
    {
        private ulong state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

        public ulong Next()
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            return state * 2685821657736338717UL;
        }

        public ulong Below(long n) => (Next() >> 11) % (ulong)n;
    }
}
