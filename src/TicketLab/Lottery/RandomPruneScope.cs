namespace TicketLab.Lottery;

/// <summary>How the random-prune baseline matches the ticket's sparsity.</summary>
public enum RandomPruneScope
{
    /// <summary>The same number of pruned weights in every tensor as the ticket.</summary>
    LayerMatched,
    /// <summary>The same total number pruned, drawn uniformly over all prunable weights.</summary>
    Global,
}
