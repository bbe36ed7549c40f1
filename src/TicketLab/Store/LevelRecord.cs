using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>One finished level of one run as stored: its sparsity and the metrics at the kept (best-validation) epoch.</summary>
public sealed record LevelRecord(
    string Run,
    int Level,
    string Method,
    double Sparsity,
    double SparsityOfAll,
    int BestEpoch,
    Metrics Train,                      // at the best epoch
    Metrics Validation,                 // at the best epoch
    Metrics Test,
    double Seconds,
    IReadOnlyList<TensorSparsity> PerTensor)
{
    /// <summary>Fraction of the prunable weights still kept.</summary>
    public double Remaining => 1 - Sparsity;
}
