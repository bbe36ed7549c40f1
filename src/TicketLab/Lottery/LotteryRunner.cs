using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Lottery-ticket search: train dense, then per level prune (iteratively or one-shot), rewind, retrain, and train the baselines.</summary>
public sealed class LotteryRunner(
    Func<long, TextClassifier> createModel,
    TrainingHparams training,
    PruningHparams pruning,
    int seed,
    ILevelStore? store = null,
    ITrainingObserver? trainingObserver = null,
    ILotteryObserver? observer = null,
    Func<long, TextClassifier>? createFresh = null)   // random re-init: nothing pre-trained (BERT); default createModel
{
    private readonly Func<long, TextClassifier> createFresh = createFresh ?? createModel;
    private readonly ILevelStore store = store ?? new NoLevelStore();
    private readonly ILotteryObserver observer = observer ?? new NullLotteryObserver();
    private readonly Trainer trainer = new(training, trainingObserver);
    private LevelTrainer Levels => new(trainer, store, observer, seed);

    /// <summary>Every (level, method) a finished run of these settings holds, in the order <see cref="Run"/> produces them.</summary>
    public static IReadOnlyList<(int Level, string Method)> Plan(PruningHparams pruning)
    {
        var plan = new List<(int, string)> { (0, Methods.Dense) };
        for (int level = 1; level <= pruning.LevelCount; level++)
        {
            plan.Add((level, Methods.Ticket));
            if (pruning.Baselines.HasFlag(Lottery.Baselines.RandomPrune)) plan.Add((level, Methods.RandomPrune));
            if (pruning.Baselines.HasFlag(Lottery.Baselines.RandomReinit)) plan.Add((level, Methods.RandomReinit));
            if (pruning.Baselines.HasFlag(Lottery.Baselines.FineTune)) plan.Add((level, Methods.FineTune));
        }
        return plan;
    }

    /// <summary>Runs level 0 (dense) and every pruned level; finished levels come from the store.</summary>
    /// <remarks>Exception-safe: whatever is thrown, every model, mask and weight snapshot made here is disposed.</remarks>
    public IReadOnlyList<LevelResult> Run(EncodedDataset data)
    {
        pruning.Validate();
        var results = new List<LevelResult>();
        using var model = createModel(seed);
        long rewindStep = pruning.Rewind.ToSteps(trainer.StepsPerEpoch(data.Train.Count));
        long totalSteps = (long)trainer.StepsPerEpoch(data.Train.Count) * training.Epochs;
        if (rewindStep >= totalSteps)
            throw new ArgumentException($"rewind point {pruning.Rewind} (step {rewindStep}) is not before the end of training (step {totalSteps})");
        var strategy = Strategy(model);

        StoredLevel? dense = null, previous = null;
        WeightSnapshot? rewind = null;
        try
        {
            dense = RunDense(model, data, rewindStep, out rewind);
            results.Add(dense.Result);
            previous = dense;
            for (int level = 1; level <= pruning.LevelCount; level++)
            {
                // iterative: prune what the last ticket kept, by its trained weights; one-shot: prune the dense network to the target
                var source = pruning.Mode == PruningMode.Iterative ? previous : dense;
                double rate = pruning.Mode == PruningMode.Iterative ? pruning.IterativeRate(level) : pruning.TargetSparsities()[level - 1];
                StoredLevel ticket;
                using (var mask = strategy.Prune(source.Mask, Weights(source.Trained), rate))
                    ticket = Level(model, data, level, Methods.Ticket, mask, rewind, rewindStep);
                try
                {
                    results.Add(ticket.Result);
                    foreach (var baseline in Baselines(model, data, level, ticket.Mask, source, rewind, rewindStep))
                        using (baseline)
                            results.Add(baseline.Result);
                }
                catch
                {
                    ticket.Dispose();
                    throw;
                }
                if (previous != dense) previous.Dispose();
                previous = ticket;
            }
            return results;
        }
        finally
        {
            if (previous is not null && previous != dense) previous.Dispose();
            dense?.Dispose();
            rewind?.Dispose();
        }
    }

    private IEnumerable<StoredLevel> Baselines(TextClassifier model, EncodedDataset data, int level, Mask ticket, StoredLevel source, WeightSnapshot rewind, long rewindStep)
    {
        if (pruning.Baselines.HasFlag(Lottery.Baselines.RandomPrune))
        {
            var random = new RandomPruning(SeedPolicy.RandomPrune(seed, level));
            using var mask = pruning.RandomScope == RandomPruneScope.Global ? random.MatchGlobal(ticket) : random.Match(ticket);
            yield return Level(model, data, level, Methods.RandomPrune, mask, rewind, rewindStep);
        }
        if (pruning.Baselines.HasFlag(Lottery.Baselines.RandomReinit))
        {
            using var fresh = createFresh(SeedPolicy.Reinit(seed, level));
            using var weights = WeightSnapshot.Of(fresh);
            // from step 0 whatever the rewind point: a fresh initialisation has learned nothing, so it gets the whole
            // schedule; starting it at a late-rewinding step would cut its training short and flatter the ticket
            yield return Level(model, data, level, Methods.RandomReinit, ticket, weights, 0);
        }
        if (pruning.Baselines.HasFlag(Lottery.Baselines.FineTune))
            yield return Level(model, data, level, Methods.FineTune, ticket, source.Trained, rewindStep);
    }

    private IPruningStrategy Strategy(TextClassifier model)
    {
        var inner = pruning.Strategy();
        if (!pruning.OutputAtHalfRate) return inner;
        var outputs = model.Parameters().Where(p => model.RoleOf(p.Name) == ParameterRole.Output).Select(p => p.Name).ToHashSet();
        return new OutputHalfRatePruning(inner, outputs);
    }

    private StoredLevel RunDense(TextClassifier model, EncodedDataset data, long rewindStep, out WeightSnapshot rewind)
    {
        var stored = store.TryLoad(0, Methods.Dense);
        var storedRewind = store.TryLoadRewind();
        if (stored is not null && storedRewind is not null)
        {
            store.Checkpoints(0, Methods.Dense)?.Clear(); // killed after its result was written, before its checkpoint went
            observer.OnLevelDone(stored.Result, fromStore: true);
            rewind = storedRewind;
            return stored;
        }
        stored?.Dispose(); // finished, but without its rewind weights: train again
        storedRewind?.Dispose();
        var mask = Mask.Dense(model, pruning.Prunable);
        WeightSnapshot? captured = null, best = null;
        try
        {
            observer.OnLevelStart(0, Methods.Dense, 0);
            var start = new TrainingStart(seed, null, 0) // nothing is pruned yet: skip the per-step mask cost
            {
                CaptureAtStep = rewindStep,
                // saved at once: a run resumed from a later checkpoint never passes this step again
                OnCapture = _ => { captured = WeightSnapshot.Of(model); store.SaveRewind(captured); },
                Checkpoints = store.Checkpoints(0, Methods.Dense),
            };
            (var training, best) = trainer.Train(model, data, start);
            rewind = captured ?? store.TryLoadRewind() ?? throw new InvalidOperationException($"dense training never reached rewind step {rewindStep}");
            captured = null; // owned by the caller now
            var result = LevelTrainer.Describe(0, Methods.Dense, mask, model, training);
            store.Save(0, Methods.Dense, result, mask, best);
            observer.OnLevelDone(result, fromStore: false);
            return new StoredLevel(result, mask, best);
        }
        catch
        {
            mask.Dispose();
            best?.Dispose();
            captured?.Dispose();
            throw;
        }
    }

    private StoredLevel Level(TextClassifier model, EncodedDataset data, int level, string method, Mask mask, WeightSnapshot startWeights, long startStep) =>
        Levels.Train(model, data, level, method, mask, startWeights, startStep);

    private static Dictionary<string, TorchSharp.torch.Tensor> Weights(WeightSnapshot s) => s.Tensors.ToDictionary(t => t.Name, t => t.Tensor);

    private sealed class NullLotteryObserver : ILotteryObserver { }
}
