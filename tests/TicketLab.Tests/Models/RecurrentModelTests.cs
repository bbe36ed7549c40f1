using TicketLab.Models;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Models;

public class RecurrentModelTests
{
    private static readonly ModelHparams Small = new(EmbeddingDim: 12, Hidden: 10);

    public static TheoryData<string> Names => new() { "rnn", "lstm" };

    [Theory]
    [MemberData(nameof(Names))]
    public void PaddingDoesNotChangeASequencesOutput(string name)
    {
        using var model = ModelRegistry.Create(Small with { Name = name }, vocabSize: 40, classes: 3, seed: 5);
        model.eval();
        using var _ = no_grad();
        using var shortBatch = tensor(new long[] { 5, 9, 13, 2, 0, 0, 7, 7, 7, 7, 7, 7 }, new long[] { 2, 6 });
        using var longBatch = tensor(new long[] { 5, 9, 13, 2, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0 }, new long[] { 2, 10 });
        using var lengths = tensor(new long[] { 4, 6 });
        using var a = model.forward(shortBatch, lengths);
        using var b = model.forward(longBatch, lengths);
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-6), $"{name}: logits changed with padding");
        // and the result is per sequence: the second example alone gives the same logits
        using var alone = model.forward(tensor(new long[] { 7, 7, 7, 7, 7, 7 }, new long[] { 1, 6 }), tensor(new long[] { 6 }));
        Assert.True(alone[0].allclose(a[1], rtol: 0, atol: 1e-6));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DropoutBetweenLayersComesFromTheModelsGeneratorAlone(string name)
    {
        using var ids = tensor(new long[] { 5, 9, 13, 2, 0, 0, 7, 7, 7, 7, 7, 7 }, new long[] { 2, 6 });
        using var lengths = tensor(new long[] { 4, 6 });
        Tensor Logits(long noiseSeed)
        {
            // two layers and heavy dropout, so the noise between layers shows in the logits
            using var model = ModelRegistry.Create(Small with { Name = name, Layers = 2, Dropout = 0.5 }, 40, 3, seed: 5);
            model.train();
            model.ReseedNoise(noiseSeed);
            using var _ = no_grad();
            return model.forward(ids, lengths);
        }
        NoiseAssert.ComesFromTheModelsGeneratorAlone(Logits);
    }

    [Fact]
    public void LstmIsTwoLayerBidirectionalWithPrunableRecurrentWeights()
    {
        using var model = ModelRegistry.Create(Small with { Name = "lstm" }, 40, 2, seed: 1);
        var names = model.Parameters().Select(p => p.Name).ToList();
        foreach (var w in new[] { "layers.0.fwd.weight_ih_l0", "layers.0.fwd.weight_hh_l0", "layers.1.bwd.weight_ih_l0", "layers.1.bwd.weight_hh_l0" })
            Assert.Contains(w, names);
        Assert.DoesNotContain(names, n => n.StartsWith("layers.2."));
        Assert.Equal(2 * Small.Hidden, model.Parameters().Single(p => p.Name == "layers.1.fwd.weight_ih_l0").Parameter.shape[1]);
        using var mask = Mask.Dense(model, PrunableSet.Default);
        Assert.Equal(names.Where(n => n.Contains(".weight_")).Append("fc.weight").OrderBy(n => n), mask.Names.OrderBy(n => n));
        Assert.Equal(2 * Small.Hidden, model.Parameters().Single(p => p.Name == "fc.weight").Parameter.shape[1]);
    }

    [Fact]
    public void RecurrentInitialisationIsOrthogonalXavierAndZero()
    {
        using var model = ModelRegistry.Create(Small with { Name = "lstm" }, 40, 2, seed: 1);
        var p = model.Parameters().ToDictionary(x => x.Name, x => x.Parameter.detach());
        var hh = p["layers.0.fwd.weight_hh_l0"];                                  // [4 · hidden, hidden]: orthonormal columns
        Assert.True(hh.t().matmul(hh).allclose(eye(Small.Hidden), atol: 1e-5));
        Assert.Equal(0, p["layers.0.fwd.bias_ih_l0"].count_nonzero().item<long>());
        Assert.Equal(0, p["embedding.weight"][0].count_nonzero().item<long>()); // <pad> row
        using var again = ModelRegistry.Create(Small with { Name = "lstm" }, 40, 2, seed: 1);
        Assert.All(again.Parameters(), q => TensorAssert.Equal(p[q.Name], q.Parameter.detach(), q.Name));
    }
}
