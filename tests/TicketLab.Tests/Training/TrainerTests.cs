using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;
using TicketLab.Tests.Pruning;
using static TorchSharp.torch;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Training;

public class TrainerTests
{
    private static readonly TrainingHparams Quick = new(Epochs: 2, BatchSize: 32);

    private static TextCnn Model(int vocab, long seed = 5) => new(vocab, 2, new ModelHparams(EmbeddingDim: 32, Filters: 16), seed);

    [Fact]
    public void PrunedWeightsAreExactlyZeroAfterEveryStepAndInTheCheckpoint()
    {
        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var mask = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.8);
        using var initial = WeightSnapshot.Of(model);
        var checker = new ZeroChecker(model, mask);
        var (_, best) = new Trainer(Quick, checker).Train(model, data, new TrainingStart(1, mask));
        Assert.True(checker.Steps > 10);
        Assert.Equal(0, checker.Violations);

        using var dir = new TempDir();
        var path = dir.Combine("best.weights");
        best.Save(path);
        using var loaded = WeightSnapshot.Load(path);
        foreach (var (name, keep) in mask.Tensors)
            Assert.Equal(0, loaded[name].mul(keep.logical_not()).count_nonzero().item<long>());
        // the kept weights did train
        Assert.All(mask.Tensors, t => Assert.False(TensorAssert.Same(loaded[t.Name], initial[t.Name].mul(t.Keep)), t.Name));
    }

    [Fact]
    public void SameSeedGivesTheSameMetricsAndWeights()
    {
        var data = SmallImdb.Load();
        TrainingResult Run(out WeightSnapshot w)
        {
            using var model = Model(data.Vocab.Count);
            var (r, best) = new Trainer(Quick).Train(model, data, new TrainingStart(3));
            w = best;
            return r;
        }
        var a = Run(out var wa);
        var b = Run(out var wb);
        Assert.Equal(a.Epochs.Select(e => (e.Train, e.Validation)), b.Epochs.Select(e => (e.Train, e.Validation)));
        Assert.Equal(a.Test, b.Test);
        Assert.All(wa.Tensors, t => TensorAssert.Equal(t.Tensor, wb[t.Name], t.Name));
    }

    [Fact]
    public void BestEpochIsTheOneWithLowestValidationLossAndItsWeightsAreTested()
    {
        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        var (r, best) = new Trainer(new TrainingHparams(Epochs: 3, BatchSize: 32)).Train(model, data, new TrainingStart(2));
        Assert.Equal(r.Epochs.MinBy(e => e.Validation.Loss)!.Epoch, r.BestEpoch);
        // the model holds the best weights on return, so evaluating it again reproduces the reported validation metrics
        var again = Evaluator.Evaluate(model, data.Validation, new TrainingHparams());
        Assert.Equal(r.Best.Validation.Loss, again.Loss, 5);
        Assert.Equal(r.Best.Validation.Accuracy, again.Accuracy);
        Assert.All(best.Tensors, t => TensorAssert.Equal(t.Tensor, model.Parameters().First(p => p.Name == t.Name).Parameter.detach()));
    }

    [Fact]
    public void RewindingRestoresTheCapturedWeightsBitForBit()
    {
        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        WeightSnapshot? captured = null;
        WeightSnapshot? expected = null;
        new Trainer(Quick).Train(model, data, new TrainingStart(4)
        {
            AtStep = step =>
            {
                if (step == 3) (captured, expected) = (WeightSnapshot.Of(model), WeightSnapshot.Of(model).Clone());
                return false;
            },
        });
        Assert.NotNull(captured);
        captured!.CopyInto(model);
        Assert.All(expected!.Tensors, t => TensorAssert.Equal(t.Tensor, model.Parameters().First(p => p.Name == t.Name).Parameter.detach(), t.Name));
    }

    [Fact]
    public void ADivergingRunStopsWithTheStepItDivergedAt()
    {
        var data = SmallImdb.Load();
        using var model = Model(data.Vocab.Count);
        var e = Assert.Throws<NonFiniteLossException>(() =>
            new Trainer(new TrainingHparams(Epochs: 2, BatchSize: 32, LearningRate: 1e30)).Train(model, data, new TrainingStart(1)));
        Assert.InRange(e.Step, 1, 2 * new Trainer(new TrainingHparams(BatchSize: 32)).StepsPerEpoch(data.Train.Count));
        Assert.Contains($"step {e.Step}", e.Message);
    }

    /// <summary>Checks after every step that no pruned weight came back.</summary>
    private sealed class ZeroChecker(TextClassifier model, Mask mask) : ITrainingObserver
    {
        public int Steps, Violations;

        public void OnStep(int epoch, int batch, int batchesPerEpoch, double loss)
        {
            Steps++;
            using var _ = no_grad();
            foreach (var (name, p) in model.Parameters())
                if (mask.Names.Contains(name) && p.mul(mask[name].logical_not()).count_nonzero().item<long>() != 0) Violations++;
        }
    }
}
