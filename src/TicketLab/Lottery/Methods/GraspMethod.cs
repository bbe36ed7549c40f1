using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>GraSP (Wang et al. 2020): prunes the weights of highest −w ⊙ Hg on real batches of the run's training data.</summary>
public sealed class GraspMethod : PruneAtInitMethod
{
    public override string Name => "grasp";

    public override Baselines? Baseline => Baselines.Grasp;

    public override bool NeedsSecondDerivatives => true;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        OnScoringBatches(context, batches =>
        {
            var scores = GraspScores.Of(context.Model, dense, batches);
            foreach (var s in scores.Values) s.neg_(); // the highest GraSP score goes first
            return KeepHighest(dense, scores, count);
        });
}
