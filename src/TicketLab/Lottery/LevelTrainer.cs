using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Trains one network of one level — mask ⊙ start weights from a start step — unless the store already has it finished.</summary>
public sealed class LevelTrainer(Trainer trainer, ILevelStore store, ILotteryObserver observer, int seed)
{
    public StoredLevel Train(TextClassifier model, EncodedDataset data, int level, string method, Mask mask, WeightSnapshot startWeights, long startStep)
    {
        var stored = store.TryLoad(level, method);
        if (stored is not null)
        {
            store.Checkpoints(level, method)?.Clear(); // killed after its result was written, before its checkpoint went
            observer.OnLevelDone(stored.Result, fromStore: true);
            return stored;
        }
        var keep = mask.Clone();
        WeightSnapshot? best = null;
        try
        {
            observer.OnLevelStart(level, method, keep.Sparsity);
            startWeights.CopyInto(model);
            (var training, best) = trainer.Train(model, data, new TrainingStart(seed, keep, startStep) { Checkpoints = store.Checkpoints(level, method) });
            var result = Describe(level, method, keep, model, training);
            store.Save(level, method, result, keep, best);
            observer.OnLevelDone(result, fromStore: false);
            return new StoredLevel(result, keep, best);
        }
        catch
        {
            keep.Dispose();
            best?.Dispose();
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
