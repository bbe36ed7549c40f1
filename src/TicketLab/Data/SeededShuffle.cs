namespace TicketLab.Data;

/// <summary>Fisher–Yates shuffles driven by SplitMix64, so a (seed, stream) gives the same order on every .NET version and machine.</summary>
internal static class SeededShuffle
{
    /// <summary>A permutation of 0..count-1 for this seed and stream (e.g. class index or epoch).</summary>
    public static int[] Permutation(int count, long seed, long stream)
    {
        var p = new int[count];
        for (int i = 0; i < count; i++) p[i] = i;
        Shuffle(p, seed, stream);
        return p;
    }

    public static void Shuffle<T>(T[] items, long seed, long stream)
    {
        ulong state = Mix((ulong)seed ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL));
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Bounded(ref state, (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // Lemire's multiply-shift with rejection: unbiased and cheap.
    private static ulong Bounded(ref ulong state, ulong bound)
    {
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = Next(ref state);
            UInt128 m = (UInt128)r * bound;
            if ((ulong)m >= threshold) return (ulong)(m >> 64);
        }
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
