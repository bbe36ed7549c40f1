using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>Magnitude at initialisation: keeps the weights of largest |w| at the rewind weights, one threshold over all prunable tensors.</summary>
public sealed class MagnitudeInitMethod : PruneAtInitMethod
{
    public override string Name => "magnitude-init";

    public override Baselines? Baseline => Baselines.MagnitudeInit;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        KeepHighest(dense, dense.Names.ToDictionary(n => n, n => context.RewindWeights[n].abs()), count);
}
