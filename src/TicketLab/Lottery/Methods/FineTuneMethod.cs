namespace TicketLab.Lottery;

/// <summary>Baseline: the ticket's mask on the trained weights it was scored on, trained on from the rewind step without rewinding.</summary>
public sealed class FineTuneMethod : LotteryMethod
{
    public const string Id = "fine-tune";

    public override string Name => Id;

    public override Baselines? Baseline => Baselines.FineTune;

    public override LevelStart Start(LevelContext context) =>
        new(context.TicketMask, context.Source.ScoredWeights(context.Pruning.ScoreWeights), context.RewindStep);
}
