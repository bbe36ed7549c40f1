using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>BERT for sequence classification: embeddings, transformer encoder, pooler on [CLS], dropout, linear head;
/// parameter names are Hugging Face's (<c>encoder.layer.0.attention.self.query.weight</c>, …, <c>classifier.weight</c>).</summary>
/// <remarks>Padding (positions ≥ the row's length) is masked out of every attention, so extra padding leaves the logits unchanged.</remarks>
public sealed class BertClassifier : TextClassifier
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler pooler;
    private readonly SeededDropout dropout;
    private readonly Linear classifier;

    /// <summary>A randomly initialised BERT as Hugging Face initialises one (normal(0, initializer_range) weights, zero biases,
    /// unit LayerNorms), drawn from <paramref name="seed"/> alone; importers overwrite what a checkpoint has.</summary>
    public BertClassifier(BertConfig config, int classes, long seed) : base(nameof(BertClassifier))
    {
        Config = config.Validated();
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        embeddings = new BertEmbeddings(Config, Noise);
        encoder = new BertEncoder(Config, Noise);
        pooler = new BertPooler(Config);
        dropout = new SeededDropout(Config.HiddenDropoutProb, Noise);
        classifier = nn.Linear(Config.HiddenSize, classes);
        register_module("embeddings", embeddings);
        register_module("encoder", encoder);
        register_module("pooler", pooler);
        register_module("dropout", dropout);
        register_module("classifier", classifier);
        Initialise(seed);
    }

    public BertConfig Config { get; }

    public int Classes { get; }

    private void Initialise(long seed)
    {
        using var generator = new Generator((ulong)seed);
        foreach (var (name, p) in Parameters())
        {
            if (name.Contains("LayerNorm.", StringComparison.Ordinal))
            {
                using var _ = no_grad();
                if (name.EndsWith(".weight", StringComparison.Ordinal)) p.fill_(1.0);
                else p.zero_();
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) SeededInit.Zeros(p);
            else SeededInit.Normal(p, generator, Config.InitializerRange);
        }
        using (no_grad()) embeddings.get_parameter("word_embeddings.weight")![0].zero_();      // [PAD], as padding_idx
    }

    /// <summary>The Chen et al. (2020) prunable set is exactly the <see cref="ParameterRole.Weight"/> tensors: query, key, value,
    /// attention output dense, intermediate dense and output dense of every layer, and the pooler dense.</summary>
    public override bool PrunesOutputByDefault => false;

    // libtorch's CPU attention kernel has no derivative of its backward
    public override bool HasSecondDerivatives => false;

    public override ParameterRole RoleOf(string name) => name switch
    {
        _ when name.Contains("LayerNorm.", StringComparison.Ordinal) => ParameterRole.Other,
        _ when name.StartsWith("embeddings.", StringComparison.Ordinal) => ParameterRole.Embedding,
        _ when name.EndsWith(".bias", StringComparison.Ordinal) => ParameterRole.Bias,
        "classifier.weight" => ParameterRole.Output,
        "pooler.dense.weight" => ParameterRole.Weight,
        _ when name.StartsWith("encoder.layer.", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal) => ParameterRole.Weight,
        _ => throw new ArgumentException($"'{name}' is not a parameter of {nameof(BertClassifier)}", nameof(name)),
    };

    /// <summary>The last hidden states [batch, length, hidden] (padding positions included but never attended to).</summary>
    public Tensor Encode(Tensor ids, Tensor lengths)
    {
        long length = ids.shape[1];
        if (length > Config.MaxPositionEmbeddings)
            throw new ArgumentException($"batch has {length} positions; this BERT has {Config.MaxPositionEmbeddings}: encode with a smaller max length", nameof(ids));
        using var scope = NewDisposeScope();
        var keep = arange(length, device: ids.device).unsqueeze(0).lt(lengths.unsqueeze(1));     // [batch, length]: true = a real token
        // Additive mask [batch, 1, 1, length]: 0 for tokens, float.MinValue for padding (its softmax weight is exactly 0).
        var mask = zeros(keep.shape, dtype: ScalarType.Float32, device: ids.device)
            .masked_fill_(keep.logical_not(), float.MinValue).view(keep.shape[0], 1, 1, length);
        return encoder.forward(embeddings.forward(ids), mask).MoveToOuterDisposeScope();
    }

    /// <summary>The pooler's output, tanh(dense(hidden[:, 0])): [batch, hidden].</summary>
    public Tensor Pool(Tensor ids, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        return pooler.forward(Encode(ids, lengths)).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(dropout.forward(Pool(ids, lengths))).MoveToOuterDisposeScope();  // [batch, hidden] → [batch, classes]
    }
}
