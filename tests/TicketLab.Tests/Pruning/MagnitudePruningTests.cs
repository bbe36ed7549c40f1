using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

public class MagnitudePruningTests
{
    [Fact]
    public void GlobalPruningRemovesExactlyTheRequestedCount()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var once = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.2);
        Assert.Equal((long)Math.Round(dense.Total * 0.2, MidpointRounding.AwayFromZero), once.Total - once.Remaining);
        using var twice = new GlobalMagnitudePruning().Prune(once, ModelFixtures.Weights(model), 0.2);
        Assert.Equal(once.Remaining - (long)Math.Round(once.Remaining * 0.2, MidpointRounding.AwayFromZero), twice.Remaining);
    }

    [Fact]
    public void GlobalPruningRemovesTheSmallestMagnitudesAcrossTensors()
    {
        using var model = ModelFixtures.SmallCnn();
        var weights = ModelFixtures.Weights(model);
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var mask = new GlobalMagnitudePruning().Prune(dense, weights, 0.5);
        float maxPruned = 0, minKept = float.MaxValue;
        foreach (var (name, keep) in mask.Tensors)
        {
            var w = weights[name].abs().data<float>().ToArray();
            var k = keep.data<float>().ToArray();
            for (int i = 0; i < w.Length; i++)
                if (k[i] == 0) maxPruned = Math.Max(maxPruned, w[i]); else minKept = Math.Min(minKept, w[i]);
        }
        Assert.True(maxPruned <= minKept, $"a pruned weight ({maxPruned}) is larger than a kept one ({minKept})");
        // one threshold over all tensors: tensors with smaller initial scale lose more
        var perTensor = mask.PerTensor();
        Assert.True(perTensor.Max(t => t.Sparsity) - perTensor.Min(t => t.Sparsity) > 0.05);
    }

    [Fact]
    public void PrunedWeightsStayPrunedAtTheNextLevel()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var first = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.3);
        using var other = ModelFixtures.SmallCnn(seed: 99); // different weights: the ranking changes
        using var second = new GlobalMagnitudePruning().Prune(first, ModelFixtures.Weights(other), 0.3);
        foreach (var (name, keep) in second.Tensors)
            Assert.Equal(0, keep.gt(first[name]).sum().item<long>());
    }

    [Fact]
    public void LayerwisePruningRemovesTheSameFractionFromEveryTensor()
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var mask = new LayerwiseMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.4);
        foreach (var t in mask.PerTensor())
            Assert.Equal((long)Math.Round(t.Total * 0.4, MidpointRounding.AwayFromZero), t.Pruned);
    }

    [Fact]
    public void TiesAreBrokenDeterministicallyAndTheCountStaysExact()
    {
        using var w = tensor(new float[] { 1, 1, 1, 1, 2, 2, 1, 1 }, new long[] { 2, 4 });
        using var dense = new Mask([("w", ones(2, 4))]);
        var weights = new Dictionary<string, Tensor> { ["w"] = w };
        using var a = new GlobalMagnitudePruning().Prune(dense, weights, 0.25);
        using var b = new GlobalMagnitudePruning().Prune(dense, weights, 0.25);
        Assert.Equal(new float[] { 0, 0, 1, 1, 1, 1, 1, 1 }, a["w"].data<float>().ToArray());
        TensorAssert.Equal(a["w"], b["w"]);
    }

    [Fact]
    public void OnlyTheRequestedKindsOfParametersAreMasked()
    {
        using var model = ModelFixtures.SmallCnn();
        using var weightsOnly = Mask.Dense(model, PrunableSet.Weights);
        Assert.All(weightsOnly.Names, n => Assert.StartsWith("convs.", n));
        Assert.DoesNotContain(weightsOnly.Names, n => n.EndsWith(".bias"));
        using var withEmbedding = Mask.Dense(model, PrunableSet.Default | PrunableSet.Embeddings);
        Assert.Contains("embedding.weight", withEmbedding.Names);
        Assert.Contains("fc.weight", withEmbedding.Names);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void RatesOutsideTheOpenIntervalAreRejected(double rate)
    {
        using var model = ModelFixtures.SmallCnn();
        using var dense = Mask.Dense(model, PrunableSet.Default);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), rate));
    }
}
