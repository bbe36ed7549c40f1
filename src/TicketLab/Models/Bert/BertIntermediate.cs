using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>The feed-forward expansion: dense to the intermediate size, then the config's activation.</summary>
internal sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string activation;

    public BertIntermediate(BertConfig c) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(c.HiddenSize, c.IntermediateSize);
        activation = c.HiddenAct;
        register_module("dense", dense);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = dense.forward(x);
        var y = activation switch
        {
            "gelu" => nn.functional.gelu(h),                                              // exact (erf), as BERT and the ONNX export
            "gelu_new" or "gelu_pytorch_tanh" => nn.functional.gelu(h, TorchSharp.Modules.GELU.Approximate.tanh),
            "relu" => nn.functional.relu(h),
            _ => throw new InvalidOperationException($"hidden_act '{activation}'"),
        };
        return y.MoveToOuterDisposeScope();
    }
}
