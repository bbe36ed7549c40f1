namespace TicketLab.Pruning;

/// <summary>Exact smallest-k selection over |w| with deterministic ties (earlier position first).</summary>
internal static class MagnitudeSelection
{
    /// <summary>Clears, in <paramref name="keep"/>, the <paramref name="count"/> kept entries of smallest |weight|.</summary>
    public static void PruneSmallest(IReadOnlyList<float[]> weights, IReadOnlyList<float[]> keep, long count) =>
        ScoreSelection.PruneLowest(weights.Select(w => Array.ConvertAll(w, Math.Abs)).ToList(), keep, count);
}
