using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>The outcome of training one network at one pruning level: which method, how sparse, how it trained.</summary>
public sealed record LevelResult(
    int Level,
    string Method,                      // one of Methods
    double Sparsity,                    // pruned ÷ prunable weights
    double SparsityOfAll,               // pruned ÷ all parameters
    IReadOnlyList<TensorSparsity> PerTensor,
    TrainingResult Training);

/// <summary>Method names used in results.</summary>
public static class Methods
{
    public const string Dense = "dense";
    public const string Ticket = "ticket";
    public const string RandomPrune = "random-prune";
    public const string RandomReinit = "random-reinit";
    public const string FineTune = "fine-tune";
}
