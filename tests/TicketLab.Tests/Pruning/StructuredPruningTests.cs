using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

public class StructuredPruningTests
{
    internal static TextClassifier SmallLstm(long seed = 3) =>
        new Lstm(vocabSize: 50, classes: 2, new ModelHparams(Name: "lstm", EmbeddingDim: 8, Hidden: 6), seed);

    internal static BertClassifier TinyBert(long seed = 3) =>
        new(new BertConfig(VocabSize: 50, HiddenSize: 16, NumHiddenLayers: 2, NumAttentionHeads: 4, IntermediateSize: 12, MaxPositionEmbeddings: 32), 2, seed);

    public static TheoryData<string> Families => new() { "cnn", "lstm", "bert" };

    internal static TextClassifier Family(string name) => name switch
    {
        "cnn" => ModelFixtures.SmallCnn(),
        "lstm" => SmallLstm(),
        _ => TinyBert(),
    };

    /// <summary>The mask a structured run starts from: the model's own prunable set plus biases.</summary>
    internal static Mask DenseMask(TextClassifier model) =>
        Mask.Dense(model, new PruningHparams(Scope: PruningScope.Structured).MaskedSet(model));

    [Theory]
    [MemberData(nameof(Families))]
    public void EachLayerLosesTheShareOfWholeStructuresWithTheSmallestL1Norm(string family)
    {
        using var model = Family(family);
        var weights = ModelFixtures.Weights(model);
        var map = StructureMap.For(model);
        using var dense = DenseMask(model);
        using var pruned = new StructuredPruning(map, StructureNorm.L1).Prune(dense, weights, 0.5);
        foreach (var group in map.Groups)
        {
            var kept = StructuredPruning.Kept(group, pruned);
            Assert.Equal(group.Count - (int)Math.Round(group.Count * 0.5, MidpointRounding.AwayFromZero), kept.Count);
            // a pruned structure is zero in every tensor that holds it; a kept one keeps its rows (but for columns of pruned ones)
            for (int j = 0; j < group.Count; j++)
                foreach (var slice in group.Slices.Where(s => pruned.Names.Contains(s.Tensor)))
                {
                    var keep = pruned[slice.Tensor].contiguous().data<float>().ToArray();
                    var values = slice.Positions(pruned[slice.Tensor].shape, j).Select(p => keep[p]).Distinct().ToList();
                    if (kept.Contains(j) && slice.Dim == 0) Assert.Contains(1f, values);
                    if (!kept.Contains(j)) Assert.Equal([0f], values);
                }
            // the kept ones are the largest by the L1 norm of everything the structure owns, computed here from the tensors
            var norms = Enumerable.Range(0, group.Count).Select(j => group.Slices.Sum(s =>
            {
                var w = weights[s.Tensor].contiguous().data<float>().ToArray();
                return s.Positions(weights[s.Tensor].shape, j).Sum(p => (double)Math.Abs(w[p]));
            })).ToArray();
            double smallestKept = kept.Min(j => norms[j]);
            Assert.All(Enumerable.Range(0, group.Count).Except(kept), j => Assert.True(norms[j] <= smallestKept, $"{group.Name}: pruned {j} is larger"));
        }
    }

    [Fact]
    public void LstmUnitsGoFromEveryGateBothDirectionsAndTheReadersOfTheirOutput()
    {
        using var model = SmallLstm();
        using var dense = DenseMask(model);
        using var pruned = new StructuredPruning(StructureMap.For(model), StructureNorm.L2).Prune(dense, ModelFixtures.Weights(model), 0.5);
        var deadInFirst = Enumerable.Range(0, 6).Except(StructuredPruning.Kept(StructureMap.For(model).Groups[0], pruned)).ToList();
        Assert.Equal(3, deadInFirst.Count);
        foreach (int j in deadInFirst)
            foreach (var d in new[] { "fwd", "bwd" })
            {
                foreach (int gate in new[] { 0, 6, 12, 18 })
                {
                    Assert.Equal(0, pruned[$"layers.0.{d}.weight_ih_l0"][gate + j].sum().item<float>());
                    Assert.Equal(0, pruned[$"layers.0.{d}.weight_hh_l0"][gate + j].sum().item<float>());
                    Assert.Equal(0, pruned[$"layers.0.{d}.bias_ih_l0"][gate + j].item<float>());
                    Assert.Equal(0, pruned[$"layers.0.{d}.bias_hh_l0"][gate + j].item<float>());
                }
                Assert.Equal(0, pruned[$"layers.0.{d}.weight_hh_l0"][.., j].sum().item<float>());
                // the next layer reads [forward, backward] outputs: both columns of the unit go
                Assert.Equal(0, pruned[$"layers.1.{d}.weight_ih_l0"][.., j].sum().item<float>());
                Assert.Equal(0, pruned[$"layers.1.{d}.weight_ih_l0"][.., 6 + j].sum().item<float>());
            }
    }

    [Fact]
    public void IterativeLevelsPruneTheRemainingStructuresAndNeverReviveOne()
    {
        using var model = ModelFixtures.SmallCnn();
        var weights = ModelFixtures.Weights(model);
        var strategy = new StructuredPruning(StructureMap.For(model), StructureNorm.L1);
        using var dense = DenseMask(model);
        using var first = strategy.Prune(dense, weights, 0.25);   // 8 filters → 6
        using var second = strategy.Prune(first, weights, 0.5);   // 6 → 3
        foreach (var group in strategy.Map.Groups)
        {
            var before = StructuredPruning.Kept(group, first);
            var after = StructuredPruning.Kept(group, second);
            Assert.Equal(6, before.Count);
            Assert.Equal(3, after.Count);
            Assert.Subset(before.ToHashSet(), after.ToHashSet());
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TheRandomBaselineRemovesAsManyWholeStructuresPerLayerAtRandom(string family)
    {
        using var model = Family(family);
        var strategy = new StructuredPruning(StructureMap.For(model), StructureNorm.L1);
        using var dense = DenseMask(model);
        using var ticket = strategy.Prune(dense, ModelFixtures.Weights(model), 0.5);
        using var random = strategy.RandomMatch(ticket, seed: 11);
        using var again = strategy.RandomMatch(ticket, seed: 11);
        bool differs = false;
        foreach (var group in strategy.Map.Groups)
        {
            var kept = StructuredPruning.Kept(group, random);
            Assert.Equal(StructuredPruning.Kept(group, ticket).Count, kept.Count);
            Assert.Equal(kept, StructuredPruning.Kept(group, again));
            differs |= !kept.SequenceEqual(StructuredPruning.Kept(group, ticket));
        }
        Assert.True(differs, "the random masks equal the ticket's");
        Assert.Equal(ticket.Remaining, random.Remaining);   // whole structures of equal size: the same count of weights too
    }

    [Fact]
    public void TheScopeNamesTheStrategyAndAddsTheBiasesToTheMask()
    {
        using var model = SmallLstm();
        Assert.IsType<StructuredPruning>(new PruningHparams(Scope: PruningScope.StructuredL2).Strategy(model));
        Assert.True(new PruningHparams(Scope: PruningScope.Structured).MaskedSet(model).HasFlag(PrunableSet.Biases));
        Assert.False(new PruningHparams().MaskedSet(model).HasFlag(PrunableSet.Biases));
        using var rnn = ModelRegistry.Create(new ModelHparams(Name: "rnn", EmbeddingDim: 4, Hidden: 4), 20, 2, 1);
        Assert.Throws<UserException>(() => StructureMap.For(rnn));
    }
}
