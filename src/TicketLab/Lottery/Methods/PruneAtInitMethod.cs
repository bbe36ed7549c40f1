using TicketLab.Data;
using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>Pruning at initialisation: a mask of its own, chosen at the rewind weights (the initialisation unless the run rewinds late)
/// with as many weights pruned as the level's ticket, so both have the same sparsity over all parameters; trained from those weights.</summary>
public abstract class PruneAtInitMethod : LotteryMethod
{
    /// <summary>Whether its scores differentiate the gradient (GraSP), which some models cannot (<see cref="Models.TextClassifier.HasSecondDerivatives"/>).</summary>
    public virtual bool NeedsSecondDerivatives => false;

    public override LevelStart Start(LevelContext context)
    {
        var mask = MaskAt(context);
        return new LevelStart(mask, context.RewindWeights, context.RewindStep) { Owned = [mask] };
    }

    /// <summary>This method's mask at the context's level; the caller owns it. Leaves the rewind weights in the model.</summary>
    public Mask MaskAt(LevelContext context)
    {
        context.RewindWeights.CopyInto(context.Model);
        using var dense = Mask.Dense(context.Model, context.Pruning.Prunable);
        var ticket = context.TicketMask;
        return Prune(context, dense, ticket.Total - ticket.Remaining);
    }

    /// <summary>A mask pruning <paramref name="count"/> of <paramref name="dense"/>'s weights, the model holding the rewind weights.</summary>
    protected abstract Mask Prune(LevelContext context, Mask dense, long count);

    /// <summary>Runs <paramref name="score"/> on the scoring batches of the run's training data (the first
    /// <see cref="PruningHparams.ScoringBatches"/> of its first epoch: its seed's order, its batch size), then frees them.</summary>
    protected static T OnScoringBatches<T>(LevelContext context, Func<IReadOnlyList<Batch>, T> score)
    {
        var data = context.Data ?? throw new InvalidOperationException("scoring on real batches needs the run's data in the level context");
        var training = context.Training ?? throw new InvalidOperationException("scoring on real batches needs the run's training settings in the level context");
        var batches = Batches.Plan(data.Train.Count, training.BatchSize, shuffle: true, seed: context.Seed, epoch: 0)
            .Take(context.Pruning.ScoringBatches).Select(indices => Batches.Collate(data.Train, indices, training.MinLength)).ToList();
        try { return score(batches); }
        finally { foreach (var b in batches) b.Dispose(); }
    }

    /// <summary>Selects by scores (higher kept) and frees them.</summary>
    protected static Mask KeepHighest(Mask dense, Dictionary<string, TorchSharp.torch.Tensor> scores, long count)
    {
        try { return ScoreSelection.PruneLowest(dense, scores, count); }
        finally { foreach (var s in scores.Values) s.Dispose(); }
    }
}
