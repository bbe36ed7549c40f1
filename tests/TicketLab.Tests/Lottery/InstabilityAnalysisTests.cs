using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Tests.Training;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Tests.Lottery;

/// <summary>Linear mode connectivity: two copies of one start, the error along the path between them, and the barrier.</summary>
public class InstabilityAnalysisTests
{
    [Fact]
    public void InterpolationIsEachCopyItselfAtTheEndsAndTheMeanHalfway()
    {
        using var a = WeightSnapshot.From([("w", tensor(new float[] { 0.1f, -3, 0, 7e-9f }))]);
        using var b = WeightSnapshot.From([("w", tensor(new float[] { -0.7f, 2, 5, 1e-3f }))]);
        using (var zero = InstabilityAnalysis.Interpolate(a, b, 0)) TensorAssert.Equal(a["w"], zero["w"]);
        using (var one = InstabilityAnalysis.Interpolate(a, b, 1)) TensorAssert.Equal(b["w"], one["w"]);
        using var half = InstabilityAnalysis.Interpolate(a, b, 0.5);
        Assert.Equal(new[] { -0.3f, -0.5f, 2.5f, 5e-4f }, half["w"].data<float>().ToArray(), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void TwoCopiesOfATicketTrainOnDifferentOrdersAndThePathEndsReproduceTheirMetricsExactly()
    {
        var data = SmallImdb.Load();
        using var model = new TextCnn(data.Vocab.Count, 2, new ModelHparams(EmbeddingDim: 16, Filters: 8), 1);
        using var init = WeightSnapshot.Of(model);
        using var dense = Mask.Dense(model);
        using var mask = new GlobalMagnitudePruning().Prune(dense, init.Tensors.ToDictionary(t => t.Name, t => t.Tensor), 0.5);
        var result = new InstabilityAnalysis(new TrainingHparams(Epochs: 1, BatchSize: 32)).Measure(model, data, init, mask, 0, seed: 1);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => i / 10.0), result.Path.Select(p => p.Alpha));
        Assert.Equal(result.CopyA.Epochs.Single(e => e.Epoch == result.CopyA.BestEpoch).Validation, result.Path[0].Validation);
        Assert.Equal(result.CopyB.Epochs.Single(e => e.Epoch == result.CopyB.BestEpoch).Validation, result.Path[^1].Validation);
        Assert.NotEqual(result.CopyA.Epochs[0].Train, result.CopyB.Epochs[0].Train); // other data orders
        Assert.NotEqual(InstabilityAnalysis.CopySeed(1, 0), InstabilityAnalysis.CopySeed(1, 1));
        double expected = result.Path.Max(p => 1 - p.Validation.Accuracy) - (2 - result.Path[0].Validation.Accuracy - result.Path[^1].Validation.Accuracy) / 2;
        Assert.Equal(expected, result.Barrier, 12);
        Assert.InRange(result.Barrier, 0, 1);
        // both copies kept the mask, so every point of the path does; the model is left at copy A
        Assert.All(model.Parameters().Where(p => mask.Names.Contains(p.Name)), p =>
            Assert.Equal(0, (p.Parameter.detach() * (1 - mask[p.Name])).abs().sum().item<float>()));
    }
}
