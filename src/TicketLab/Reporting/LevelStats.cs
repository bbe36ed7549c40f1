namespace TicketLab.Reporting;

/// <summary>One level and method of a replicate group, each figure as mean ± std over the seeds that finished it.</summary>
public sealed record LevelStats(
    int Level,
    string Method,
    int Seeds,
    Stat Remaining,                     // fraction of prunable weights kept
    Stat SparsityOfAll,
    Stat TrainLoss,                     // at the best (lowest validation loss) epoch
    Stat TrainAccuracy,
    Stat ValidationLoss,
    Stat ValidationAccuracy,
    Stat TestLoss,
    Stat TestAccuracy,
    IReadOnlyList<EpochStats> Epochs);
