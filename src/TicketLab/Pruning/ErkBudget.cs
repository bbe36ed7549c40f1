namespace TicketLab.Pruning;

/// <summary>The Erdős–Rényi-kernel layer budget (Evci et al. 2020, RigL): a tensor keeps in proportion to the sum of its dimensions over
/// their product, so small layers stay denser; a tensor that would keep more than all its weights is kept whole and the rest rescaled.</summary>
public static class ErkBudget
{
    /// <summary>Pruned count per tensor of <paramref name="shape"/> that removes <paramref name="pruned"/> weights in all.</summary>
    public static long[] Of(Mask shape, long pruned)
    {
        var sizes = shape.Tensors.Select(t => (double)t.Keep.numel()).ToArray();
        var raw = shape.Tensors.Select(t => t.Keep.shape.Sum(d => (double)d) / t.Keep.shape.Aggregate(1.0, (a, d) => a * d)).ToArray();
        long keep = shape.Total - pruned;
        var dense = new bool[sizes.Length];
        double epsilon = 0;
        while (true)
        {
            double budget = keep - Enumerable.Range(0, sizes.Length).Where(i => dense[i]).Sum(i => sizes[i]);
            double divisor = Enumerable.Range(0, sizes.Length).Where(i => !dense[i]).Sum(i => raw[i] * sizes[i]);
            epsilon = divisor == 0 ? 0 : budget / divisor;
            var over = Enumerable.Range(0, sizes.Length).Where(i => !dense[i] && epsilon * raw[i] > 1).ToList();
            if (over.Count == 0) break;
            // the densest first, as RigL: keeping it whole raises every other tensor's share
            double most = over.Max(i => raw[i]);
            foreach (var i in over.Where(i => raw[i] == most)) dense[i] = true;
        }
        var kept = LayerBudget.Apportion(sizes.Select((n, i) => dense[i] ? n : Math.Min(n, epsilon * raw[i] * n)).ToList(), keep);
        return sizes.Select((n, i) => (long)n - kept[i]).ToArray();
    }
}
