using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Multi-head scaled dot-product self-attention (query, key, value projections); the mask is additive, 0 or a large negative per key.</summary>
internal sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query, key, value;
    private readonly SeededDropout dropout;
    private readonly int heads, headSize;
    private readonly double dropoutRate;

    // heads: the config's count, or fewer in a compacted layer (each still of the config's head size)
    public BertSelfAttention(BertConfig c, int heads, Generator noise) : base(nameof(BertSelfAttention))
    {
        this.heads = heads;
        headSize = c.HeadSize;
        query = nn.Linear(c.HiddenSize, heads * headSize);
        key = nn.Linear(c.HiddenSize, heads * headSize);
        value = nn.Linear(c.HiddenSize, heads * headSize);
        dropoutRate = c.AttentionProbsDropoutProb;
        dropout = new SeededDropout(dropoutRate, noise);
        register_module("query", query);
        register_module("key", key);
        register_module("value", value);
        register_module("dropout", dropout);
    }

    /// <param name="x">[batch, length, hidden]</param>
    /// <param name="mask">[batch, 1, 1, length], added to the scores</param>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        if (heads == 0) return zeros([batch, length, 0], x.dtype, x.device).MoveToOuterDisposeScope();   // a compacted layer with every head pruned
        Tensor Heads(Linear projection) =>                                                // [batch, heads, length, headSize]
            projection.forward(x).view(batch, length, heads, headSize).transpose(1, 2);
        var q = Heads(query);
        var k = Heads(key);
        var v = Heads(value);
        Tensor attended;                                                                  // [batch, heads, length, headSize]
        if (!training || dropoutRate == 0)
            attended = nn.functional.scaled_dot_product_attention(q, k, v, mask);         // fused kernel; nothing random in it
        else
        {
            // Spelled out so the dropout on the attention weights draws from the model's generator, not libtorch's global one.
            var scores = q.matmul(k.transpose(-1, -2)).div_(Math.Sqrt(headSize)).add_(mask); // [batch, heads, length, length]
            attended = dropout.forward(scores.softmax(-1)).matmul(v);
        }
        var context = attended.transpose(1, 2).reshape(batch, length, heads * headSize);
        return context.MoveToOuterDisposeScope();
    }
}
