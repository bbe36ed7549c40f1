using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Trains one network of one level — mask ⊙ start weights from a start step — unless the store already has it finished.</summary>
public sealed class LevelTrainer(Trainer trainer, ILevelStore store, ILotteryObserver observer, int seed)
{
    public StoredLevel Train(TextClassifier model, EncodedDataset data, int level, string method, Mask mask, WeightSnapshot startWeights, long startStep) =>
        Train(model, data, level, method, new LevelStart(mask, startWeights, startStep), out _);

    /// <summary>Trains what <paramref name="start"/> says, or reads it back when the store has it (and its rewind weights, if it captures them).</summary>
    /// <remarks>Sets <c>rewind</c> to the weights captured at <see cref="LevelStart.CaptureRewindAt"/>, owned by the caller (null when it captures none).</remarks>
    public StoredLevel Train(TextClassifier model, EncodedDataset data, int level, string method, LevelStart start, out WeightSnapshot? rewind)
    {
        var stored = store.TryLoad(level, method);
        var storedRewind = stored is not null && start.CaptureRewindAt is not null ? store.TryLoadRewind() : null;
        if (stored is not null && (start.CaptureRewindAt is null || storedRewind is not null))
        {
            store.Checkpoints(level, method)?.Clear(); // killed after its result was written, before its checkpoint went
            observer.OnLevelDone(stored.Result, fromStore: true);
            rewind = storedRewind;
            return stored;
        }
        stored?.Dispose(); // finished, but without its rewind weights: train again
        var keep = start.Mask.Clone();
        WeightSnapshot? best = null, captured = null;
        try
        {
            observer.OnLevelStart(level, method, keep.Sparsity);
            start.Weights.CopyInto(model);
            var training = new TrainingStart(seed, keep.Remaining < keep.Total ? keep : null, start.Step) // a mask that prunes nothing: skip its per-step cost
            {
                Checkpoints = store.Checkpoints(level, method),
                CaptureAtStep = start.CaptureRewindAt,
                LearningRate = start.LearningRate,
                // saved at once: a run resumed from a later checkpoint never passes this step again
                OnCapture = start.CaptureRewindAt is null ? null : _ => { captured = WeightSnapshot.Of(model); store.SaveRewind(captured); },
            };
            (var trained, best) = trainer.Train(model, data, training);
            captured = start.CaptureRewindAt is not { } step ? null
                : captured ?? store.TryLoadRewind() ?? throw new InvalidOperationException($"{method} training never reached rewind step {step}");
            var result = Describe(level, method, keep, model, trained);
            store.Save(level, method, result, keep, best);
            observer.OnLevelDone(result, fromStore: false);
            (rewind, captured) = (captured, null); // owned by the caller now
            return new StoredLevel(result, keep, best);
        }
        catch
        {
            keep.Dispose();
            best?.Dispose();
            captured?.Dispose();
            throw;
        }
    }

    /// <summary>A level's result with its sparsity over prunable weights and over all parameters.</summary>
    public static LevelResult Describe(int level, string method, Mask mask, TextClassifier model, TrainingResult training)
    {
        long all = model.Parameters().Sum(p => p.Parameter.numel());
        long pruned = mask.Total - mask.Remaining;
        return new LevelResult(level, method, mask.Sparsity, (double)pruned / all, mask.PerTensor(), training);
    }
}
