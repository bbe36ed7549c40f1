using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>An IMP chain of its own that keeps the trained weights (Renda et al. 2020): each level prunes, by the strategy and rate of
/// the ticket, what this method's previous level kept (one-shot: the dense network) and retrains from those trained weights for the
/// steps from the rewind point to the end, as long as the ticket retrains; only the learning rate differs between its kinds.</summary>
public abstract class RetrainingChainMethod : LotteryMethod
{
    public override bool ExtendsChain => true;

    public override LevelStart Start(LevelContext context)
    {
        var source = context.OwnSource;
        var mask = context.Strategy.Prune(source.Mask, source.Trained.Tensors.ToDictionary(t => t.Name, t => t.Tensor), context.Rate);
        return new LevelStart(mask, source.Trained, context.RewindStep) { LearningRate = LearningRate(context), Owned = [mask] };
    }

    /// <summary>The fixed learning rate of every step, or null for the schedule's from the rewind step on.</summary>
    protected abstract double? LearningRate(LevelContext context);

    /// <summary>The schedule's rate at its last step: the rate fine-tuning trains at.</summary>
    protected static double FinalLearningRate(LevelContext context)
    {
        var training = context.Training ?? throw new InvalidOperationException("the final learning rate needs the run's training settings in the level context");
        var data = context.Data ?? throw new InvalidOperationException("the final learning rate needs the run's data (its steps per epoch) in the level context");
        long total = (long)new Trainer(training).StepsPerEpoch(data.Train.Count) * training.Epochs;
        return LearningRateSchedule.At(training, total - 1, total);
    }
}
