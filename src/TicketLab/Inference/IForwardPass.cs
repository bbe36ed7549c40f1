using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>How logits are computed from a batch at inference time: the dense network (<see cref="DenseForwardPass"/>) or
/// another implementation of the same function (e.g. sparse kernels), which must give the same predictions.</summary>
public interface IForwardPass : IDisposable
{
    /// <summary>Logits [batch, classes] for right-padded ids [batch, length] (int64, padding id 0) and true lengths [batch];
    /// no gradients, no dropout. The caller disposes the result.</summary>
    Tensor Logits(Tensor ids, Tensor lengths);
}
