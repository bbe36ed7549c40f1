using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

public class LampPruningTests
{
    // A: w² 1, 4, 9, 16 (Σ 30) → scores 1/30 = .033, 4/29 = .138, 9/25 = .36, 16/16 = 1.
    // B: w² .01, .25, .04, .09 → ascending .01 (#0), .04 (#2), .09 (#3), .25 (#1), Σ .39
    //    → scores #0 .01/.39 = .026, #2 .04/.38 = .105, #3 .09/.34 = .265, #1 .25/.25 = 1.
    // Global order: B0 .026, A0 .033, B2 .105, A1 .138, B3 .265, A2 .36, then the two 1s.
    private static readonly float[] A = [1, -2, 3, 4], B = [0.1f, 0.5f, 0.2f, 0.3f];

    /// <summary>The kept pattern as "A|B", e.g. "0011|0101".</summary>
    private static string Prune(double rate, float[]? keepA = null)
    {
        using var current = new Mask([("a", tensor(keepA ?? [1f, 1, 1, 1])), ("b", tensor(new float[] { 1, 1, 1, 1 }))]);
        var weights = new Dictionary<string, Tensor> { ["a"] = tensor(A), ["b"] = tensor(B) };
        using var mask = new LampPruning().Prune(current, weights, rate);
        return string.Concat(mask["a"].data<float>().ToArray()) + "|" + string.Concat(mask["b"].data<float>().ToArray());
    }

    [Fact]
    public void ScoresAreEachSquaredWeightOverTheSquaresNotSmallerThanIt()
    {
        Assert.Equal([1 / 30.0, 4 / 29.0, 9 / 25.0, 1], LampPruning.Scores(A, [1, 1, 1, 1]), new ToleranceComparer(1e-7));
        Assert.Equal([0.01 / 0.39, 1, 0.04 / 0.38, 0.09 / 0.34], LampPruning.Scores(B, [1, 1, 1, 1]), new ToleranceComparer(1e-6));
        var pruned = LampPruning.Scores(A, [1, 1, 0, 1]); // a pruned weight leaves the sums: 16/16, 4/20, 1/21
        Assert.True(double.IsNaN(pruned[2]));
        Assert.Equal([1 / 21.0, 4 / 20.0, 1], [pruned[0], pruned[1], pruned[3]], new ToleranceComparer(1e-7));
    }

    [Fact]
    public void PrunesTheSmallestScoresAcrossTensorsNotTheSmallestMagnitudes()
    {
        // global magnitude pruning at 50% would empty B (its four weights are all below A's); LAMP takes two from each
        Assert.Equal("0011|0101", Prune(0.5));
        Assert.Equal("0111|0111", Prune(0.25));
        Assert.Equal("0001|0100", Prune(0.75));
        // pruned weights stay pruned and leave the scores: A keeps 1, 2, 4 → 1/21, 4/20, 1; 3 of 7 go: B0, A0, B2
        Assert.Equal("0101|0101", Prune(0.4, keepA: [1, 1, 0, 1]));
    }

    [Fact]
    public void EveryTensorKeepsItsLargestWeightAtAnyRate()
    {
        Assert.Equal("0001|0100", Prune(0.99)); // 8 of 8 asked for; each tensor's largest stays
        using var model = ModelFixtures.SmallCnn();
        var weights = ModelFixtures.Weights(model);
        var mask = Mask.Dense(model, PrunableSet.Default | PrunableSet.Embeddings | PrunableSet.Biases);
        foreach (var rate in new[] { 0.2, 0.5, 0.9, 0.99, 0.999 })
        {
            long before = mask.Remaining;
            var next = new LampPruning().Prune(mask, weights, rate);
            long expected = Math.Min(PruningRate.Count(before, rate), before - mask.Tensors.Count);
            Assert.Equal(expected, before - next.Remaining);
            mask.Dispose();
            mask = next;
            foreach (var (name, keep) in mask.Tensors)
            {
                var w = weights[name].abs().flatten().data<float>().ToArray();
                var k = keep.flatten().data<float>().ToArray();
                Assert.Equal(w.Max(), w.Where((_, i) => k[i] != 0).Max()); // zero-initialised biases tie: one of them stays
            }
        }
        Assert.Equal(mask.Tensors.Count, mask.Remaining); // pruned down to one weight per tensor, never to none
        mask.Dispose();
    }

    [Fact]
    public void AScaledTensorGetsTheSameMask()
    {
        // the point of LAMP (a power of two scales exactly): the embedding's small init scale does not make it the first to go
        using var model = ModelFixtures.SmallCnn();
        var weights = ModelFixtures.Weights(model);
        using var dense = Mask.Dense(model, PrunableSet.Default | PrunableSet.Embeddings);
        var embedding = dense.Names.First(n => n.Contains("embed", StringComparison.OrdinalIgnoreCase));
        var scaled = new Dictionary<string, Tensor>(weights) { [embedding] = weights[embedding] * 0.125f };
        using var plain = new LampPruning().Prune(dense, weights, 0.6);
        using var small = new LampPruning().Prune(dense, scaled, 0.6);
        foreach (var name in dense.Names) Assert.True(plain[name].equal(small[name]).all().item<bool>(), name);
        using var global = new GlobalMagnitudePruning().Prune(dense, scaled, 0.6);
        double globalSparsity = global.PerTensor().Single(t => t.Name == embedding).Sparsity, lampSparsity = plain.PerTensor().Single(t => t.Name == embedding).Sparsity;
        Assert.True(globalSparsity > lampSparsity + 0.2, $"embedding sparsity: global {globalSparsity}, LAMP {lampSparsity}");
    }

    [Fact]
    public void TheLampScopeIsAWordOfTheVocabularyAndNamesTheStrategy()
    {
        var h = SettingsVocabulary.Bind([new SettingValue("scope", "lamp")], RunKind.Lottery);
        Assert.Equal(PruningScope.Lamp, h.Pruning.Scope);
        Assert.IsType<LampPruning>(h.Pruning.Strategy());
        Assert.IsType<GlobalMagnitudePruning>(new PruningHparams().Strategy());
        Assert.IsType<LayerwiseMagnitudePruning>(new PruningHparams(Scope: PruningScope.Layerwise).Strategy());
        Assert.Contains($"Pruning.Scope={PruningScope.Lamp}", RunIdentity.Canonical(h));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
