using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Training;
using TicketLab.Training;

namespace TicketLab.Tests.Lottery;

/// <summary>Learning-rate rewinding and fine-tuning as IMP chains of their own, and the learning rate a level really trains with.</summary>
public class RetrainingChainTests
{
    private static readonly ModelHparams Small = new(EmbeddingDim: 16, Filters: 8);

    private sealed class Quiet : ILotteryObserver { }

    /// <summary>The largest change one Adam step made to any weight: Adam's first step moves each weight by lr · g / (|g| + ε), so this is the
    /// learning rate the optimiser used, read off real tensors.</summary>
    private static double FirstStepRate(LevelStart start, TextCnn model, TicketLab.Data.EncodedDataset data)
    {
        var trainer = new Trainer(new TrainingHparams(Epochs: 1, BatchSize: data.Train.Count, LearningRate: 1e-3)); // one step per epoch
        using var trained = new LevelTrainer(trainer, new NoLevelStore(), new Quiet(), seed: 1).Train(model, data, 1, "test", start, out _);
        return start.Weights.Tensors.Max(t => (trained.Trained[t.Name] - t.Tensor).abs().max().item<float>());
    }

    [Fact]
    public void TheOptimiserStepsAtTheLearningRateALevelStartFixesOrElseTheSchedules()
    {
        var data = SmallImdb.Load();
        using var model = new TextCnn(data.Vocab.Count, 2, Small, 1);
        using var init = WeightSnapshot.Of(model);
        using var mask = Mask.Dense(model);
        Assert.Equal(0.02, FirstStepRate(new LevelStart(mask, init, 0) { LearningRate = 0.02 }, model, data), 5);
        Assert.Equal(1e-3, FirstStepRate(new LevelStart(mask, init, 0), model, data), 6);
    }

    [Fact]
    public void EachRetrainingChainPrunesItsOwnLevelsNestedInItsOwnPreviousMask()
    {
        var data = SmallImdb.Load();
        using var temp = new TempDir();
        var store = new FolderLevelStore(temp.Path);
        var results = new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, Small, s), new TrainingHparams(Epochs: 1, BatchSize: 32),
            new PruningHparams(Rate: 0.5, Levels: 2, Baselines: Baselines.LrRewind | Baselines.FineTune), 1, store).Run(data);
        Assert.Equal(["dense", "ticket", "fine-tune", "lr-rewind", "ticket", "fine-tune", "lr-rewind"], results.Select(r => r.Method));
        using var ticket1 = store.TryLoadMask(1, Methods.Ticket)!;
        using var ticket2 = store.TryLoadMask(2, Methods.Ticket)!;
        foreach (var method in new[] { "fine-tune", "lr-rewind" })
        {
            using var own1 = store.TryLoadMask(1, method)!;
            using var own2 = store.TryLoadMask(2, method)!;
            Assert.Equal(1.0, MaskOverlap.Jaccard(ticket1, own1));   // level 1: all prune the same dense network
            Assert.Equal(ticket2.Remaining, own2.Remaining);
            Assert.True(MaskOverlap.Jaccard(ticket2, own2) < 1, $"{method}'s level 2 is the ticket's mask");
            Assert.All(own1.Tensors, t => Assert.Equal(0, (own2[t.Name] > t.Keep).sum().item<long>())); // nested in its own level 1
            // and pruned by its own level-1 weights
            using var weights = WeightSnapshot.Load(Path.Combine(temp.Path, "levels", "01", method + ".weights"));
            using var expected = new GlobalMagnitudePruning().Prune(own1, weights.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.5);
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, own2[t.Name], $"{method}: {t.Name}"));
        }
    }
}
