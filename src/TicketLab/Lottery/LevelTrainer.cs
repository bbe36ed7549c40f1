using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Trains one network of one level — mask ⊙ start weights from a start step — unless the store already has it finished
/// (or another run shared it: the dense level, or a chain level through <paramref name="sharedChain"/>).</summary>
/// <remarks><paramref name="alsoStage"/>: further steps of the dense training staged for the shared level (the other points of a rewind sweep).
/// <paramref name="sharedChain"/>: given for the pruned levels of a retraining chain only.</remarks>
public sealed class LevelTrainer(Trainer trainer, ILevelStore store, ILotteryObserver observer, int seed, CancellationToken stop = default,
    ISharedDenseLevel? sharedDense = null, IReadOnlySet<long>? alsoStage = null, ISharedChainLevels? sharedChain = null)
{
    public StoredLevel Train(TextClassifier model, EncodedDataset data, int level, string method, Mask mask, WeightSnapshot startWeights, long startStep) =>
        Train(model, data, level, method, new LevelStart(mask, startWeights, startStep), out _);

    /// <summary>Trains what <paramref name="start"/> says, or reads it back when the store has it (and its rewind weights, if it captures them).</summary>
    /// <remarks>Sets <c>rewind</c> to the weights captured at <see cref="LevelStart.CaptureRewindAt"/>, owned by the caller (null when it captures none).
    /// With <paramref name="storedOnly"/> the level must come from the store: another worker's unit is never trained here.
    /// With <paramref name="keepFinal"/> the level also keeps its end-of-training weights (see <see cref="StoredLevel.Final"/>); a stored
    /// level without them is trained again.</remarks>
    public StoredLevel Train(TextClassifier model, EncodedDataset data, int level, string method, LevelStart start, out WeightSnapshot? rewind, bool storedOnly = false, bool keepFinal = false)
    {
        var stored = store.TryLoad(level, method);
        var storedRewind = stored is not null && start.CaptureRewindAt is not null ? store.TryLoadRewind() : null;
        if (stored is not null && (start.CaptureRewindAt is null || storedRewind is not null) && (!keepFinal || stored.HasFinal))
        {
            store.Checkpoints(level, method)?.Clear(); // killed after its result was written, before its checkpoint went
            observer.OnLevelDone(stored.Result, fromStore: true);
            rewind = storedRewind;
            return stored;
        }
        stored?.Dispose(); // finished, but without its rewind or final weights: train again
        storedRewind?.Dispose();
        if (storedOnly) throw new InvalidOperationException($"level {level} {method} is not finished in the run folder; the unit that needs it cannot start");
        if (sharedChain?.TryLoad(level, method, start.Mask) is { } chained)
        {
            if (!keepFinal || chained.HasFinal)
            {
                rewind = null; // a chain level captures none
                return Adopt(chained);
            }
            chained.Dispose(); // shared by a run for which it was the last level, so without the weights this run scores: train here
        }
        var shared = start.CaptureRewindAt is null ? null : sharedDense;
        // a replay cannot pass the end of a training that stopped early: training here then fails as a fresh run would
        Func<long, TrainingResult, WeightSnapshot?>? replay = start.Step != 0 ? null : (step, dense) =>
            step <= (long)dense.Epochs.Count * trainer.StepsPerEpoch(data.Train.Count) ? Replay(model, data, start, step) : null;
        if (shared?.TryLoad(start.CaptureRewindAt!.Value, replay) is { } reused)
        {
            // a unit shared before final weights were kept cannot score them: train here (and the unit stays as it is)
            if (!keepFinal || reused.Final is not null || reused.Training.BestEpoch == reused.Training.Epochs[^1].Epoch)
                return Reuse(model, level, method, start, reused, out rewind);
            reused.Dispose();
        }
        var keep = start.Mask.Clone();
        WeightSnapshot? best = null, captured = null, final = null;
        try
        {
            observer.OnLevelStart(level, method, keep.Sparsity);
            start.Weights.CopyInto(model);
            if (start.Step == 0) shared?.Stage(0, start.Weights); // the initialisation: rewinding to it is the commonest choice
            var training = new TrainingStart(seed, keep.Remaining < keep.Total ? keep : null, start.Step) // a mask that prunes nothing: skip its per-step cost
            {
                Checkpoints = shared is null ? store.Checkpoints(level, method) : new StagingCheckpoints(store.Checkpoints(level, method), shared),
                Stop = stop,
                LearningRate = start.LearningRate,
                AtStep = start.CaptureRewindAt is null && (shared is null || alsoStage is null) ? null : step =>
                {
                    if (step == start.CaptureRewindAt)
                    {
                        // saved at once: a run resumed from a later checkpoint never passes this step again
                        captured = WeightSnapshot.Of(model);
                        store.SaveRewind(captured);
                        shared?.Stage(step, captured);
                    }
                    else if (shared is not null && alsoStage?.Contains(step) == true)
                    {
                        using var weights = WeightSnapshot.Of(model);
                        shared.Stage(step, weights);
                    }
                    return false;
                },
                OnFinished = keepFinal ? m => final = WeightSnapshot.Of(m) : null,
            };
            (var trained, best) = trainer.Train(model, data, training);
            if (final is not null && trained.BestEpoch == trained.Epochs[^1].Epoch)
            {
                final.Dispose(); // the best epoch is the last: one copy serves both
                final = null;
            }
            captured = start.CaptureRewindAt is not { } step ? null
                : captured ?? store.TryLoadRewind() ?? throw new InvalidOperationException($"{method} training never reached rewind step {step}");
            var result = Describe(level, method, keep, model, trained) with { EarlyBird = start.EarlyBird };
            shared?.Publish(trained, best, final); // before the level is saved: a run killed in between finds its dense level shared
            var done = new StoredLevel(result, keep, best, final);
            sharedChain?.Publish(done);
            store.Save(level, method, result, keep, best, final);
            observer.OnLevelDone(result, fromStore: false);
            (rewind, captured) = (captured, null); // owned by the caller now
            return done;
        }
        catch
        {
            keep.Dispose();
            best?.Dispose();
            final?.Dispose();
            captured?.Dispose();
            throw;
        }
    }

    /// <summary>A finished level that captures no rewind weights, read back from the store; null when the store lacks it, or lacks the
    /// end-of-training weights that <paramref name="keepFinal"/> asks for (as <see cref="Train(TextClassifier, EncodedDataset, int, string, LevelStart, out WeightSnapshot?, bool, bool)"/> would train it again).</summary>
    public StoredLevel? TryStored(int level, string method, bool keepFinal = false)
    {
        var stored = store.TryLoad(level, method);
        if (stored is null) return null;
        if (keepFinal && !stored.HasFinal)
        {
            stored.Dispose();
            return null;
        }
        store.Checkpoints(level, method)?.Clear();
        observer.OnLevelDone(stored.Result, fromStore: true);
        return stored;
    }

    /// <summary>Takes a dense level another run shared: saved into this run's store as if trained here, so the run folder stays
    /// complete on its own; its result's sparsity columns are this run's (they depend on which tensors it may prune).</summary>
    private StoredLevel Reuse(TextClassifier model, int level, string method, LevelStart start, SharedDenseLevel reused, out WeightSnapshot? rewind)
    {
        var keep = start.Mask.Clone();
        try
        {
            reused.Trained.CopyInto(model); // as training leaves it: the best epoch's weights
            var result = Describe(level, method, keep, model, reused.Training);
            store.SaveRewind(reused.Rewind);
            store.Save(level, method, result, keep, reused.Trained, reused.Final);
            observer.OnLevelDone(result, fromStore: false); // new to this run: recorded like a level trained here
            rewind = reused.Rewind;
            return new StoredLevel(result, keep, reused.Trained, reused.Final);
        }
        catch
        {
            keep.Dispose();
            reused.Dispose();
            throw;
        }
    }

    /// <summary>Takes a chain level another run shared: saved into this run's store as if trained here (the run folder stays complete
    /// on its own); its result is this run's too, as the two runs agree on every setting that shapes it.</summary>
    private StoredLevel Adopt(StoredLevel chained)
    {
        try
        {
            store.Save(chained.Result.Level, chained.Result.Method, chained.Result, chained.Mask, chained.Trained, chained.Final);
            observer.OnLevelDone(chained.Result, fromStore: false); // new to this run: recorded like a level trained here
            return chained;
        }
        catch
        {
            chained.Dispose();
            throw;
        }
    }

    /// <summary>The weights at <paramref name="step"/> of the training <paramref name="start"/> begins, replayed from its start.</summary>
    private WeightSnapshot Replay(TextClassifier model, EncodedDataset data, LevelStart start, long step)
    {
        start.Weights.CopyInto(model);
        trainer.Replay(model, data, new TrainingStart(seed, start.Mask.Remaining < start.Mask.Total ? start.Mask : null, start.Step) { LearningRate = start.LearningRate }, step);
        return WeightSnapshot.Of(model);
    }

    /// <summary>A level's result with its sparsity over prunable weights and over all parameters.</summary>
    public static LevelResult Describe(int level, string method, Mask mask, TextClassifier model, TrainingResult training)
    {
        long all = model.Parameters().Sum(p => p.Parameter.numel());
        long pruned = mask.Total - mask.Remaining;
        return new LevelResult(level, method, mask.Sparsity, (double)pruned / all, mask.PerTensor(), training);
    }

    /// <summary>Checkpoints of the dense training that also stage the weights at each epoch's end for the shared unit
    /// (late rewinding to an epoch then finds them).</summary>
    private sealed class StagingCheckpoints(ICheckpointStore? inner, ISharedDenseLevel shared) : ICheckpointStore
    {
        public TrainingCheckpoint? TryLoad() => inner?.TryLoad();

        public void Save(TrainingCheckpoint checkpoint)
        {
            shared.Stage(checkpoint.Step, checkpoint.Model);
            inner?.Save(checkpoint);
        }

        public void Clear() => inner?.Clear();
    }
}
