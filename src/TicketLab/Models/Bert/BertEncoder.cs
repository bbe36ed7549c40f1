using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>The stack of transformer layers ("layer.0", "layer.1", …).</summary>
internal sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layers;

    public BertEncoder(BertConfig c, Generator noise) : base(nameof(BertEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(l => new BertLayer(c, l, noise)).ToArray());
        register_module("layer", layers);
    }

    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.forward(x, mask);
        return x.MoveToOuterDisposeScope();
    }
}
