using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>Control for late rewinding: the dense network, unpruned, restarted from the rewind point and trained over the rest of the
/// schedule exactly as the tickets are (fresh optimiser state), so "the ticket beats dense" compares like with like.</summary>
/// <remarks>Trained once, at level 0 beside the dense network (it has no sparsity), in every run whose rewind point is not 0.</remarks>
public sealed class DenseRewindMethod : LotteryMethod
{
    public const string Id = "dense-rewind";

    public override string Name => Id;

    public override bool Trains(int level, PruningHparams pruning) =>
        level == 0 && pruning.LevelCount >= 1 && pruning.Rewind.Value != 0;

    public override LevelStart Start(LevelContext context)
    {
        var mask = Mask.Dense(context.Model, context.Pruning.Prunable);
        return new LevelStart(mask, context.RewindWeights, context.RewindStep) { Owned = [mask] };
    }
}
