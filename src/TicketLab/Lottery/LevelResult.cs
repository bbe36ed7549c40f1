using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>The outcome of training one network at one pruning level: which method, how sparse, how it trained.</summary>
public sealed record LevelResult(
    int Level,
    string Method,                      // a LotteryMethod's Name
    double Sparsity,                    // pruned ÷ prunable weights
    double SparsityOfAll,               // pruned ÷ all parameters
    IReadOnlyList<TensorSparsity> PerTensor,
    TrainingResult Training)
{
    /// <summary>How an early-bird ticket was drawn (<see cref="EarlyBirdMethod"/>); null for every other method, and then not written.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EarlyBirdDraw? EarlyBird { get; init; }
}
