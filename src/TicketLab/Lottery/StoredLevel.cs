using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>A finished level read back from a store; disposing it frees its mask and weights.</summary>
/// <param name="Result">the level's result.</param>
/// <param name="Mask">the mask it trained under.</param>
/// <param name="Trained">the best epoch's weights (lowest validation loss).</param>
/// <param name="Final">the weights at the end of training, kept when a later level scores them and they differ from
/// <paramref name="Trained"/>; null when the last epoch was the best one or nothing scores them.</param>
public sealed record StoredLevel(LevelResult Result, Mask Mask, WeightSnapshot Trained, WeightSnapshot? Final = null) : IDisposable
{
    /// <summary>The weights the next mask is scored on.</summary>
    public WeightSnapshot ScoredWeights(ScoreWeights which) => which == ScoreWeights.Final ? Final ?? Trained : Trained;

    /// <summary>Whether the final weights are at hand: kept, or the same as the best epoch's.</summary>
    public bool HasFinal => Final is not null || Result.Training.Epochs.Count == 0 || Result.Training.BestEpoch == Result.Training.Epochs[^1].Epoch;

    public void Dispose()
    {
        Mask.Dispose();
        Trained.Dispose();
        Final?.Dispose();
    }
}
