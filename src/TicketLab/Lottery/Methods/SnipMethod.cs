using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>SNIP (Lee et al. 2019): keeps the weights of highest |∂L/∂w ⊙ w| on real batches of the run's training data.</summary>
public sealed class SnipMethod : PruneAtInitMethod
{
    public override string Name => "snip";

    public override Baselines? Baseline => Baselines.Snip;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        OnScoringBatches(context, batches => KeepHighest(dense, SnipScores.Of(context.Model, dense, batches), count));
}
