namespace TicketLab.Lottery;

/// <summary>Learning-rate rewinding (Renda et al. 2020): its own IMP chain, trained weights kept, the learning-rate schedule replayed from
/// the rewind point.</summary>
public sealed class LrRewindMethod : RetrainingChainMethod
{
    public override string Name => "lr-rewind";

    public override Baselines? Baseline => Baselines.LrRewind;

    protected override double? LearningRate(LevelContext context) => null;
}
