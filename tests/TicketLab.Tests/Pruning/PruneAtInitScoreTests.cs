using TicketLab.Pruning;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>SNIP, GraSP and SynFlow scores on networks small enough to work out by hand, and the budgets of random masks.</summary>
public class PruneAtInitScoreTests
{
    // W = [[1, 0], [-1, 1]], x = (1, 2), class 0: logits (1, 1), p = (½, ½), g = ∂L/∂W = (p − y) xᵀ = [[-½, -1], [½, 1]]
    private static readonly float[,] W = { { 1, 0 }, { -1, 1 } };

    private static void AssertScores(float[] expected, Tensor actual) =>
        Assert.Equal(expected, actual.flatten().data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);

    [Fact]
    public void SnipScoresAreTheMagnitudeOfGradientTimesWeight()
    {
        using var model = TinyNetworks.Linear(W);
        using var mask = Mask.Dense(model, PrunableSet.Weights);
        using var batch = TinyNetworks.Example([1, 2], 0);
        var scores = SnipScores.Of(model, mask, [batch]);
        AssertScores([0.5f, 0, 0.5f, 1], scores["w"]); // |g ⊙ W|
        using var pruned = ScoreSelection.PruneLowest(mask, scores, 2);
        AssertScores([0, 0, 1, 1], pruned["w"]);        // the two lowest: 0, then of the tied ½s the earlier
    }

    [Fact]
    public void SnipAddsTheGradientsOfSeveralBatchesBeforeTakingTheMagnitude()
    {
        using var model = TinyNetworks.Linear(W);
        using var mask = Mask.Dense(model, PrunableSet.Weights);
        using var first = TinyNetworks.Example([1, 2], 0);
        using var second = TinyNetworks.Example([1, 2], 1); // its gradient is the first's negated: the sum is zero
        Assert.All(SnipScores.Of(model, mask, [first, second])["w"].flatten().data<float>().ToArray(), s => Assert.Equal(0, s, 6));
    }

    [Fact]
    public void GraspScoresAreMinusWeightTimesHessianGradientProduct()
    {
        // H g = (diag p − p pᵀ)(g x) xᵀ: g x = (-2.5, 2.5), (diag p − p pᵀ) = [[¼, -¼], [-¼, ¼]] → (-1.25, 1.25);
        // H g = [[-1.25, -2.5], [1.25, 2.5]] and −W ⊙ H g = [[1.25, 0], [1.25, -2.5]]
        using var model = TinyNetworks.Linear(W);
        using var mask = Mask.Dense(model, PrunableSet.Weights);
        using var batch = TinyNetworks.Example([1, 2], 0);
        var scores = GraspScores.Of(model, mask, [batch], temperature: 1);
        AssertScores([1.25f, 0, 1.25f, -2.5f], scores["w"]);
        using var before = WeightSnapshot.Of(model);
        AssertScores([1, 0, -1, 1], before["w"]); // the weights were only read
    }

    [Fact]
    public void GraspTemperatureDividesTheLogits()
    {
        // logits (1, 1)/T stay equal, so p = (½, ½) still; each gradient carries 1/T, so H g carries 1/T³ (g twice, the softmax Jacobian once)
        using var model = TinyNetworks.Linear(W);
        using var mask = Mask.Dense(model, PrunableSet.Weights);
        using var batch = TinyNetworks.Example([1, 2], 0);
        AssertScores([1.25f / 8, 0, 1.25f / 8, -2.5f / 8], GraspScores.Of(model, mask, [batch], temperature: 2)["w"]);
    }

    // W1 = [[1, -2], [3, 0.5]], W2 = [[-1, 2]], input (1, 1): |W1| 1 = (3, 3.5), R = 1·3 + 2·3.5 = 10;
    // ∂R/∂W2 = (3, 3.5) → scores (3, 7); ∂R/∂W1[j, i] = |W2[j]| → scores [[1, 2], [6, 1]]
    private static readonly float[,] W1 = { { 1, -2 }, { 3, 0.5f } }, W2 = { { -1, 2 } };

    [Fact]
    public void SynflowScoresAreSynapticFlowThroughAbsoluteWeightsOnAnAllOnesInput()
    {
        using var model = TinyNetworks.TwoLayers(W1, W2);
        using var dense = Mask.Dense(model, PrunableSet.Weights);
        using var original = WeightSnapshot.Of(model);
        var scores = SynFlowPruning.Scores(model, original, dense, length: 2);
        AssertScores([1, 2, 6, 1], scores["w1"]);
        AssertScores([3, 7], scores["w2"]);
    }

