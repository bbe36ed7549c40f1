using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>One finished level of one run as stored: its sparsity and the metrics at the kept (best-validation) epoch.</summary>
public sealed record LevelRecord(
    string Run,
    int Level,
    string Method,
    double Sparsity,                    // pruned ÷ prunable weights
    double SparsityOfAll,               // pruned ÷ all parameters (the embedding included)
    int BestEpoch,
    Metrics Train,                      // at the best epoch
    Metrics Validation,                 // at the best epoch
    Metrics Test,
    double Seconds,
    IReadOnlyList<TensorSparsity> PerTensor)
{
    /// <summary>Fraction of the prunable weights still kept.</summary>
    public double Remaining => 1 - Sparsity;

    /// <summary>Fraction of all parameters still kept, the embedding included.</summary>
    public double RemainingOfAll => 1 - SparsityOfAll;
}
