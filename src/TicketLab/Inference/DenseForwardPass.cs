using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>The model's own forward pass in eval mode without gradients: pruned weights are zeros in dense tensors.</summary>
/// <remarks>Does not own the model: the <see cref="TrainedModel"/> that holds it disposes it.</remarks>
public sealed class DenseForwardPass(TextClassifier model) : IForwardPass
{
    public Tensor Logits(Tensor ids, Tensor lengths)
    {
        model.eval();
        using var _ = no_grad();
        return model.forward(ids, lengths);
    }

    public void Dispose() { }
}
