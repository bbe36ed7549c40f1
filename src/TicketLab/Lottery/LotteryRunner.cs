using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Iterative magnitude pruning with rewinding: train dense, then per level prune, rewind, retrain, and train the baselines.</summary>
public sealed class LotteryRunner(
    Func<long, TextClassifier> createModel,
    TrainingHparams training,
    PruningHparams pruning,
    int seed,
    ILevelStore? store = null,
    ITrainingObserver? trainingObserver = null,
    ILotteryObserver? observer = null)
{
    private readonly ILevelStore store = store ?? new NoLevelStore();
    private readonly ILotteryObserver observer = observer ?? new NullLotteryObserver();
    private readonly Trainer trainer = new(training, trainingObserver);

    /// <summary>Runs level 0 (dense) and <see cref="PruningHparams.Levels"/> pruning levels; finished levels come from the store.</summary>
    public IReadOnlyList<LevelResult> Run(EncodedDataset data)
    {
        pruning.Validate();
        var results = new List<LevelResult>();
        using var model = createModel(seed);
        long rewindStep = pruning.Rewind.ToSteps(trainer.StepsPerEpoch(data.Train.Count));
        long totalSteps = (long)trainer.StepsPerEpoch(data.Train.Count) * training.Epochs;
        if (rewindStep >= totalSteps)
            throw new ArgumentException($"rewind point {pruning.Rewind} (step {rewindStep}) is not before the end of training (step {totalSteps})");

        var dense = RunDense(model, data, rewindStep, out var rewind);
        results.Add(dense.Result);
        var previous = dense;
        for (int level = 1; level <= pruning.Levels; level++)
        {
            using var mask = pruning.Strategy().Prune(previous.Mask, previous.Trained.Tensors.ToDictionary(t => t.Name, t => t.Tensor), pruning.Rate);
            var ticket = Level(model, data, level, Methods.Ticket, mask, rewind, rewindStep);
            results.Add(ticket.Result);
            if (pruning.Baselines.HasFlag(Baselines.RandomPrune))
            {
                using var random = new RandomPruning(DeriveSeed(seed, level)).Match(ticket.Mask);
                var baseline = Level(model, data, level, Methods.RandomPrune, random, rewind, rewindStep);
                results.Add(baseline.Result);
                Release(baseline);
            }
            Release(previous);
            previous = ticket;
        }
        Release(previous);
        rewind.Dispose();
        return results;
    }

    private StoredLevel RunDense(TextClassifier model, EncodedDataset data, long rewindStep, out WeightSnapshot rewind)
    {
        var stored = store.TryLoad(0, Methods.Dense);
        var storedRewind = store.TryLoadRewind();
        if (stored is not null && storedRewind is not null)
        {
            observer.OnLevelDone(stored.Result, fromStore: true);
            rewind = storedRewind;
            return stored;
        }
        storedRewind?.Dispose();
        var mask = Mask.Dense(model, pruning.Prunable);
        observer.OnLevelStart(0, Methods.Dense, 0);
        WeightSnapshot? captured = null;
        var start = new TrainingStart(seed, null, 0) // nothing is pruned yet: skip the per-step mask cost
        {
            CaptureAtStep = rewindStep,
            // saved at once: a run resumed from a later checkpoint never passes this step again
            OnCapture = _ => { captured = WeightSnapshot.Of(model); store.SaveRewind(captured); },
            Checkpoints = store.Checkpoints(0, Methods.Dense),
        };
        var (training, best) = trainer.Train(model, data, start);
        rewind = captured ?? store.TryLoadRewind() ?? throw new InvalidOperationException($"dense training never reached rewind step {rewindStep}");
        var result = Describe(0, Methods.Dense, mask, model, training);
        store.Save(0, Methods.Dense, result, mask, best);
        observer.OnLevelDone(result, fromStore: false);
        return new StoredLevel(result, mask, best);
    }

    private StoredLevel Level(TextClassifier model, EncodedDataset data, int level, string method, Mask mask, WeightSnapshot rewind, long rewindStep)
    {
        var stored = store.TryLoad(level, method);
        if (stored is not null)
        {
            observer.OnLevelDone(stored.Result, fromStore: true);
            return stored;
        }
        var keep = mask.Clone();
        observer.OnLevelStart(level, method, keep.Sparsity);
        rewind.CopyInto(model);
        var (training, best) = trainer.Train(model, data, new TrainingStart(seed, keep, rewindStep) { Checkpoints = store.Checkpoints(level, method) });
        var result = Describe(level, method, keep, model, training);
        store.Save(level, method, result, keep, best);
        observer.OnLevelDone(result, fromStore: false);
        return new StoredLevel(result, keep, best);
    }

    private static LevelResult Describe(int level, string method, Mask mask, TextClassifier model, TrainingResult training)
    {
        long all = model.Parameters().Sum(p => p.Parameter.numel());
        long pruned = mask.Total - mask.Remaining;
        return new LevelResult(level, method, mask.Sparsity, (double)pruned / all, mask.PerTensor(), training);
    }

    private static void Release(StoredLevel level)
    {
        level.Mask.Dispose();
        level.Trained.Dispose();
    }

    /// <summary>The seed of a level's random baseline: fixed by the run's seed and the level.</summary>
    public static int DeriveSeed(int seed, int level) => unchecked(seed * 7919 + level);

    private sealed class NullLotteryObserver : ILotteryObserver { }
}
