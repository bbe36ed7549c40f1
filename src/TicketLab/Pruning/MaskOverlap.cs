namespace TicketLab.Pruning;

/// <summary>How much two masks agree: Jaccard similarity of the sets of weights they keep, or the share of positions they decide differently.</summary>
public static class MaskOverlap
{
    /// <summary>|kept in both| ÷ |kept in either|, over the tensors both masks have (1 when both keep nothing).</summary>
    public static double Jaccard(Mask a, Mask b)
    {
        long both = 0, either = 0;
        foreach (var (name, keepA) in a.Tensors)
        {
            if (!b.Names.Contains(name)) continue;
            var keepB = b[name];
            both += keepA.logical_and(keepB).sum().item<long>();
            either += keepA.logical_or(keepB).sum().item<long>();
        }
        return either == 0 ? 1 : (double)both / either;
    }

    /// <summary>The normalised Hamming distance: the share of prunable positions one mask keeps and the other prunes (You et al. 2020);
    /// the masks must cover the same tensors.</summary>
    public static double Hamming(Mask a, Mask b)
    {
        if (!a.Names.Order().SequenceEqual(b.Names.Order()))
            throw new ArgumentException($"masks over different tensors: {string.Join(", ", a.Names)} vs {string.Join(", ", b.Names)}");
        long differ = 0, total = 0;
        foreach (var (name, keepA) in a.Tensors)
        {
            using var ne = keepA.ne(b[name]);
            using var count = ne.count_nonzero();
            differ += count.item<long>();
            total += keepA.numel();
        }
        return total == 0 ? 0 : (double)differ / total;
    }
}
