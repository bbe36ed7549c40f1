using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>What a method trains at a level: mask ⊙ start weights, from a start step of the schedule.</summary>
/// <remarks>Disposing it frees only <see cref="Owned"/>, what the method made for this level; the rest belongs to the chain.</remarks>
public sealed record LevelStart(Mask Mask, WeightSnapshot Weights, long Step) : IDisposable
{
    /// <summary>The step at which training captures the weights later levels rewind to (the dense network only).</summary>
    public long? CaptureRewindAt { get; init; }

    /// <summary>A learning rate for every step in place of the schedule (fine-tuning); null: the schedule from <see cref="Step"/> on.</summary>
    public double? LearningRate { get; init; }

    /// <summary>How an early-bird method drew its mask, recorded with the level's result; null for every other method.</summary>
    public EarlyBirdDraw? EarlyBird { get; init; }

    /// <summary>What this start made for itself and frees with it, in order.</summary>
    public IReadOnlyList<IDisposable> Owned { get; init; } = [];

    public void Dispose()
    {
        foreach (var owned in Owned) owned.Dispose();
    }
}
