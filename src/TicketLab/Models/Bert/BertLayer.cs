using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>One transformer layer (post-LayerNorm): attention, then the feed-forward block, each with a residual: [batch, length, hidden] → same.</summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig c, Generator noise) : base(nameof(BertLayer))
    {
        attention = new BertAttention(c, noise);
        intermediate = new BertIntermediate(c);
        output = new BertResidualOutput(c.IntermediateSize, c, noise);
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
