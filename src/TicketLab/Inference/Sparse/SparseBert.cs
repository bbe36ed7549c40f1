using TicketLab.Models.Bert;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>Inference for a trained <see cref="BertClassifier"/> whose linear layers (query, key, value, attention output, intermediate
/// and output dense of every layer, pooler, classifier) go through <see cref="Projection"/>: CSR where a ticket made them sparse
/// enough, dense elsewhere; embeddings, attention, LayerNorm and activations stay libtorch's. Logits equal the model's in eval mode.</summary>
/// <remarks>Activations are feature-major ([hidden, batch · length], batch-major columns) from the embeddings to the head, as the
/// CSR kernel wants them, so no product is wrapped in transposes: LayerNorm reduces over rows, and the heads are strided views
/// of the projections for libtorch's attention kernel, whose output is laid back feature-major once per layer. Padding is masked
/// out of every attention as the model masks it (an additive float.MinValue per padded key).</remarks>
public sealed class SparseBert : ISparseForwardPass
{
    private readonly BertConfig config;
    private readonly Tensor words, positions, tokenType;
    private readonly Norm embeddingNorm;
    private readonly List<Layer> layers = [];
    private readonly Linear pooler, classifier;

    // a projection with its bias [out, 1] and the parameter name it was read from
    private sealed record Linear(string Name, Projection Weight, Tensor Bias) : IDisposable
    {
        public Tensor Apply(Tensor x) => Weight.Apply(x).add_(Bias);

        public void Dispose()
        {
            Weight.Dispose();
            Bias.Dispose();
        }
    }

    // LayerNorm's scale and shift as [hidden, 1] columns (feature-major) or [hidden] (token-major)
    private sealed record Norm(Tensor Weight, Tensor Bias) : IDisposable
    {
        public void Dispose()
        {
            Weight.Dispose();
            Bias.Dispose();
        }
    }

    private sealed record Layer(Linear Query, Linear Key, Linear Value, Linear AttentionOutput, Norm AttentionNorm,
                                Linear Intermediate, Linear Output, Norm OutputNorm) : IDisposable
    {
        public IEnumerable<Linear> Linears => [Query, Key, Value, AttentionOutput, Intermediate, Output];

        public void Dispose()
        {
            foreach (var l in Linears) l.Dispose();
            AttentionNorm.Dispose();
            OutputNorm.Dispose();
        }
    }

    /// <param name="model">the BERT; its weights are read as they are, times <paramref name="mask"/> where one is given.</param>
    /// <param name="mask">the ticket's mask (1 keeps a weight), or null when the model's pruned weights are already 0.</param>
    /// <param name="maxDensity">the density up to which a matrix goes through the CSR kernel (default <see cref="SparsePolicy.MaxDensity"/>; 0: all dense).</param>
    public SparseBert(BertClassifier model, Mask? mask = null, double maxDensity = SparsePolicy.MaxDensity)
    {
        config = model.Config;
        using var _ = no_grad();
        var p = model.Parameters().ToDictionary(x => x.Name, x => x.Parameter.detach());
        var masked = mask?.Names.ToHashSet() ?? [];
        Tensor Weight(string name) => masked.Contains(name) ? p[name].mul(mask![name]) : p[name];
        Linear Dense(string prefix)
        {
            using var weight = Weight(prefix + ".weight").to(float32);
            return new Linear(prefix + ".weight", new Projection(weight, maxDensity), p[prefix + ".bias"].to(float32).unsqueeze(1).contiguous());
        }
        Norm Columns(string prefix) => new(p[prefix + ".weight"].unsqueeze(1).contiguous(), p[prefix + ".bias"].unsqueeze(1).contiguous());

        words = p["embeddings.word_embeddings.weight"];
        positions = p["embeddings.position_embeddings.weight"];
        tokenType = p["embeddings.token_type_embeddings.weight"][0];
        embeddingNorm = new Norm(p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"]);
        for (int l = 0; l < config.NumHiddenLayers; l++)
        {
            var prefix = $"encoder.layer.{l}.";
            layers.Add(new Layer(Dense(prefix + "attention.self.query"), Dense(prefix + "attention.self.key"), Dense(prefix + "attention.self.value"),
                Dense(prefix + "attention.output.dense"), Columns(prefix + "attention.output.LayerNorm"),
                Dense(prefix + "intermediate.dense"), Dense(prefix + "output.dense"), Columns(prefix + "output.LayerNorm")));
        }
        pooler = Dense("pooler.dense");
        classifier = Dense("classifier");
    }

    public IEnumerable<(string Name, double Density, bool Sparse)> Projections() =>
        layers.SelectMany(l => l.Linears).Append(pooler).Append(classifier).Select(l => (l.Name, l.Weight.Density, l.Weight.IsSparse));

    /// <summary>Logits [batch, classes] for padded ids [batch, length] and lengths [batch].</summary>
    public Tensor Logits(Tensor ids, Tensor lengths)
    {
        long batch = ids.shape[0], length = ids.shape[1];
        if (length > config.MaxPositionEmbeddings)
            throw new ArgumentException($"batch has {length} positions; this BERT has {config.MaxPositionEmbeddings}: encode with a smaller max length", nameof(ids));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var keep = arange(length, device: ids.device).unsqueeze(0).lt(lengths.unsqueeze(1));                 // [batch, length]
        var mask = zeros(keep.shape, dtype: float32).masked_fill_(keep.logical_not(), float.MinValue).view(batch, 1, 1, length);

        // the embeddings token-major as the model sums and normalises them, then laid feature-major once
        var sum = words.index_select(0, ids.flatten()).view(batch, length, -1).add_(positions.narrow(0, 0, length)).add_(tokenType);
        var normed = nn.functional.layer_norm(sum, [config.HiddenSize], embeddingNorm.Weight, embeddingNorm.Bias, config.LayerNormEps);
        var x = normed.view(batch * length, -1).t().contiguous();                                              // [hidden, batch · length]
        foreach (var layer in layers) x = Run(layer, x, mask, batch, length);

        var first = x.view(-1, batch, length).select(2, 0).contiguous();                                     // [hidden, batch]: [CLS]
        var pooled = pooler.Apply(first).tanh_();
        return classifier.Apply(pooled).t().contiguous().MoveToOuterDisposeScope();                          // [classes, batch] → [batch, classes]
    }

    // one transformer layer (post-LayerNorm) on feature-major x [hidden, batch · length]
    private Tensor Run(Layer layer, Tensor x, Tensor mask, long batch, long length)
    {
        using var scope = NewDisposeScope();
        int heads = config.NumAttentionHeads, size = config.HeadSize;
        // [heads · size, batch · length] → [batch, heads, length, size]: a view, no copy
        Tensor Heads(Linear projection) => projection.Apply(x).view(heads, size, batch, length).permute(2, 0, 3, 1);
        var attended = nn.functional.scaled_dot_product_attention(Heads(layer.Query), Heads(layer.Key), Heads(layer.Value), mask);
        var context = attended.permute(1, 3, 0, 2).reshape(heads * size, batch * length);                   // feature-major again
        var a = Normalise(layer.AttentionOutput.Apply(context).add_(x), layer.AttentionNorm);
        var activated = BertIntermediate.Activate(layer.Intermediate.Apply(a), config.HiddenAct);
        return Normalise(layer.Output.Apply(activated).add_(a), layer.OutputNorm).MoveToOuterDisposeScope();
    }

    // LayerNorm over the features (rows) of feature-major x, in place: (x − mean) / √(biased variance + eps) · weight + bias
    private Tensor Normalise(Tensor x, Norm norm)
    {
        using var scope = NewDisposeScope();
        x.sub_(x.mean([0], keepdim: true));
        x.mul_(x.square().mean([0], keepdim: true).add_(config.LayerNormEps).rsqrt_()).mul_(norm.Weight).add_(norm.Bias);
        return x;
    }

    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
        pooler.Dispose();
        classifier.Dispose();
        embeddingNorm.Dispose();
        words.Dispose();
        positions.Dispose();
        tokenType.Dispose();
    }
}
