using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Self-attention ("self") followed by its residual output ("output").</summary>
internal sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig c, int heads, Generator noise) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(c, heads, noise);
        output = new BertResidualOutput(heads * c.HeadSize, c, noise);
        register_module("self", self);
        register_module("output", output);
    }

    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return output.forward(self.forward(x, mask), x).MoveToOuterDisposeScope();
    }
}
