namespace TicketLab.Pruning;

/// <summary>Exact smallest-k selection over |w| with deterministic ties (earlier position first).</summary>
internal static class MagnitudeSelection
{
    /// <summary>Clears, in <paramref name="keep"/>, the <paramref name="count"/> kept entries of smallest |weight|.</summary>
    public static void PruneSmallest(IReadOnlyList<float[]> weights, IReadOnlyList<float[]> keep, long count)
    {
        if (count <= 0) return;
        var scores = new List<float>();
        for (int t = 0; t < weights.Count; t++)
            for (int i = 0; i < weights[t].Length; i++)
                if (keep[t][i] != 0) scores.Add(Math.Abs(weights[t][i]));
        if (count > scores.Count) throw new ArgumentOutOfRangeException(nameof(count), $"cannot prune {count} of {scores.Count} remaining weights");
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        float threshold = sorted[count - 1];
        long below = 0;
        for (long i = 0; i < count; i++) if (sorted[i] < threshold) below++;
        long atThreshold = count - below; // ties at the threshold are taken in position order
        for (int t = 0; t < weights.Count; t++)
            for (int i = 0; i < weights[t].Length; i++)
            {
                if (keep[t][i] == 0) continue;
                float s = Math.Abs(weights[t][i]);
                if (s < threshold) keep[t][i] = 0;
                else if (s == threshold && atThreshold > 0) { keep[t][i] = 0; atThreshold--; }
            }
    }
}
