using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>The feed-forward expansion: dense to the intermediate size, then the config's activation.</summary>
internal sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string activation;

    // size: the config's intermediate size, or fewer neurons in a compacted layer
    public BertIntermediate(BertConfig c, int size) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(c.HiddenSize, size);
        activation = c.HiddenAct;
        register_module("dense", dense);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Activate(dense.forward(x), activation).MoveToOuterDisposeScope();
    }

    /// <summary>The config's activation <paramref name="kind"/> applied to <paramref name="h"/> (also what compaction folds for a pruned neuron's bias).</summary>
    internal static Tensor Activate(Tensor h, string kind) => kind switch
    {
        "gelu" => nn.functional.gelu(h),                                                  // exact (erf), as BERT and the ONNX export
        "gelu_new" or "gelu_pytorch_tanh" => nn.functional.gelu(h, TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => nn.functional.relu(h),
        _ => throw new InvalidOperationException($"hidden_act '{kind}'"),
    };
}
