using static TorchSharp.torch;

namespace TicketLab.Tests;

/// <summary>Checks that a model's training noise (dropout) depends on its own noise seed and on nothing global.</summary>
internal static class NoiseAssert
{
    /// <param name="logits">train-mode logits of a freshly built model whose noise generator got the given seed</param>
    public static void ComesFromTheModelsGeneratorAlone(Func<long, Tensor> logits)
    {
        using var a = logits(8);
        manual_seed(12345);                                  // libtorch's global generator must not matter
        using var b = logits(8);
        using var c = logits(9);
        TensorAssert.Equal(a, b);
        Assert.False(a.allclose(c), "another noise seed gave the same dropout");
    }
}
