namespace TicketLab.Lottery;

/// <summary>Fine-tuning (Renda et al. 2020): its own IMP chain, trained weights kept, trained on at the schedule's final learning rate.</summary>
public sealed class FineTuneMethod : RetrainingChainMethod
{
    public const string Id = "fine-tune";

    public override string Name => Id;

    public override Baselines? Baseline => Baselines.FineTune;

    protected override double? LearningRate(LevelContext context) => FinalLearningRate(context);
}