    [Fact]
    public void SynflowRescoresThroughTheMaskAtEveryIteration()
    {
        using var model = TinyNetworks.TwoLayers(W1, W2);
        using var original = WeightSnapshot.Of(model);
        using var masked = new Mask([("w1", tensor(new float[,] { { 0, 1 }, { 1, 0 } })), ("w2", ones(1, 2))]);
        // |W1 ⊙ m| = [[0, 2], [3, 0]], |W1 ⊙ m| 1 = (2, 3): W2 scores (2, 6); W1 scores [[0, 2·1], [3·2, 0]]
        var scores = SynFlowPruning.Scores(model, original, masked, length: 2);
        AssertScores([0, 2, 6, 0], scores["w1"]);
        AssertScores([2, 6], scores["w2"]);

        original.CopyInto(model); // Scores leaves the network linearised; Prune restores it itself

        // two rounds to 3 of 6 pruned: round 1 keeps round(6·√½) = 4 (prunes the two 1s), round 2 the lower of the tied 2s, by position
        using var dense = Mask.Dense(model, PrunableSet.Weights);
        using var pruned = SynFlowPruning.Prune(model, dense, 3, length: 2, iterations: 2);
        AssertScores([0, 0, 1, 0], pruned["w1"]);
        AssertScores([1, 1], pruned["w2"]);
        Assert.All(original.Tensors, t => TensorAssert.Equal(t.Tensor, model.Parameters().Single(p => p.Name == t.Name).Parameter, t.Name)); // restored
    }

    [Fact]
    public void SynflowFeedsAllOnesEmbeddingsOrScoresAPrunableTableAsALayer()
    {
        // E rows (0, 0), (1, -2), (3, 4); W = [[0.5, -1]]; two positions
        float[,] table = { { 0, 0 }, { 1, -2 }, { 3, 4 } }, w = { { 0.5f, -1 } };
        using var model = TinyNetworks.Embedded(table, w);
        using var original = WeightSnapshot.Of(model);
        // the table not prunable: each position is (1, 1), Σₜ = (2, 2), W scores |W| ⊙ (2, 2) = (1, 2)
        using (var weightsOnly = Mask.Dense(model, PrunableSet.Weights))
            AssertScores([1, 2], SynFlowPruning.Scores(model, original, weightsOnly, length: 2)["w"]);
        // prunable: h = column sums of |E| = (4, 6), Σₜ = (8, 12): W scores (0.5·8, 1·12) = (4, 12); ∂R/∂h = 2 |W| = (1, 2), E scores |E| ⊙ (1, 2)
        using var all = Mask.Dense(model, PrunableSet.Weights | PrunableSet.Embeddings);
        var scores = SynFlowPruning.Scores(model, original, all, length: 2);
        AssertScores([4, 12], scores["w"]);
        AssertScores([0, 0, 1, 4, 3, 8], scores["embedding"]);
    }

    [Fact]
    public void UniformBudgetPrunesEveryTensorAtTheSameShareWithAnExactTotal()
    {
        using var shape = new Mask([("a", ones(4, 4)), ("b", ones(16, 16)), ("c", ones(3))]);
        // 55 of 275 is 20%: 3.2, 51.2 and 0.6 of them; floors 3 + 51 + 0 leave one, which goes to the largest remainder (0.6)
        Assert.Equal([3L, 51, 1], UniformBudget.Of(shape, 55));
        // 56: 3.26, 52.13, 0.61 → 3 + 52 + 0 and the one left to the third again
        Assert.Equal([3L, 52, 1], UniformBudget.Of(shape, 56));
    }

    [Fact]
    public void ErkBudgetKeepsSmallTensorsDenserAndCapsThemWhole()
    {
        using var shape = new Mask([("a", ones(4, 4)), ("b", ones(16, 16))]);
        // keep 68 of 272: raw shares 8/16 and 32/256, ε = 68 / (0.5·16 + 0.125·256) = 1.7 → keep 13.6 and 54.4 → 14 and 54
        Assert.Equal([2L, 202], ErkBudget.Of(shape, 204));
        // keep 136: ε·0.5 = 1.7 > 1, so a is kept whole and b keeps the other 120
        Assert.Equal([0L, 136], ErkBudget.Of(shape, 136));
    }

    [Fact]
    public void ADrawnBudgetPrunesExactlyItsCountsPerTensor()
    {
        using var shape = new Mask([("a", ones(4, 4)), ("b", ones(16, 16))]);
        using var drawn = new RandomPruning(5).Draw(shape, [2, 202]);
        Assert.Equal([new TensorSparsity("a", 16, 2), new TensorSparsity("b", 256, 202)], drawn.PerTensor());
    }
}
