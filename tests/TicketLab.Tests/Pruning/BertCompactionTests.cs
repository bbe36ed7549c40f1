using TicketLab.Data;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>Structured compaction of the real MiniLM on real IMDb reviews: the compact BERT is smaller by exactly the removed heads and
/// feed-forward neurons and gives the masked model's logits.</summary>
[Collection("Bert")]
public class BertCompactionTests
{
    private const int Reviews = 16, MaxLength = 64;

    // 16 reviews of the IMDb fixture's test split (a stratified subset: both classes), in MiniLM's WordPiece ids, [CLS] … [SEP] at most 64 (the
    // reviews' openings: enough to exercise every layer, at half the cost of 128)
    private static readonly Lazy<EncodedSplit> Split = new(() =>
    {
        var h = new DataHparams(MaxTrainExamples: 4, MaxEvalExamples: Reviews, MaxLength: MaxLength);
        var splits = ImdbDataset.Load(TestData.Fixtures, h, null, TestData.ImdbFixturePerFolder);
        return BertEncoding.Encode(splits with { Train = splits.Train.Take(2).ToList(), Validation = splits.Validation.Take(2).ToList() }, MaxLength,
            BertModels.Vocab(BertModels.DefaultName)).Test;
    });

    [Fact]
    public void HalfTheHeadsAndNeuronsOfEveryLayerRemovedGivesTheMaskedLogits()
    {
        using var model = BertModels.Create(BertModels.DefaultName, 2, seed: 5);
        using var dense = StructuredPruningTests.DenseMask(model);   // weights and biases: a removed structure is all zero
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(dense, ModelFixtures.Weights(model), 0.5);
        var sizes = CheckCompaction(model, mask);
        Assert.All(sizes, s => Assert.Equal((6, 768), (s.Heads, s.IntermediateSize)));
    }

    [Fact]
    public void GlobalScopeKeepsUnequalCountsPerLayerAndGivesTheMaskedLogits()
    {
        using var model = BertModels.Create(BertModels.DefaultName, 2, seed: 6);
        using var dense = StructuredPruningTests.DenseMask(model);
        using var mask = GlobalHalf(model, dense);
        var sizes = CheckCompaction(model, mask);
        Assert.True(sizes.Select(s => s.Heads).Distinct().Count() > 1, $"heads per layer {string.Join(" ", sizes.Select(s => s.Heads))}: all equal");
        Assert.True(sizes.Select(s => s.IntermediateSize).Distinct().Count() > 1, "neurons per layer all equal");
        Assert.Equal(6 * 12 / 2, sizes.Sum(s => s.Heads));
        Assert.Equal(6 * 1536 / 2, sizes.Sum(s => s.IntermediateSize));
    }

    [Fact]
    public void RemovedStructuresWhoseBiasesAndOutgoingColumnsStayAreFoldedIntoTheOutputBiases()
    {
        using var model = BertModels.Create(BertModels.DefaultName, 2, seed: 7);
        // only the incoming weights are masked: a removed head still averages its value bias into its attention-output columns, a
        // removed neuron still emits gelu(bias) into its output-dense columns, and both must be folded
        using var weights = Mask.Dense(model, PrunableSet.Weights);
        using var incoming = new Mask(weights.Tensors.Where(t => t.Name.Contains(".self.", StringComparison.Ordinal) || t.Name.Contains("intermediate.", StringComparison.Ordinal))
            .Select(t => (t.Name, t.Keep.clone())));
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(incoming, ModelFixtures.Weights(model), 0.5);
        CheckCompaction(model, mask, compact =>
        {
            // the folds really moved both output biases (else the equal logits would prove nothing about them)
            foreach (var bias in new[] { "encoder.layer.0.attention.output.dense.bias", "encoder.layer.0.output.dense.bias" })
            {
                Tensor Of(BertClassifier m) => m.Parameters().Single(p => p.Name == bias).Parameter;
                Assert.True((Of(compact) - Of(model)).abs().max().item<float>() > 1e-3, $"{bias}: nothing folded");
            }
        });
    }

    [Fact]
    public void ALayerWithEveryHeadOrEveryNeuronRemovedAddsItsOutputBiasAlone()
    {
        using var model = BertModels.Create(BertModels.DefaultName, 2, seed: 8);
        using var dense = StructuredPruningTests.DenseMask(model);
        var map = StructureMap.For(model);
        // layer 0 loses every head, layer 1 every neuron, layer 2 both; the rest keep everything
        using var mask = Remove(dense, map, g => g switch { 0 or 3 or 4 or 5 => Enumerable.Range(0, map.Groups[g].Count), _ => [] });
        var sizes = CheckCompaction(model, mask);
        Assert.Equal(new[] { (0, 1536), (12, 0), (0, 0), (12, 1536) }, sizes.Take(4).Select(s => (s.Heads, s.IntermediateSize)).ToArray());
    }

    [Fact]
    public void ACompactBertPrunedAgainCompactsAgainToTheSameLogits()
    {
        using var model = StructuredPruningTests.TinyBert();
        var pruning = (BertClassifier m, double rate) =>
        {
            using var dense = StructuredPruningTests.DenseMask(m);
            return new StructuredPruning(StructureMap.For(m), StructureNorm.L1).Prune(dense, ModelFixtures.Weights(m), rate);
        };
        using var first = pruning(model, 0.5);
        first.ApplyTo(model);
        using var once = StructuredCompaction.Compact(model, first);
        using var second = pruning(once, 0.5);   // the compact model's own structures: 2 heads and 6 neurons per layer
        second.ApplyTo(once);
        using var twice = StructuredCompaction.Compact(once, second);
        Assert.All(twice.Config.LayerSizes!, s => Assert.Equal((1, 3), (s.Heads, s.IntermediateSize)));
        var (ids, lengths) = (tensor(new long[] { 2, 7, 9, 3, 11, 4, 8, 0 }, [2, 4]), tensor(new long[] { 4, 3 }));
        using var _ = no_grad();
        using var expected = once.forward(ids, lengths);
        using var actual = twice.forward(ids, lengths);
        Assert.True((expected - actual).abs().max().item<float>() <= 1e-5);
    }

