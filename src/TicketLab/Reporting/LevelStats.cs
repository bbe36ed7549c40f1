namespace TicketLab.Reporting;

/// <summary>One level and method of a replicate group, each figure as mean ± std over the seeds that finished it.</summary>
public sealed record LevelStats(
    int Level,
    string Method,
    int Seeds,
    Stat Sparsity,                      // pruned ÷ prunable weights
    Stat Remaining,                     // fraction of prunable weights kept
    Stat SparsityOfAll,                 // pruned ÷ all parameters (the embedding included)
    Stat BestEpoch,                     // 1-based
    Stat TrainLoss,                     // at the best (lowest validation loss) epoch
    Stat TrainAccuracy,
    Stat ValidationLoss,
    Stat ValidationAccuracy,
    Stat TestLoss,
    Stat TestAccuracy,
    Stat EpochSeconds,                  // mean wall time of an epoch
    IReadOnlyList<EpochStats> Epochs)
{
    /// <summary>Fraction of all parameters kept: the primary sparsity figure of every table and plot.</summary>
    public Stat RemainingOfAll => new(1 - SparsityOfAll.Mean, SparsityOfAll.Std, SparsityOfAll.N);
}
