namespace TicketLab.Pruning;

/// <summary>Whole per-tensor counts from real-valued shares that add up to an exact total (largest remainders, ties to the earlier tensor).</summary>
public static class LayerBudget
{
    /// <summary>Rounds <paramref name="quotas"/> (each between 0 and its tensor's size) to integers that sum to <paramref name="total"/>.</summary>
    public static long[] Apportion(IReadOnlyList<double> quotas, long total)
    {
        var counts = quotas.Select(q => (long)Math.Floor(q)).ToArray();
        long left = total - counts.Sum();
        foreach (var i in Enumerable.Range(0, quotas.Count).OrderByDescending(i => quotas[i] - counts[i]).ThenBy(i => i))
        {
            if (left <= 0) break;
            if (quotas[i] - counts[i] <= 0) continue;
            counts[i]++;
            left--;
        }
        if (left != 0) throw new ArgumentException($"the quotas add up to {quotas.Sum()}, not {total}", nameof(quotas));
        return counts;
    }
}
