namespace TicketLab.Pruning;

/// <summary>The uniform layer budget: every tensor pruned at the same share, the total exact.</summary>
public static class UniformBudget
{
    /// <summary>Pruned count per tensor of <paramref name="shape"/> that removes <paramref name="pruned"/> weights in all.</summary>
    public static long[] Of(Mask shape, long pruned)
    {
        double share = shape.Total == 0 ? 0 : (double)pruned / shape.Total;
        return LayerBudget.Apportion(shape.Tensors.Select(t => t.Keep.numel() * share).ToList(), pruned);
    }
}
