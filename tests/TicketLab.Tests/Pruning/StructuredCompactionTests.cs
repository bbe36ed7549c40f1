using TicketLab.Models;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

public class StructuredCompactionTests
{
    public static TheoryData<string> Compactable => new() { "cnn", "lstm" };

    private static ModelHparams Small(string family) => family == "cnn"
        ? new ModelHparams(EmbeddingDim: 24, Filters: 12)
        : new ModelHparams(Name: "lstm", EmbeddingDim: 24, Hidden: 16);

    [Theory]
    [MemberData(nameof(Compactable))]
    public void TheCompactModelIsSmallerAndPredictsAsTheMaskedOneOnRealReviews(string family)
    {
        using var model = TrainedOnReviews.Train(Small(family));
        using var dense = StructuredPruningTests.DenseMask(model);
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(dense, ModelFixtures.Weights(model), 0.5);
        mask.ApplyTo(model);
        using var compact = StructuredCompaction.Compact(model, mask);

        Assert.Equal(model.GetType(), compact.GetType());
        long before = StructuredCompaction.ParameterCount(model), after = StructuredCompaction.ParameterCount(compact);
        Assert.True(after < before, $"{after} parameters, not fewer than {before}");
        var (shrunk, dim) = family == "cnn" ? ("convs.0.weight", 0) : ("layers.0.fwd.weight_hh_l0", 1);   // filters; hidden units
        long Size(TextClassifier m) => m.Parameters().Single(p => p.Name == shrunk).Parameter.shape[dim];
        Assert.Equal(Size(model) / 2, Size(compact));

        using var masked = TrainedOnReviews.Logits(model);
        using var small = TrainedOnReviews.Logits(compact);
        double gap = (masked - small).abs().max().item<float>();
        Assert.True(gap <= 1e-5, $"{family}: compact logits differ by {gap}");
        Assert.True(masked.abs().max().item<float>() > 1e-3, "the logits are all zero: nothing was compared");
    }

    [Fact]
    public void ADeadFilterWithABiasLeftIsFoldedIntoTheOutputBias()
    {
        using var model = TrainedOnReviews.Train(Small("cnn"));
        // prune the kernels alone (the biases stay): each dead filter still emits relu(bias) into the output layer
        using var dense = Mask.Dense(model, PrunableSet.Weights);
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(dense, ModelFixtures.Weights(model), 0.5);
        mask.ApplyTo(model);
        using (no_grad())
            foreach (var (name, p) in model.Parameters().Where(p => p.Name.StartsWith("convs.", StringComparison.Ordinal) && p.Name.EndsWith(".bias", StringComparison.Ordinal)))
                p.add_(0.3);   // a clearly positive bias, so relu passes it
        using var compact = StructuredCompaction.Compact(model, mask);
        using var masked = TrainedOnReviews.Logits(model);
        using var small = TrainedOnReviews.Logits(compact);
        double gap = (masked - small).abs().max().item<float>();
        Assert.True(gap <= 1e-5, $"folded logits differ by {gap}");
    }

    [Fact]
    public void AnLstmUnitThatKeepsItsBiasIsRefused()
    {
        using var model = StructuredPruningTests.SmallLstm();
        using var dense = Mask.Dense(model);   // no biases in the mask
        using var mask = new StructuredPruning(StructureMap.For(model), StructureNorm.L1).Prune(dense, ModelFixtures.Weights(model), 0.5);
        using (no_grad()) model.Parameters().First(p => p.Name.Contains(".bias_", StringComparison.Ordinal)).Parameter.fill_(0.1);
        mask.ApplyTo(model);
        Assert.Throws<ArgumentException>(() => StructuredCompaction.Compact(model, mask));
    }
}
