using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Word + position + token-type embeddings, LayerNorm, dropout: ids [batch, length] → [batch, length, hidden].</summary>
/// <remarks>One segment only (token type 0), as single-text classification needs.</remarks>
internal sealed class BertEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings;
    private readonly LayerNorm layerNorm;
    private readonly SeededDropout dropout;

    public BertEmbeddings(BertConfig c, Generator noise) : base(nameof(BertEmbeddings))
    {
        wordEmbeddings = nn.Embedding(c.VocabSize, c.HiddenSize, padding_idx: 0);
        positionEmbeddings = nn.Embedding(c.MaxPositionEmbeddings, c.HiddenSize);
        tokenTypeEmbeddings = nn.Embedding(c.TypeVocabSize, c.HiddenSize);
        layerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        dropout = new SeededDropout(c.HiddenDropoutProb, noise);
        // Hugging Face's names, so importing a checkpoint is a name match.
        register_module("word_embeddings", wordEmbeddings);
        register_module("position_embeddings", positionEmbeddings);
        register_module("token_type_embeddings", tokenTypeEmbeddings);
        register_module("LayerNorm", layerNorm);
        register_module("dropout", dropout);
    }

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        long length = ids.shape[1];
        var positions = arange(length, dtype: ScalarType.Int64, device: ids.device);             // [length], broadcast over the batch
        var sum = wordEmbeddings.forward(ids)
            + positionEmbeddings.forward(positions)
            + tokenTypeEmbeddings.weight![0];                                                       // segment 0 everywhere
        return dropout.forward(layerNorm.forward(sum)).MoveToOuterDisposeScope();
    }
}
