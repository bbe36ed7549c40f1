using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>dense → dropout → LayerNorm(· + residual): both "attention.output" and "output" of a BERT layer.</summary>
internal sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly SeededDropout dropout;
    private readonly LayerNorm layerNorm;

    public BertResidualOutput(int inputSize, BertConfig c, Generator noise) : base(nameof(BertResidualOutput))
    {
        dense = inputSize > 0 ? nn.Linear(inputSize, c.HiddenSize) : WithoutInputs(c.HiddenSize);
        dropout = new SeededDropout(c.HiddenDropoutProb, noise);
        layerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        register_module("dense", dense);
        register_module("dropout", dropout);
        register_module("LayerNorm", layerNorm);
    }

    // libtorch's Kaiming initialisation refuses a weight without inputs, so the [hidden, 0] weight of a compacted layer that kept no
    // heads (or no neurons) is set by hand; the layer then adds its bias alone
    private static Linear WithoutInputs(int outputs)
    {
        var linear = nn.Linear(1, outputs);
        linear.weight = new Parameter(empty(outputs, 0));
        return linear;
    }

    /// <param name="x">[batch, length, inputSize]</param>
    /// <param name="residual">[batch, length, hidden]</param>
    public override Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return layerNorm.forward(dropout.forward(dense.forward(x)).add_(residual)).MoveToOuterDisposeScope();
    }
}
