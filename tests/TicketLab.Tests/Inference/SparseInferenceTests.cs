using TicketLab.Inference;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Tests.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Inference;

public class SparseInferenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheCsrProductEqualsTheDenseOne(int threads) => WithThreads(threads, () =>
    {
        using var generator = new Generator(5);
        using var w = randn(37, 29, generator: generator);
        using var keep = rand(37, 29, generator: generator).gt(0.8);   // about 20% kept, some rows empty by chance or not
        using var sparse = w.mul(keep);
        using var x = randn(29, 301, generator: generator);             // n not a multiple of the vector width or the tile
        var csr = CsrMatrix.FromDense(sparse);
        Assert.Equal(Mask.CountKept(sparse), csr.NonZeros);
        using var y = empty(37, 301);
        csr.Multiply(x, y);
        using var expected = sparse.mm(x);
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-4), $"max gap {(y - expected).abs().max().item<float>()}");

        // column ranges of bigger tensors (rows contiguous, row stride larger than the width), as the LSTM's chunks of steps use
        using var wideX = randn(29, 400, generator: generator);
        using var wideY = full(37, 350, float.NaN);
        using var part = wideY.narrow(1, 20, 301);
        csr.Multiply(wideX.narrow(1, 50, 301), part);
        using var expectedPart = sparse.mm(wideX.narrow(1, 50, 301));
        Assert.True(part.allclose(expectedPart, rtol: 0, atol: 1e-4), $"max gap {(part - expectedPart).abs().max().item<float>()}");
        Assert.True(wideY.narrow(1, 0, 20).isnan().all().item<bool>() && wideY.narrow(1, 321, 29).isnan().all().item<bool>(), "wrote outside the range");
    });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheSparsePathPredictsAsTheDensePathForATrainedTicketOnRealReviews(int threads) => WithThreads(threads, SparsePathEqualsDensePath);

    // the kernels split their work by libtorch's thread count
    private static void WithThreads(int threads, Action test)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try
        {
            test();
        }
        finally
        {
            set_num_threads(before);
        }
    }

    private static void SparsePathEqualsDensePath()
    {
        using var model = (Lstm)TrainedOnReviews.Train(new ModelHparams(Name: "lstm", EmbeddingDim: 24, Hidden: 16));
        using var dense = Mask.Dense(model);
        using var mask = new GlobalMagnitudePruning().Prune(dense, ModelFixtures.Weights(model), 0.9);
        mask.ApplyTo(model);

        using var all = new SparseLstm(model, maxDensity: 1.0);   // every projection through the CSR kernel
        Assert.All(all.Projections(), p => Assert.True(p.Sparse, p.Name));
        using var none = new SparseLstm(model, maxDensity: 0);    // the same loop with dense products
        Assert.DoesNotContain(none.Projections(), p => p.Sparse);

        using var expected = TrainedOnReviews.Logits(model);
        Assert.True(expected.abs().max().item<float>() > 1e-3, "the logits are all zero: nothing was compared");
        foreach (var path in new[] { all, none })
        {
            using var logits = TrainedOnReviews.Logits(model, path.Logits);
            double gap = (logits - expected).abs().max().item<float>();
            Assert.True(gap <= 1e-4, $"sparse path differs from the model by {gap}");
            Assert.Equal(expected.argmax(1).data<long>().ToArray(), logits.argmax(1).data<long>().ToArray());   // the same labels
        }
    }
}
