namespace TicketLab.Data;

/// <summary>Fisher–Yates shuffles driven by <see cref="SplitMix64"/>, so a (seed, stream) gives the same order on every .NET version and machine.</summary>
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
        var random = new SplitMix64(SplitMix64.Mix((ulong)seed ^ SplitMix64.Mix((ulong)stream + 0x9E3779B97F4A7C15UL)));
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)random.NextBelow((ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
