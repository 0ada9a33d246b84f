namespace ServiceDesk.Domain.Problems;

/// <summary>
/// MinHash signatures of term sets and locality-sensitive hashing by bands: two sets with Jaccard similarity J agree
/// on each signature slot with probability J, so sets that share a band (all <see cref="RowsPerBand"/> slots) are
/// likely similar. Hashes are stable across processes (FNV-1a and SplitMix64, never <c>string.GetHashCode</c>).
/// </summary>
public static class MinHash
{
    public const int Bands = 64;
    public const int RowsPerBand = 2;
    public const int Length = Bands * RowsPerBand;

    public static ulong[] Signature(IReadOnlyList<string> terms)
    {
        var signature = new ulong[Length];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var term in terms)
        {
            var h = Fnv1a(term);
            for (var i = 0; i < Length; i++)
            {
                var v = SplitMix(h ^ (0x9E3779B97F4A7C15UL * (ulong)(i + 1)));
                if (v < signature[i])
                {
                    signature[i] = v;
                }
            }
        }
        return signature;
    }

    public static ulong BandKey(ulong[] signature, int band)
    {
        var key = (ulong)band * 0xBF58476D1CE4E5B9UL;
        for (var r = 0; r < RowsPerBand; r++)
        {
            key = SplitMix(key ^ signature[band * RowsPerBand + r]);
        }
        return key;
    }

    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static ulong Fnv1a(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
