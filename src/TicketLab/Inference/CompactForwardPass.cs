using TicketLab.Models;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>The forward pass of a structured run's network with its pruned filters, hidden units, heads and feed-forward neurons
/// sliced away (<see cref="TrainedModel.Compact"/>): ordinary dense kernels on smaller tensors, the masked network's logits.</summary>
/// <remarks>Owns the compact network.</remarks>
public sealed class CompactForwardPass : IForwardPass
{
    private readonly DenseForwardPass pass;

    /// <summary>Compacts <paramref name="model"/>'s network; <paramref name="option"/> is named in errors.</summary>
    /// <exception cref="UserException">The run is not structured, or its mask cannot be compacted.</exception>
    public CompactForwardPass(TrainedModel model, string option = "--inference compact")
    {
        Model = model.Compact(option);
        pass = new DenseForwardPass(Model);
        Parameters = StructuredCompaction.ParameterCount(Model);
    }

    /// <summary>The compact network.</summary>
    public TextClassifier Model { get; }

    /// <summary>Its parameters in all.</summary>
    public long Parameters { get; }

    public Tensor Logits(Tensor ids, Tensor lengths) => pass.Logits(ids, lengths);

    public void Dispose() => Model.Dispose();
}
