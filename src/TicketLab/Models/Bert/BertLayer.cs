using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>One transformer layer (post-LayerNorm): attention, then the feed-forward block, each with a residual: [batch, length, hidden] → same.</summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    // index: the layer's place in the encoder, which picks its sizes from BertConfig.LayerSizes
    public BertLayer(BertConfig c, int index, Generator noise) : base(nameof(BertLayer))
    {
        attention = new BertAttention(c, c.HeadsIn(index), noise);
        intermediate = new BertIntermediate(c, c.IntermediateSizeIn(index));
        output = new BertResidualOutput(c.IntermediateSizeIn(index), c, noise);
        register_module("attention", attention);
        register_module("intermediate", intermediate);
        register_module("output", output);
    }

    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var attended = attention.forward(x, mask);
        return output.forward(intermediate.forward(attended), attended).MoveToOuterDisposeScope();
    }
}