    [Fact]
    public void APrunedHeadWhoseValuesAndOutputColumnsAreOutsideTheMaskIsRefused()
    {
        using var model = StructuredPruningTests.TinyBert();
        using var weights = Mask.Dense(model, PrunableSet.Weights);
        using var queriesAndKeys = new Mask(weights.Tensors.Where(t => t.Name.Contains(".query.", StringComparison.Ordinal) || t.Name.Contains(".key.", StringComparison.Ordinal))
            .Select(t => (t.Name, t.Keep.clone())));
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(queriesAndKeys, ModelFixtures.Weights(model), 0.5);
        mask.ApplyTo(model);
        var e = Assert.Throws<ArgumentException>(() => StructuredCompaction.Compact(model, mask));
        Assert.Contains("attention heads", e.Message);
    }

    // compacts the masked model and checks size, parameter count and logits on the reviews; returns the compact layer sizes
    private static IReadOnlyList<BertLayerSize> CheckCompaction(BertClassifier model, Mask mask, Action<BertClassifier>? inspect = null)
    {
        mask.ApplyTo(model);
        model.eval();
        using var compact = StructuredCompaction.Compact(model, mask);
        var c = model.Config;
        var sizes = compact.Config.LayerSizes ?? throw new InvalidOperationException("the compact BERT has no layer sizes");
        var kept = StructuredPruning.Kept(StructureMap.For(model), mask);
        for (int l = 0; l < c.NumHiddenLayers; l++)
        {
            Assert.Equal(kept[2 * l].Count, sizes[l].Heads);
            Assert.Equal(kept[2 * l + 1].Count, sizes[l].IntermediateSize);
        }
        // a head owns query, key and value rows with their biases and attention-output columns; a neuron its row, bias and column
        long perHead = 3 * ((long)c.HiddenSize * c.HeadSize + c.HeadSize) + (long)c.HiddenSize * c.HeadSize, perNeuron = 2L * c.HiddenSize + 1;
        long removed = sizes.Sum(s => (c.NumAttentionHeads - s.Heads) * perHead + (c.IntermediateSize - s.IntermediateSize) * perNeuron);
        Assert.True(removed > 0);
        Assert.Equal(StructuredCompaction.ParameterCount(model) - removed, StructuredCompaction.ParameterCount(compact));

        using var masked = Logits(model);
        using var small = Logits(compact);
        Assert.Equal(Reviews, masked.shape[0]);
        double gap = (masked - small).abs().max().item<float>();
        Assert.True(gap <= 1e-4, $"compact logits differ by {gap:E2}");
        Assert.Equal(masked.argmax(1).data<long>().ToArray(), small.argmax(1).data<long>().ToArray());
        Assert.True(masked.abs().max().item<float>() > 1e-3, "the logits are all zero: nothing was compared");
        inspect?.Invoke(compact);
        return sizes;
    }

    private static Tensor Logits(BertClassifier model)
    {
        var split = Split.Value;
        using var _ = no_grad();
        var parts = Batches.EvaluationPlan(split, 8).Select(indices =>
        {
            using var batch = Batches.Collate(split, indices, minLength: 1);
            return model.forward(batch.Ids, batch.Lengths);
        }).ToList();
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    // global scope: the half of all heads (and of all neurons) with the smallest L1 norms, whichever layer they are in
    private static Mask GlobalHalf(BertClassifier model, Mask dense)
    {
        var map = StructureMap.For(model);
        var values = ModelFixtures.Weights(model).ToDictionary(w => w.Key, w => (Values: w.Value.contiguous().data<float>().ToArray(), Shape: w.Value.shape));
        var removed = new HashSet<(int Group, int Index)>();
        foreach (int kind in new[] { 0, 1 })   // heads, then neurons
        {
            var scored = Enumerable.Range(0, map.Groups.Count).Where(g => g % 2 == kind)
                .SelectMany(g => Enumerable.Range(0, map.Groups[g].Count).Select(j => (Score: map.Groups[g].Slices.Sum(s =>
                    s.Positions(values[s.Tensor].Shape, j).Sum(p => (double)Math.Abs(values[s.Tensor].Values[p]))), Group: g, Index: j)))
                .OrderBy(x => x.Score).ToList();
            removed.UnionWith(scored.Take(scored.Count / 2).Select(x => (x.Group, x.Index)));
        }
        return Remove(dense, map, g => removed.Where(r => r.Group == g).Select(r => r.Index));
    }

    // a copy of `dense` with the structures `removed` names (per group) zero in every tensor of the mask that holds them
    private static Mask Remove(Mask dense, StructureMap map, Func<int, IEnumerable<int>> removed)
    {
        var keep = dense.Tensors.ToDictionary(t => t.Name, t => t.Keep.contiguous().data<float>().ToArray());
        for (int g = 0; g < map.Groups.Count; g++)
            foreach (int j in removed(g))
                foreach (var s in map.Groups[g].Slices.Where(s => keep.ContainsKey(s.Tensor)))
                    foreach (long p in s.Positions(dense[s.Tensor].shape, j)) keep[s.Tensor][p] = 0;
        return new Mask(dense.Tensors.Select(t => (t.Name, tensor(keep[t.Name], t.Keep.shape))));
    }
}
