namespace TicketLab.Lottery;

/// <summary>Iterative magnitude pruning with weight rewinding: prune the source by its trained weights (the end of training or the
/// best epoch, <see cref="PruningHparams.ScoreWeights"/>), restart from the rewind point.</summary>
public sealed class TicketMethod : LotteryMethod
{
    public const string Id = "ticket";

    public override string Name => Id;

    public override bool ExtendsChain => true;

    public override LevelStart Start(LevelContext context)
    {
        var source = context.Source;
        var mask = context.Strategy.Prune(source.Mask, source.ScoredWeights(context.Pruning.ScoreWeights).Tensors.ToDictionary(t => t.Name, t => t.Tensor), context.Rate);
        return new LevelStart(mask, context.RewindWeights, context.RewindStep) { Owned = [mask] };
    }
}
