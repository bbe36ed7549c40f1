using TicketLab.Models;
using TicketLab.Training;
using TicketLab.Tests.Pruning;

namespace TicketLab.Tests.Training;

public class EarlyStoppingTests
{
    private const int Epochs = 7;
    private const int Patience = 1;
    private static readonly TrainingHparams Fast = new(Epochs: Epochs, BatchSize: 32, LearningRate: 1e-2); // overfits 240 reviews within a few epochs

    private static TextCnn Model(int vocab) => new(vocab, 2, new ModelHparams(EmbeddingDim: 32, Filters: 16), seed: 5);

    private static readonly Lazy<TrainingResult> Full = new(() =>
    {
        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        var (r, best) = new Trainer(Fast).Train(model, data, new TrainingStart(2));
        best.Dispose();
        return r;
    });

    /// <summary>How many epochs patience allows, read off validation losses by walking them with a running best.</summary>
    private static int ExpectedEpochs(IReadOnlyList<double> losses, int patience)
    {
        double best = double.PositiveInfinity;
        int since = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            if (losses[i] < best) { best = losses[i]; since = 0; }
            else if (++since == patience) return i + 1;
        }
        return losses.Count;
    }

    [Fact]
    public void PatienceStopsWhereTheObservedValidationLossesSayAndKeepsTheBestEpoch()
    {
        var full = Full.Value;
        int expected = ExpectedEpochs(full.Epochs.Select(e => e.Validation.Loss).ToList(), Patience);
        Assert.True(expected < Epochs, $"validation loss never stalled in {Epochs} epochs ({string.Join(", ", full.Epochs.Select(e => e.Validation.Loss))}); the check would not test stopping");
        Assert.False(full.StoppedEarly);

        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        var (r, best) = new Trainer(Fast with { Patience = Patience }).Train(model, data, new TrainingStart(2));
        best.Dispose();
        Assert.Equal(expected, r.Epochs.Count);
        Assert.True(r.StoppedEarly);
        // the epochs that ran are the uninterrupted run's, and the best-epoch rule is unchanged
        Assert.Equal(full.Epochs.Take(expected).Select(e => e.Validation), r.Epochs.Select(e => e.Validation));
        Assert.Equal(r.Epochs.MinBy(e => e.Validation.Loss)!.Epoch, r.BestEpoch);
        Assert.Equal(full.Epochs.Take(expected).MinBy(e => e.Validation.Loss)!.Epoch, r.BestEpoch);
        // what the bench's patience replay reads off a run recorded without patience
        Assert.Equal(r.Epochs.Count, EarlyStopping.EpochsRun(full.Epochs, Patience));
        Assert.Equal(full.Epochs.Count, EarlyStopping.EpochsRun(full.Epochs, null));
    }

    [Fact]
    public void AResumedRunWithPatienceStopsAtTheSameEpochWithTheSameResult()
    {
        var data = SmallImdb.Load();
        var h = Fast with { Patience = Patience };
        TrainingResult straight;
        WeightSnapshot straightBest;
        using (var model = Model(data.Vocab.Count))
            (straight, straightBest) = new Trainer(h).Train(model, data, new TrainingStart(2));
        Assert.True(straight.StoppedEarly);

        // killed right after the first epoch's checkpoint, then resumed in a fresh model from that checkpoint
        var store = new FolderCheckpointStore(Directory.CreateTempSubdirectory("ticketlab-es").FullName);
        using (var model = Model(data.Vocab.Count))
            Assert.Throws<Killed>(() => new Trainer(h, new KillAfterEpoch(0)).Train(model, data, new TrainingStart(2) { Checkpoints = store }));
        using var resumedModel = Model(data.Vocab.Count);
        var (resumed, resumedBest) = new Trainer(h).Train(resumedModel, data, new TrainingStart(2) { Checkpoints = store });

        Assert.Equal(straight.Epochs.Select(e => (e.Epoch, e.Train, e.Validation)), resumed.Epochs.Select(e => (e.Epoch, e.Train, e.Validation)));
        Assert.Equal(straight.BestEpoch, resumed.BestEpoch);
        Assert.Equal(straight.Test, resumed.Test);
        Assert.True(resumed.StoppedEarly);
        Assert.All(straightBest.Tensors, t => TensorAssert.Equal(t.Tensor, resumedBest[t.Name], t.Name));
    }

    private sealed class Killed : Exception;

    private sealed class KillAfterEpoch(int epoch) : ITrainingObserver
    {
        public void OnEpoch(EpochMetrics metrics)
        {
            if (metrics.Epoch == epoch) throw new Killed();
        }
    }
}
