using static TorchSharp.torch;

namespace TicketLab.Tests;

/// <summary>Bit-level comparisons of tensors for invariants that must hold exactly.</summary>
internal static class TensorAssert
{
    public static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    public static void Equal(Tensor expected, Tensor actual, string what = "") =>
        Assert.True(Same(expected, actual), $"tensors differ {what}");
}
