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
        dense = nn.Linear(inputSize, c.HiddenSize);
        dropout = new SeededDropout(c.HiddenDropoutProb, noise);
        layerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        register_module("dense", dense);
        register_module("dropout", dropout);
        register_module("LayerNorm", layerNorm);
    }

    /// <param name="x">[batch, length, inputSize]</param>
    /// <param name="residual">[batch, length, hidden]</param>
    public override Tensor forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return layerNorm.forward(dropout.forward(dense.forward(x)).add_(residual)).MoveToOuterDisposeScope();
    }
}
