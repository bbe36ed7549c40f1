namespace TicketLab.Pruning;

/// <summary>How much two masks agree: Jaccard similarity of the sets of weights they keep.</summary>
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
}
