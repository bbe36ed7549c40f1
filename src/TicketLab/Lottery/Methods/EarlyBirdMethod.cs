using System.Diagnostics;
using TicketLab.Pruning;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Lottery;

/// <summary>Early-bird ticket (You et al. 2020): trains the dense network from the rewind point, takes the mask the run's pruning
/// (its strategy and prunable set) would take at the level's sparsity after every epoch (or every --early-bird-every steps), stops once
/// the Hamming distances between consecutive masks stay below --early-bird-threshold over the last --early-bird-window checks, and trains
/// that mask from the rewind weights as the ticket is trained.</summary>
/// <remarks>The search is not checkpointed: a run killed during it searches again (it is deterministic, as the dense training is).</remarks>
public sealed class EarlyBirdMethod : LotteryMethod
{
    public const string Id = "early-bird";

    public override string Name => Id;

    public override Baselines? Baseline => Baselines.EarlyBird;

    public override LevelStart Start(LevelContext context)
    {
        var (mask, draw) = Draw(context);
        return new LevelStart(mask, context.RewindWeights, context.RewindStep) { EarlyBird = draw, Owned = [mask] };
    }

    /// <summary>The sparsity of prunable weights the settings name for a level: one-shot its target, iterative what the rates leave.</summary>
    /// <remarks>The ticket's own count can differ by rounding (layer-wise, level by level), and with --prune-output half the output layer
    /// is pruned at half of this share rather than at half of each level's rate.</remarks>
    public static double TargetSparsity(PruningHparams pruning, int level) =>
        pruning.Mode == PruningMode.OneShot ? pruning.TargetSparsities()[level - 1]
            : 1 - Enumerable.Range(1, level).Aggregate(1.0, (kept, l) => kept * (1 - pruning.IterativeRate(l)));

    /// <summary>Runs the search at the context's level; the caller owns the mask. The model is left as the search's training leaves it.</summary>
    public static (Mask Mask, EarlyBirdDraw Draw) Draw(LevelContext context)
    {
        var training = context.Training ?? throw new InvalidOperationException("an early-bird search needs the run's training settings in the level context");
        var data = context.Data ?? throw new InvalidOperationException("an early-bird search needs the run's data in the level context");
        var dense = context.DenseLevel ?? throw new InvalidOperationException("an early-bird search compares with the dense level, which is not trained yet");
        var pruning = context.Pruning;
        var model = context.Model;
        double target = TargetSparsity(pruning, context.Level);
        var trainer = new Trainer(training);
        int stepsPerEpoch = trainer.StepsPerEpoch(data.Train.Count);
        long every = pruning.EarlyBirdEvery > 0 ? pruning.EarlyBirdEvery : stepsPerEpoch;
        var window = new EarlyBirdWindow(pruning.EarlyBirdWindow, pruning.EarlyBirdThreshold);
        var checks = new List<EarlyBirdCheck>();
        Mask? last = null;
        bool drawn = false;
        long steps = context.RewindStep;
        var clock = Stopwatch.StartNew();

        context.RewindWeights.CopyInto(model);
        using var all = Mask.Dense(model, pruning.MaskedSet(model));
        bool Check(long step)
        {
            var mask = context.Strategy.Prune(all, model.Parameters().ToDictionary(p => p.Name, p => (Tensor)p.Parameter), target);
            foreach (var (_, keep) in mask.Tensors) keep.DetachFromDisposeScope(); // the trainer's step scope must not free it
            double? distance = last is null ? null : MaskOverlap.Hamming(last, mask);
            last?.Dispose();
            last = mask;
            checks.Add(new EarlyBirdCheck(step, distance, clock.Elapsed.TotalSeconds));
            return distance is { } d && window.Add(d);
        }
        try
        {
            var start = new TrainingStart(context.DataSeed ?? context.Seed, null, context.RewindStep)
            {
                AtStep = step => step > context.RewindStep && (steps = step) % every == 0 && (drawn = Check(step)),
                // the schedule ended first: the ticket is the mask at its end
                OnFinished = _ => { if (!drawn && (checks.Count == 0 || checks[^1].Step != steps)) Check(steps); },
            };
            var (_, best) = trainer.Train(model, data, start);
            best.Dispose();
            var draw = new EarlyBirdDraw(checks, drawn, stepsPerEpoch, clock.Elapsed.TotalSeconds, dense.Result.Training.Seconds,
                (long)dense.Result.Training.Epochs.Count * stepsPerEpoch);
            return (last!, draw);
        }
        catch
        {
            last?.Dispose();
            throw;
        }
    }
}
